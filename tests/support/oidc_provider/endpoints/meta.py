"""Discovery document and JWKS, per application slug as authentik serves them."""

from __future__ import annotations

from typing import Any

from ..store import ProviderState
from ..wire import Request, Response

ALG_ORDER = ("RS256", "ES256", "HS256")


def discovery_document(state: ProviderState) -> dict[str, Any]:
    """Describe exactly what this provider implements, with authentik's endpoint layout."""
    base = state.base_url + "/application/o/"
    with state.lock:
        algs = {c.signing for c in state.clients.values()} or {"RS256"}
    return {
        "issuer": state.issuer,
        "authorization_endpoint": base + "authorize/",
        "token_endpoint": base + "token/",
        "userinfo_endpoint": base + "userinfo/",
        "end_session_endpoint": f"{base}{state.slug}/end-session/",
        "introspection_endpoint": base + "introspect/",
        "revocation_endpoint": base + "revoke/",
        "jwks_uri": f"{base}{state.slug}/jwks/",
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "id_token_signing_alg_values_supported": [a for a in ALG_ORDER if a in algs],
        "subject_types_supported": ["public"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "introspection_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "revocation_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "acr_values_supported": ["goauthentik.io/providers/oauth2/default"],
        "scopes_supported": ["openid", "email", "profile", "offline_access"],
        "request_parameter_supported": False,
        "request_uri_parameter_supported": False,
        "claims_supported": [
            "sub", "iss", "aud", "exp", "iat", "auth_time", "acr", "amr", "nonce", "sid", "azp",
            "email", "email_verified", "name", "given_name", "family_name",
            "preferred_username", "nickname", "groups",
        ],
        "claims_parameter_supported": False,
        "code_challenge_methods_supported": ["plain", "S256"],
        "backchannel_logout_supported": True,
        "backchannel_logout_session_supported": True,
    }


def discovery(state: ProviderState, req: Request) -> Response:
    with state.lock:
        state.discovery_fetches += 1
    return Response.json(discovery_document(state))


def jwks(state: ProviderState, req: Request) -> Response:
    with state.lock:
        state.jwks_fetches += 1
    return Response.json(state.keyring.jwks())
