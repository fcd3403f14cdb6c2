"""The authorization code flow, as a relying party should run it: state, nonce and PKCE S256 on every request,
protocol parameters nobody can override, the code exchanged once, every token checked."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from paperkeep.accounts.conf import OidcApp, auth
from paperkeep.accounts.errors import ProviderRefused, SsoError, TokenRejected
from paperkeep.accounts.oidc import discovery, jwtcheck
from paperkeep.accounts.oidc.discovery import Metadata
from paperkeep.accounts.oidc.http import get_json, post_form

# What a login link may add to the authorization request; everything else is ours to decide.
PASS_THROUGH = frozenset({"login_hint", "prompt", "ui_locales", "max_age", "acr_values"})


@dataclass(frozen=True)
class Pending:
    """What we remember between the authorization request and the callback (kept in the session's state)."""

    nonce: str
    code_verifier: str | None
    redirect_uri: str


@dataclass(frozen=True)
class Identity:
    """A completed sign-in: the checked ID token claims, the userinfo claims, and the raw tokens."""

    provider_id: str
    issuer: str
    subject: str
    id_claims: dict[str, Any]
    userinfo: dict[str, Any]
    id_token: str
    access_token: str
    token_response: dict[str, Any]

    @property
    def claims(self) -> dict[str, Any]:
        """ID token claims overlaid with userinfo claims (userinfo is fresher; its sub is checked equal)."""
        return {**self.id_claims, **self.userinfo}


def pkce_pair() -> tuple[str, str]:
    """Return (code_verifier, S256 code_challenge)."""
    verifier = secrets.token_urlsafe(64)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def verifier_for(app: OidcApp, meta: Metadata) -> jwtcheck.Verifier:
    """Return the expectations tokens of this application must meet."""
    return jwtcheck.Verifier(
        issuer=meta.issuer, client_id=app.client_id, client_secret=app.secret, jwks_uri=meta.jwks_uri,
        algorithms=jwtcheck.allowed_algorithms(meta.id_token_algs), skew=auth().sso_clock_skew,
    )


def new_pending(app: OidcApp, redirect_uri: str) -> Pending:
    """Draw a fresh nonce and PKCE verifier for one authorization request."""
    verifier = pkce_pair()[0] if app.pkce else None
    return Pending(nonce=secrets.token_urlsafe(24), code_verifier=verifier, redirect_uri=redirect_uri)


def authorization_url(app: OidcApp, meta: Metadata, pending: Pending, state: str,
                      extra: dict[str, str] | None = None) -> str:
    """Build the authorization request; configured and per-link extras never replace protocol parameters."""
    params: dict[str, str] = {}
    params.update(app.auth_params)
    params.update({k: v for k, v in (extra or {}).items() if k in PASS_THROUGH})
    params.update({
        "response_type": "code",
        "client_id": app.client_id,
        "redirect_uri": pending.redirect_uri,
        "scope": " ".join(app.scope),
        "state": state,
        "nonce": pending.nonce,
    })
    if pending.code_verifier:
        digest = hashlib.sha256(pending.code_verifier.encode("ascii")).digest()
        params["code_challenge"] = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
        params["code_challenge_method"] = "S256"
    separator = "&" if "?" in meta.authorization_endpoint else "?"
    return meta.authorization_endpoint + separator + urlencode(params)


def _client_auth(app: OidcApp, meta: Metadata, form: dict[str, str]) -> tuple[str, str] | None:
    method = app.token_auth_method
    if method is None:
        method = "client_secret_basic" if "client_secret_basic" in meta.token_auth_methods else \
            "client_secret_post" if "client_secret_post" in meta.token_auth_methods else "client_secret_basic"
    if not app.secret or method == "none":
        form["client_id"] = app.client_id
        return None
    if method == "client_secret_post":
        form.update(client_id=app.client_id, client_secret=app.secret)
        return None
    return (app.client_id, app.secret)


def exchange_code(app: OidcApp, meta: Metadata, code: str, pending: Pending) -> dict[str, Any]:
    """Redeem the authorization code at the token endpoint; a refusal raises ProviderRefused."""
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": pending.redirect_uri}
    if pending.code_verifier:
        form["code_verifier"] = pending.code_verifier
    basic = _client_auth(app, meta, form)
    response = post_form(meta.token_endpoint, form, auth=basic)
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code != 200 or not isinstance(body, dict) or "access_token" not in body:
        error = body.get("error", f"HTTP {response.status_code}") if isinstance(body, dict) else "bad answer"
        description = body.get("error_description", "") if isinstance(body, dict) else ""
        hint = " The sign-in code was already used or has expired; please sign in again." \
            if error == "invalid_grant" else ""
        raise ProviderRefused(f"The identity provider refused to redeem the sign-in code ({error}).{hint}",
                              code="sso.token_endpoint", detail=str(description)[:300])
    return body


def fetch_userinfo(meta: Metadata, access_token: str) -> dict[str, Any]:
    """Ask the userinfo endpoint about the access token's user."""
    if not meta.userinfo_endpoint:
        return {}
    data = get_json(meta.userinfo_endpoint, error=SsoError, what="the provider's userinfo endpoint",
                    headers={"Authorization": f"Bearer {access_token}"})
    if not isinstance(data, dict):
        raise SsoError("The provider's userinfo answer is not a JSON object.", code="sso.userinfo_failed")
    return data


def _unverified(id_token: str, userinfo: dict[str, Any]) -> dict[str, Any]:
    import jwt

    try:
        claims = jwt.decode(id_token, options={"verify_signature": False})
    except jwt.PyJWTError:
        claims = {}
    return {**(claims if isinstance(claims, dict) else {}), **{f"userinfo.{k}": v for k, v in userinfo.items()}}


def _check(app: OidcApp, meta: Metadata, id_token: str, access_token: str, pending: Pending,
           userinfo: dict[str, Any]) -> dict[str, Any]:
    claims = jwtcheck.validate_id_token(id_token, verifier_for(app, meta), nonce=pending.nonce,
                                        access_token=access_token)
    if app.fetch_userinfo and meta.userinfo_endpoint:
        try:
            userinfo.update(fetch_userinfo(meta, access_token))
        except SsoError as exc:
            raise SsoError(f"The identity provider's userinfo endpoint failed: {exc.message}",
                           code="sso.userinfo_failed", detail=exc.detail) from None
        if userinfo.get("sub") != claims["sub"]:
            raise TokenRejected("The userinfo answer describes another user than the ID token (sub differs).",
                                code="sso.token.userinfo_sub_mismatch")
    return claims


def complete(app: OidcApp, code: str, pending: Pending) -> Identity:
    """Exchange the code and check everything that came back; return who signed in."""
    meta = discovery.metadata(app)
    body = exchange_code(app, meta, code, pending)
    id_token = body.get("id_token")
    if not isinstance(id_token, str) or not id_token:
        raise TokenRejected("The identity provider sent no ID token; is the 'openid' scope allowed for this client?",
                            code="sso.token.id_token_missing")
    access_token = str(body["access_token"])
    userinfo: dict[str, Any] = {}
    try:
        claims = _check(app, meta, id_token, access_token, pending, userinfo)
    except SsoError as exc:
        exc.claims = _unverified(id_token, userinfo)
        exc.subject = str(exc.claims.get("sub") or "")
        raise
    return Identity(app.provider_id, meta.issuer, claims["sub"], claims, userinfo, id_token, access_token, body)
