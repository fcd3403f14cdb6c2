"""The guide's "Configuration verification" in a real browser (Chromium via Playwright) against a live Paperkeep
and the real provider: click the authentik button, sign in at the provider, land signed in; again with
AUTO_LOGIN; connect an existing local user from My Profile; logout reaching the provider's end-session."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import Permission

from paperkeep.accounts.oidc import discovery, jwks
from tests.support.oidc_provider import Client, ProviderHandle, User, start_provider

from .conftest import app_json, providers_json

pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ALICE = User("alice", "alice-pw", email="alice@example.org", name="Alice Liddell", groups=["readers"])
BOB = User("bob", "bob-pw", email="bob@example.org", name="Bob Builder")


@pytest.fixture
def live(live_server: Any) -> str:
    return str(live_server.url)


@pytest.fixture
def op(live: str) -> Iterator[ProviderHandle]:
    client = Client("paperkeep", "a-long-client-secret-for-the-browser-test",
                    redirect_uris=[f"{live}/accounts/oidc/authentik/login/callback/"],
                    post_logout_redirect_uris=[f"{live}/accounts/login/?loggedout=1"],
                    backchannel_logout_uri=f"{live}/accounts/oidc/authentik/backchannel-logout/")
    discovery.clear_cache()
    jwks.clear_cache()
    with start_provider(slug="paperless", clients=[client], users=[ALICE, BOB]) as handle:
        yield handle


@pytest.fixture
def configure(op: ProviderHandle, live: str, settings: Any) -> Any:
    """As the guide's compose block: the authentik app (claims username=email), AUTO_CREATE, end-session logout."""
    settings.PUBLIC_ORIGIN = live

    def apply(**fields: Any) -> None:
        app = app_json(op, client=Client("paperkeep", "a-long-client-secret-for-the-browser-test"),
                       claims={"username": "email"})
        base = {"socialaccount_providers": providers_json(app), "auto_create": True,
                "logout_redirect_url": op.end_session_endpoint}
        auth = dataclasses.replace(settings.CONFIG.auth, **{**base, **fields})
        settings.CONFIG = dataclasses.replace(settings.CONFIG, auth=auth)

    apply()
    return apply


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.set_default_timeout(15_000)
        yield context.new_page()
        browser.close()


def sign_in_at_provider(page: Any, user: User) -> None:
    page.wait_for_selector("#username")
    page.fill("#username", user.username)
    page.fill("#password", user.password)
    page.get_by_role("button", name="Log in").click()


def signed_in_as(page: Any, live: str) -> str:
    """Who the browser is signed in as, read from My Profile (the home page belongs to the web UI)."""
    page.goto(f"{live}/accounts/profile/")
    return str(page.locator("#profile-username").inner_text())


def sign_out(page: Any, live: str) -> None:
    page.goto(f"{live}/accounts/profile/")  # the home page belongs to the web UI; My Profile has the button
    page.click("#sign-out")
    page.wait_for_url(f"{live}/accounts/login/?loggedout=1**")
    assert page.locator("#signed-out").is_visible()


def test_the_guides_configuration_verification_in_a_browser(page: Any, op: ProviderHandle, live: str,
                                                            configure: Any, django_user_model: Any) -> None:
    """GIVEN a live Paperkeep configured as the guide says, the provider, and a local user lena
    WHEN a browser clicks the authentik button and signs in, signs out; then with AUTO_LOGIN opens the app;
    then lena signs in locally and connects the provider from My Profile, and signs in with it
    THEN each time the browser lands signed in as the right user, and each sign-out reaches the provider's
    end-session endpoint and comes back to the login page without bouncing."""
    lena = django_user_model.objects.create_user("lena", "lena@example.org", "lenas-local-password")
    lena.user_permissions.add(Permission.objects.get(codename="view_document"))  # an ordinary user, not a dead end

    # 1. Click the authentik button, sign in at the provider, land signed in.
    page.goto(f"{live}/")
    page.wait_for_url(f"{live}/accounts/login/**")
    page.get_by_role("button", name="authentik").click()
    sign_in_at_provider(page, ALICE)
    page.wait_for_url(f"{live}/")
    assert signed_in_as(page, live) == "alice@example.org"

    # 2. Log out: RP-initiated logout at the provider, back to the login page.
    sign_out(page, live)
    assert [e.outcome for e in op.logout_events if e.endpoint == "end-session"] == ["ok"]

    # 3. AUTO_LOGIN: opening the app goes straight to the provider, then lands signed in.
    configure(auto_login=True)
    page.goto(f"{live}/")
    sign_in_at_provider(page, ALICE)
    page.wait_for_url(f"{live}/")
    assert signed_in_as(page, live) == "alice@example.org"
    sign_out(page, live)

    # 4. An existing local user signs in locally (?local=1), connects authentik from My Profile.
    page.goto(f"{live}/accounts/login/?local=1")
    page.fill("#id_login", "lena")
    page.fill("#id_password", "lenas-local-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live}/")
    page.goto(f"{live}/accounts/profile/")
    page.get_by_text("Connect new social account").click()
    page.get_by_role("button", name="authentik").click()
    sign_in_at_provider(page, BOB)
    page.wait_for_url(f"{live}/accounts/profile/")
    assert page.locator("#social-accounts").inner_text().count("bob@example.org") == 1
    assert SocialAccount.objects.get(uid=BOB.sub).user.username == "lena"

    # 5. From then on the provider signs her in (AUTO_LOGIN; bob's provider session is still open, since lena's
    #    own sign-out ended a password session), as lena; her sign-out now ends the provider session too.
    sign_out(page, live)
    page.goto(f"{live}/")
    page.wait_for_url(f"{live}/")
    assert signed_in_as(page, live) == "lena"
    sign_out(page, live)
    assert [e.outcome for e in op.logout_events if e.endpoint == "end-session"] == ["ok"] * 3
    page.goto(f"{live}/")
    sign_in_at_provider(page, BOB)  # the provider session really ended: its form is back
    page.wait_for_url(f"{live}/")
    assert signed_in_as(page, live) == "lena"


def test_back_channel_logout_from_the_provider_ends_the_browser_session(page: Any, op: ProviderHandle, live: str,
                                                                         configure: Any) -> None:
    """GIVEN alice signed in by SSO in a browser
    WHEN the provider itself POSTs a logout token to Paperkeep's back-channel logout URI
    THEN Paperkeep answers 200 and the browser's next page load is no longer signed in."""
    page.goto(f"{live}/accounts/login/")
    page.get_by_role("button", name="authentik").click()
    sign_in_at_provider(page, ALICE)
    page.wait_for_url(f"{live}/")
    result = op.send_backchannel_logout(ALICE, "paperkeep")
    assert (result.status, result.error) == (200, None)
    page.goto(f"{live}/accounts/profile/")
    page.wait_for_url(f"{live}/accounts/login/**")
