"""The test-only control endpoint: POST /_control/<operation> with a JSON body.

Every call must carry the `X-Control-Token` header the provider was started with, so nothing
under test can reach it by accident.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable
from typing import Any

from ..model import Client, User
from ..store import ProviderState
from ..tokens import Grant
from ..wire import Request, Response
from .logout import send_backchannel_logout

CONTROL_PREFIX = "/_control/"


class ControlError(Exception):
    pass


def _user(state: ProviderState, body: dict[str, Any]) -> User:
    user = state.users.get(str(body.get("username")))
    if user is None:
        raise ControlError(f"unknown user {body.get('username')!r}")
    return user


def _client(state: ProviderState, body: dict[str, Any]) -> Client:
    client = state.clients.get(str(body.get("client_id")))
    if client is None:
        raise ControlError(f"unknown client {body.get('client_id')!r}")
    return client


def _misbehave(state: ProviderState, body: dict[str, Any]) -> Any:
    with state.lock:
        try:
            state.misbehaviour = state.misbehaviour.merged(**body.get("switches", {}))
        except TypeError as exc:
            raise ControlError(str(exc)) from exc
        return state.misbehaviour.to_json()


def _reset(state: ProviderState, body: dict[str, Any]) -> Any:
    state.reset()
    return {}


def _events(state: ProviderState, body: dict[str, Any]) -> Any:
    return {"events": [event.to_json() for event in state.events()]}


def _stats(state: ProviderState, body: dict[str, Any]) -> Any:
    with state.lock:
        return {"jwks_fetches": state.jwks_fetches, "discovery_fetches": state.discovery_fetches}


def _add_client(state: ProviderState, body: dict[str, Any]) -> Any:
    client = Client.from_json(body["client"])
    with state.lock:
        state.clients[client.client_id] = client
    return {}


def _add_user(state: ProviderState, body: dict[str, Any]) -> Any:
    user = User.from_json(body["user"])
    with state.lock:
        state.users[user.username] = user
    return {}


def _rotate_keys(state: ProviderState, body: dict[str, Any]) -> Any:
    return {"kids": state.keyring.rotate(keep_old=bool(body.get("keep_old", True)))}


def _issue_access_token(state: ProviderState, body: dict[str, Any]) -> Any:
    scopes = tuple(str(body.get("scope", "openid email profile")).split())
    grant = Grant(_user(state, body), _client(state, body), scopes, int(time.time()))
    lifetime = int(body.get("expires_in", 300))
    signed, opaque = state.issue_access_token(grant, lifetime)
    return {"access_token": signed, "opaque_token": opaque, "expires_in": lifetime}


def _backchannel_logout(state: ProviderState, body: dict[str, Any]) -> Any:
    """Send a logout token for the user's newest provider session that the client took part in."""
    user, client = _user(state, body), _client(state, body)
    sessions = [s for s in state.sessions_of(user.username) if client.client_id in s.clients]
    session = max(sessions, key=lambda s: s.auth_time, default=None)
    sid = body.get("sid", "auto")
    if sid == "auto":
        sid = session.sid if session is not None else None
    sub = user.sub if body.get("include_sub", True) else None
    result = send_backchannel_logout(state, client, sub=sub, sid=sid, uri=body.get("uri"))
    if session is not None and session.sid == sid:
        state.end_session(session)
    return result


def _end_sessions(state: ProviderState, body: dict[str, Any]) -> Any:
    usernames = [body["username"]] if body.get("username") else list(state.users)
    ended = 0
    for username in usernames:
        for session in state.sessions_of(username):
            state.end_session(session)
            ended += 1
    return {"ended": ended}


OPERATIONS: dict[str, Callable[[ProviderState, dict[str, Any]], Any]] = {
    "misbehave": _misbehave,
    "reset": _reset,
    "events": _events,
    "stats": _stats,
    "add_client": _add_client,
    "add_user": _add_user,
    "rotate_keys": _rotate_keys,
    "issue_access_token": _issue_access_token,
    "backchannel_logout": _backchannel_logout,
    "end_sessions": _end_sessions,
}


def control(state: ProviderState, req: Request) -> Response:
    """Run one control operation for the test process."""
    token = req.headers.get("x-control-token", "")
    if not hmac.compare_digest(token.encode(), state.control_token.encode()):
        return Response.json({"error": "forbidden"}, 403)
    operation = OPERATIONS.get(req.path[len(CONTROL_PREFIX):].strip("/"))
    if operation is None or req.method != "POST":
        return Response.json({"error": "unknown control operation"}, 404)
    try:
        return Response.json(operation(state, req.json()))
    except (ControlError, KeyError, ValueError) as exc:
        return Response.json({"error": f"{type(exc).__name__}: {exc}"}, 400)
