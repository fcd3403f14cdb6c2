"""PAPERLESS_SOCIALACCOUNT_PROVIDERS: the OpenID Connect shape is checked and string booleans mean what they say."""

from __future__ import annotations

import json
from typing import Any

import pytest

from paperkeep.config import ConfigError

from .conftest import Site

VAR = "PAPERLESS_SOCIALACCOUNT_PROVIDERS"


def _app(provider_id: str = "authentik", **settings: Any) -> dict[str, Any]:
    return {"provider_id": provider_id, "name": provider_id.title(), "client_id": f"{provider_id}-client",
            "secret": "hush", "settings": {"server_url": f"https://{provider_id}.example/", **settings}}


def _providers(site: Site, value: Any) -> dict[str, Any]:
    return site.load({VAR: json.dumps(value)}).auth.socialaccount_providers


def _error(site: Site, value: Any) -> str:
    with pytest.raises(ConfigError) as caught:
        site.load({VAR: json.dumps(value)})
    assert caught.value.variable == VAR
    return str(caught.value)


def test_string_false_means_false(site: Site) -> None:
    """GIVEN "OAUTH_PKCE_ENABLED": "False" (upstream would treat the string as true)
    WHEN the configuration loads
    THEN PKCE is the boolean False."""
    providers = _providers(site, {"openid_connect": {"APPS": [_app()], "OAUTH_PKCE_ENABLED": "False"}})
    assert providers["openid_connect"]["OAUTH_PKCE_ENABLED"] is False


def test_string_true_means_true(site: Site) -> None:
    """GIVEN "OAUTH_PKCE_ENABLED": "True" (the guide's spelling)
    WHEN the configuration loads
    THEN PKCE is the boolean True."""
    providers = _providers(site, {"openid_connect": {"APPS": [_app()], "OAUTH_PKCE_ENABLED": "True"}})
    assert providers["openid_connect"]["OAUTH_PKCE_ENABLED"] is True


def test_app_level_boolean_settings_are_normalised(site: Site) -> None:
    """GIVEN an app with "fetch_userinfo": "no" and "oauth_pkce_enabled": "yes" in its settings
    WHEN the configuration loads
    THEN both are real booleans."""
    app = _app(fetch_userinfo="no", oauth_pkce_enabled="yes")
    settings = _providers(site, {"openid_connect": {"APPS": [app]}})["openid_connect"]["APPS"][0]["settings"]
    assert (settings["fetch_userinfo"], settings["oauth_pkce_enabled"]) == (False, True)


def test_a_boolean_key_with_another_word_is_an_error(site: Site) -> None:
    """GIVEN "OAUTH_PKCE_ENABLED": "sometimes"
    WHEN the configuration loads
    THEN the error names the key's path and expects a boolean."""
    message = _error(site, {"openid_connect": {"APPS": [_app()], "OAUTH_PKCE_ENABLED": "sometimes"}})
    assert "openid_connect.OAUTH_PKCE_ENABLED='sometimes', which is not a boolean" in message


def test_several_providers_and_apps_are_accepted(site: Site) -> None:
    """GIVEN two OpenID Connect apps and a GitHub provider
    WHEN the configuration loads
    THEN all are kept, in order."""
    value = {"openid_connect": {"APPS": [_app("authentik"), _app("keycloak")]},
             "github": {"APPS": [{"client_id": "gh", "secret": "s", "key": ""}], "VERIFIED_EMAIL": "true"}}
    providers = _providers(site, value)
    assert [app["provider_id"] for app in providers["openid_connect"]["APPS"]] == ["authentik", "keycloak"]
    assert providers["github"]["VERIFIED_EMAIL"] is True


def test_duplicate_provider_id_is_an_error(site: Site) -> None:
    """GIVEN two apps with provider_id "authentik"
    WHEN the configuration loads
    THEN the error says the provider_id appears twice."""
    assert "has provider_id 'authentik' twice" in _error(site, {"openid_connect": {"APPS": [_app(), _app()]}})


def test_app_without_server_url_is_an_error(site: Site) -> None:
    """GIVEN an app whose settings lack server_url
    WHEN the configuration loads
    THEN the error names the app and settings.server_url."""
    app = _app()
    del app["settings"]["server_url"]
    message = _error(site, {"openid_connect": {"APPS": [app]}})
    assert "openid_connect.APPS[0].settings which has no server_url" in message


def test_server_url_must_be_http(site: Site) -> None:
    """GIVEN server_url "authentik.example" without a scheme
    WHEN the configuration loads
    THEN the error says it is not an http(s) URL."""
    app = _app()
    app["settings"]["server_url"] = "authentik.example"
    assert "which is not an http(s) URL" in _error(site, {"openid_connect": {"APPS": [app]}})


def test_claims_map_known_fields_to_claim_names(site: Site) -> None:
    """GIVEN "claims": {"username": "email", "groups": "roles"}
    WHEN the configuration loads
    THEN the mapping is kept."""
    app = _app(claims={"username": "email", "groups": "roles"})
    settings = _providers(site, {"openid_connect": {"APPS": [app]}})["openid_connect"]["APPS"][0]["settings"]
    assert settings["claims"] == {"username": "email", "groups": "roles"}


def test_claim_for_an_unknown_field_is_an_error(site: Site) -> None:
    """GIVEN "claims": {"shoe_size": "size"}
    WHEN the configuration loads
    THEN the error names the field and lists the allowed ones."""
    message = _error(site, {"openid_connect": {"APPS": [_app(claims={"shoe_size": "size"})]}})
    assert "claims.shoe_size, which is not a user field" in message
    assert "username, email, first_name, last_name, groups" in message


def test_openid_connect_without_apps_is_an_error(site: Site) -> None:
    """GIVEN {"openid_connect": {}}
    WHEN the configuration loads
    THEN the error asks for at least one app."""
    assert "has openid_connect without an APPS list" in _error(site, {"openid_connect": {}})


def test_providers_must_be_an_object(site: Site) -> None:
    """GIVEN a JSON list instead of an object
    WHEN the configuration loads
    THEN the error says it is not a JSON object and shows the expected shape."""
    assert f"{VAR} is not a JSON object (expected an object like" in _error(site, [_app()])


def test_shape_errors_never_show_the_secret(site: Site) -> None:
    """GIVEN an app with a secret but no client_id
    WHEN the configuration loads
    THEN the error message does not contain the secret."""
    app = _app()
    app["secret"] = "very-secret-value"
    del app["client_id"]
    assert "very-secret-value" not in _error(site, {"openid_connect": {"APPS": [app]}})
