"""The document page: shown only to those who may view it; editing, notes, share links, permissions, trash."""

from __future__ import annotations

import pytest
from django.test import Client

from paperkeep.documents.models import Correspondent, CustomField, CustomFieldInstance, Document, Note, ShareLink, Tag
from tests.api import factories
from tests.web.conftest import BrowserFor, text_of

pytestmark = pytest.mark.django_db


def test_a_hidden_document_is_not_found(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN alice's private document
    WHEN dave opens its page, and a page of a document that does not exist
    THEN both answer the same 404 page; alice gets 200."""
    private = factories.document(owner=cast.owner, title="Private payslip")
    stranger = browser_for(cast.stranger)
    hidden, missing = stranger.get(f"/documents/{private.pk}/"), stranger.get("/documents/999999/")
    assert hidden.status_code == missing.status_code == 404
    assert "Private payslip" not in text_of(hidden)
    assert browser_for(cast.owner).get(f"/documents/{private.pk}/").status_code == 200


def test_user_strings_on_the_page_are_escaped(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a document whose title, note, tag, correspondent and custom field value all hold markup
    WHEN its owner opens it
    THEN none of the markup is rendered as an element."""
    evil = '<img src=x onerror="alert(1)">'
    tag, who = Tag.objects.create(name=evil), Correspondent.objects.create(name=evil)
    document = factories.document(owner=cast.owner, title=evil, content=evil, tags=[tag], correspondent=who)
    Note.objects.create(document=document, user=cast.owner, note=evil)
    field = CustomField.objects.create(name=evil, data_type="string")
    CustomFieldInstance.objects.create(document=document, field=field, value_text=evil)
    page = text_of(browser_for(cast.owner).get(f"/documents/{document.pk}/"))
    assert "<img src=x" not in page and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_editing_metadata_saves_every_field(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a document, a correspondent, two tags and a custom field on it
    WHEN the owner saves the form with a new title, date, correspondent, tags, ASN and field value
    THEN the document has all of them."""
    acme = Correspondent.objects.create(name="ACME")
    red, blue = Tag.objects.create(name="red"), Tag.objects.create(name="blue")
    field = CustomField.objects.create(name="Amount", data_type="monetary")
    document = factories.document(owner=cast.owner, title="scan", tags=[red])
    CustomFieldInstance.objects.create(document=document, field=field)
    response = browser_for(cast.owner).post(f"/documents/{document.pk}/edit/", {
        "title": "ACME invoice", "created": "2024-03-02", "correspondent": acme.pk, "tags": [blue.pk],
        "archive_serial_number": "42", f"cf_{field.pk}": "EUR12.50",
    })  # fmt: skip
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, str(document.created), document.correspondent, document.archive_serial_number) == (
        "ACME invoice", "2024-03-02", acme, 42)
    assert list(document.tags.all()) == [blue]
    assert CustomFieldInstance.objects.get(document=document).value == "EUR12.50"


def test_a_bad_value_shows_the_form_again_with_the_reason(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a document
    WHEN the owner saves an ASN that is not a number
    THEN the page answers 400 with the reason and keeps what was typed; nothing changed."""
    document = factories.document(owner=cast.owner, title="scan")
    response = browser_for(cast.owner).post(f"/documents/{document.pk}/edit/", {
        "title": "typed title", "created": "2024-03-02", "archive_serial_number": "abc"})
    assert response.status_code == 400
    assert "archive serial number" in text_of(response) and 'value="typed title"' in text_of(response)
    assert Document.objects.get(pk=document.pk).title == "scan"


def test_a_viewer_cannot_change_a_document(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a document shared with bob for viewing only
    WHEN bob opens it and posts an edit
    THEN the form is shown disabled, and the edit answers 404 and changes nothing."""
    document = factories.document(owner=cast.owner, title="scan")
    factories.share(document, cast)
    bob = browser_for(cast.granted)
    assert "You may view this document but not change it." in text_of(bob.get(f"/documents/{document.pk}/"))
    response = bob.post(f"/documents/{document.pk}/edit/", {"title": "hacked", "created": "2024-01-01"})
    assert response.status_code == 404 and Document.objects.get(pk=document.pk).title == "scan"


def test_tags_the_editor_cannot_see_survive_an_edit(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a document editable by bob carrying a tag only alice can see
    WHEN bob saves the form with no tags chosen
    THEN the hidden tag is still on the document."""
    secret = Tag.objects.create(name="secret", owner=cast.owner)
    document = factories.document(owner=cast.owner, title="scan", tags=[secret])
    factories.share(document, cast, change=True)
    browser_for(cast.granted).post(f"/documents/{document.pk}/edit/", {"title": "scan", "created": "2024-01-01"})
    assert list(document.tags.all()) == [secret]


def test_suggestions_come_from_matching_rules(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a correspondent matching "northwind" and a document whose text mentions Northwind and a date
    WHEN the owner opens the document
    THEN the correspondent and the date are offered as suggestions."""
    Correspondent.objects.create(name="Northwind", match="northwind", matching_algorithm=1)
    document = factories.document(owner=cast.owner, content="Invoice from Northwind Traders, 11.01.2024")
    page = text_of(browser_for(cast.owner).get(f"/documents/{document.pk}/"))
    assert "Correspondent: Northwind" in page and "Date: 2024-01-11" in page


def test_notes_are_added_and_deleted(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a document
    WHEN the owner adds a note, then deletes it
    THEN the note appears on the page, then is gone."""
    document = factories.document(owner=cast.owner)
    browser = browser_for(cast.owner)
    browser.post(f"/documents/{document.pk}/notes/", {"note": "Paid on 3 March"})
    assert "Paid on 3 March" in text_of(browser.get(f"/documents/{document.pk}/"))
    note = Note.objects.get(document=document)
    browser.post(f"/documents/{document.pk}/notes/{note.pk}/delete/")
    assert "Paid on 3 March" not in text_of(browser.get(f"/documents/{document.pk}/"))


def test_a_share_link_serves_the_file_to_anyone_until_deleted(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a document with files
    WHEN the owner creates a share link expiring in 7 days, a stranger with no session opens it, then the
    owner deletes the link
    THEN the stranger gets the archive PDF; after deletion the address no longer serves it."""
    document = factories.document(owner=cast.owner, files=True)
    browser = browser_for(cast.owner)
    browser.post(f"/documents/{document.pk}/share/", {"expires_in_days": "7", "file_version": "archive"})
    link = ShareLink.objects.get(document=document)
    assert link.expiration is not None and f"/share/{link.slug}" in text_of(browser.get(f"/documents/{document.pk}/"))
    shared = Client().get(f"/share/{link.slug}")
    assert shared.status_code == 200 and b"".join(shared.streaming_content).startswith(b"%PDF-1.4 archive")
    browser.post(f"/documents/{document.pk}/share/{link.pk}/delete/")
    assert Client().get(f"/share/{link.slug}").status_code == 302


def test_only_the_owner_changes_permissions(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a document bob may change
    WHEN bob posts new permissions, then alice grants dave view permission
    THEN bob's request changes nothing, and after alice's dave can open the document."""
    document = factories.document(owner=cast.owner)
    factories.share(document, cast, change=True)
    browser_for(cast.granted).post(f"/documents/{document.pk}/permissions/", {"owner": cast.granted.pk})
    assert Document.objects.get(pk=document.pk).owner == cast.owner
    browser_for(cast.owner).post(f"/documents/{document.pk}/permissions/", {
        "owner": cast.owner.pk, "view_users": [cast.stranger.pk]})
    assert browser_for(cast.stranger).get(f"/documents/{document.pk}/").status_code == 200


def test_moving_to_the_trash(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a document
    WHEN the owner moves it to the trash
    THEN its page is gone and it is listed in the trash."""
    document = factories.document(owner=cast.owner, title="old letter")
    browser = browser_for(cast.owner)
    browser.post(f"/documents/{document.pk}/trash/")
    assert browser.get(f"/documents/{document.pk}/").status_code == 404
    assert "old letter" in text_of(browser.get("/trash/"))


def test_new_correspondent_and_tags_are_created_while_filing(cast: factories.People,
                                                             browser_for: BrowserFor) -> None:
    """GIVEN an existing tag "bills" and a document
    WHEN the owner saves it typing a new correspondent "Initech" and the tags "Bills, urgent"
    THEN Initech and urgent are created (owned by them), bills is reused, and the document has all three."""
    bills = Tag.objects.create(name="bills")
    document = factories.document(owner=cast.owner)
    browser_for(cast.owner).post(f"/documents/{document.pk}/edit/", {
        "title": "t", "created": "2024-01-01", "new_correspondent": "Initech", "new_tags": "Bills, urgent"})
    document.refresh_from_db()
    assert document.correspondent is not None and document.correspondent.name == "Initech"
    assert document.correspondent.owner == cast.owner
    assert sorted(t.name for t in document.tags.all()) == ["bills", "urgent"] and bills in document.tags.all()


def test_a_failed_save_creates_nothing(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a document
    WHEN the owner types a new correspondent but a bad date
    THEN the save is refused and no correspondent was created."""
    document = factories.document(owner=cast.owner)
    response = browser_for(cast.owner).post(f"/documents/{document.pk}/edit/", {
        "title": "t", "created": "yesterday", "new_correspondent": "Initech"})
    assert response.status_code == 400 and not Correspondent.objects.filter(name="Initech").exists()


def test_linking_a_document_needs_change_permission_on_it(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN the granted user's document with a document-link field, alice's document they may only view,
    and alice's document they cannot see
    WHEN they save the form linking either of alice's documents (the link is mirrored onto the linked document)
    THEN 400 with a reason and no link anywhere; a hidden document reads like a missing one."""
    field = CustomField.objects.create(name="See also", data_type="documentlink")
    mine = factories.document(owner=cast.granted, title="mine")
    CustomFieldInstance.objects.create(document=mine, field=field)
    view_only = factories.document(owner=cast.owner, title="view only")
    factories.share(view_only, cast)
    hidden = factories.document(owner=cast.owner, title="hidden")
    browser = browser_for(cast.granted)
    for target, reason in ((view_only, "only link documents you may change"), (hidden, "does not exist")):
        response = browser.post(f"/documents/{mine.pk}/edit/", {"title": "mine", "created": "2024-03-02",
                                                                 f"cf_{field.pk}": str(target.pk)})  # fmt: skip
        assert response.status_code == 400 and reason in text_of(response)
    assert not CustomFieldInstance.objects.filter(document__in=[view_only, hidden]).exists()
    assert CustomFieldInstance.objects.get(document=mine).value_document_ids in (None, [])
