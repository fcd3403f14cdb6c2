"""TOTP two-factor authentication for one user: start set-up, activate with a code, deactivate, recovery codes.

Secrets and recovery codes live in allauth's `Authenticator` rows (encrypted by allauth); this module only decides
what may happen. The sign-in code step itself is allauth's (`/accounts/2fa/authenticate/`), which uses the same rows.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from allauth.mfa import signals
from allauth.mfa.adapter import get_adapter
from allauth.mfa.base.internal.flows import delete_and_cleanup
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, validate_totp_code
from django.db import transaction
from django.http import HttpRequest


class MfaError(Exception):
    """A TOTP action was refused; `message` is for the person, `code` is stable."""

    code = "mfa.failed"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidCode(MfaError):
    code = "mfa.invalid_code"


class AlreadyActive(MfaError):
    code = "mfa.already_active"


class InvalidSecret(MfaError):
    code = "mfa.invalid_secret"


@dataclass(frozen=True)
class TotpSetup:
    """A fresh, not yet active secret and how to hand it to an authenticator app."""

    secret: str
    url: str
    qr_svg: str


@dataclass(frozen=True)
class MfaStatus:
    enabled: bool
    unused_recovery_codes: int


def _totp(user: Any) -> Authenticator | None:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()


def _recovery(user: Any) -> Authenticator | None:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.RECOVERY_CODES).first()


def is_enabled(user: Any) -> bool:
    return _totp(user) is not None


def status(user: Any) -> MfaStatus:
    recovery = _recovery(user)
    unused = len(RecoveryCodes(recovery).get_unused_codes()) if recovery is not None else 0
    return MfaStatus(enabled=is_enabled(user), unused_recovery_codes=unused)


def describe(user: Any, secret: str) -> TotpSetup:
    """The otpauth:// URL and QR code (SVG) for `secret`, labelled for `user`."""
    adapter = get_adapter()
    url = adapter.build_totp_url(user, secret)
    return TotpSetup(secret=secret, url=url, qr_svg=adapter.build_totp_svg(url))


def start_setup(user: Any) -> TotpSetup:
    """A new random secret for `user` (nothing is stored until `activate`)."""
    return describe(user, generate_totp_secret())


def _valid_secret(secret: str) -> bool:
    try:
        return len(base64.b32decode(secret.encode("ascii"), casefold=True)) >= 10
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return False


def activate(request: HttpRequest | None, user: Any, secret: str, code: str) -> list[str]:
    """Turn TOTP on with `secret` once `code` proves the app has it; return fresh recovery codes (shown once)."""
    secret = secret.strip().replace(" ", "")
    if not _valid_secret(secret):
        raise InvalidSecret("The secret is not a valid base32 TOTP secret.")
    if is_enabled(user):
        raise AlreadyActive("Two-factor authentication is already active.")
    if not validate_totp_code(secret, code.strip().replace(" ", "")):
        raise InvalidCode("Incorrect code.")
    with transaction.atomic():
        totp = TOTP.activate(user, secret).instance
        existing = _recovery(user)
        if existing is not None:
            existing.delete()
        recovery = RecoveryCodes.activate(user)
    if request is not None:
        signals.authenticator_added.send(sender=Authenticator, request=request, user=user, authenticator=totp)
    return recovery.generate_codes()


def deactivate(request: HttpRequest, user: Any) -> bool:
    """Turn TOTP off (its recovery codes go with it); return whether it was on."""
    totp = _totp(user)
    if totp is None:
        return False
    delete_and_cleanup(request, totp)
    recovery = _recovery(user)
    if recovery is not None and not Authenticator.objects.filter(user_id=user.pk).exclude(
            type=Authenticator.Type.RECOVERY_CODES).exists():
        recovery.delete()
    return True


def regenerate_recovery_codes(user: Any) -> list[str]:
    """Replace the user's recovery codes with new ones (only while TOTP is on); return them."""
    if not is_enabled(user):
        raise MfaError("Two-factor authentication is not active.")
    with transaction.atomic():
        existing = _recovery(user)
        if existing is not None:
            existing.delete()
        return RecoveryCodes.activate(user).generate_codes()
