"""One document: preview, metadata editing with suggestions, notes, permissions, share links, trash."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from paperkeep.documents import history, queries
from paperkeep.documents.actions.documents import trash_documents
from paperkeep.documents.actions.editing import edit_document
from paperkeep.documents.actions.notes import add_note, delete_note
from paperkeep.documents.actions.permissions import Grants, current_grants, set_owner, set_permissions
from paperkeep.documents.actions.sharing import create_share_link, delete_share_link
from paperkeep.documents.errors import DocumentsError, InvalidValue, NotFound
from paperkeep.documents.models import CustomField, CustomFieldInstance, Document, Note, ShareLink
from paperkeep.web import search
from paperkeep.web.access import can, is_superuser, page, require
from paperkeep.web.doc_forms import read_edit, suggestions, with_new_objects
from paperkeep.web.history_rows import history_rows, may_view_history
from paperkeep.web.views.common import Choices, load_documents, show

SHARE_EXPIRY_DAYS = (1, 7, 30, 365)
SIMILAR_SHOWN = 5


def _changeable(request: HttpRequest, pk: int) -> Document:
    require(request.user, "documents.change_document")
    return queries.access_document(request.user, pk, for_change=True)


def is_owner(user: Any, document: Document) -> bool:
    """Owners (or anyone, for an unowned document) and superusers may change permissions and trash."""
    return is_superuser(user) or document.owner_id in (None, user.pk)


def share_url(request: HttpRequest, link: ShareLink) -> str:
    """Return the public address of a share link, on PAPERLESS_URL when it is set."""
    path = reverse("share", kwargs={"slug": link.slug})
    origin = getattr(settings, "PUBLIC_ORIGIN", None)
    return (origin.rstrip("/") + path) if origin else request.build_absolute_uri(path)


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def form_values(document: Document, instances: list[CustomFieldInstance], posted: Any = None) -> dict[str, Any]:
    """Return the edit form's values: what was posted (after a mistake), else the document's."""
    if posted is not None:
        return {
            "title": posted.get("title", ""), "created": posted.get("created", ""),
            "correspondent": posted.get("correspondent", ""), "document_type": posted.get("document_type", ""),
            "storage_path": posted.get("storage_path", ""), "asn": posted.get("archive_serial_number", ""),
            "tags": {int(v) for v in posted.getlist("tags") if v.isdigit()},
            "fields": {i.field_id: posted.get(f"cf_{i.field_id}", "") for i in instances},
        }  # fmt: skip
    return {
        "title": document.title, "created": document.created.isoformat(),
        "correspondent": str(document.correspondent_id or ""), "document_type": str(document.document_type_id or ""),
        "storage_path": str(document.storage_path_id or ""), "asn": _as_text(document.archive_serial_number),
        "tags": {tag.pk for tag in document.visible_tags},  # type: ignore[attr-defined]
        "fields": {i.field_id: _as_text(i.value) for i in instances},
    }  # fmt: skip


def _context(request: HttpRequest, document: Document, posted: Any = None) -> dict[str, Any]:
    user = request.user
    editable = can(user, "documents.change_document") and queries.can_change(user, document)
    [loaded] = load_documents(Document.global_objects.filter(pk=document.pk), user, with_content=True)
    instances = list(CustomFieldInstance.objects.filter(document=document).select_related("field"))
    choices = Choices.load(user)
    context: dict[str, Any] = {
        "object_fields": [("correspondent", "Correspondent", choices.correspondents),
                          ("document_type", "Document type", choices.document_types),
                          ("storage_path", "Storage path", choices.storage_paths)],
        "document": loaded, "editable": editable, "owner_rights": is_owner(user, document),
        "choices": choices, "instances": instances,
        "form": form_values(loaded, instances, posted), "posted": posted,
        "addable_fields": CustomField.objects.exclude(pk__in=[i.field_id for i in instances]).order_by("name"),
        "is_image": document.mime_type.startswith("image/") and not document.archive_filename,
        "previewable": bool(document.archive_filename) or document.mime_type in ("application/pdf", "text/plain"),
        "share_expiry_days": SHARE_EXPIRY_DAYS,
    }  # fmt: skip
    if can(user, "documents.view_note"):
        context["notes"] = Note.objects.filter(document=document).select_related("user").order_by("created", "pk")
    if editable:
        context["suggestions"] = suggestions(document, user)
        links = ShareLink.objects.filter(document=document).exclude(expiration__lt=timezone.now()).order_by("-created")
        context["share_links"] = [(link, share_url(request, link)) for link in links]
    if context["owner_rights"]:
        context["grants"] = current_grants(document)
    context["history_enabled"] = history.enabled()
    visible = context["history_enabled"] and may_view_history(user, document)
    context["history"] = history_rows(document) if visible else None
    similar = search.more_like(user, document, queries.visible_documents(user).exclude(pk=document.pk))
    if similar.ranked:
        top = similar.ranked[:SIMILAR_SHOWN]
        context["similar"] = load_documents(Document.objects.filter(pk__in=top), user, order=top)
    return context


@page("documents.view_document")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a document the user may view (404 for anything else)."""
    document = queries.access_document(request.user, pk)
    return show(request, "web/document.html", "documents", _context(request, document))


