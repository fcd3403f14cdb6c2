"""The test OpenID Connect provider behaves like authentik, and misbehaves exactly on demand."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization

from .oidc_provider import BACKCHANNEL_EVENT, Client, ProviderHandle, User, start_provider
from .oidc_provider.flow import auth_request, callback_params, exchange, sign_in
from .oidc_provider.jose import b64url, b64url_decode

CALLBACK = "http://127.0.0.1:8000/accounts/oidc/authentik/login/callback/"
LOGGED_OUT = "http://127.0.0.1:8000/accounts/login/?loggedout=1"
ALICE = User("alice", "alice-pw", email="alice@example.org", name="Alice Liddell",
             given_name="Alice", family_name="Liddell", groups=["staff", "paperless-admins"])


class Receiver(ThreadingHTTPServer):
    """A stand-in relying party endpoint that records back-channel logout POSTs."""

    daemon_threads = True
    received: list[dict[str, list[str]]]


class _ReceiverHandler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        self.server.received.append(parse_qs(body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    server = Receiver(("127.0.0.1", 0), _ReceiverHandler)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def clients(receiver: Receiver) -> dict[str, Client]:
    backchannel = f"http://127.0.0.1:{receiver.server_address[1]}/accounts/oidc/backchannel-logout/"
    return {
        "RS256": Client("paperkeep", "rs-secret-that-is-long-enough-for-hs256", redirect_uris=[CALLBACK],
                        signing="RS256", post_logout_redirect_uris=[LOGGED_OUT],
                        backchannel_logout_uri=backchannel),
        "ES256": Client("paperkeep-es", "es-secret", redirect_uris=[CALLBACK], signing="ES256"),
        "HS256": Client("paperkeep-hs", "hs-secret-long-enough-for-hmac-sha256!", redirect_uris=[CALLBACK],
                        signing="HS256"),
        "public": Client("paperkeep-app", redirect_uris=[CALLBACK], public=True),
    }


@pytest.fixture(scope="module")
def provider(clients: dict[str, Client]) -> Iterator[ProviderHandle]:
    with start_provider(slug="paperless", clients=clients.values(), users=[ALICE]) as op:
        yield op


@pytest.fixture
def op(provider: ProviderHandle, receiver: Receiver) -> ProviderHandle:
    provider.reset()
    receiver.received.clear()
    return provider


@pytest.fixture
def rs(clients: dict[str, Client]) -> Client:
    return clients["RS256"]


def verified(op: ProviderHandle, token: str, client: Client) -> dict[str, Any]:
    """Validate `token` the way a strict relying party does (key from JWKS, iss, aud, exp, iat)."""
    if client.signing == "HS256":
        key: Any = client.client_secret
    else:
        key = jwt.PyJWKClient(op.jwks_uri, cache_keys=False).get_signing_key_from_jwt(token).key
    return dict(jwt.decode(token, key, algorithms=[client.signing], audience=client.client_id,
                           issuer=op.issuer, options={"require": ["exp", "iat", "iss", "aud", "sub"]}))


def unverified(token: str) -> dict[str, Any]:
    return dict(jwt.decode(token, options={"verify_signature": False}))


def published_key(op: ProviderHandle, alg: str) -> Any:
    keys = requests.get(op.jwks_uri, timeout=10).json()["keys"]
    return jwt.PyJWK(next(k for k in keys if k["alg"] == alg)).key


# --- discovery and the happy path ---------------------------------------------------------------

def test_discovery_document_has_authentik_layout(op: ProviderHandle) -> None:
    """GIVEN a provider for slug "paperless" WHEN its discovery document is fetched
    THEN issuer and endpoints sit where authentik puts them and PKCE S256 is offered."""
    doc = requests.get(op.discovery_url, timeout=10).json()
    base = op.base_url + "/application/o/"
    assert doc["issuer"] == base + "paperless/" == op.issuer
    assert (doc["authorization_endpoint"], doc["token_endpoint"], doc["userinfo_endpoint"]) == (
        base + "authorize/", base + "token/", base + "userinfo/")
    assert doc["end_session_endpoint"] == base + "paperless/end-session/"
    assert doc["jwks_uri"] == base + "paperless/jwks/"
    assert "S256" in doc["code_challenge_methods_supported"]
    assert doc["id_token_signing_alg_values_supported"] == ["RS256", "ES256", "HS256"]
    assert doc["backchannel_logout_supported"] is True


def test_discovery_of_another_slug_is_not_found(op: ProviderHandle) -> None:
    """GIVEN a provider for slug "paperless" WHEN another slug's discovery URL is fetched THEN 404."""
    url = op.base_url + "/application/o/other/.well-known/openid-configuration"
    assert requests.get(url, timeout=10).status_code == 404


