"""The SSO and login settings, read lazily from Django settings so tests and `override_settings` see changes.

`settings.CONFIG.auth` is the typed `AuthConfig` built by `paperkeep.config`; this module turns its provider
JSON into `OidcApp` values and answers the few questions every other module asks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse

from paperkeep.config.model import AuthConfig

OIDC = "openid_connect"
WELL_KNOWN = "/.well-known/openid-configuration"
# Parameters a configured `auth_params` may never set: they belong to the protocol, not to the deployment.
PROTOCOL_PARAMS = frozenset({
    "client_id", "redirect_uri", "response_type", "response_mode", "scope", "state", "nonce",
    "code_challenge", "code_challenge_method", "request", "request_uri", "registration", "claims",
})


def auth() -> AuthConfig:
    """Return the login and SSO settings in force."""
    return settings.CONFIG.auth


@dataclass(frozen=True)
class OidcApp:
    """One configured OpenID Connect application (an entry of `openid_connect.APPS`)."""

    provider_id: str
    name: str
    client_id: str
    secret: str
    server_url: str
    claims: Mapping[str, str]
    pkce: bool
    fetch_userinfo: bool
    token_auth_method: str | None
    scope: tuple[str, ...]
    auth_params: Mapping[str, str]
    settings: Mapping[str, Any]

    @property
    def discovery_url(self) -> str:
        """The discovery document's URL: `server_url` itself, or the issuer with the well-known path added."""
        if "/.well-known/" in self.server_url:
            return self.server_url
        return self.server_url.rstrip("/") + WELL_KNOWN

    @property
    def expected_issuer(self) -> str:
        """The issuer the discovery document must name (the URL before `/.well-known/`)."""
        return self.server_url.split("/.well-known/", 1)[0]

    @property
    def label(self) -> str:
        return self.name or self.provider_id


def _scope(app_settings: Mapping[str, Any], provider: Mapping[str, Any]) -> tuple[str, ...]:
    scope = app_settings.get("SCOPE", app_settings.get("scope", provider.get("SCOPE")))
    values = list(scope) if scope else ["openid", "profile", "email"]
    if "openid" not in values:
        values.insert(0, "openid")
    return tuple(dict.fromkeys(values))


def _auth_params(app_settings: Mapping[str, Any], provider: Mapping[str, Any]) -> dict[str, str]:
    raw = app_settings.get("auth_params", provider.get("AUTH_PARAMS")) or {}
    return {str(k): str(v) for k, v in dict(raw).items() if str(k).lower() not in PROTOCOL_PARAMS}


def _app(raw: Mapping[str, Any], provider: Mapping[str, Any]) -> OidcApp:
    app_settings: Mapping[str, Any] = raw.get("settings") or {}
    pkce = app_settings.get("oauth_pkce_enabled", provider.get("OAUTH_PKCE_ENABLED", True))
    return OidcApp(
        provider_id=str(raw["provider_id"]),
        name=str(raw.get("name") or raw["provider_id"]),
        client_id=str(raw["client_id"]),
        secret=str(raw.get("secret") or ""),
        server_url=str(app_settings["server_url"]),
        claims=dict(app_settings.get("claims") or {}),
        pkce=pkce is not False,
        fetch_userinfo=app_settings.get("fetch_userinfo", True) is not False,
        token_auth_method=app_settings.get("token_auth_method"),
        scope=_scope(app_settings, provider),
        auth_params=_auth_params(app_settings, provider),
        settings=dict(app_settings),
    )


def providers_json() -> dict[str, Any]:
    """Return the provider JSON in force (empty when PAPERLESS_ENABLE_ALLAUTH is off)."""
    cfg = auth()
    return dict(cfg.socialaccount_providers) if cfg.enable_allauth else {}


def oidc_apps() -> list[OidcApp]:
    """Return every configured OpenID Connect application, in the order of the configuration."""
    provider = providers_json().get(OIDC) or {}
    return [_app(raw, provider) for raw in provider.get("APPS") or []]


def oidc_app(provider_id: str) -> OidcApp | None:
    """Return the application with this provider_id, or None."""
    return next((app for app in oidc_apps() if app.provider_id == provider_id), None)


def public_origin() -> str | None:
    """Return PAPERLESS_URL's scheme://host[:port], the base of every absolute link we hand out."""
    return getattr(settings, "PUBLIC_ORIGIN", None)


def absolute_url(request: Any, path: str) -> str:
    """Build an absolute URL on PAPERLESS_URL; without it, on the request's host and the configured protocol."""
    origin = public_origin()
    if origin:
        return origin.rstrip("/") + path
    protocol = auth().account_default_http_protocol if not request.is_secure() else "https"
    return f"{protocol}://{request.get_host()}{path}"


def callback_url(request: Any, provider_id: str) -> str:
    """Return the redirect URI registered at the provider for this application."""
    return absolute_url(request, reverse("openid_connect_callback", kwargs={"provider_id": provider_id}))


def regular_login_open() -> bool:
    """Tell whether the password form is offered to everyone (PAPERLESS_DISABLE_REGULAR_LOGIN is off)."""
    return not auth().disable_regular_login


def break_glass_user() -> str | None:
    """Return the one user who may still sign in with a password in SSO-only mode, if configured."""
    return auth().break_glass_user or None


def password_login_allowed(username: str | None) -> bool:
    """Tell whether a password sign-in for this user name may be tried at all (form, token, Basic, admin)."""
    if regular_login_open():
        return True
    named = break_glass_user()
    return bool(named and username and username == named)
