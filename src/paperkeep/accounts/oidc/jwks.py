"""Signing keys from a provider's JWKS, cached; a key id we have not seen refetches the set, at most once."""

from __future__ import annotations

import threading
import time
from typing import Any

from paperkeep.accounts.errors import DiscoveryFailed, TokenRejected
from paperkeep.accounts.oidc.http import get_json

REFETCH_INTERVAL = 5.0  # an unknown kid refetches the set at most this often per URL (no refetch storms)
TTL = 3600.0
_KTY = {"RS": "RSA", "PS": "RSA", "ES": "EC", "Ed": "OKP"}
_cache: dict[str, tuple[float, list[dict[str, Any]]]] = {}
_lock = threading.Lock()


def _fetch(url: str) -> list[dict[str, Any]]:
    doc = get_json(url, error=DiscoveryFailed, what="the provider's signing keys (JWKS)")
    keys = doc.get("keys") if isinstance(doc, dict) else None
    if not isinstance(keys, list):
        raise DiscoveryFailed(f"The signing keys at {url} are not a JWK set.")
    found = [key for key in keys if isinstance(key, dict)]
    with _lock:
        _cache[url] = (time.monotonic(), found)
    return found


def _keys(url: str) -> tuple[float, list[dict[str, Any]]]:
    with _lock:
        cached = _cache.get(url)
    if cached and time.monotonic() - cached[0] < TTL:
        return cached
    return time.monotonic(), _fetch(url)


def _match(keys: list[dict[str, Any]], kid: str | None, alg: str) -> dict[str, Any] | None:
    kty = _KTY.get(alg[:2])
    usable = [k for k in keys if k.get("kty") == kty and k.get("use", "sig") == "sig"
              and k.get("alg", alg) == alg]
    if kid is not None:
        return next((k for k in usable if k.get("kid") == kid), None)
    return usable[0] if len(usable) == 1 else None


def signing_key(url: str, kid: str | None, alg: str) -> Any:
    """Return the public key for (kid, alg); refetch the set once if the kid is new; else TokenRejected."""
    import jwt

    fetched_at, keys = _keys(url)
    jwk = _match(keys, kid, alg)
    if jwk is None and time.monotonic() - fetched_at >= REFETCH_INTERVAL:
        jwk = _match(_fetch(url), kid, alg)
    if jwk is None:
        raise TokenRejected(
            f"The token is signed with a key the provider does not publish (kid {kid!r}, {alg}).",
            code="sso.token.unknown_key",
        )
    try:
        return jwt.PyJWK(jwk, algorithm=alg).key
    except (jwt.PyJWKError, jwt.InvalidKeyError) as exc:
        raise TokenRejected(f"The provider's key {kid!r} cannot be used for {alg}.", code="sso.token.unknown_key",
                            detail=str(exc)) from None


def clear_cache() -> None:
    """Forget every cached key set."""
    with _lock:
        _cache.clear()
