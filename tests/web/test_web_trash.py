"""The trash page: the user's own (or unowned) trashed documents, restored or deleted for good."""

from __future__ import annotations

import pytest

from paperkeep.documents.actions.documents import trash_documents
from paperkeep.documents.models import Document
from tests.api import factories
from tests.web.conftest import BrowserFor, text_of

pytestmark = pytest.mark.django_db


def test_restoring_brings_a_document_back(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a trashed document
    WHEN its owner restores it from the trash page
    THEN it is a live document again."""
    document = factories.document(owner=cast.owner, title="back again")
    trash_documents([document])
    browser_for(cast.owner).post("/trash/action/", {"documents": [document.pk], "action": "restore"})
    assert Document.objects.filter(pk=document.pk).exists()


def test_emptying_deletes_every_trashed_document_of_the_user(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN two trashed documents of alice and one of bob
    WHEN alice empties the trash
    THEN hers are gone for good and bob's is still in the trash."""
    hers = [factories.document(owner=cast.owner, files=True) for _ in range(2)]
    his = factories.document(owner=cast.granted)
    trash_documents([*hers, his])
    browser_for(cast.owner).post("/trash/action/", {"all": "1", "action": "delete"})
    assert list(Document.global_objects.values_list("pk", flat=True)) == [his.pk]


def test_someone_elses_trash_is_not_shown(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN alice's trashed document that was shared with bob
    WHEN bob opens the trash and posts a restore for it
    THEN he does not see it and it stays in the trash."""
    document = factories.document(owner=cast.owner, title="alices old scan")
    factories.share(document, cast, change=True)
    trash_documents([document])
    bob = browser_for(cast.granted)
    assert "alices old scan" not in text_of(bob.get("/trash/"))
    bob.post("/trash/action/", {"documents": [document.pk], "action": "restore"})
    assert not Document.objects.filter(pk=document.pk).exists()