def test_code_flow_with_pkce_returns_code_and_state(op: ProviderHandle, rs: Client) -> None:
    """GIVEN an authorization request with state, nonce and PKCE S256 WHEN alice signs in
    THEN the provider redirects to the exact callback with a code and the same state."""
    request = auth_request(op, rs)
    location = op.authorize(request.url, ALICE)
    assert location.startswith(CALLBACK + "?")
    params = callback_params(location)
    assert params["state"] == request.state and params["code"]


@pytest.mark.parametrize("signing", ["RS256", "ES256", "HS256"])
def test_id_token_verifies_and_carries_claims(op: ProviderHandle, clients: dict[str, Client], signing: str) -> None:
    """GIVEN a client signing with `signing` WHEN the code flow completes
    THEN the ID token verifies (JWKS, or the client secret for HS256) and carries alice's claims."""
    client = clients[signing]
    request, tokens = sign_in(op, client, ALICE)
    claims = verified(op, tokens["id_token"], client)
    assert claims["sub"] == ALICE.sub and claims["azp"] == client.client_id
    assert claims["nonce"] == request.nonce
    assert claims["email"] == "alice@example.org" and claims["email_verified"] is False
    assert (claims["name"], claims["given_name"], claims["family_name"]) == ("Alice Liddell", "Alice", "Liddell")
    assert claims["preferred_username"] == "alice" and claims["groups"] == ["staff", "paperless-admins"]
    assert claims["exp"] > claims["iat"] >= claims["auth_time"] and claims["sid"]
    assert claims["at_hash"] == b64url(hashlib.sha256(tokens["access_token"].encode()).digest()[:16])


def test_client_secret_post_is_accepted(op: ProviderHandle, rs: Client) -> None:
    """GIVEN a code WHEN the client authenticates with client_secret_post THEN tokens are issued."""
    request = auth_request(op, rs)
    code = callback_params(op.authorize(request.url, ALICE))["code"]
    assert "id_token" in exchange(op, rs, code, request, auth="post").json()
    assert op.login_events[-1].detail["client_auth"] == "client_secret_post"


def test_wrong_client_secret_is_refused(op: ProviderHandle, rs: Client) -> None:
    """GIVEN a code WHEN the client sends a wrong secret with Basic THEN 401 invalid_client."""
    request = auth_request(op, rs)
    code = callback_params(op.authorize(request.url, ALICE))["code"]
    response = exchange(op, Client(rs.client_id, "wrong", redirect_uris=[CALLBACK]), code, request)
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"
    assert response.headers["WWW-Authenticate"].startswith("Basic")


@pytest.mark.parametrize("redirect_uri", [CALLBACK.rstrip("/"), CALLBACK + "?x=1", CALLBACK.upper()])
def test_redirect_uri_must_match_exactly(op: ProviderHandle, rs: Client, redirect_uri: str) -> None:
    """GIVEN a strict redirect URI WHEN a near-miss is requested THEN an error page, no redirect."""
    response = requests.get(auth_request(op, rs, redirect_uri=redirect_uri).url, auth=("alice", "alice-pw"),
                            allow_redirects=False, timeout=10)
    assert response.status_code == 400 and "Location" not in response.headers
    assert op.login_events[-1].outcome == "invalid_redirect_uri"


def test_replayed_code_is_refused_and_revokes_tokens(op: ProviderHandle, rs: Client) -> None:
    """GIVEN a redeemed code WHEN it is redeemed again THEN invalid_grant, and the first tokens die."""
    request = auth_request(op, rs)
    code = callback_params(op.authorize(request.url, ALICE))["code"]
    first = exchange(op, rs, code, request).json()
    second = exchange(op, rs, code, request)
    assert second.status_code == 400 and second.json()["error"] == "invalid_grant"
    userinfo = requests.get(op.userinfo_endpoint, headers={"Authorization": f"Bearer {first['access_token']}"},
                            timeout=10)
    assert userinfo.status_code == 401


