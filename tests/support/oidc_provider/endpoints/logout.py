"""RP-initiated logout (end-session) and Back-Channel Logout 1.0 delivery."""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlencode

import jwt

from .. import jose, pages
from ..model import Client
from ..store import ProviderState
from ..wire import SESSION_COOKIE, Request, Response, add_query


def send_backchannel_logout(
    state: ProviderState,
    client: Client,
    *,
    sub: str | None,
    sid: str | None,
    uri: str | None = None,
) -> dict[str, Any]:
    """POST a logout token to the client's back-channel logout URI; return what happened."""
    with state.lock:
        mb = state.misbehaviour
    logout_token = state.tokens.logout_token(client, sub=sub, sid=sid, mb=mb)
    target = uri or client.backchannel_logout_uri
    result: dict[str, Any] = {
        "uri": target,
        "client_id": client.client_id,
        "logout_token": logout_token,
        "status": None,
        "body": "",
        "error": None,
    }
    if not target:
        result["error"] = "the client has no backchannel_logout_uri"
    else:
        request = urllib.request.Request(
            target,
            data=urlencode({"logout_token": logout_token}).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                result["status"] = answer.status
                result["body"] = answer.read(4000).decode("utf-8", errors="replace")
        except urllib.error.HTTPError as exc:
            result["status"] = exc.code
            result["body"] = exc.read(4000).decode("utf-8", errors="replace")
        except OSError as exc:
            result["error"] = f"{type(exc).__name__}: {exc}"
    status = result["status"]
    outcome = "ok" if status is not None and 200 <= status < 300 else "failed"
    state.record("backchannel-logout", outcome, {"logout_token": logout_token}, **result)
    return result


def _bad_request(state: ProviderState, params: dict[str, str], reason: str, **detail: Any) -> Response:
    state.record("end-session", "invalid_request", params, reason=reason, **detail)
    return Response.html(pages.error_page("Logout request refused", reason), 400)


def _verify_hint(state: ProviderState, token: str) -> tuple[dict[str, Any], Client]:
    """Return the hint's claims and the client it was issued to, or raise InvalidTokenError."""
    secrets = {c.client_id: c.client_secret for c in state.clients.values() if c.signing == "HS256"}
    # An expired ID token is still a valid hint: the RP logs out after the token lifetime.
    claims = jose.verify(token, state.keyring, secrets, issuer=state.issuer, verify_exp=False)
    aud = claims.get("aud")
    audiences = [aud] if isinstance(aud, str) else list(aud or [])
    client = next((state.clients[a] for a in audiences if a in state.clients), None)
    if client is None:
        raise jwt.InvalidTokenError("aud names no registered client")
    return claims, client


def end_session(state: ProviderState, req: Request) -> Response:
    """End the provider session; redirect to a registered post_logout_redirect_uri with state."""
    params = req.params
    hint_token = params.get("id_token_hint")
    redirect_to = params.get("post_logout_redirect_uri")
    hint: dict[str, Any] | None = None
    client: Client | None = state.clients.get(params.get("client_id", ""))
    if hint_token:
        try:
            hint, hinted = _verify_hint(state, hint_token)
        except jwt.InvalidTokenError as exc:
            return _bad_request(state, params, f"invalid id_token_hint: {exc}", hint_valid=False)
        if client is not None and client.client_id != hinted.client_id:
            return _bad_request(state, params, "client_id differs from the hint's audience", hint_valid=True)
        client = hinted
    location = None
    if redirect_to:
        if hint is None or client is None:
            return _bad_request(state, params, "post_logout_redirect_uri needs a valid id_token_hint",
                                hint_valid=hint is not None)
        if redirect_to not in client.post_logout_redirect_uris:
            return _bad_request(state, params, "post_logout_redirect_uri is not registered", hint_valid=True)
        state_param = params.get("state")
        location = add_query(redirect_to, {"state": state_param}) if state_param is not None else redirect_to
    session = state.session(req.cookies.get(SESSION_COOKIE))
    if session is None and hint is not None and hint.get("sid"):
        session = state.session_by_sid(str(hint["sid"]))
    deliveries = []
    if session is not None:
        for client_id in sorted(session.clients):
            other = state.clients.get(client_id)
            if other is not None and other.backchannel_logout_uri:
                user = state.users.get(session.username)
                result = send_backchannel_logout(state, other, sub=user.sub if user else None, sid=session.sid)
                deliveries.append(result["status"])
        state.end_session(session)
    state.record(
        "end-session", "ok", params,
        hint_valid=hint is not None,
        client_id=client.client_id if client else None,
        username=session.username if session else None,
        hint_sub=hint.get("sub") if hint else None,
        session_ended=session is not None,
        redirected_to=location,
        backchannel_statuses=deliveries,
    )
    response = Response.redirect(location) if location else Response.html(pages.logged_out_page(state.slug))
    return response.set_cookie(SESSION_COOKIE, "", delete=True)
