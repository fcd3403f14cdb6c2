"""Notes on documents (they are part of the search index, so each change re-indexes the document)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from paperkeep.documents import history, indexing
from paperkeep.documents.errors import InvalidValue
from paperkeep.documents.models import Document, Note


def add_note(document: Document, user: Any, text: str) -> Note:
    """Add a note to a document."""
    if not text.strip():
        raise InvalidValue("The note may not be empty.", field="note")
    with transaction.atomic():
        note = Note.objects.create(document=document, user=user, note=text)
        history.record([document.pk], history.UPDATE, history.note_added(note.pk), user)
        Document.global_objects.filter(pk=document.pk).update(modified=timezone.now())
        indexing.schedule_index([document.pk])
    return note


def delete_note(note: Note) -> None:
    """Delete a note (softly, as Paperless: it leaves the document's note list)."""
    with transaction.atomic():
        note.deleted_at = timezone.now()
        note.save(update_fields=["deleted_at"])
        history.record([note.document_id], history.UPDATE, history.note_deleted(note.pk))
        Document.global_objects.filter(pk=note.document_id).update(modified=timezone.now())
        indexing.schedule_index([note.document_id])