@pytest.mark.parametrize("verifier", [None, "x" * 43], ids=["missing", "wrong"])
def test_code_verifier_must_match_challenge(op: ProviderHandle, rs: Client, verifier: str | None) -> None:
    """GIVEN a code issued for a S256 challenge WHEN the verifier is missing or wrong THEN invalid_grant."""
    request = dataclasses.replace(auth_request(op, rs), code_verifier=verifier)
    code = callback_params(op.authorize(request.url, ALICE))["code"]
    response = exchange(op, rs, code, request)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_token_request_with_other_redirect_uri_is_refused(op: ProviderHandle, rs: Client) -> None:
    """GIVEN a code WHEN the token request names another redirect_uri THEN invalid_grant."""
    request = auth_request(op, rs)
    code = callback_params(op.authorize(request.url, ALICE))["code"]
    response = exchange(op, rs, code, request, redirect_uri=CALLBACK + "x")
    assert response.json()["error"] == "invalid_grant"


def test_public_client_must_use_pkce(op: ProviderHandle, clients: dict[str, Client]) -> None:
    """GIVEN a public client WHEN it asks for a code without PKCE THEN the error goes to its callback."""
    request = auth_request(op, clients["public"], pkce=False)
    params = callback_params(op.authorize(request.url, ALICE))
    assert params["error"] == "invalid_request" and params["state"] == request.state


def test_browser_sign_in_through_the_login_form(op: ProviderHandle, rs: Client) -> None:
    """GIVEN a browser without a provider session WHEN it follows authorize, fills the form and submits
    THEN it comes back to authorize signed in and is redirected to the callback with a code."""
    browser = requests.Session()
    request = auth_request(op, rs)
    to_login = browser.get(request.url, allow_redirects=False, timeout=10)
    form_page = browser.get(op.base_url + to_login.headers["Location"], timeout=10)
    assert 'id="username"' in form_page.text and 'name="password"' in form_page.text
    assert ">Log in</button>" in form_page.text
    next_url = parse_qs(urlsplit(to_login.headers["Location"]).query)["next"][0]
    posted = browser.post(form_page.url, data={"username": "alice", "password": "alice-pw", "next": next_url},
                          allow_redirects=False, timeout=10)
    back = browser.get(op.base_url + posted.headers["Location"], allow_redirects=False, timeout=10)
    assert callback_params(back.headers["Location"])["state"] == request.state


def test_login_form_refuses_a_wrong_password(op: ProviderHandle) -> None:
    """GIVEN the login form WHEN a wrong password is posted THEN the form is shown again with an error."""
    response = requests.post(op.base_url + "/if/flow/default-authentication-flow/",
                             data={"username": "alice", "password": "nope"}, allow_redirects=False, timeout=10)
    assert response.status_code == 200 and "Invalid username or password" in response.text
    assert "authentik_session" not in response.headers.get("Set-Cookie", "")


def test_prompt_none_without_session_returns_login_required(op: ProviderHandle, rs: Client) -> None:
    """GIVEN no provider session WHEN authorize is called with prompt=none THEN error login_required."""
    response = requests.get(auth_request(op, rs, prompt="none").url, allow_redirects=False, timeout=10)
    assert callback_params(response.headers["Location"])["error"] == "login_required"


def test_userinfo_returns_the_same_claims(op: ProviderHandle, rs: Client) -> None:
    """GIVEN an access token WHEN userinfo is called THEN it returns the ID token's sub and claims."""
    _, tokens = sign_in(op, rs, ALICE)
    info = requests.get(op.userinfo_endpoint, headers={"Authorization": f"Bearer {tokens['access_token']}"},
                        timeout=10).json()
    assert info["sub"] == unverified(tokens["id_token"])["sub"] and info["groups"] == list(ALICE.groups)
    assert info["email_verified"] is False


def test_introspection_and_revocation(op: ProviderHandle, rs: Client) -> None:
    """GIVEN an issued opaque token WHEN it is introspected, revoked, introspected THEN active, then not."""
    tokens = op.issue_access_token(ALICE, rs)
    auth = (rs.client_id, rs.client_secret)
    first = requests.post(op.introspection_endpoint, data={"token": tokens.opaque}, auth=auth, timeout=10).json()
    assert first["active"] is True and first["sub"] == ALICE.sub and first["client_id"] == rs.client_id
    requests.post(op.revocation_endpoint, data={"token": tokens.opaque}, auth=auth, timeout=10)
    after = requests.post(op.introspection_endpoint, data={"token": tokens.opaque}, auth=auth, timeout=10).json()
    assert after == {"active": False}


