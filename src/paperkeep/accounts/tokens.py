"""Personal API tokens: named, optionally expiring, revocable, and useless once their user is deactivated.

The secret is shown once (`pkt_<prefix>_<random>`); only its SHA-256 is stored, found by its prefix.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from paperkeep.accounts.models import ApiToken

SCHEME = "pkt_"
LAST_USED_GRANULARITY = timedelta(minutes=1)


class TokenError(Exception):
    code = "token.invalid"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def is_personal_token(value: str) -> bool:
    return value.startswith(SCHEME)


def create_token(user: Any, name: str, expires_at: datetime | None = None) -> IssuedToken:
    """Issue a new token for the user; return it with its secret (not stored anywhere)."""
    name = name.strip()
    if not name:
        raise TokenError("A token needs a name.", "token.name_missing")
    if expires_at is not None and expires_at <= timezone.now():
        raise TokenError("The expiry date is in the past.", "token.expiry_past")
    with transaction.atomic():
        while True:
            prefix = secrets.token_hex(6)
            if not ApiToken.objects.filter(prefix=prefix).exists():
                break
        secret = f"{SCHEME}{prefix}_{secrets.token_urlsafe(32)}"
        token = ApiToken.objects.create(user=user, name=name[:100], prefix=prefix, digest=_digest(secret),
                                        expires_at=expires_at)
    return IssuedToken(token, secret)


def revoke_token(token: ApiToken) -> ApiToken:
    """Revoke the token from now on (idempotent)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def user_tokens(user: Any) -> list[ApiToken]:
    """The user's tokens, newest first (revoked ones included, marked)."""
    return list(ApiToken.objects.filter(user=user))


def authenticate_token(secret: str) -> tuple[Any, ApiToken]:
    """Return (user, token) for a valid secret; else TokenError saying why."""
    body = secret[len(SCHEME):] if is_personal_token(secret) else ""
    prefix = body.split("_", 1)[0]
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first() if prefix else None
    if token is None or not hmac.compare_digest(token.digest, _digest(secret)):
        raise TokenError("Invalid token.")
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenError("This token has been revoked.", "token.revoked")
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenError("This token has expired.", "token.expired")
    if not token.user.is_active:
        raise TokenError("The token's user is deactivated.", "token.user_inactive")
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, token
