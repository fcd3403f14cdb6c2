"""The token endpoint: authorization_code (with PKCE) and refresh_token grants."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import time
from typing import Any

from .. import jose
from ..store import CodeRecord, ProviderState
from ..tokens import ID_TOKEN_LIFETIME, Grant
from ..wire import Request, Response
from .authorize import PKCE_VALUE
from .clientauth import ClientAuthError, authenticate_client


class GrantError(Exception):
    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


def _check_pkce(record: CodeRecord, verifier: str | None) -> str:
    """Verify the code_verifier against the stored challenge; return the method checked."""
    if record.challenge is None:
        return "none"
    if verifier is None:
        raise GrantError("invalid_grant", "code_verifier is required (a code_challenge was sent)")
    if not PKCE_VALUE.match(verifier):
        raise GrantError("invalid_grant", "malformed code_verifier")
    if record.challenge_method == "S256":
        computed = jose.b64url(hashlib.sha256(verifier.encode("ascii")).digest())
    else:
        computed = verifier
    if not hmac.compare_digest(computed, record.challenge):
        raise GrantError("invalid_grant", "code_verifier does not match code_challenge")
    return record.challenge_method or "plain"


def _fresh(state: ProviderState, grant: Grant) -> Grant:
    """Use the user's current claims, as a real provider evaluates mappings at token time."""
    user = state.users.get(grant.user.username, grant.user)
    client = state.clients.get(grant.client.client_id, grant.client)
    return dataclasses.replace(grant, user=user, client=client)


def _issue(state: ProviderState, grant: Grant) -> tuple[dict[str, Any], list[str]]:
    access_token, opaque = state.issue_access_token(grant, ID_TOKEN_LIFETIME)
    body: dict[str, Any] = {
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": ID_TOKEN_LIFETIME,
        "scope": " ".join(grant.scopes),
    }
    issued = [access_token, opaque]
    with state.lock:
        mb = state.misbehaviour
    if "openid" in grant.scopes and not mb.missing_id_token:
        body["id_token"] = state.tokens.id_token(grant, access_token, mb)
    if "offline_access" in grant.scopes:
        body["refresh_token"] = state.issue_refresh_token(grant)
        issued.append(body["refresh_token"])
    return body, issued


def _code_grant(state: ProviderState, req: Request, client_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    record = state.redeem_code(req.form.get("code", ""))
    if record is None or record.grant.client.client_id != client_id:
        raise GrantError("invalid_grant", "unknown authorization code")
    with state.lock:
        replay_allowed = state.misbehaviour.allow_code_replay
    if record.redemptions > 1 and not replay_allowed:
        raise GrantError("invalid_grant", "authorization code already used")
    if time.time() > record.expires_at:
        raise GrantError("invalid_grant", "authorization code expired")
    if req.form.get("redirect_uri") != record.redirect_uri:
        raise GrantError("invalid_grant", "redirect_uri differs from the authorization request")
    pkce = _check_pkce(record, req.form.get("code_verifier"))
    body, issued = _issue(state, _fresh(state, record.grant))
    with state.lock:
        record.tokens.extend(issued)
    return body, {"pkce": pkce, "redemption": record.redemptions, "username": record.grant.user.username}


def _refresh_grant(state: ProviderState, req: Request, client_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    record = state.token(req.form.get("refresh_token", ""))
    if record is None or record.kind != "refresh" or not record.active:
        raise GrantError("invalid_grant", "unknown, expired or revoked refresh token")
    if record.grant.client.client_id != client_id:
        raise GrantError("invalid_grant", "refresh token was issued to another client")
    state.revoke(record.token)
    grant = dataclasses.replace(_fresh(state, record.grant), nonce=None)
    body, _ = _issue(state, grant)
    body.setdefault("refresh_token", state.issue_refresh_token(grant))
    return body, {"username": grant.user.username}


def token(state: ProviderState, req: Request) -> Response:
    """Exchange a grant for tokens."""
    params = req.form
    if req.method != "POST":
        return Response.oauth_error("invalid_request", "use POST", 405)
    try:
        client, method = authenticate_client(state, req)
    except ClientAuthError as exc:
        state.record("token", "invalid_client", params, reason=exc.reason)
        return exc.response
    grant_type = params.get("grant_type")
    try:
        if req.repeated:
            raise GrantError("invalid_request", f"repeated parameter(s): {sorted(req.repeated)}")
        if grant_type == "authorization_code":
            body, detail = _code_grant(state, req, client.client_id)
        elif grant_type == "refresh_token":
            body, detail = _refresh_grant(state, req, client.client_id)
        else:
            raise GrantError("unsupported_grant_type", f"grant_type {grant_type!r} is not supported")
    except GrantError as exc:
        state.record("token", exc.error, params, client_auth=method, description=exc.description)
        return Response.oauth_error(exc.error, exc.description)
    state.record("token", "ok", params, client_auth=method, response=body, **detail)
    return Response.json(body, no_store=True)