@require_POST
@page("documents.view_document")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the metadata form; on a mistake show the form again with the message and what was typed."""
    document = _changeable(request, pk)
    try:
        with transaction.atomic():
            posted = with_new_objects(request.POST, request.user)
            edit_document(document, read_edit(posted, document, request.user))
    except DocumentsError as exc:
        context = _context(request, document, request.POST)
        context.update(form_error=exc.message)
        return show(request, "web/document.html", "documents", context, status=400)
    messages.success(request, "Saved.")
    return redirect("web:document", pk=document.pk)


@require_POST
@page("documents.add_note")
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    document = _changeable(request, pk)
    try:
        add_note(document, request.user, request.POST.get("note", ""))
    except InvalidValue as exc:
        messages.error(request, exc.message)
    return redirect(reverse("web:document", kwargs={"pk": document.pk}) + "#notes")


@require_POST
@page("documents.delete_note")
def note_delete(request: HttpRequest, pk: int, note_id: int) -> HttpResponse:
    document = _changeable(request, pk)
    note = Note.objects.filter(pk=note_id, document=document).first()
    if note is None:
        raise NotFound()
    delete_note(note)
    return redirect(reverse("web:document", kwargs={"pk": document.pk}) + "#notes")


def _ids(values: list[str]) -> frozenset[int]:
    return frozenset(int(v) for v in values if v.isdigit())


@require_POST
@page("documents.change_document")
def permissions(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the owner and the view/change grants (owners and superusers only)."""
    document = _changeable(request, pk)
    if not is_owner(request.user, document):
        messages.error(request, "Only the owner may change who can see this document.")
        return redirect("web:document", pk=document.pk)
    post = request.POST
    owner = post.get("owner", "")
    set_owner([document], int(owner) if owner.isdigit() else None)
    set_permissions([document], Grants.of(_ids(post.getlist("view_users")), _ids(post.getlist("view_groups")),
                                          _ids(post.getlist("change_users")), _ids(post.getlist("change_groups"))))
    messages.success(request, "Permissions saved.")
    if not queries.visible_documents(request.user).filter(pk=document.pk).exists():
        return redirect("web:documents")
    return redirect(reverse("web:document", kwargs={"pk": document.pk}) + "#permissions")


@require_POST
@page("documents.add_sharelink")
def share_create(request: HttpRequest, pk: int) -> HttpResponse:
    document = _changeable(request, pk)
    days = request.POST.get("expires_in_days", "")
    expiration = timezone.now() + timedelta(days=int(days)) if days.isdigit() and int(days) > 0 else None
    create_share_link(document, owner_id=request.user.pk, expiration=expiration,
                      file_version=request.POST.get("file_version", "archive"))  # fmt: skip
    messages.success(request, "Share link created.")
    return redirect(reverse("web:document", kwargs={"pk": document.pk}) + "#share")


@require_POST
@page("documents.delete_sharelink")
def share_delete(request: HttpRequest, pk: int, link_id: int) -> HttpResponse:
    document = _changeable(request, pk)
    link = ShareLink.objects.filter(pk=link_id, document=document).first()
    if link is None:
        raise NotFound()
    delete_share_link(link)
    messages.success(request, "Share link deleted: its address no longer works.")
    return redirect(reverse("web:document", kwargs={"pk": document.pk}) + "#share")


@require_POST
@page("documents.delete_document")
def trash(request: HttpRequest, pk: int) -> HttpResponse:
    document = _changeable(request, pk)
    if not is_owner(request.user, document):
        messages.error(request, "Only the owner may move this document to the trash.")
        return redirect("web:document", pk=document.pk)
    trash_documents([document])
    messages.success(request, f"Moved “{document.title}” to the trash.")
    return redirect("web:documents")
