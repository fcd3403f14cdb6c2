"""Document history (audit log): the actions record who changed what; nothing when the log is off."""

from __future__ import annotations

from typing import Any

import pytest

from paperkeep.documents import history
from paperkeep.documents.actions.custom_fields import remove_custom_fields, set_custom_fields
from paperkeep.documents.actions.documents import modify_tags, restore_documents, trash_documents, update_document
from paperkeep.documents.actions.field_definitions import create_custom_field
from paperkeep.documents.actions.notes import add_note, delete_note
from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.actions.permissions import set_owner
from paperkeep.documents.models import Correspondent, Document, DocumentHistory, Tag
from tests.conftest import ConfigOverride, Dirs

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(paperkeep_dirs: Dirs) -> Document:
    return Document.objects.create(title="Old", checksum="c", mime_type="text/plain")


def only_entry(document: Document) -> DocumentHistory:
    [entry] = DocumentHistory.objects.filter(document_id=document.pk)
    return entry


def test_update_records_changed_fields_with_the_acting_user(document: Document, make_user: Any) -> None:
    """GIVEN a document and alice acting WHEN its title and correspondent change
    THEN one "update" entry holds [old, new] for each, by alice."""
    alice = make_user("alice")
    acme = create_object(Correspondent, name="ACME")
    with history.acting_as(lambda: alice):
        update_document(document, title="New", correspondent_id=acme.pk)
    entry = only_entry(document)
    assert entry.get_action_display() == "update"
    assert entry.changes == {"title": ["Old", "New"], "correspondent": ["None", str(acme.pk)]}
    assert entry.actor_id == alice.pk


def test_unchanged_values_record_nothing(document: Document) -> None:
    """GIVEN a document titled "Old" WHEN its title is set to "Old" again THEN no entry is recorded."""
    update_document(document, title="Old")
    assert not DocumentHistory.objects.exists()


def test_tag_changes_are_recorded_by_name(document: Document) -> None:
    """GIVEN a document and a tag WHEN the tag is added and then removed
    THEN an "add" and then a "remove" tags entry name the tag."""
    tag = create_object(Tag, name="invoice")
    modify_tags([document], add=[tag.pk])
    modify_tags([document], remove=[tag.pk])
    operations = [e["changes"]["tags"] for e in reversed(history.entries(document.pk))]
    assert operations == [
        {"type": "m2m", "operation": "add", "objects": ["invoice"]},
        {"type": "m2m", "operation": "remove", "objects": ["invoice"]},
    ]


def test_custom_field_set_and_removed(document: Document) -> None:
    """GIVEN a string custom field WHEN it is set on a document and later removed
    THEN a create and a delete entry name the field and its value (a first value is a create, as in Paperless-ngx)."""
    field = create_custom_field(name="Ref", data_type="string")
    set_custom_fields(document, {field.pk: "A-1"})
    remove_custom_fields(document, [field.pk])
    entries = list(reversed(history.entries(document.pk)))
    assert [(e["action"], e["changes"]["custom_fields"]["value"]) for e in entries] == [
        ("create", "A-1"),
        ("delete", "A-1"),
    ]


def test_notes_added_and_removed_name_their_author(document: Document, make_user: Any) -> None:
    """GIVEN alice WHEN she adds a note and it is deleted
    THEN both entries name the note by id (not its text, as Paperless-ngx logs them); the first is hers."""
    alice = make_user("alice")
    note = add_note(document, alice, "call back")
    delete_note(note)
    added, removed = reversed(history.entries(document.pk))
    assert added["changes"] == {"Note Added": ["None", note.pk]}
    assert added["actor"] == {"id": alice.pk, "username": "alice"}
    assert removed["changes"] == {"Note Deleted": [note.pk, "None"]}


def test_owner_change_is_recorded(document: Document, make_user: Any) -> None:
    """GIVEN an unowned document WHEN alice becomes its owner THEN the entry shows owner None → alice's id."""
    alice = make_user("alice")
    set_owner([document], alice.pk)
    assert only_entry(document).changes == {"owner": ["None", str(alice.pk)]}


def test_trash_and_restore_are_recorded(document: Document) -> None:
    """GIVEN a document WHEN it is trashed and restored THEN two entries show deleted_at being set and cleared."""
    trash_documents([document])
    restore_documents([document])
    trashed, restored = reversed(history.entries(document.pk))
    assert trashed["changes"]["deleted_at"][0] == "None"
    assert restored["changes"]["deleted_at"][1] == "None"


def test_disabled_audit_log_records_nothing(document: Document, override_config: ConfigOverride) -> None:
    """GIVEN PAPERLESS_AUDIT_LOG_ENABLED=false WHEN the title changes and a tag is added THEN no entry exists."""
    override_config("core", audit_log_enabled=False)
    update_document(document, title="New")
    modify_tags([document], add=[create_object(Tag, name="t").pk])
    assert not DocumentHistory.objects.exists()
