"""Saved views: stored as Paperless's numbered rules, opened as the same filters, shown on the dashboard."""

from __future__ import annotations

import pytest

from paperkeep.documents.actions.saved_views import create_saved_view, set_view_visibility
from paperkeep.documents.models import SavedView, Tag
from tests.api import factories
from tests.web.conftest import BrowserFor, text_of

pytestmark = pytest.mark.django_db


def test_saving_the_current_filters_stores_paperless_rules(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN the owner filtering by tags red and blue (any), a search, and title ascending
    WHEN they save the view as "Red or blue"
    THEN the view holds rule 22 (has tags in) per tag and rule 20 (full-text query), sorted by title."""
    red, blue = Tag.objects.create(name="red"), Tag.objects.create(name="blue")
    browser_for(cast.owner).post("/documents/views/save/", {
        "name": "Red or blue", "dashboard": "1",
        "query": f"q=invoice&tag={red.pk}&tag={blue.pk}&tag_mode=any&sort=title"})  # fmt: skip
    view = SavedView.objects.get(name="Red or blue")
    rules = sorted((r.rule_type, r.value) for r in view.filter_rules.all())
    assert rules == sorted([(20, "invoice"), (22, str(red.pk)), (22, str(blue.pk))])
    assert (view.sort_field, view.sort_reverse, view.owner) == ("title", False, cast.owner)


def test_a_view_made_by_paperless_opens_with_its_filters(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a saved view with rule 6 (has all tags) for "paid", as Paperless-ngx's UI stores it
    WHEN the owner opens the view
    THEN the documents page lists only the paid documents."""
    paid = Tag.objects.create(name="paid")
    factories.document(owner=cast.owner, title="paid bill", tags=[paid])
    factories.document(owner=cast.owner, title="open bill")
    view = create_saved_view(cast.owner.pk, [{"rule_type": 6, "value": str(paid.pk)}], name="Paid",
                             sort_field="created", sort_reverse=True)  # fmt: skip
    response = browser_for(cast.owner).get(f"/documents/views/{view.pk}/", follow=True)
    page = text_of(response)
    assert "paid bill" in page and "open bill" not in page


def test_a_view_marked_for_the_dashboard_shows_there(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a view of paid documents shown on the owner's dashboard
    WHEN the owner opens the dashboard
    THEN the view's name and its documents appear there."""
    paid = Tag.objects.create(name="paid")
    factories.document(owner=cast.owner, title="paid bill", tags=[paid])
    view = create_saved_view(cast.owner.pk, [{"rule_type": 6, "value": str(paid.pk)}], name="Paid things")
    set_view_visibility(cast.owner, view.pk, dashboard=True, sidebar=None)
    page = text_of(browser_for(cast.owner).get("/"))
    assert "Paid things" in page and "paid bill" in page


def test_another_users_view_cannot_be_opened(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN alice's saved view
    WHEN dave opens it
    THEN the answer is 404."""
    view = create_saved_view(cast.owner.pk, [], name="Alice only")
    assert browser_for(cast.stranger).get(f"/documents/views/{view.pk}/").status_code == 404
