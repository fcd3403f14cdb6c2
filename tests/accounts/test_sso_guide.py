"""The authentik guide's three configurations (compose `environment:`, env file, paperless.conf), pasted with
the placeholders filled in, work end to end against the real provider: the guide's "Configuration
verification" (log out, click the authentik button, sign in at authentik, signed in to Paperkeep)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from django.contrib.auth import get_user_model

from paperkeep.config import Config, load_config
from tests.config.guide_blocks import (
    CLIENT_ID,
    CLIENT_SECRET,
    COMPOSE_ENVIRONMENT,
    ENV_FILE,
    PAPERLESS_CONF,
    compose_environment,
    fill,
)
from tests.support.oidc_provider import Client, ProviderHandle

from .conftest import ALICE, CALLBACK, LOGGED_OUT, PUBLIC, finish, local_path, query_of, start_login

pytestmark = pytest.mark.django_db
GUIDE_HOST = "https://authentik.company"


def _site(tmp_path: Path) -> dict[str, Path]:
    dirs = {"base_dir": tmp_path / "install", "cwd": tmp_path / "work", "root": tmp_path / "root"}
    for folder in dirs.values():
        folder.mkdir(parents=True)
    return dirs


def compose(op: ProviderHandle, tmp_path: Path, extra: str = "") -> Config:
    env = compose_environment(fill(COMPOSE_ENVIRONMENT).replace(GUIDE_HOST, op.base_url))
    return load_config(env, **_site(tmp_path))


def env_file(op: ProviderHandle, tmp_path: Path, extra: str = "") -> Config:
    site = _site(tmp_path)
    path = site["base_dir"] / "paperless.env"
    path.write_text(fill(ENV_FILE).replace(GUIDE_HOST, op.base_url) + extra)
    return load_config({"PAPERLESS_CONFIGURATION_PATH": str(path)}, **site)


def paperless_conf(op: ProviderHandle, tmp_path: Path, extra: str = "") -> Config:
    site = _site(tmp_path)
    (site["base_dir"] / "paperless.conf").write_text(fill(PAPERLESS_CONF).replace(GUIDE_HOST, op.base_url) + extra)
    return load_config({}, **site)


BLOCKS: dict[str, Callable[..., Config]] = {"compose": compose, "env file": env_file, "paperless.conf": paperless_conf}


@pytest.fixture
def guide_client(op: ProviderHandle) -> Client:
    """The authentik provider as the guide sets it up: its client id and secret, the strict redirect URI."""
    client = Client(CLIENT_ID, CLIENT_SECRET, redirect_uris=[CALLBACK], post_logout_redirect_uris=[LOGGED_OUT])
    op.add_client(client)
    return client


def use(settings: Any, cfg: Config) -> None:
    settings.CONFIG = dataclasses.replace(settings.CONFIG, auth=cfg.auth)
    settings.PUBLIC_ORIGIN = PUBLIC


@pytest.mark.parametrize("block", BLOCKS)
def test_login_page_shows_one_button_labelled_authentik(block: str, client: Any, op: ProviderHandle,
                                                         guide_client: Client, settings: Any, tmp_path: Path) -> None:
    """GIVEN one of the guide's blocks
    WHEN the login page is opened with the break-glass parameter (AUTO_LOGIN would skip it)
    THEN it has exactly one provider button, labelled "authentik", posting to the authentik login URL."""
    use(settings, BLOCKS[block](op, tmp_path))
    page = client.get("/accounts/login/?local=1").content.decode()
    assert page.count('class="sso-button"') == 1
    assert '>authentik</button>' in page
    assert 'action="/accounts/oidc/authentik/login/' in page


@pytest.mark.parametrize("block", ["compose", "env file"])
def test_auto_login_blocks_sign_in_without_a_login_page(block: str, client: Any, op: ProviderHandle,
                                                       guide_client: Client, settings: Any, tmp_path: Path) -> None:
    """GIVEN the compose or env-file block (AUTO_LOGIN, AUTO_CREATE, claims username=email)
    WHEN a visitor opens / and signs in at the provider
    THEN the login page redirects straight to the provider, and the callback signs in a new user named by e-mail."""
    use(settings, BLOCKS[block](op, tmp_path))
    login = client.get("/")
    assert login.status_code == 302 and login["Location"].startswith("/accounts/login/")
    to_provider = client.get(login["Location"])
    assert to_provider.status_code == 302 and to_provider["Location"].startswith(op.authorization_endpoint)
    assert query_of(to_provider["Location"])["redirect_uri"] == CALLBACK
    landed = finish(client, op, to_provider["Location"], ALICE)
    assert landed.status_code == 302 and landed["Location"] == "/"
    assert client.get("/").status_code == 200
    assert get_user_model().objects.get(pk=client.session["_auth_user_id"]).username == "alice@example.org"


def test_paperless_conf_block_asks_for_the_signup_form(client: Any, op: ProviderHandle, guide_client: Client,
                                                       settings: Any, tmp_path: Path) -> None:
    """GIVEN the paperless.conf block as written (sign-ups allowed by default, no auto sign-up)
    WHEN alice clicks the button, signs in, and submits the sign-up form
    THEN she is signed in as a new user named as she chose."""
    use(settings, paperless_conf(op, tmp_path))
    landed = finish(client, op, start_login(client), ALICE)
    assert landed.status_code == 302 and landed["Location"] == "/accounts/3rdparty/signup/"
    form = client.get(landed["Location"])
    assert form.status_code == 200
    done = client.post(landed["Location"], {"username": "alice-l", "email": "alice@example.org"})
    assert done.status_code == 302, done.content.decode()[:2000]
    assert get_user_model().objects.get(pk=client.session["_auth_user_id"]).username == "alice-l"


def test_paperless_conf_block_with_the_guides_auto_signup_line(client: Any, op: ProviderHandle,
                                                               guide_client: Client, settings: Any,
                                                               tmp_path: Path) -> None:
    """GIVEN the paperless.conf block plus the guide's suggested PAPERLESS_SOCIAL_AUTO_SIGNUP=true
    WHEN alice clicks the authentik button and signs in
    THEN she lands signed in as `alice` (no claims mapping in this block: preferred_username)."""
    use(settings, paperless_conf(op, tmp_path, "PAPERLESS_SOCIAL_AUTO_SIGNUP=true\n"))
    landed = finish(client, op, start_login(client), ALICE)
    assert landed.status_code == 302 and landed["Location"] == "/"
    assert get_user_model().objects.get(pk=client.session["_auth_user_id"]).username == "alice"


def test_compose_block_logout_reaches_the_end_session_endpoint(client: Any, op: ProviderHandle,
                                                               guide_client: Client, settings: Any,
                                                               tmp_path: Path) -> None:
    """GIVEN the compose block (LOGOUT_REDIRECT_URL = authentik's end-session URL) and alice signed in by SSO
    WHEN she signs out and the browser follows to the provider
    THEN the provider accepts id_token_hint, ends its session and sends her back to the login page, not bounced."""
    use(settings, compose(op, tmp_path))
    finish(client, op, start_login(client), ALICE)
    out = client.post("/accounts/logout/")
    assert out["Location"].startswith(op.end_session_endpoint)
    back = requests.get(out["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302
    assert local_path(back.headers["Location"]).startswith("/accounts/login/?loggedout=1")
    assert op.logout_events[-1].outcome == "ok"
    page = client.get(local_path(back.headers["Location"]))
    assert page.status_code == 200 and "You have signed out" in page.content.decode()
