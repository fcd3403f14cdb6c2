"""Manage pages: tags, correspondents, types and storage paths (with the template tester), custom fields."""

from __future__ import annotations

from datetime import date

import pytest

from paperkeep.documents.models import Correspondent, CustomField, StoragePath, Tag
from tests.api import factories
from tests.web.conftest import BrowserFor, text_of

pytestmark = pytest.mark.django_db


def test_creating_a_tag_with_colour_parent_and_inbox(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a parent tag
    WHEN the owner creates an inbox tag under it with a colour
    THEN the tag exists as asked, owned by its creator."""
    parent = Tag.objects.create(name="finance")
    browser_for(cast.owner).post("/manage/tags/", {"name": "new", "color": "#ff0000", "parent": parent.pk,
                                                   "is_inbox_tag": "1", "matching_algorithm": "0"})  # fmt: skip
    tag = Tag.objects.get(name="new")
    assert (tag.color, tag.parent, tag.is_inbox_tag, tag.owner) == ("#ff0000", parent, True, cast.owner)


def test_a_taken_name_is_refused_with_the_reason(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN an unowned correspondent ACME... and alice's own ACME
    WHEN alice creates another ACME
    THEN the page answers 400 saying the name exists."""
    Correspondent.objects.create(name="ACME", owner=cast.owner)
    response = browser_for(cast.owner).post("/manage/correspondents/", {"name": "ACME", "matching_algorithm": "1"})
    assert response.status_code == 400 and "exists already" in text_of(response)


def test_the_list_counts_only_visible_documents(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a document type used by alice's private document and by an unowned one
    WHEN dave lists document types
    THEN the type shows one document."""
    kind = factories.Document._meta.get_field("document_type").related_model.objects.create(name="Invoice")
    factories.document(owner=cast.owner, document_type=kind)
    factories.document(owner=None, document_type=kind)
    page = text_of(browser_for(cast.stranger).get("/manage/document_types/"))
    assert f"document_type={kind.pk}\">1</a>" in page


def test_editing_and_deleting_a_correspondent(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN alice's correspondent
    WHEN she renames it, then deletes it
    THEN the name changes, then it is gone."""
    acme = Correspondent.objects.create(name="ACME", owner=cast.owner)
    browser = browser_for(cast.owner)
    browser.post(f"/manage/correspondents/{acme.pk}/", {"name": "ACME Corp", "matching_algorithm": "0"})
    assert Correspondent.objects.get(pk=acme.pk).name == "ACME Corp"
    browser.post(f"/manage/correspondents/{acme.pk}/delete/")
    assert not Correspondent.objects.filter(pk=acme.pk).exists()


def test_someone_elses_private_tag_cannot_be_edited(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN alice's private tag
    WHEN dave opens its edit page or deletes it
    THEN both answer 404 and the tag is unchanged."""
    tag = Tag.objects.create(name="alice", owner=cast.owner)
    dave = browser_for(cast.stranger)
    assert dave.get(f"/manage/tags/{tag.pk}/").status_code == 404
    assert dave.post(f"/manage/tags/{tag.pk}/delete/").status_code == 404
    assert Tag.objects.filter(pk=tag.pk).exists()


def test_the_storage_path_tester_renders_for_a_document(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a document created 2024-05-06 titled Water bill
    WHEN the owner tests the template {{ created_year }}/{{ title }} with it
    THEN the page shows 2024/Water bill with the file's extension."""
    document = factories.document(owner=cast.owner, title="Water bill", created=date(2024, 5, 6), files=True)
    page = text_of(browser_for(cast.owner).get("/manage/storage_paths/", {
        "path": "{{ created_year }}/{{ title }}", "test_document": document.pk}))
    assert '<code id="tester-result">2024/Water bill.pdf</code>' in page


def test_the_tester_does_not_reveal_hidden_documents(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN alice's private document
    WHEN dave tests a template with it
    THEN he is told there is no such document, and its title does not appear."""
    document = factories.document(owner=cast.owner, title="Secret plan", files=True)
    page = text_of(browser_for(cast.stranger).get("/manage/storage_paths/", {
        "path": "{{ title }}", "test_document": document.pk}))
    assert "There is no document" in page and "Secret plan" not in page


def test_creating_a_storage_path(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN nothing
    WHEN the owner creates a storage path
    THEN it exists with its template."""
    browser_for(cast.owner).post("/manage/storage_paths/", {"name": "By year", "path": "{{ created_year }}/{{ title }}",
                                                            "matching_algorithm": "0"})  # fmt: skip
    assert StoragePath.objects.get(name="By year").path == "{{ created_year }}/{{ title }}"


def test_creating_a_select_custom_field(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN nothing
    WHEN the owner creates a Select field with two options
    THEN the field has the options, each with an id."""
    browser_for(cast.owner).post("/manage/custom_fields/", {"name": "Status", "data_type": "select",
                                                            "select_options": "open\npaid\n"})  # fmt: skip
    options = CustomField.objects.get(name="Status").extra_data["select_options"]
    assert [o["label"] for o in options] == ["open", "paid"] and all(o["id"] for o in options)
