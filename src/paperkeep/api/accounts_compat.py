"""What the API needs from allauth (MFA, social accounts), answered safely whether or not allauth is installed.

The SSO work installs allauth's `mfa` and `socialaccount` apps; until then users have no MFA and no social
accounts, and every function here says so.
"""

from __future__ import annotations

import logging
from typing import Any

from django.apps import apps

logger = logging.getLogger(__name__)


def mfa_installed() -> bool:
    return apps.is_installed("allauth.mfa")


def social_installed() -> bool:
    return apps.is_installed("allauth.socialaccount")


def is_mfa_enabled(user: Any) -> bool:
    """Return whether the user has an active second factor (TOTP)."""
    if not mfa_installed() or user is None or not getattr(user, "is_authenticated", False):
        return False
    from allauth.mfa.adapter import get_adapter

    return bool(get_adapter().is_mfa_enabled(user))


def verify_totp(user: Any, code: str) -> bool:
    """Return whether `code` is a valid TOTP code for the user."""
    if not mfa_installed():
        return False
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return False
    return bool(TOTP(instance=authenticator).validate_code(code))


def social_accounts(user: Any) -> list[dict[str, Any]]:
    """Return the user's connected social accounts as Paperless's profile lists them: `[{id, provider, name}]`."""
    if not social_installed():
        return []
    from allauth.socialaccount.models import SocialAccount, SocialApp

    accounts = []
    for account in SocialAccount.objects.filter(user=user).order_by("pk"):
        try:
            name = account.get_provider_account().to_str()
        except SocialApp.DoesNotExist:
            name = "Unknown App"
        accounts.append({"id": account.pk, "provider": account.provider, "name": name})
    return accounts


def deactivate_totp(request: Any, user: Any) -> bool:
    """Remove the user's TOTP authenticator (and what allauth cleans up with it); return whether there was one."""
    if not mfa_installed():
        return False
    from allauth.mfa.base.internal.flows import delete_and_cleanup
    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return False
    delete_and_cleanup(request, authenticator)
    return True
