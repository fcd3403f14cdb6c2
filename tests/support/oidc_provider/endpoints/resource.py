"""Endpoints that take a token: userinfo, introspection (RFC 7662) and revocation (RFC 7009)."""

from __future__ import annotations

from typing import Any

from ..model import default_subject
from ..store import ProviderState, TokenRecord
from ..tokens import merge_claims, scope_claims
from ..wire import Request, Response
from .clientauth import ClientAuthError, authenticate_client


def _invalid_token(description: str) -> Response:
    response = Response.oauth_error("invalid_token", description, 401)
    response.headers.append(
        ("WWW-Authenticate", f'Bearer error="invalid_token", error_description="{description}"')
    )
    return response


def userinfo(state: ProviderState, req: Request) -> Response:
    """Return the claims of the access token's user for the token's scopes."""
    token = req.bearer_token()
    record = state.token(token) if token else None
    with state.lock:
        mb = state.misbehaviour
    params = {"access_token": token or ""}
    if record is None or record.kind != "access" or not record.active:
        state.record("userinfo", "invalid_token", params)
        return _invalid_token("the access token is unknown, expired or revoked")
    if mb.userinfo_fails:
        state.record("userinfo", "invalid_token", params, misbehaviour="userinfo_fails")
        return _invalid_token("the provider refused the token (misbehaviour)")
    user = state.users.get(record.grant.user.username, record.grant.user)
    claims = scope_claims(user, record.grant.scopes, mb)
    if mb.userinfo_sub_differs:
        claims["sub"] = default_subject("someone-else-than-" + user.username)
    claims = merge_claims(claims, mb.userinfo_claims)
    state.record("userinfo", "ok", params, username=user.username, claims=claims)
    return Response.json(claims, no_store=True)


def _introspection(record: TokenRecord, issuer: str) -> dict[str, Any]:
    grant = record.grant
    return {
        "active": True,
        "scope": " ".join(grant.scopes),
        "client_id": grant.client.client_id,
        "username": grant.user.username,
        "token_type": "Bearer" if record.kind == "access" else "refresh_token",
        "exp": int(record.expires_at),
        "sub": grant.user.sub,
        "aud": grant.client.client_id,
        "iss": issuer,
    }


def introspect(state: ProviderState, req: Request) -> Response:
    """Say whether a token is active and whose it is; the caller must authenticate as a client."""
    params = req.form
    if req.method != "POST":
        return Response.oauth_error("invalid_request", "use POST", 405)
    try:
        client, method = authenticate_client(state, req, allow_public=False)
    except ClientAuthError as exc:
        state.record("introspect", "invalid_client", params, reason=exc.reason)
        return exc.response
    record = state.token(params.get("token", ""))
    if record is None or not record.active:
        state.record("introspect", "ok", params, client_id=client.client_id, active=False)
        return Response.json({"active": False})
    body = _introspection(record, state.issuer)
    state.record("introspect", "ok", params, client_id=client.client_id, active=True, client_auth=method)
    return Response.json(body)


def revoke(state: ProviderState, req: Request) -> Response:
    """Revoke an access or refresh token issued to the calling client."""
    params = req.form
    if req.method != "POST":
        return Response.oauth_error("invalid_request", "use POST", 405)
    try:
        client, method = authenticate_client(state, req)
    except ClientAuthError as exc:
        state.record("revoke", "invalid_client", params, reason=exc.reason)
        return exc.response
    record = state.token(params.get("token", ""))
    if record is not None and record.grant.client.client_id != client.client_id:
        state.record("revoke", "unauthorized_client", params, client_id=client.client_id)
        return Response.oauth_error("unauthorized_client", "the token was issued to another client")
    if record is not None:
        state.revoke(record.token)
    state.record("revoke", "ok", params, client_id=client.client_id, client_auth=method,
                 known=record is not None)
    return Response(200)
