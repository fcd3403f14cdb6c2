"""The dashboard: statistics, inbox and recent documents, over what the user may see."""

from __future__ import annotations

import re

import pytest

from paperkeep.documents.models import Tag
from tests.api import factories
from tests.web.conftest import BrowserFor, text_of

pytestmark = pytest.mark.django_db


def stat(page: str, name: str) -> int:
    return int(re.search(rf'id="stat-{name}">(\d+)<', page).group(1))  # type: ignore[union-attr]


def test_the_dashboard_counts_and_lists_only_visible_documents(cast: factories.People,
                                                               browser_for: BrowserFor) -> None:
    """GIVEN an inbox tag, alice's private inbox document and an unowned inbox document
    WHEN dave opens the dashboard
    THEN he counts one document, one in the inbox, and the private one appears nowhere."""
    inbox = Tag.objects.create(name="inbox", is_inbox_tag=True)
    factories.document(owner=cast.owner, title="Alices payslip", tags=[inbox])
    factories.document(owner=None, title="Town newsletter", tags=[inbox])
    page = text_of(browser_for(cast.stranger).get("/"))
    assert (stat(page, "documents"), stat(page, "inbox")) == (1, 1)
    assert "Town newsletter" in page and "Alices payslip" not in page


def test_the_upload_zone_is_offered_only_to_those_who_may_add(cast: factories.People,
                                                              browser_for: BrowserFor) -> None:
    """GIVEN a user who may add documents and one who may only view them
    WHEN each opens the dashboard
    THEN only the first gets the upload zone and the upload address."""
    viewer = factories.user("viewer", perms=False)
    viewer.user_permissions.add(*factories.Permission.objects.filter(codename="view_document"))
    assert 'data-upload-url="/upload/"' in text_of(browser_for(cast.owner).get("/"))
    assert "data-upload" not in text_of(browser_for(viewer).get("/"))


def test_the_layout_names_the_signed_in_user_and_signs_out_by_post(cast: factories.People,
                                                                   browser_for: BrowserFor) -> None:
    """GIVEN alice signed in
    WHEN she opens the dashboard
    THEN it says who is signed in, links My Profile, and the sign-out is a POST form with a CSRF token."""
    page = text_of(browser_for(cast.owner).get("/"))
    assert "Signed in as alice" in page and 'href="/accounts/profile/"' in page
    assert re.search(r'<form method="post" action="/accounts/logout/">\s*<input type="hidden" '
                     r'name="csrfmiddlewaretoken"', page)  # fmt: skip
