"""Record single sign-on attempts for staff: outcome, reason, and the claims received with secrets masked."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest

from paperkeep.accounts.models import SsoAttempt

logger = logging.getLogger(__name__)

KEEP = 500
MASK = "********"
# Claims that are credentials or bind a token to a session: useful to nobody reading a log.
SECRET_CLAIMS = frozenset({"nonce", "at_hash", "c_hash", "s_hash", "sid", "jti", "access_token", "id_token",
                           "refresh_token", "code", "client_secret", "password"})


def mask_claims(claims: Any) -> Any:
    """Return a copy of the claims with secret values masked."""
    if isinstance(claims, dict):
        return {key: (MASK if str(key).lower() in SECRET_CLAIMS and claims[key] not in (None, "")
                      else mask_claims(value)) for key, value in claims.items()}
    if isinstance(claims, list):
        return [mask_claims(item) for item in claims]
    return claims


def client_ip(request: HttpRequest) -> str | None:
    try:
        from allauth.account.adapter import get_adapter

        return str(get_adapter(request).get_client_ip(request)) or None
    except Exception:
        return request.META.get("REMOTE_ADDR")


def record(request: HttpRequest, provider_id: str, outcome: str, *, process: str = "login", code: str = "",
           message: str = "", detail: str = "", subject: str = "", claims: dict[str, Any] | None = None,
           user: Any = None) -> SsoAttempt:
    """Store one attempt (and drop the oldest beyond the newest KEEP)."""
    attempt = SsoAttempt.objects.create(
        provider_id=provider_id[:128], process=process[:16], outcome=outcome, code=code[:64], message=message,
        detail=detail[:2000], subject=subject[:255], claims=mask_claims(claims or {}),
        user=user if user is not None and getattr(user, "pk", None) else None, ip=client_ip(request),
    )
    level = logging.INFO if outcome != SsoAttempt.Outcome.FAILED else logging.WARNING
    logger.log(level, "SSO %s via %s: %s %s %s", process, provider_id, outcome, code, message)
    stale = SsoAttempt.objects.order_by("-created", "-pk").values_list("pk", flat=True)[KEEP:KEEP + 200]
    if stale:
        SsoAttempt.objects.filter(pk__in=list(stale)).delete()
    return attempt
