"""Client authentication at the token, introspection and revocation endpoints."""

from __future__ import annotations

import hmac

from ..model import Client
from ..store import ProviderState
from ..wire import Request, Response


class ClientAuthError(Exception):
    def __init__(self, response: Response, reason: str) -> None:
        super().__init__(reason)
        self.response = response
        self.reason = reason


def _invalid_client(reason: str, basic: bool) -> ClientAuthError:
    headers = {"WWW_Authenticate": 'Basic realm="authentik"'} if basic else {}
    response = Response.oauth_error("invalid_client", reason, 401, **headers)
    return ClientAuthError(response, reason)


def authenticate_client(
    state: ProviderState, req: Request, *, allow_public: bool = True
) -> tuple[Client, str]:
    """Return the authenticated client and the method used, or raise ClientAuthError.

    Methods: client_secret_basic, client_secret_post, and "none" for public clients.
    """
    basic = req.basic_credentials()
    form_id = req.form.get("client_id")
    form_secret = req.form.get("client_secret")
    if basic is not None and form_secret is not None:
        response = Response.oauth_error("invalid_request", "more than one client authentication method")
        raise ClientAuthError(response, "two methods")
    if basic is not None:
        client_id, secret, method = basic[0], basic[1], "client_secret_basic"
        if form_id is not None and form_id != client_id:
            response = Response.oauth_error("invalid_request", "client_id differs from Basic user")
            raise ClientAuthError(response, "client_id mismatch")
    elif form_secret is not None:
        client_id, secret, method = form_id or "", form_secret, "client_secret_post"
    elif form_id is not None:
        client = state.clients.get(form_id)
        if client is not None and client.public and allow_public:
            return client, "none"
        raise _invalid_client("client authentication required", basic=False)
    else:
        raise _invalid_client("client authentication required", basic=False)
    client = state.clients.get(client_id)
    if client is None or client.public:
        raise _invalid_client("unknown client", basic=method == "client_secret_basic")
    if not hmac.compare_digest(client.client_secret.encode(), secret.encode()):
        raise _invalid_client("wrong client secret", basic=method == "client_secret_basic")
    return client, method
