"""Connected social accounts: what a user has, what they may connect, and disconnecting one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.socialaccount.internal.flows import connect as connect_flow
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse

from paperkeep.accounts.conf import oidc_apps


class DisconnectError(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class ConnectOption:
    provider_id: str
    name: str
    login_url: str


def connect_options() -> list[ConnectOption]:
    """The providers a signed-in user can connect, sorted by name (as Paperless-ngx lists them)."""
    options = [ConnectOption(app.provider_id, app.label,
                             reverse("openid_connect_login", kwargs={"provider_id": app.provider_id})
                             + "?process=connect") for app in oidc_apps()]
    return sorted(options, key=lambda option: option.name.lower())


def accounts_of(user: Any) -> list[dict[str, Any]]:
    """The user's social accounts as `{id, provider, name}` (name: the account as the provider shows it)."""
    labels = {app.provider_id: app.label for app in oidc_apps()}
    rows = []
    for account in SocialAccount.objects.filter(user=user).order_by("pk"):
        try:
            name = account.get_provider_account().to_str()
        except SocialApp.DoesNotExist:
            name = "Unknown App"
        rows.append({"id": account.pk, "provider": account.provider, "name": name,
                     "provider_name": labels.get(account.provider, account.provider)})
    return rows


def disconnect(request: HttpRequest, account_id: Any) -> int:
    """Disconnect one of the request user's social accounts; refuse when it would lock them out."""
    try:
        account = SocialAccount.objects.get(pk=int(account_id), user=request.user)
    except (SocialAccount.DoesNotExist, TypeError, ValueError):
        raise DisconnectError("Social account not found", "social.not_found") from None
    try:
        connect_flow.validate_disconnect(request, account)
    except ValidationError as exc:
        raise DisconnectError(" ".join(exc.messages) + " Set a password first, or you could not sign in again.",
                              "social.last_login_method") from None
    pk = account.pk
    connect_flow.disconnect(request, account)
    return int(pk)
