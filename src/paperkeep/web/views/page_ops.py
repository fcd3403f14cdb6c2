"""Page operations from the browser: rotate, delete pages and split on the document page, merge from the
documents list. Each runs the API's own plan (`tasks.pdf_operations.plan_pdf`) under the rules it names: change
rights on every document, ownership for rotate and delete pages (and whenever originals are trashed), the add
permission for new documents, the delete permission to trash the originals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from paperkeep.documents import queries
from paperkeep.documents.actions.pages import parse_split
from paperkeep.documents.errors import DocumentsError, InvalidValue
from paperkeep.ingest.context import Source
from paperkeep.tasks.pdf_operations import PdfPlan, plan_pdf
from paperkeep.web.access import MissingPermission, can, page
from paperkeep.web.views.bulk import BulkError, may_change_all
from paperkeep.web.views.common import back

OWNER_MESSAGE = "Only the owner of {what} may {action}."


class PageOperationRefused(Exception):
    """The user may not run this page operation; the message says why."""

    code = "page_operation_refused"


def _messages_of(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [text for value in detail.values() for text in _messages_of(value)]
    if isinstance(detail, list):
        return [text for value in detail for text in _messages_of(value)]
    return [str(detail)]


def apply_plan(user: Any, ids: list[int], plan: PdfPlan, *, action: str) -> None:
    """Check the plan and the permissions as the API does (nothing runs when one fails), then run it atomically."""
    plan.check(ids)
    if not can(user, "documents.change_document"):
        raise MissingPermission("documents.change_document")
    if not may_change_all(user, ids, owner_only=plan.owner_only):
        what = "the document" if len(ids) == 1 else "every selected document"
        if plan.owner_only:
            raise PageOperationRefused(OWNER_MESSAGE.format(what=what, action=action))
        raise PageOperationRefused(f"You may not change {what}.")
    for needed, permission in ((plan.needs_add, "documents.add_document"),
                               (plan.needs_delete, "documents.delete_document")):  # fmt: skip
        if needed and not can(user, permission):
            raise MissingPermission(permission)
    with transaction.atomic():
        plan.run(ids)


def _run(request: HttpRequest, ids: list[int], plan: Callable[[], PdfPlan], *, action: str, done: str) -> bool:
    """Plan and apply; tell the user the outcome. Return whether it worked."""
    try:
        apply_plan(request.user, ids, plan(), action=action)
    except ValidationError as exc:
        messages.error(request, " ".join(_messages_of(exc.detail)))
    except (PageOperationRefused, BulkError) as exc:
        messages.error(request, str(exc))
    except DocumentsError as exc:
        messages.error(request, exc.message)
    except MissingPermission as exc:
        messages.error(request, f"Not allowed: your account lacks the permission {exc.permission}.")
    else:
        messages.success(request, done)
        return True
    return False


def _document_url(pk: int, anchor: str = "pages") -> str:
    return reverse("web:document", kwargs={"pk": pk}) + f"#{anchor}"


def _pages(spec: str) -> list[int]:
    """'2, 4-5' -> [2, 4, 5]."""
    return sorted({number for group in parse_split(spec) for number in group})


@require_POST
@page("documents.view_document")
def rotate(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn every page of the document by the posted degrees (90, 180 or 270)."""
    document = queries.access_document(request.user, pk)
    raw = request.POST.get("degrees", "")
    degrees = int(raw) if raw.isdigit() else 0
    _run(request, [document.pk], lambda: plan_pdf("rotate", {"degrees": degrees}, request.user, source=Source.WEB_UI),
         action="rotate its pages", done=f"Rotated every page by {degrees}°.")  # fmt: skip
    return redirect(_document_url(document.pk))


@require_POST
@page("documents.view_document")
def delete_pages(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove the posted pages ("2, 4-5") from the document."""
    document = queries.access_document(request.user, pk)
    try:
        numbers = _pages(request.POST.get("pages", ""))
    except InvalidValue as exc:
        messages.error(request, exc.message)
        return redirect(_document_url(document.pk))
    done = f"Deleted page{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}."
    _run(request, [document.pk], lambda: plan_pdf("delete_pages", {"pages": numbers}, request.user,
                                                  source=Source.WEB_UI),
         action="delete its pages", done=done)  # fmt: skip
    return redirect(_document_url(document.pk))


@require_POST
@page("documents.view_document")
def split(request: HttpRequest, pk: int) -> HttpResponse:
    """Make one new document per posted page group ("1,2-3"); optionally move this one to the trash."""
    document = queries.access_document(request.user, pk)
    spec = request.POST.get("pages", "")
    trash = request.POST.get("delete_originals") == "1"
    parameters = {"pages": spec, "delete_originals": trash}
    done = "Split queued: the new documents appear when the tasks finish."
    worked = _run(request, [document.pk], lambda: plan_pdf("split", parameters, request.user, source=Source.WEB_UI),
                  action="split it and move it to the trash", done=done)  # fmt: skip
    if worked and trash:
        return redirect("web:tasks")
    return redirect(_document_url(document.pk))


def _selected(request: HttpRequest) -> list[int]:
    """The ticked documents in list order; "all matching" is refused, as in the API."""
    if request.POST.get("all") == "1":
        raise BulkError("Merge needs the documents ticked one by one, not all matching.")
    try:
        ids = list(dict.fromkeys(int(v) for v in request.POST.getlist("documents")))
    except ValueError:
        raise BulkError("The selection is not valid.") from None
    if queries.visible_documents(request.user).filter(pk__in=ids).count() != len(ids):
        raise BulkError("Some selected documents do not exist.")
    if len(ids) < 2:
        raise BulkError("Select at least two documents to merge.")
    return ids


@require_POST
@page("documents.view_document")
def merge(request: HttpRequest) -> HttpResponse:
    """Merge the selected documents, in list order, into one new document (metadata from the first)."""
    home = back(request, reverse("web:documents"))
    try:
        ids = _selected(request)
    except BulkError as exc:
        messages.error(request, str(exc))
        return redirect(home)
    parameters = {"metadata_document_id": ids[0], "delete_originals": request.POST.get("delete_originals") == "1",
                  "archive_fallback": True}  # fmt: skip
    _run(request, ids, lambda: plan_pdf("merge", parameters, request.user, source=Source.WEB_UI),
         action="merge them and move them to the trash",
         done=f"Merge of {len(ids)} documents queued: the new document appears when the task finishes.")  # fmt: skip
    return redirect(home)
