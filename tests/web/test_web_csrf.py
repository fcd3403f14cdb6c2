"""Every change needs the CSRF token a page hands out; without it nothing changes."""

from __future__ import annotations

import re

import pytest

from paperkeep.documents.models import Document, Tag
from tests.api import factories
from tests.web.conftest import BrowserFor, text_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/documents/{pk}/edit/", "/documents/{pk}/trash/", "/documents/bulk/", "/upload/",
                                  "/manage/tags/", "/trash/action/", "/documents/views/save/"])
def test_a_change_without_the_token_is_refused(cast: factories.People, browser_for: BrowserFor, path: str) -> None:
    """GIVEN a signed-in browser that enforces CSRF like a real one
    WHEN it posts a change without the token
    THEN the answer is 403 and the document is untouched."""
    document = factories.document(owner=cast.owner, title="untouched")
    response = browser_for(cast.owner, csrf=True).post(path.format(pk=document.pk), {
        "title": "changed", "created": "2024-01-01", "documents": [document.pk], "action": "trash", "name": "x"})
    assert response.status_code == 403
    assert Document.objects.get(pk=document.pk).title == "untouched" and not Tag.objects.exists()


def test_a_change_with_the_pages_token_goes_through(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN the document page read by a CSRF-enforcing browser
    WHEN it posts the edit with the token from the page
    THEN the change is saved."""
    document = factories.document(owner=cast.owner, title="before")
    browser = browser_for(cast.owner, csrf=True)
    page = text_of(browser.get(f"/documents/{document.pk}/"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    browser.post(f"/documents/{document.pk}/edit/", {"csrfmiddlewaretoken": token, "title": "after",
                                                     "created": "2024-01-01"})  # fmt: skip
    assert Document.objects.get(pk=document.pk).title == "after"
