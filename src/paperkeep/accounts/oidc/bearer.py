"""API access with tokens a configured provider issued (PAPERLESS_SSO_API_PROVIDERS): JWT access tokens are
checked against the provider's keys (iss, aud, exp); opaque ones are asked about at introspection (or userinfo).
The token's (issuer, sub) must belong to a connected social account of an active user."""

from __future__ import annotations

import hashlib
import threading
import time
from typing import Any

from allauth.socialaccount.models import SocialAccount

from paperkeep.accounts.conf import OidcApp, auth, oidc_app
from paperkeep.accounts.errors import SsoError, TokenRejected
from paperkeep.accounts.oidc import discovery, flow, jwtcheck
from paperkeep.accounts.oidc.discovery import Metadata
from paperkeep.accounts.oidc.http import post_form

OPAQUE_CACHE_SECONDS = 60.0
_opaque: dict[str, tuple[float, str, str, str]] = {}  # sha256 -> (until, provider_id, issuer, sub)
_lock = threading.Lock()


def api_apps() -> list[OidcApp]:
    """The applications whose access tokens the API accepts."""
    return [app for pid in auth().sso_api_providers if (app := oidc_app(pid)) is not None]


def _jwt_identity(token: str, apps: list[OidcApp]) -> tuple[OidcApp, str, str]:
    import jwt

    try:
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise TokenRejected("The bearer token is not a readable JWT.", code="sso.token.malformed") from None
    issuer = unverified.get("iss") if isinstance(unverified, dict) else None
    for app in apps:
        meta = discovery.metadata(app)
        if meta.issuer == issuer:
            claims = jwtcheck.validate_access_token(token, flow.verifier_for(app, meta))
            return app, meta.issuer, str(claims["sub"])
    raise TokenRejected(f"No provider accepted for API access issues tokens as {issuer!r}.",
                        code="sso.token.wrong_issuer")


def _introspect(app: OidcApp, meta: Metadata, token: str) -> str | None:
    assert meta.introspection_endpoint
    response = post_form(meta.introspection_endpoint, {"token": token}, auth=(app.client_id, app.secret))
    data = response.json() if response.status_code == 200 else {}
    if not isinstance(data, dict) or data.get("active") is not True:
        return None
    aud = data.get("aud")
    audiences = [aud] if isinstance(aud, str) else aud if isinstance(aud, list) else []
    if data.get("client_id") != app.client_id and app.client_id not in audiences:
        return None
    exp = data.get("exp")
    if isinstance(exp, int | float) and exp < time.time():
        return None
    sub = data.get("sub")
    return sub if isinstance(sub, str) and sub else None


def _opaque_identity(token: str, apps: list[OidcApp]) -> tuple[OidcApp, str, str]:
    key = hashlib.sha256(token.encode()).hexdigest()
    with _lock:
        cached = _opaque.get(key)
    if cached and cached[0] > time.monotonic():
        app = next((a for a in apps if a.provider_id == cached[1]), None)
        if app is not None:
            return app, cached[2], cached[3]
    for app in apps:
        meta = discovery.metadata(app)
        try:
            if meta.introspection_endpoint and app.secret:
                sub = _introspect(app, meta, token)
            else:
                sub = flow.fetch_userinfo(meta, token).get("sub")
        except (SsoError, ValueError):
            continue
        if isinstance(sub, str) and sub:
            with _lock:
                _opaque[key] = (time.monotonic() + OPAQUE_CACHE_SECONDS, app.provider_id, meta.issuer, sub)
            return app, meta.issuer, sub
    raise TokenRejected("No provider accepted for API access knows this token (inactive or expired).",
                        code="sso.token.inactive")


def user_for_access_token(token: str) -> Any:
    """Return the active user an access token stands for; else TokenRejected/SsoError."""
    apps = api_apps()
    if not apps:
        raise TokenRejected("API access with provider tokens is not enabled.", code="sso.token.api_disabled")
    if token.count(".") == 2:
        app, issuer, sub = _jwt_identity(token, apps)
    else:
        app, issuer, sub = _opaque_identity(token, apps)
    accounts = SocialAccount.objects.filter(uid=sub, provider=app.provider_id).select_related("user")
    account = next((acc for acc in accounts if acc.extra_data.get("iss") in (issuer, None)), None)
    if account is None:
        raise TokenRejected("The token's user has never signed in to Paperkeep with this provider.",
                            code="sso.token.unknown_user")
    if not account.user.is_active:
        raise TokenRejected("The token's user is deactivated.", code="sso.token.user_inactive")
    return account.user


def clear_cache() -> None:
    with _lock:
        _opaque.clear()
