"""The authorization endpoint and the sign-in page it sends browsers to.

Signing in: a browser without a provider session is redirected to LOGIN_PATH, a plain form
(`username`, `password`, "Log in") that sets the `authentik_session` cookie and returns to the
authorization request. A non-browser test can skip the form by sending HTTP Basic credentials
of a provider *user* with the authorization request itself; it then gets the 302 to the client
at once (no cookie is set).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from .. import pages
from ..model import Client, User
from ..store import OpSession, ProviderState
from ..tokens import Grant
from ..wire import SESSION_COOKIE, Request, Response, add_query

AUTHORIZE_PATH = "/application/o/authorize/"
LOGIN_PATH = "/if/flow/default-authentication-flow/"
PKCE_VALUE = re.compile(r"^[A-Za-z0-9._~-]{43,128}$")


class AuthorizeError(Exception):
    """An error the provider reports to the client through its redirect URI."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


def _check_request(req: Request, client: Client) -> None:
    params = req.params
    if req.repeated:
        raise AuthorizeError("invalid_request", f"repeated parameter(s): {sorted(req.repeated)}")
    if "request" in params:
        raise AuthorizeError("request_not_supported", "request objects are not supported")
    if "request_uri" in params:
        raise AuthorizeError("request_uri_not_supported", "request_uri is not supported")
    if params.get("response_type") != "code":
        raise AuthorizeError("unsupported_response_type", "only response_type=code is supported")
    if params.get("response_mode", "query") != "query":
        raise AuthorizeError("invalid_request", "only response_mode=query is supported")
    challenge = params.get("code_challenge")
    method = params.get("code_challenge_method")
    if challenge is None:
        if method is not None:
            raise AuthorizeError("invalid_request", "code_challenge_method without code_challenge")
        if client.public:
            raise AuthorizeError("invalid_request", "PKCE is required for public clients")
        return
    if (method or "plain") not in ("S256", "plain"):
        raise AuthorizeError("invalid_request", f"unsupported code_challenge_method {method!r}")
    if not PKCE_VALUE.match(challenge):
        raise AuthorizeError("invalid_request", "malformed code_challenge")


def _error_redirect(redirect_uri: str, exc: AuthorizeError, state: str | None) -> Response:
    params = {"error": exc.error, "error_description": exc.description}
    if state is not None:
        params["state"] = state
    return Response.redirect(add_query(redirect_uri, params))


def _login_redirect(req: Request) -> Response:
    """Send the browser to the sign-in form, to come back here without `prompt=login`."""
    params = dict(req.params)
    prompt = [p for p in params.pop("prompt", "").split() if p != "login"]
    if prompt:
        params["prompt"] = " ".join(prompt)
    back = AUTHORIZE_PATH + "?" + urlencode(params)
    return Response.redirect(LOGIN_PATH + "?" + urlencode({"next": back}))


def _signed_in(state: ProviderState, req: Request) -> tuple[User | None, OpSession | None, str]:
    """Return who is signing in, their provider session, and how ("basic", "cookie", "")."""
    credentials = req.basic_credentials()
    if credentials is not None:
        return state.check_password(*credentials), None, "basic"
    session = state.session(req.cookies.get(SESSION_COOKIE))
    if session is not None:
        return state.users.get(session.username), session, "cookie"
    return None, None, ""


def authorize(state: ProviderState, req: Request) -> Response:
    """Handle an authorization request (GET or POST) of the authorization code flow."""
    params = req.params
    client = state.clients.get(params.get("client_id", ""))
    redirect_uri = params.get("redirect_uri", "")
    if client is None:
        state.record("authorize", "invalid_client", params)
        return Response.html(pages.error_page("Unknown client", "client_id is not registered"), 400)
    if redirect_uri not in client.redirect_uris:
        # Never redirect to an unregistered URI (authentik's "Redirect URI Error").
        state.record("authorize", "invalid_redirect_uri", params, registered=list(client.redirect_uris))
        detail = f"redirect_uri {redirect_uri!r} does not exactly match a registered URI"
        return Response.html(pages.error_page("Redirect URI Error", detail), 400)
    try:
        _check_request(req, client)
    except AuthorizeError as exc:
        state.record("authorize", exc.error, params, description=exc.description)
        return _error_redirect(redirect_uri, exc, params.get("state"))
    user, session, via = _signed_in(state, req)
    prompt = params.get("prompt", "").split()
    if via == "basic" and user is None:
        state.record("authorize", "access_denied", params, via=via)
        return Response.html(pages.error_page("Sign-in failed", "Invalid username or password"), 401)
    if user is None or (via == "cookie" and "login" in prompt):
        if "none" in prompt:
            required = AuthorizeError("login_required", "the user is not signed in at the provider")
            state.record("authorize", required.error, params)
            return _error_redirect(redirect_uri, required, params.get("state"))
        state.record("authorize", "login_form", params)
        return _login_redirect(req)
    if session is None:
        session = state.start_session(user)
    scopes = tuple(params.get("scope", "").split())
    grant = Grant(user, client, scopes, session.auth_time, session.sid, params.get("nonce"))
    challenge = params.get("code_challenge")
    method = (params.get("code_challenge_method") or "plain") if challenge else None
    code = state.issue_code(grant, redirect_uri, challenge, method)
    with state.lock:
        session.clients.add(client.client_id)
        returned_state = params.get("state")
        if state.misbehaviour.wrong_state:
            returned_state = "not-" + (returned_state or "")
    answer = {"code": code}
    if returned_state is not None:
        answer["state"] = returned_state
    location = add_query(redirect_uri, answer)
    state.record("authorize", "ok", params, via=via, username=user.username, sid=session.sid,
                 code=code, location=location)
    return Response.redirect(location)


def _safe_next(next_url: str) -> str:
    return next_url if next_url.startswith(AUTHORIZE_PATH) else "/"


def login(state: ProviderState, req: Request) -> Response:
    """Show the sign-in form (GET) or check it and start a provider session (POST)."""
    next_url = _safe_next(req.form.get("next") or req.query.get("next", ""))
    if req.method != "POST":
        return Response.html(pages.login_page(LOGIN_PATH, next_url, state.slug))
    username = req.form.get("username", "")
    user = state.check_password(username, req.form.get("password", ""))
    if user is None:
        state.record("login", "access_denied", {"username": username})
        page = pages.login_page(LOGIN_PATH, next_url, state.slug, "Invalid username or password", username)
        return Response.html(page)
    session = state.start_session(user)
    state.record("login", "ok", {"username": username}, sid=session.sid)
    return Response.redirect(next_url).set_cookie(SESSION_COOKIE, session.key)
