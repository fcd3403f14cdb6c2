"""Paperkeep's `openid_connect` provider for allauth: allauth's models, signup and connect flows, with our
authorization request, our token checks and the `settings.claims` mapping that upstream ignores."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.utils import get_next_redirect_url
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.base import AuthProcess, ProviderAccount
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.utils import get_request_param
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from paperkeep.accounts.conf import OIDC, OidcApp, auth, callback_url, oidc_app, providers_json
from paperkeep.accounts.errors import ProviderUnknown
from paperkeep.accounts.oidc import discovery, flow

DEFAULT_CLAIMS = {"username": "preferred_username", "email": "email", "first_name": "given_name",
                  "last_name": "family_name"}


def claims_of(data: dict[str, Any]) -> dict[str, Any]:
    """Return the merged claims of a sign-in's data (`{"id_token": ..., "userinfo": ...}`)."""
    merged: dict[str, Any] = {}
    for part in ("id_token", "userinfo"):
        if isinstance(data.get(part), dict):
            merged.update(data[part])
    return merged or dict(data)


def claim_mapping(app: OidcApp | None) -> dict[str, str]:
    """Return field -> claim: the defaults, the groups claim, and the app's `settings.claims` on top."""
    mapping = {**DEFAULT_CLAIMS, "groups": auth().sync_groups_claim}
    if app is not None:
        mapping.update(app.claims)
    return mapping


class PaperkeepProviderAccount(ProviderAccount):
    def get_user_data(self) -> dict[str, Any] | None:
        return claims_of(self.account.extra_data)

    def to_str(self) -> str:
        claims = claims_of(self.account.extra_data)
        for key in ("email", "preferred_username", "name"):
            if isinstance(claims.get(key), str) and claims[key]:
                return str(claims[key])
        return str(super().to_str())


class PaperkeepOidcProvider(OpenIDConnectProvider):
    id = OIDC
    package = "paperkeep.accounts.oidc"  # allauth includes paperkeep.accounts.oidc.urls
    account_class = PaperkeepProviderAccount

    @property
    def oidc(self) -> OidcApp:
        app = oidc_app(self.app.provider_id)
        if app is None:
            raise ProviderUnknown(f"No sign-in provider {self.app.provider_id!r} is configured.")
        return app

    def get_settings(self) -> dict[str, Any]:
        return dict(providers_json().get(self.id) or {})

    def get_redirect_from_request_kwargs(self, request: HttpRequest) -> dict[str, Any]:
        # Only `next` and `process` come from the link; scope and auth_params never do.
        kwargs: dict[str, Any] = {"process": get_request_param(request, "process", AuthProcess.LOGIN)}
        next_url = get_next_redirect_url(request)
        if next_url:
            kwargs["next_url"] = next_url
        kwargs["extra"] = {k: v for k, v in request.GET.items() if k in flow.PASS_THROUGH}
        return kwargs

    def redirect(self, request: HttpRequest, process: str, next_url: str | None = None, data: Any = None,
                 **kwargs: Any) -> HttpResponse:
        app = self.oidc
        meta = discovery.metadata(app)
        pending = flow.new_pending(app, callback_url(request, app.provider_id))
        state = self.stash_redirect_state(
            request, process, next_url, data, pkce_code_verifier=pending.code_verifier, nonce=pending.nonce,
            redirect_uri=pending.redirect_uri,
        )
        extra = kwargs.get("extra") if isinstance(kwargs.get("extra"), dict) else None
        return HttpResponseRedirect(flow.authorization_url(app, meta, pending, state, extra))

    def extract_uid(self, data: dict[str, Any]) -> str:
        return str(data["id_token"]["sub"])

    def extract_extra_data(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"iss": data.get("iss"), "id_token": data.get("id_token") or {}, "userinfo": data.get("userinfo") or {}}

    def extract_common_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        claims = claims_of(data)
        fields = {field: claims.get(claim) for field, claim in claim_mapping(oidc_app(self.app.provider_id)).items()}
        fields["name"] = claims.get("name")
        return {key: value for key, value in fields.items() if value not in (None, "")}

    def extract_email_addresses(self, data: dict[str, Any]) -> list[EmailAddress]:
        fields = self.extract_common_fields(data)
        email = fields.get("email")
        if not isinstance(email, str) or "@" not in email:
            return []
        # Only the JSON boolean true counts: authentik sends false by default, some providers send "true".
        verified = claims_of(data).get("email_verified") is True
        return [EmailAddress(email=email, verified=verified, primary=True)]

    def verify_token(self, request: HttpRequest, token: Any) -> Any:
        raise get_adapter().validation_error("invalid_token")


provider_classes = [PaperkeepOidcProvider]
