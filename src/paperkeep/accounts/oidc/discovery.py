"""Fetch and cache each provider's discovery document; check that it names the issuer we were told to trust."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from paperkeep.accounts.conf import OidcApp
from paperkeep.accounts.errors import DiscoveryFailed, IssuerMismatch
from paperkeep.accounts.oidc.http import get_json

TTL = 300.0
_cache: dict[str, tuple[float, Metadata]] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Metadata:
    """The parts of a discovery document the relying party uses."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None = None
    end_session_endpoint: str | None = None
    introspection_endpoint: str | None = None
    id_token_algs: tuple[str, ...] = ("RS256",)
    code_challenge_methods: tuple[str, ...] = ()
    token_auth_methods: tuple[str, ...] = ("client_secret_basic",)
    raw: dict[str, Any] = field(default_factory=dict, compare=False)


def _strings(value: Any, default: tuple[str, ...] = ()) -> tuple[str, ...]:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return default


def parse_metadata(doc: Any, url: str) -> Metadata:
    """Turn a discovery document into Metadata; a missing required field raises DiscoveryFailed."""
    if not isinstance(doc, dict):
        raise DiscoveryFailed(f"The discovery document at {url} is not a JSON object.")
    missing = [key for key in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
               if not isinstance(doc.get(key), str) or not doc.get(key)]
    if missing:
        raise DiscoveryFailed(f"The discovery document at {url} lacks {', '.join(missing)}.")
    optional = {key: doc[key] if isinstance(doc.get(key), str) and doc.get(key) else None
                for key in ("userinfo_endpoint", "end_session_endpoint", "introspection_endpoint")}
    return Metadata(
        issuer=doc["issuer"],
        authorization_endpoint=doc["authorization_endpoint"],
        token_endpoint=doc["token_endpoint"],
        jwks_uri=doc["jwks_uri"],
        **optional,
        id_token_algs=_strings(doc.get("id_token_signing_alg_values_supported"), ("RS256",)),
        code_challenge_methods=_strings(doc.get("code_challenge_methods_supported")),
        token_auth_methods=_strings(doc.get("token_endpoint_auth_methods_supported"), ("client_secret_basic",)),
        raw=doc,
    )


def check_issuer(app: OidcApp, meta: Metadata) -> None:
    """Raise IssuerMismatch unless the document's issuer is the one server_url points at (Discovery 1.0 §4.3)."""
    if meta.issuer.rstrip("/") != app.expected_issuer.rstrip("/"):
        raise IssuerMismatch(
            f"The provider {app.label!r} says its issuer is {meta.issuer!r}, but server_url points at "
            f"{app.expected_issuer!r}. Set server_url to {meta.issuer.rstrip('/')}/.well-known/openid-configuration "
            "or fix the provider's public address.",
        )


def metadata(app: OidcApp, *, refresh: bool = False) -> Metadata:
    """Return the provider's checked metadata, from the cache when it is fresh."""
    url = app.discovery_url
    now = time.monotonic()
    with _lock:
        cached = _cache.get(url)
    if cached and not refresh and now - cached[0] < TTL:
        meta = cached[1]
    else:
        doc = get_json(url, error=DiscoveryFailed, what=f"the discovery document of {app.label!r}")
        meta = parse_metadata(doc, url)
        with _lock:
            _cache[url] = (now, meta)
    check_issuer(app, meta)
    return meta


def clear_cache() -> None:
    """Forget every cached discovery document (tests; `paperkeep sso check`)."""
    with _lock:
        _cache.clear()
