"""Per-document extras: notes, suggestions, share links, history, root; and `next_asn/`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Max
from django.http import HttpResponseBadRequest
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from paperkeep.api.permissions import forbidden, has_perm, is_superuser
from paperkeep.api.serializers.documents import note_object
from paperkeep.api.serializers.sharing import share_link_object
from paperkeep.documents import history as document_history
from paperkeep.documents import matching, queries
from paperkeep.documents.actions.notes import add_note, delete_note
from paperkeep.documents.models import Correspondent, Document, DocumentType, Note, ShareLink, StoragePath, Tag
from paperkeep.parsers.dates import find_dates

NOTE_PERMISSIONS = {"GET": "view_note", "HEAD": "view_note", "OPTIONS": "view_note", "POST": "add_note"}


def _notes(document: Document) -> list[dict[str, Any]]:
    notes = Note.objects.filter(document=document).select_related("user").order_by("created", "pk")
    return [note_object(note) for note in notes]


class DocumentExtrasMixin:
    """Endpoints hanging off a document; each answers 404 for a document the requester may not view."""

    request: Request

    def root_document(self, pk: Any) -> Document:
        raise NotImplementedError

    @action(methods=["get", "post", "delete"], detail=True, pagination_class=None, filter_backends=[])
    def notes(self, request: Request, pk: str | None = None) -> Any:
        """List (GET), add (POST `{note}`) or delete (DELETE `?id=`) notes; answers the note list."""
        codename = NOTE_PERMISSIONS.get(request.method or "GET", "delete_note")
        if not has_perm(request.user, f"documents.{codename}"):
            raise exceptions.PermissionDenied()
        document = self.root_document(pk)
        if request.method == "GET":
            return Response(_notes(document))
        if not queries.can_change(request.user, document):
            verb = "create" if request.method == "POST" else "delete"
            return forbidden(f"Insufficient permissions to {verb} notes")
        if request.method == "POST":
            text = request.data.get("note") if hasattr(request.data, "get") else None
            if not isinstance(text, str):
                raise exceptions.ValidationError({"note": ["This field is required."]})
            add_note(document, request.user, text)
            return Response(_notes(document))
        note_id = request.query_params.get("id")
        if not note_id:
            raise exceptions.ValidationError({"id": "This field is required."})
        try:
            number = int(note_id)
        except ValueError:
            raise exceptions.ValidationError({"id": "A valid integer is required."}) from None
        try:
            note = Note.objects.get(pk=number, document=document)
        except Note.DoesNotExist:
            raise exceptions.NotFound() from None
        delete_note(note)
        return Response(_notes(document))

    @action(methods=["get"], detail=True, filter_backends=[])
    def suggestions(self, request: Request, pk: str | None = None) -> Any:
        """Suggest the requester's objects whose match rules fit the text, and dates found in it."""
        document = self.root_document(pk)
        if not queries.can_change(request.user, document):
            return forbidden()
        text = document.content or ""
        user = request.user
        ocr = settings.CONFIG.ocr

        def ids(model: Any) -> list[int]:
            candidates = queries.visible(model, user).exclude(match="").order_by("pk")
            return [obj.pk for obj in matching.matching(candidates, text)]

        dates = []
        if ocr.number_of_suggested_dates > 0:
            dates = find_dates(
                text,
                document.original_filename,
                date_order=ocr.date_order,
                filename_date_order=ocr.filename_date_order,
                ignore_dates=ocr.ignore_dates,
                languages=ocr.date_parser_languages,
                limit=ocr.number_of_suggested_dates,
            )
        return Response(
            {
                "correspondents": ids(Correspondent),
                "tags": ids(Tag),
                "document_types": ids(DocumentType),
                "storage_paths": ids(StoragePath),
                "dates": [found.isoformat() for found in sorted(set(dates))],
            }
        )

    @action(methods=["get"], detail=True, filter_backends=[], pagination_class=None)
    def share_links(self, request: Request, pk: str | None = None) -> Any:
        """List the document's share links that have not expired, newest first."""
        document = self.root_document(pk)
        if not queries.can_change(request.user, document):
            return forbidden("Insufficient permissions to add share link")
        links = ShareLink.objects.filter(document=document).exclude(expiration__lt=timezone.now()).order_by("-created")
        return Response([share_link_object(link) for link in links])

    @action(methods=["get"], detail=True, filter_backends=[])
    def history(self, request: Request, pk: str | None = None) -> Any:
        """The document's history, newest first; 400 when the audit log is off, 403 without `view_logentry`
        or (unless superuser) for a document owned by someone else."""
        if not document_history.enabled():
            return HttpResponseBadRequest("Audit log is disabled")
        document = self.root_document(pk)
        user: Any = request.user
        if not has_perm(user, "documents.view_logentry") or (
            document.owner_id is not None and document.owner_id != user.pk and not is_superuser(user)
        ):
            return forbidden()
        return Response(document_history.entries(document.pk))

    @action(methods=["get"], detail=True, filter_backends=[])
    def root(self, request: Request, pk: str | None = None) -> Response:
        """Return `{"root_id": n}`: the root of a document version (or the document itself)."""
        document = queries.access_document(request.user, pk)
        return Response({"root_id": document.root_document_id or document.pk})

    @action(methods=["get"], detail=False, filter_backends=[])
    def next_asn(self, request: Request) -> Response:
        """Return the next free archive serial number: the highest in use plus one."""
        highest = Document.global_objects.aggregate(top=Max("archive_serial_number"))["top"]
        return Response((highest or 0) + 1)
