"""The document page's history list: the audit log, escaped, for those Paperless lets see it."""

from __future__ import annotations

import pytest

from paperkeep.documents.models import Note
from tests.api import factories
from tests.conftest import ConfigOverride
from tests.web.conftest import BrowserFor, text_of

pytestmark = pytest.mark.django_db


def test_an_edit_shows_up_in_the_history_escaped(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN alice's document titled "Old" WHEN she retitles it to markup through the page's edit form
    THEN the page's history lists the title change by alice, with the markup escaped."""
    document = factories.document(owner=cast.owner, title="Old")
    browser = browser_for(cast.owner)
    browser.post(f"/documents/{document.pk}/edit/", {"title": "<b>paid</b>", "created": "2024-01-01"})
    page = text_of(browser.get(f"/documents/{document.pk}/"))
    history = page.split('id="history"', 1)[1].split("</ol>", 1)[0]
    assert "title: Old → &lt;b&gt;paid&lt;/b&gt;" in history
    assert f"by {cast.owner.username}" in history
    assert "<b>paid</b>" not in page


def test_a_deleted_note_leaves_no_text_in_the_history(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN alice adds a note and deletes it WHEN she opens the page THEN the history says a note was added and
    removed, without the note's text."""
    document = factories.document(owner=cast.owner)
    browser = browser_for(cast.owner)
    browser.post(f"/documents/{document.pk}/notes/", {"note": "Paid on 3 March"})
    browser.post(f"/documents/{document.pk}/notes/{Note.objects.get(document=document).pk}/delete/")
    page = text_of(browser.get(f"/documents/{document.pk}/"))
    assert "note added" in page and "note removed" in page and "Paid on 3 March" not in page


def test_history_is_hidden_from_a_viewer_who_is_not_the_owner(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN alice's document shared with bob WHEN bob opens it THEN the page has no history list."""
    document = factories.document(owner=cast.owner)
    factories.share(document, cast)
    assert 'id="history"' not in text_of(browser_for(cast.granted).get(f"/documents/{document.pk}/"))


def test_disabled_audit_log_is_said_on_the_page(
    cast: factories.People, browser_for: BrowserFor, override_config: ConfigOverride
) -> None:
    """GIVEN PAPERLESS_AUDIT_LOG_ENABLED=false WHEN alice opens her document THEN the page says history is off."""
    override_config("core", audit_log_enabled=False)
    document = factories.document(owner=cast.owner)
    page = text_of(browser_for(cast.owner).get(f"/documents/{document.pk}/"))
    assert "audit log) is turned off" in page and 'id="history"' not in page
