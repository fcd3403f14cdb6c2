"""The application title from the stored configuration (or PAPERLESS_APP_TITLE) names the app on every page."""

from __future__ import annotations

from typing import Any

import pytest

from paperkeep.documents.appconfig import app_config, update_app_config
from tests.api import factories
from tests.web.conftest import BrowserFor, text_of

pytestmark = pytest.mark.django_db


def test_pages_are_named_paperkeep_when_no_title_is_set(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN no application title configured
    WHEN a signed-in user opens the dashboard
    THEN the page title and the header say Paperkeep."""
    page = text_of(browser_for(cast.owner).get("/"))
    assert "· Paperkeep</title>" in page
    assert '<a class="brand" href="/">Paperkeep</a>' in page


def test_the_stored_title_names_the_app_escaped(cast: factories.People, browser_for: BrowserFor, client: Any) -> None:
    """GIVEN an application title set through the configuration, with markup in it
    WHEN the dashboard and the login page are opened
    THEN both show the title, escaped, in the page title and the header."""
    update_app_config(app_config(), {"app_title": "Acme <b>Docs</b>"})
    page = text_of(browser_for(cast.owner).get("/"))
    assert "· Acme &lt;b&gt;Docs&lt;/b&gt;</title>" in page
    assert '<a class="brand" href="/">Acme &lt;b&gt;Docs&lt;/b&gt;</a>' in page
    assert "<b>Docs</b>" not in page
    login = text_of(client.get("/accounts/login/"))
    assert "Acme &lt;b&gt;Docs&lt;/b&gt;</title>" in login
