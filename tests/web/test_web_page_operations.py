"""Page operations in the browser: rotate, delete pages and split on the document page; merge from the list."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperkeep.documents.models import Document
from paperkeep.documents.storage.layout import original_path
from tests.api import factories
from tests.api.test_api_pdf_operations import page_texts, pdf_document, queued_inputs, rotations
from tests.web.conftest import BrowserFor, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("paperkeep_dirs")]


def test_the_owner_rotates_every_page(tmp_path: Path, cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN alice's 2-page PDF WHEN she rotates it by 90 on its page THEN both pages turn and she is told so."""
    doc = pdf_document(tmp_path, cast.owner, pages=2)
    response = browser_for(cast.owner).post(f"/documents/{doc.pk}/rotate/", {"degrees": "90"}, follow=True)
    doc.refresh_from_db()
    assert rotations(original_path(doc.filename or "")) == [90, 90]
    assert "Rotated every page by 90°." in text_of(response)


def test_rotate_refuses_other_degrees(tmp_path: Path, cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a PDF WHEN 45 degrees is posted THEN the file is unchanged and the API's message is shown."""
    doc = pdf_document(tmp_path, cast.owner, pages=1)
    response = browser_for(cast.owner).post(f"/documents/{doc.pk}/rotate/", {"degrees": "45"}, follow=True)
    doc.refresh_from_db()
    assert rotations(original_path(doc.filename or "")) == [0]
    assert "degrees must be 90, 180 or 270" in text_of(response)


def test_a_user_with_change_rights_who_is_not_owner_may_not_rotate(
    tmp_path: Path, cast: factories.People, browser_for: BrowserFor
) -> None:
    """GIVEN alice's PDF that bob may change WHEN bob rotates it THEN nothing changes and he is told only the owner
    may; his document page offers no rotate form but says so."""
    doc = pdf_document(tmp_path, cast.owner, pages=1)
    factories.share(doc, cast, change=True)
    browser = browser_for(cast.granted)
    response = browser.post(f"/documents/{doc.pk}/rotate/", {"degrees": "90"}, follow=True)
    doc.refresh_from_db()
    assert rotations(original_path(doc.filename or "")) == [0]
    assert "Only the owner of the document may rotate its pages." in text_of(response)
    assert 'id="rotate-form"' not in text_of(response) and 'id="owner-only-pages"' in text_of(response)


def test_a_hidden_document_is_not_found(tmp_path: Path, cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN alice's private PDF WHEN dave posts a rotate for it THEN 404 and the file is unchanged."""
    doc = pdf_document(tmp_path, cast.owner, pages=1)
    assert browser_for(cast.stranger).post(f"/documents/{doc.pk}/rotate/", {"degrees": "90"}).status_code == 404
    assert rotations(original_path(doc.filename or "")) == [0]


def test_deleting_pages_keeps_the_others(tmp_path: Path, cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a 4-page PDF WHEN the owner deletes "2, 4" THEN pages 1 and 3 remain."""
    doc = pdf_document(tmp_path, cast.owner, pages=4)
    first, _, third, _ = page_texts(original_path(doc.filename or ""))
    browser_for(cast.owner).post(f"/documents/{doc.pk}/delete_pages/", {"pages": "2, 4"})
    doc.refresh_from_db()
    assert page_texts(original_path(doc.filename or "")) == [first, third]


def test_deleting_every_page_is_refused(tmp_path: Path, cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a 2-page PDF WHEN the owner deletes "1-2" THEN both pages stay and the reason is shown."""
    doc = pdf_document(tmp_path, cast.owner, pages=2)
    response = browser_for(cast.owner).post(f"/documents/{doc.pk}/delete_pages/", {"pages": "1-2"}, follow=True)
    assert len(page_texts(original_path(doc.filename or ""))) == 2
    assert "cannot lose all of its pages" in text_of(response)


def test_split_queues_one_new_document_per_group(
    tmp_path: Path, cast: factories.People, browser_for: BrowserFor
) -> None:
    """GIVEN a 3-page PDF titled Invoice WHEN the owner splits it "1,2-3" THEN two consume tasks are queued with
    those pages and numbered titles, and the document stays."""
    doc = pdf_document(tmp_path, cast.owner, pages=3, title="Invoice")
    texts = page_texts(original_path(doc.filename or ""))
    browser_for(cast.owner).post(f"/documents/{doc.pk}/split/", {"pages": "1,2-3"})
    inputs = queued_inputs()
    assert [page_texts(path) for path, _ in inputs] == [texts[:1], texts[1:]]
    assert [o["title"] for _, o in inputs] == ["Invoice (part 1)", "Invoice (part 2)"]
    assert Document.objects.filter(pk=doc.pk).exists()


def test_split_with_bad_groups_is_refused(tmp_path: Path, cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a 2-page PDF WHEN the owner splits "1,5" THEN nothing is queued and the page says why."""
    doc = pdf_document(tmp_path, cast.owner, pages=2)
    response = browser_for(cast.owner).post(f"/documents/{doc.pk}/split/", {"pages": "1,5"}, follow=True)
    assert queued_inputs() == []
    assert "has pages 1 to 2" in text_of(response)


def test_merge_queues_the_selected_documents_in_list_order(
    tmp_path: Path, cast: factories.People, browser_for: BrowserFor
) -> None:
    """GIVEN two 1-page PDFs WHEN the owner ticks both and merges THEN one consume task holds both pages in the
    order posted, titled as the first; the originals stay."""
    one = pdf_document(tmp_path, cast.owner, pages=1, title="first")
    two = pdf_document(tmp_path, cast.owner, pages=1, title="second")
    texts = page_texts(original_path(two.filename or "")) + page_texts(original_path(one.filename or ""))
    response = browser_for(cast.owner).post("/documents/merge/", {"documents": [two.pk, one.pk]}, follow=True)
    [(path, overrides)] = queued_inputs()
    assert page_texts(path) == texts and overrides["title"] == "second"
    assert "Merge of 2 documents queued" in text_of(response)
    assert Document.objects.count() == 2


def test_merge_with_trash_needs_ownership_of_every_document(
    tmp_path: Path, cast: factories.People, browser_for: BrowserFor
) -> None:
    """GIVEN bob's PDF and alice's PDF he may change WHEN bob merges both and asks to trash the originals
    THEN nothing is queued or trashed and he is told only the owner may."""
    mine = pdf_document(tmp_path, cast.granted, pages=1)
    theirs = pdf_document(tmp_path, cast.owner, pages=1)
    factories.share(theirs, cast, change=True)
    response = browser_for(cast.granted).post(
        "/documents/merge/", {"documents": [mine.pk, theirs.pk], "delete_originals": "1"}, follow=True
    )
    assert queued_inputs() == [] and Document.objects.count() == 2
    assert "Only the owner of every selected document may" in text_of(response)


def test_merge_needs_two_documents(tmp_path: Path, cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN one PDF WHEN it alone is merged THEN nothing is queued and the page asks for two."""
    doc = pdf_document(tmp_path, cast.owner, pages=1)
    response = browser_for(cast.owner).post("/documents/merge/", {"documents": [doc.pk]}, follow=True)
    assert queued_inputs() == [] and "Select at least two documents to merge." in text_of(response)


def test_page_operations_need_the_csrf_token(tmp_path: Path, cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a browser enforcing CSRF WHEN a rotate is posted without the token THEN 403 and nothing changes."""
    doc = pdf_document(tmp_path, cast.owner, pages=1)
    response = browser_for(cast.owner, csrf=True).post(f"/documents/{doc.pk}/rotate/", {"degrees": "90"})
    assert response.status_code == 403 and rotations(original_path(doc.filename or "")) == [0]


def test_the_document_page_offers_page_operations_to_the_owner(
    tmp_path: Path, cast: factories.People, browser_for: BrowserFor
) -> None:
    """GIVEN alice's PDF and a view-only grant for bob WHEN each opens it THEN alice sees rotate, delete pages and
    split; bob sees no page operations."""
    doc = pdf_document(tmp_path, cast.owner, pages=1)
    factories.share(doc, cast)
    owner_page = text_of(browser_for(cast.owner).get(f"/documents/{doc.pk}/"))
    viewer_page = text_of(browser_for(cast.granted).get(f"/documents/{doc.pk}/"))
    assert all(f'id="{form}"' in owner_page for form in ("rotate-form", "delete-pages-form", "split-form"))
    assert 'id="pages"' not in viewer_page
