"""The trash: the user's trashed documents (owned or unowned), restore them, or delete them for good."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from paperkeep.documents import queries
from paperkeep.documents.actions.documents import delete_documents, restore_documents
from paperkeep.web.access import page
from paperkeep.web.views.common import show


@page("documents.view_document")
def trash(request: HttpRequest) -> HttpResponse:
    """List trashed documents, most recently trashed first, with the day each is deleted for good."""
    trashed = queries.trashed_documents(request.user).select_related("correspondent").order_by("-deleted_at", "-pk")
    current = Paginator(trashed, 50).get_page(request.GET.get("page"))
    return show(request, "web/trash.html", "trash", {"page_obj": current})


@require_POST
@page("documents.delete_document")
def trash_action(request: HttpRequest) -> HttpResponse:
    """Restore or delete the chosen trashed documents, or empty the whole trash."""
    trashed = queries.trashed_documents(request.user)
    if request.POST.get("all") != "1":
        trashed = trashed.filter(pk__in=[int(v) for v in request.POST.getlist("documents") if v.isdigit()])
    documents = list(trashed)
    if not documents:
        messages.error(request, "Select at least one document.")
    elif request.POST.get("action") == "restore":
        restore_documents(documents)
        messages.success(request, f"Restored {len(documents)} document(s).")
    elif request.POST.get("action") == "delete":
        delete_documents(documents)
        messages.success(request, f"Deleted {len(documents)} document(s) for good.")
    else:
        messages.error(request, "Unknown action.")
    return redirect("web:trash")
