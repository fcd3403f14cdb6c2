"""PAPERLESS_SOCIALACCOUNT_PROVIDERS: parse the allauth provider JSON, check the OpenID Connect shape, and
normalise string booleans.

Upstream hands the JSON to allauth unchanged, so `"OAUTH_PKCE_ENABLED": "False"` is truthy there. Here a
known boolean key given as a string means what it says: "True"/"true"/"yes"/"1" become True and
"False"/"false"/"no"/"0" become False; any other string is an error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from paperkeep.config.errors import Invalid, is_secret_name
from paperkeep.config.values import BOOL_EXPECTED, Context, json_text, to_bool

# allauth provider- and app-level settings that are booleans (compared case-insensitively).
BOOLEAN_KEYS = frozenset({
    "oauth_pkce_enabled", "fetch_userinfo", "verified_email", "email_authentication",
    "email_authentication_auto_connect", "store_tokens", "hidden",
})
CLAIM_FIELDS = ("username", "email", "first_name", "last_name", "groups")
_PROVIDER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_SHAPE = 'an object like {"openid_connect": {"APPS": [{"provider_id": ..., "client_id": ..., ' \
         '"settings": {"server_url": ...}}]}}'


def _fail(problem: str, expected: str) -> Invalid:
    return Invalid(problem, expected, show_value=False, code="config.invalid_providers")


def _shown(key: str, value: Any) -> str:
    return "'********'" if is_secret_name(key) else repr(value)


def _normalise(value: Any, where: str) -> Any:
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            path = f"{where}.{key}"
            if str(key).lower() in BOOLEAN_KEYS and not isinstance(item, bool):
                if not isinstance(item, str):
                    raise _fail(f"has {path}={item!r}, which is not a boolean", "true or false")
                try:
                    item = to_bool(item)
                except Invalid:
                    raise _fail(f"has {path}={item!r}, which is not a boolean", BOOL_EXPECTED) from None
            out[str(key)] = _normalise(item, path)
        return out
    if isinstance(value, list):
        return [_normalise(item, f"{where}[{index}]") for index, item in enumerate(value)]
    return value


def _require_text(app: Mapping[str, Any], key: str, where: str) -> str:
    value = app.get(key)
    if not isinstance(value, str) or not value.strip():
        state = "has no" if value in (None, "") else f"has {_shown(key, value)} as"
        raise _fail(f"has {where} which {state} {key}",
                    "every app to have provider_id, client_id and settings.server_url as text")
    return value


def _check_claims(claims: Any, where: str) -> None:
    if not isinstance(claims, Mapping):
        raise _fail(f"has {where} which is not an object", 'a mapping of field to claim, like {"username": "email"}')
    for field, claim in claims.items():
        if field not in CLAIM_FIELDS:
            raise _fail(f"has {where}.{field}, which is not a user field", "claims for " + ", ".join(CLAIM_FIELDS))
        if not isinstance(claim, str) or not claim.strip():
            raise _fail(f"has {where}.{field}={claim!r}, which is not a claim name", "a claim name as text")


def _check_scope(scope: Any, where: str) -> None:
    if not (isinstance(scope, list) and all(isinstance(item, str) and item for item in scope)):
        raise _fail(f"has {where}={scope!r}, which is not a list of scopes", 'a list like ["openid", "email"]')


def _check_app(app: Any, where: str, seen: set[str]) -> None:
    if not isinstance(app, Mapping):
        raise _fail(f"has {where} which is not an object", _SHAPE)
    provider_id = _require_text(app, "provider_id", where)
    if not _PROVIDER_ID.match(provider_id):
        raise _fail(f"has {where}.provider_id={provider_id!r}, which cannot be part of a URL",
                    "letters, digits, '.', '_' and '-'")
    if provider_id in seen:
        raise _fail(f"has provider_id {provider_id!r} twice", "a different provider_id for every app")
    seen.add(provider_id)
    _require_text(app, "client_id", where)
    for key in ("name", "secret"):
        if key in app and not isinstance(app[key], str):
            raise _fail(f"has {where}.{key} which is not text", f"{key} as text")
    settings = app.get("settings")
    if not isinstance(settings, Mapping):
        raise _fail(f"has {where} which has no settings", "every app to have settings.server_url")
    server_url = _require_text(settings, "server_url", f"{where}.settings")
    parts = urlsplit(server_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _fail(f"has {where}.settings.server_url={server_url!r}, which is not an http(s) URL",
                    "the provider's issuer or .well-known/openid-configuration URL")
    if "claims" in settings:
        _check_claims(settings["claims"], f"{where}.settings.claims")
    if "SCOPE" in settings:
        _check_scope(settings["SCOPE"], f"{where}.settings.SCOPE")


def _check_openid_connect(provider: Mapping[str, Any]) -> None:
    apps = provider.get("APPS")
    if not isinstance(apps, list) or not apps:
        raise _fail("has openid_connect without an APPS list", "openid_connect.APPS to list at least one app")
    seen: set[str] = set()
    for index, app in enumerate(apps):
        _check_app(app, f"openid_connect.APPS[{index}]", seen)
    if "SCOPE" in provider:
        _check_scope(provider["SCOPE"], "openid_connect.SCOPE")


def socialaccount_providers(text: str, ctx: Context) -> dict[str, Any]:
    """Parse PAPERLESS_SOCIALACCOUNT_PROVIDERS into allauth's SOCIALACCOUNT_PROVIDERS, checked and normalised."""
    data = json_text(text)
    if not isinstance(data, dict):
        raise _fail("is not a JSON object", _SHAPE)
    result: dict[str, Any] = {}
    for name, provider in data.items():
        if not isinstance(provider, dict):
            raise _fail(f"has {name} which is not an object", _SHAPE)
        normalised = _normalise(provider, name)
        if name == "openid_connect":
            _check_openid_connect(normalised)
        result[name] = normalised
    return result