def test_issued_jwt_access_token_verifies(op: ProviderHandle, rs: Client) -> None:
    """GIVEN issue_access_token WHEN its JWT is verified THEN iss, aud, scope and sub are alice's."""
    claims = verified(op, op.issue_access_token(ALICE, rs, scope="openid profile").jwt, rs)
    assert claims["scope"] == "openid profile" and claims["client_id"] == rs.client_id


def test_refresh_token_grant(op: ProviderHandle, rs: Client) -> None:
    """GIVEN scope offline_access WHEN the refresh token is used THEN new tokens, and the old one is spent."""
    _, tokens = sign_in(op, rs, ALICE, scope="openid offline_access")
    form = {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    auth = (rs.client_id, rs.client_secret)
    assert "id_token" in requests.post(op.token_endpoint, data=form, auth=auth, timeout=10).json()
    assert requests.post(op.token_endpoint, data=form, auth=auth, timeout=10).json()["error"] == "invalid_grant"


def test_control_endpoint_needs_the_token(op: ProviderHandle) -> None:
    """GIVEN the provider WHEN /_control is called without its token THEN 403."""
    assert requests.post(op.base_url + "/_control/reset", json={}, timeout=10).status_code == 403


def test_unknown_misbehaviour_switch_fails_in_the_test(op: ProviderHandle) -> None:
    """GIVEN a typo in a switch name WHEN misbehave is called THEN TypeError, not silence."""
    with pytest.raises(TypeError, match="wrong_isss"):
        op.misbehave(wrong_isss=True)


def test_provider_is_a_separate_process_that_stops(clients: dict[str, Client]) -> None:
    """GIVEN a started provider WHEN its context ends THEN the process is gone and the port closed."""
    with start_provider(slug="other", clients=[clients["RS256"]]) as other:
        pid, url = other.process.pid, other.discovery_url
        assert requests.get(url, timeout=10).json()["issuer"].endswith("/application/o/other/")
    assert other.process.poll() is not None and pid
    with pytest.raises(requests.ConnectionError):
        requests.get(url, timeout=2)



# --- misbehaviour: each switch produces exactly the defect a relying party must catch -----------

def _rejected(error: type[Exception]) -> Any:
    def check(op: ProviderHandle, client: Client, request: Any, tokens: dict[str, Any]) -> None:
        with pytest.raises(error):
            verified(op, tokens["id_token"], client)
    return check


def _claims_check(predicate: Any) -> Any:
    def check(op: ProviderHandle, client: Client, request: Any, tokens: dict[str, Any]) -> None:
        assert predicate(unverified(tokens["id_token"]), request)
    return check


def _alg_none(op: ProviderHandle, client: Client, request: Any, tokens: dict[str, Any]) -> None:
    token = tokens["id_token"]
    assert jwt.get_unverified_header(token)["alg"] == "none" and token.endswith(".")
    with pytest.raises(jwt.InvalidAlgorithmError):
        jwt.decode(token, published_key(op, "RS256"), algorithms=["RS256"], audience=client.client_id)


def _alg_confusion(op: ProviderHandle, client: Client, request: Any, tokens: dict[str, Any]) -> None:
    token = tokens["id_token"]
    header = jwt.get_unverified_header(token)
    key = jwt.PyJWKClient(op.jwks_uri, cache_keys=False).get_signing_key(header["kid"]).key
    pem = key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    signing_input, _, signature = token.rpartition(".")
    expected = hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()
    assert header["alg"] == "HS256" and hmac.compare_digest(b64url_decode(signature), expected)
    _rejected(jwt.InvalidAlgorithmError)(op, client, request, tokens)


def _unexpected_hs256(op: ProviderHandle, client: Client, request: Any, tokens: dict[str, Any]) -> None:
    token = tokens["id_token"]
    assert jwt.decode(token, client.client_secret, algorithms=["HS256"], audience=client.client_id)["sub"]
    _rejected(jwt.PyJWKClientError)(op, client, request, tokens)


def _unknown_kid(op: ProviderHandle, client: Client, request: Any, tokens: dict[str, Any]) -> None:
    kids = {k["kid"] for k in requests.get(op.jwks_uri, timeout=10).json()["keys"]}
    assert jwt.get_unverified_header(tokens["id_token"])["kid"] not in kids
    _rejected(jwt.PyJWKClientError)(op, client, request, tokens)


def _clock_skew(op: ProviderHandle, client: Client, request: Any, tokens: dict[str, Any]) -> None:
    claims = unverified(tokens["id_token"])
    assert 110 <= claims["iat"] - time.time() <= 130


def _userinfo(tokens: dict[str, Any], op: ProviderHandle) -> requests.Response:
    return requests.get(op.userinfo_endpoint, headers={"Authorization": f"Bearer {tokens['access_token']}"},
                        timeout=10)


MISBEHAVIOURS: list[tuple[dict[str, Any], Any]] = [
    ({"wrong_iss": True}, _rejected(jwt.InvalidIssuerError)),
    ({"wrong_aud": True}, _rejected(jwt.InvalidAudienceError)),
    ({"wrong_azp": True}, _claims_check(lambda c, r: "paperkeep" in c["aud"] and c["azp"] == "someone-else")),
    ({"bad_signature": True}, _rejected(jwt.InvalidSignatureError)),
    ({"alg_none": True}, _alg_none),
    ({"alg_confusion": True}, _alg_confusion),
    ({"unexpected_hs256": True}, _unexpected_hs256),
    ({"unknown_kid": True}, _unknown_kid),
    ({"expired": True}, _rejected(jwt.ExpiredSignatureError)),
    ({"iat_in_future": True}, _rejected(jwt.ImmatureSignatureError)),
    ({"clock_skew": 120}, _clock_skew),
    ({"wrong_nonce": True}, _claims_check(lambda c, r: c["nonce"] not in ("", r.nonce))),
    ({"missing_nonce": True}, _claims_check(lambda c, r: "nonce" not in c)),
    ({"missing_sub": True}, _rejected(jwt.MissingRequiredClaimError)),
    ({"email_verified_string": True}, _claims_check(lambda c, r: c["email_verified"] == "true")),
    ({"id_token_claims": {"groups": ["intruders"], "email": None}},
     _claims_check(lambda c, r: c["groups"] == ["intruders"] and "email" not in c)),
    ({"missing_id_token": True}, lambda op, c, r, t: "id_token" not in t and t["access_token"]),
    ({"userinfo_sub_differs": True},
     lambda op, c, r, t: _userinfo(t, op).json()["sub"] not in ("", unverified(t["id_token"])["sub"])),
    ({"userinfo_fails": True}, lambda op, c, r, t: _userinfo(t, op).status_code == 401),
    ({"userinfo_claims": {"email_verified": True}}, lambda op, c, r, t: _userinfo(t, op).json()["email_verified"]),
]


@pytest.mark.parametrize(("switches", "check"), MISBEHAVIOURS, ids=[next(iter(s)) for s, _ in MISBEHAVIOURS])
def test_misbehaviour_produces_its_defect(op: ProviderHandle, rs: Client, switches: dict[str, Any],
                                          check: Any) -> None:
    """GIVEN one misbehaviour switch WHEN alice completes the code flow
    THEN the artefact has exactly that defect (and a strict check rejects it where one applies)."""
    op.misbehave(**switches)
    request, tokens = sign_in(op, rs, ALICE)
    assert check(op, rs, request, tokens) is not False


def test_allow_code_replay_lets_a_code_be_redeemed_twice(op: ProviderHandle, rs: Client) -> None:
    """GIVEN allow_code_replay WHEN a code is redeemed twice THEN both redemptions succeed."""
    op.misbehave(allow_code_replay=True)
    request = auth_request(op, rs)
    code = callback_params(op.authorize(request.url, ALICE))["code"]
    assert exchange(op, rs, code, request).ok and exchange(op, rs, code, request).ok


def test_wrong_state_returns_another_state(op: ProviderHandle, rs: Client) -> None:
    """GIVEN wrong_state WHEN alice signs in THEN the callback carries a state the client never sent."""
    op.misbehave(wrong_state=True)
    request = auth_request(op, rs)
    assert callback_params(op.authorize(request.url, ALICE))["state"] != request.state


def test_misbehaving_block_restores_good_behaviour(op: ProviderHandle, rs: Client) -> None:
    """GIVEN a `misbehaving(expired=True)` block WHEN it ends THEN new ID tokens verify again."""
    with op.misbehaving(expired=True):
        pass
    assert verified(op, sign_in(op, rs, ALICE)[1]["id_token"], rs)["sub"] == ALICE.sub


def test_rotated_keys_are_published_and_used(op: ProviderHandle, rs: Client) -> None:
    """GIVEN a key rotation WHEN a new ID token is issued THEN it has the new kid, which the JWKS
    now lists next to the old one, and every JWKS download is counted."""
    old_kid = jwt.get_unverified_header(sign_in(op, rs, ALICE)[1]["id_token"])["kid"]
    new_kid = op.rotate_keys()["RS256"]
    token = sign_in(op, rs, ALICE)[1]["id_token"]
    kids = {k["kid"] for k in requests.get(op.jwks_uri, timeout=10).json()["keys"]}
    assert jwt.get_unverified_header(token)["kid"] == new_kid and {old_kid, new_kid} <= kids
    assert verified(op, token, rs)["sub"] == ALICE.sub and op.jwks_fetches == 2


# --- logout: RP-initiated (end-session) and back-channel -----------------------------------------

def _end_session(op: ProviderHandle, session: requests.Session | None = None, **params: str) -> requests.Response:
    return (session or requests).get(op.end_session_endpoint, params=params, allow_redirects=False, timeout=10)


def _browser_sign_in(op: ProviderHandle, client: Client) -> tuple[requests.Session, dict[str, Any]]:
    """Sign alice in through the login form, so the provider holds a cookie session."""
    browser = requests.Session()
    request = auth_request(op, client)
    to_login = browser.get(request.url, allow_redirects=False, timeout=10)
    next_url = parse_qs(urlsplit(to_login.headers["Location"]).query)["next"][0]
    browser.post(op.base_url + "/if/flow/default-authentication-flow/",
                 data={"username": "alice", "password": "alice-pw", "next": next_url}, timeout=10,
                 allow_redirects=False)
    back = browser.get(op.base_url + next_url, allow_redirects=False, timeout=10)
    code = callback_params(back.headers["Location"])["code"]
    return browser, exchange(op, client, code, request).json()


def test_end_session_redirects_with_state_and_records_the_call(op: ProviderHandle, rs: Client) -> None:
    """GIVEN alice's ID token WHEN the client sends her to end-session with the hint, a registered
    post_logout_redirect_uri and a state THEN she is sent there with the state, and the call is recorded."""
    _, tokens = sign_in(op, rs, ALICE)
    response = _end_session(op, id_token_hint=tokens["id_token"], post_logout_redirect_uri=LOGGED_OUT, state="s1")
    assert response.status_code == 302 and response.headers["Location"] == LOGGED_OUT + "&state=s1"
    event = next(e for e in op.logout_events if e.endpoint == "end-session")
    assert event.params == {"id_token_hint": tokens["id_token"], "post_logout_redirect_uri": LOGGED_OUT,
                            "state": "s1"}
    assert event.detail["hint_valid"] is True and event.detail["session_ended"] is True


def test_end_session_without_parameters_shows_a_page(op: ProviderHandle) -> None:
    """GIVEN the guide's bare end-session URL WHEN it is opened THEN a logged-out page, recorded."""
    response = _end_session(op)
    assert response.status_code == 200 and 'id="logged-out"' in response.text
    assert op.logout_events[-1].outcome == "ok" and op.logout_events[-1].detail["hint_valid"] is False


def test_end_session_refuses_a_forged_hint(op: ProviderHandle, rs: Client) -> None:
    """GIVEN an ID token with a broken signature WHEN used as id_token_hint THEN 400, no redirect."""
    op.misbehave(bad_signature=True)
    forged = sign_in(op, rs, ALICE)[1]["id_token"]
    response = _end_session(op, id_token_hint=forged, post_logout_redirect_uri=LOGGED_OUT)
    assert response.status_code == 400 and "Location" not in response.headers
    assert op.logout_events[-1].outcome == "invalid_request"
    assert op.logout_events[-1].detail["hint_valid"] is False


def test_end_session_refuses_an_unregistered_redirect(op: ProviderHandle, rs: Client) -> None:
    """GIVEN a valid hint WHEN post_logout_redirect_uri is not registered THEN 400, no redirect."""
    hint = sign_in(op, rs, ALICE)[1]["id_token"]
    response = _end_session(op, id_token_hint=hint, post_logout_redirect_uri="http://evil.example/")
    assert response.status_code == 400 and "Location" not in response.headers


def test_end_session_accepts_an_expired_hint(op: ProviderHandle, rs: Client) -> None:
    """GIVEN an expired ID token WHEN it is the id_token_hint THEN logout still redirects."""
    with op.misbehaving(expired=True):
        hint = sign_in(op, rs, ALICE)[1]["id_token"]
    assert _end_session(op, id_token_hint=hint, post_logout_redirect_uri=LOGGED_OUT).status_code == 302


def test_end_session_ends_the_browser_session(op: ProviderHandle, clients: dict[str, Client]) -> None:
    """GIVEN alice signed in at the provider in a browser WHEN that browser visits end-session
    THEN a later prompt=none authorization answers login_required."""
    client = clients["ES256"]
    browser, _ = _browser_sign_in(op, client)
    silent = auth_request(op, client, prompt="none").url
    assert "code" in callback_params(browser.get(silent, allow_redirects=False, timeout=10).headers["Location"])
    _end_session(op, browser)
    again = browser.get(auth_request(op, client, prompt="none").url, allow_redirects=False, timeout=10)
    assert callback_params(again.headers["Location"])["error"] == "login_required"


def test_end_session_notifies_the_client_by_back_channel(op: ProviderHandle, rs: Client, receiver: Receiver) -> None:
    """GIVEN alice signed in to a client with a back-channel logout URI WHEN she logs out at end-session
    THEN the provider POSTs a logout token for her session to that client."""
    browser, tokens = _browser_sign_in(op, rs)
    _end_session(op, browser)
    [form] = receiver.received
    claims = verified_logout_token(op, form["logout_token"][0], rs)
    assert claims["sid"] == unverified(tokens["id_token"])["sid"]


def verified_logout_token(op: ProviderHandle, token: str, client: Client) -> dict[str, Any]:
    key = jwt.PyJWKClient(op.jwks_uri, cache_keys=False).get_signing_key_from_jwt(token).key
    return dict(jwt.decode(token, key, algorithms=[client.signing], audience=client.client_id, issuer=op.issuer,
                           options={"require": ["iat", "exp", "jti"]}))


def test_backchannel_logout_token_is_valid(op: ProviderHandle, rs: Client, receiver: Receiver) -> None:
    """GIVEN alice signed in to the client WHEN the provider sends a back-channel logout
    THEN the client receives a signed logout token: typ logout+jwt, the event, her sub and sid, no nonce."""
    _, tokens = sign_in(op, rs, ALICE)
    result = op.send_backchannel_logout(ALICE, rs)
    assert result.status == 200 and receiver.received == [{"logout_token": [result.logout_token]}]
    claims = verified_logout_token(op, result.logout_token, rs)
    assert jwt.get_unverified_header(result.logout_token)["typ"] == "logout+jwt"
    assert claims["events"] == {BACKCHANNEL_EVENT: {}} and "nonce" not in claims
    assert (claims["sub"], claims["sid"]) == (ALICE.sub, unverified(tokens["id_token"])["sid"])


@pytest.mark.parametrize(("switch", "defect"), [
    ("logout_token_nonce", lambda c: "nonce" in c),
    ("logout_token_no_events", lambda c: "events" not in c),
    ("wrong_aud", lambda c: c["aud"] != "paperkeep"),
])
def test_logout_token_misbehaviour(op: ProviderHandle, rs: Client, switch: str, defect: Any) -> None:
    """GIVEN a logout-token misbehaviour WHEN a back-channel logout is sent THEN the token has that defect."""
    sign_in(op, rs, ALICE)
    op.misbehave(**{switch: True})
    assert defect(unverified(op.send_backchannel_logout(ALICE, rs).logout_token))


def test_backchannel_logout_to_an_unreachable_client_is_reported(op: ProviderHandle, rs: Client) -> None:
    """GIVEN a back-channel URI nobody listens on WHEN a logout is sent THEN no status and an error."""
    result = op.send_backchannel_logout(ALICE, rs, sid=None, uri="http://127.0.0.1:9/backchannel/")
    assert result.status is None and result.error
    assert op.logout_events[-1].outcome == "failed"
