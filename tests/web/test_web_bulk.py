"""Bulk edit from the documents page: every selected document is checked, then all change together."""

from __future__ import annotations

import io
import zipfile

import pytest

from paperkeep.documents.models import Correspondent, Document, Tag
from tests.api import factories
from tests.web.conftest import BrowserFor, index_all, text_of

pytestmark = pytest.mark.django_db


def test_adding_tags_to_the_selected_documents(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN three documents
    WHEN the owner selects two and adds the tag "paid"
    THEN those two have it and the third does not; the page says how many changed."""
    paid = Tag.objects.create(name="paid")
    docs = [factories.document(owner=cast.owner) for _ in range(3)]
    response = browser_for(cast.owner).post("/documents/bulk/", {
        "documents": [docs[0].pk, docs[1].pk], "action": "add_tags", "tags": [paid.pk], "next": "/documents/"},
        follow=True)  # fmt: skip
    assert [paid in d.tags.all() for d in docs] == [True, True, False]
    assert "Added 1 tag(s) on 2 document(s)." in text_of(response)


def test_all_matching_applies_to_every_match_of_the_filters(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN 30 documents with "bill" in the title and one without
    WHEN the owner chooses "all matching" for the search bill and sets the correspondent
    THEN all 30 bills get it and the other document does not."""
    acme = Correspondent.objects.create(name="ACME")
    bills = [factories.document(owner=cast.owner, title=f"bill {n}") for n in range(30)]
    other = factories.document(owner=cast.owner, title="letter")
    index_all()
    browser_for(cast.owner).post("/documents/bulk/", {
        "all": "1", "query": "q=bill", "action": "set_correspondent", "correspondent": acme.pk})
    assert Document.objects.filter(correspondent=acme).count() == len(bills)
    assert Document.objects.get(pk=other.pk).correspondent is None


def test_one_unchangeable_document_stops_the_whole_edit(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN bob's own document and alice's document he may only view
    WHEN bob selects both and adds a tag
    THEN neither changes and he is told why."""
    tag = Tag.objects.create(name="t")
    mine = factories.document(owner=cast.granted)
    theirs = factories.document(owner=cast.owner)
    factories.share(theirs, cast)
    response = browser_for(cast.granted).post("/documents/bulk/", {
        "documents": [mine.pk, theirs.pk], "action": "add_tags", "tags": [tag.pk]}, follow=True)
    assert not Document.tags.through.objects.exists()
    assert "You may not change every selected document" in text_of(response)


def test_a_hidden_document_cannot_be_selected(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN alice's private document
    WHEN dave posts a bulk trash naming it
    THEN it stays where it is."""
    private = factories.document(owner=cast.owner)
    browser_for(cast.stranger).post("/documents/bulk/", {"documents": [private.pk], "action": "trash"})
    assert Document.objects.filter(pk=private.pk).exists()


def test_only_owners_move_to_the_trash_in_bulk(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a document bob may change but does not own
    WHEN he bulk-trashes it
    THEN it stays, with the reason shown."""
    theirs = factories.document(owner=cast.owner)
    factories.share(theirs, cast, change=True)
    response = browser_for(cast.granted).post("/documents/bulk/", {"documents": [theirs.pk], "action": "trash"},
                                              follow=True)  # fmt: skip
    assert Document.objects.filter(pk=theirs.pk).exists() and "only owners" in text_of(response)


def test_bulk_permissions_share_documents(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN two of alice's documents
    WHEN she bulk-grants dave view permission
    THEN dave can open both."""
    docs = [factories.document(owner=cast.owner) for _ in range(2)]
    browser_for(cast.owner).post("/documents/bulk/", {
        "documents": [d.pk for d in docs], "action": "set_permissions", "owner": "keep",
        "view_users": [cast.stranger.pk], "merge": "1"})  # fmt: skip
    dave = browser_for(cast.stranger)
    assert [dave.get(f"/documents/{d.pk}/").status_code for d in docs] == [200, 200]


def test_downloading_the_selection_as_a_zip(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN two documents with files
    WHEN the owner downloads both, originals and archives
    THEN the zip holds both files of each, named by date and title."""
    docs = [factories.document(owner=cast.owner, title=f"scan {n}", files=True) for n in range(2)]
    response = browser_for(cast.owner).post("/documents/bulk/", {
        "documents": [d.pk for d in docs], "action": "download", "content": "both"})
    assert response["Content-Type"] == "application/zip"
    names = sorted(zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist())
    created = docs[0].created.isoformat()
    assert names == [f"archive/{created} scan 0.pdf", f"archive/{created} scan 1.pdf",
                     f"originals/{created} scan 0.pdf", f"originals/{created} scan 1.pdf"]
