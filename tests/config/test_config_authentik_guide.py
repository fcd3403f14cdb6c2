"""The authentik guide's three Paperless blocks (compose `environment:`, env file, paperless.conf), placeholders
filled, give the same effective SSO settings; each fails cleanly when its JSON loses a brace."""

from __future__ import annotations

from typing import Any

import pytest

from paperkeep.config import Config, ConfigError

from .conftest import Site
from .guide_blocks import (
    CLIENT_ID,
    CLIENT_SECRET,
    COMPOSE_ENVIRONMENT,
    ENV_FILE,
    PAPERLESS_CONF,
    break_json,
    compose_environment,
    fill,
)

SERVER_URL = "https://authentik.company/application/o/paperless/.well-known/openid-configuration"
PROVIDERS = "PAPERLESS_SOCIALACCOUNT_PROVIDERS"


def sso_view(cfg: Config) -> dict[str, Any]:
    """Flatten the SSO settings a login needs into one comparable mapping."""
    provider = cfg.auth.socialaccount_providers["openid_connect"]
    (app,) = provider["APPS"]
    return {
        "enable_allauth": cfg.auth.enable_allauth,
        "apps": cfg.auth.apps,
        "provider_id": app["provider_id"],
        "name": app["name"],
        "client_id": app["client_id"],
        "secret": app["secret"],
        "server_url": app["settings"]["server_url"],
        "pkce": provider["OAUTH_PKCE_ENABLED"],
        "claims": app["settings"].get("claims"),
        "auto_login": cfg.auth.auto_login,
        "auto_create": cfg.auth.auto_create,
        "logout_redirect_url": cfg.auth.logout_redirect_url,
    }


def load_compose(site: Site, yaml_text: str = COMPOSE_ENVIRONMENT) -> Config:
    return site.load(compose_environment(fill(yaml_text)))


def load_env_file(site: Site, text: str = ENV_FILE) -> Config:
    env_file = site.write(site.base_dir / "docker-compose.env", fill(text))
    return site.load({"PAPERLESS_CONFIGURATION_PATH": str(env_file)})


def load_paperless_conf(site: Site, text: str = PAPERLESS_CONF) -> Config:
    site.write(site.base_dir / "paperless.conf", fill(text))
    return site.load()


def test_compose_block_gives_the_intended_sso_settings(site: Site) -> None:
    """GIVEN the compose `environment:` block as docker compose hands it over (YAML true -> "true")
    WHEN the configuration loads
    THEN the provider, client, secret, URL, PKCE (a real boolean), claims and guide flags are as written."""
    assert sso_view(load_compose(site)) == {
        "enable_allauth": True,
        "apps": ("allauth.socialaccount.providers.openid_connect",),
        "provider_id": "authentik",
        "name": "authentik",
        "client_id": CLIENT_ID,
        "secret": CLIENT_SECRET,
        "server_url": SERVER_URL,
        "pkce": True,
        "claims": {"username": "email"},
        "auto_login": True,
        "auto_create": True,
        "logout_redirect_url": "https://authentik.company/application/o/paperless/end-session/",
    }


def test_compose_hands_yaml_booleans_over_as_text() -> None:
    """GIVEN the compose block parsed as YAML
    WHEN its values are handed over as docker compose does
    THEN PAPERLESS_AUTO_LOGIN is the string "true" and the folded JSON spans several lines."""
    env = compose_environment(fill(COMPOSE_ENVIRONMENT))
    assert env["PAPERLESS_AUTO_LOGIN"] == "true"
    assert env[PROVIDERS].count("\n") > 5


def test_env_file_block_means_the_same_as_the_compose_block(site: Site) -> None:
    """GIVEN the env-file block and the compose block, placeholders filled alike
    WHEN each is loaded
    THEN their effective SSO settings are identical."""
    assert sso_view(load_env_file(site)) == sso_view(load_compose(site))


def test_paperless_conf_block_shares_every_setting_it_has(site: Site) -> None:
    """GIVEN the paperless.conf block (which has no claims, AUTO_LOGIN, AUTO_CREATE or logout URL)
    WHEN it is compared with the env-file block
    THEN exactly those four settings differ and everything else is identical."""
    conf_view = sso_view(load_paperless_conf(site))
    env_view = sso_view(load_env_file(site))
    differing = {key for key in env_view if env_view[key] != conf_view[key]}
    assert differing == {"claims", "auto_login", "auto_create", "logout_redirect_url"}
    assert (conf_view["claims"], conf_view["auto_login"], conf_view["auto_create"]) == (None, False, False)
    assert conf_view["logout_redirect_url"] is None


def test_paperless_conf_block_values_come_from_its_lines(site: Site) -> None:
    """GIVEN the paperless.conf block in the install directory
    WHEN it loads
    THEN PAPERLESS_SOCIALACCOUNT_PROVIDERS is sourced from line 3 of that file."""
    cfg = load_paperless_conf(site)
    assert str(cfg.sources[PROVIDERS]) == f"{site.base_dir / 'paperless.conf'}:3"
    assert cfg.auth.socialaccount_providers["openid_connect"]["OAUTH_PKCE_ENABLED"] is True


def test_each_guide_block_passes_diagnosis(site: Site) -> None:
    """GIVEN each of the three blocks
    WHEN diagnosed
    THEN there are no errors and no warnings (every name is recognised)."""
    env = compose_environment(fill(COMPOSE_ENVIRONMENT))
    site.write(site.base_dir / "paperless.conf", fill(PAPERLESS_CONF))
    env_file = site.write(site.base_dir / "guide.env", fill(ENV_FILE))
    for environ in (env, {}, {"PAPERLESS_CONFIGURATION_PATH": str(env_file)}):
        diag = site.diagnose(environ)
        assert (diag.errors, diag.warnings) == ([], [])


def _assert_clean_json_error(error: ConfigError, origin: str) -> None:
    message = str(error)
    assert error.variable == PROVIDERS
    assert "\n" not in message
    assert message.startswith(f"{PROVIDERS} is not valid JSON: ")
    assert CLIENT_SECRET not in message
    assert message.endswith(f"— from {origin}")


def test_compose_block_with_a_missing_brace_fails_cleanly(site: Site) -> None:
    """GIVEN the compose block whose JSON lost its last closing brace
    WHEN the configuration loads
    THEN one line names the variable, the JSON problem and "environment", without the secret."""
    with pytest.raises(ConfigError) as caught:
        load_compose(site, break_json(COMPOSE_ENVIRONMENT))
    _assert_clean_json_error(caught.value, "environment")
    assert " at line " in str(caught.value)  # the folded JSON spans lines, so the line is named too


def test_env_file_block_with_a_missing_brace_fails_cleanly(site: Site) -> None:
    """GIVEN the env-file block whose JSON lost its last closing brace
    WHEN the configuration loads
    THEN one line names the variable, the JSON problem and the file's line 3, without the secret."""
    with pytest.raises(ConfigError) as caught:
        load_env_file(site, break_json(ENV_FILE))
    _assert_clean_json_error(caught.value, f"{site.base_dir / 'docker-compose.env'} line 3")


def test_paperless_conf_block_with_a_missing_brace_fails_cleanly(site: Site) -> None:
    """GIVEN the paperless.conf block whose JSON lost its last closing brace
    WHEN the configuration loads
    THEN one line names the variable, the JSON problem and paperless.conf line 3, without the secret."""
    with pytest.raises(ConfigError) as caught:
        load_paperless_conf(site, break_json(PAPERLESS_CONF))
    _assert_clean_json_error(caught.value, f"{site.base_dir / 'paperless.conf'} line 3")
