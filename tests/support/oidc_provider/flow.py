"""A minimal relying party for driving the provider with `requests` (tests of the provider,
and tests that need real tokens without going through Paperkeep's login views)."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from .handle import ProviderHandle
from .model import Client, User


@dataclass(frozen=True)
class AuthRequest:
    """The parameters a relying party keeps between the authorization request and the callback."""

    url: str
    redirect_uri: str
    state: str
    nonce: str
    code_verifier: str | None


def pkce_pair() -> tuple[str, str]:
    """Return (code_verifier, S256 code_challenge)."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def auth_request(op: ProviderHandle, client: Client, *, scope: str = "openid email profile",
                 redirect_uri: str | None = None, pkce: bool = True, **extra: str) -> AuthRequest:
    """Build an authorization request URL like a careful relying party (state, nonce, PKCE S256)."""
    redirect = redirect_uri if redirect_uri is not None else client.redirect_uris[0]
    state, nonce = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    params = {"response_type": "code", "client_id": client.client_id, "redirect_uri": redirect,
              "scope": scope, "state": state, "nonce": nonce}
    verifier = None
    if pkce:
        verifier, challenge = pkce_pair()
        params.update(code_challenge=challenge, code_challenge_method="S256")
    params.update(extra)
    url = op.authorization_endpoint + "?" + urlencode(params)
    return AuthRequest(url, redirect, state, nonce, verifier)


def callback_params(location: str) -> dict[str, str]:
    """Return the query parameters of the redirect to the client (code, state or error)."""
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def exchange(op: ProviderHandle, client: Client, code: str, request: AuthRequest, *,
             auth: str = "basic", **overrides: str) -> requests.Response:
    """POST the code to the token endpoint with client_secret_basic or client_secret_post."""
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": request.redirect_uri}
    if request.code_verifier is not None:
        form["code_verifier"] = request.code_verifier
    basic = None
    if auth == "basic":
        basic = (client.client_id, client.client_secret)
    elif auth == "post":
        form.update(client_id=client.client_id, client_secret=client.client_secret)
    else:
        form["client_id"] = client.client_id
    form.update(overrides)
    return requests.post(op.token_endpoint, data=form, auth=basic, timeout=30)


def sign_in(op: ProviderHandle, client: Client, user: User, **kwargs: Any) -> tuple[AuthRequest, dict[str, Any]]:
    """Run the whole code flow for `user`; return the request and the token response JSON."""
    request = auth_request(op, client, **kwargs)
    params = callback_params(op.authorize(request.url, user))
    response = exchange(op, client, params["code"], request)
    response.raise_for_status()
    return request, response.json()
