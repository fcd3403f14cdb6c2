"""The documents page: search, filters, sort, pages, table or cards; saved views; autocomplete."""

from __future__ import annotations

import math

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from paperkeep.documents import queries
from paperkeep.documents.actions.saved_views import (
    create_saved_view,
    delete_saved_view,
    set_view_visibility,
    update_saved_view,
)
from paperkeep.documents.models import SavedView
from paperkeep.web import search
from paperkeep.web.access import page, require
from paperkeep.web.listing import CF_OPS, PAGE_SIZES, SORTS, ListState
from paperkeep.web.selection import select
from paperkeep.web.views.common import Choices, back, load_documents, show
from paperkeep.web.views.dashboard import dashboard_view_ids

PAGER_SPAN = 2


def pager(current: int, pages: int) -> list[int | None]:
    """Return the page numbers to link (None for a gap): first, last, and a window around the current one."""
    shown = sorted({1, pages, *range(max(1, current - PAGER_SPAN), min(pages, current + PAGER_SPAN) + 1)})
    out: list[int | None] = []
    for number in shown:
        if out and number - (out[-1] or 0) > 1:
            out.append(None)
        out.append(number)
    return out


@page("documents.view_document")
def documents(request: HttpRequest) -> HttpResponse:
    """List the documents the state in the query string selects."""
    user = request.user
    state = ListState.from_params(request.GET)
    selected = select(user, state)
    total = selected.total()
    pages = max(1, math.ceil(total / state.size))
    current = min(state.page, pages)
    start = (current - 1) * state.size
    documents, order = selected.page(state.sort, start, start + state.size)
    rows = load_documents(documents, user, order=order)
    highlights = selected.highlights([row.pk for row in rows], start)
    for row in rows:
        row.highlight = highlights.get(row.pk)  # type: ignore[attr-defined]
    views = list(queries.visible(SavedView, user).order_by("name"))
    current_view = next((v for v in views if v.pk == state.view), None)
    choices = Choices.load(user)
    return show(request, "web/documents.html", "documents", {
        "state": state, "rows": rows, "total": total, "page_number": current, "pages": pages,
        "pager": pager(current, pages), "error": selected.error, "choices": choices,
        "object_filters": [("correspondent", "Correspondent", choices.correspondents),
                           ("document_type", "Document type", choices.document_types),
                           ("storage_path", "Storage path", choices.storage_paths)],
        "sorts": SORTS, "page_sizes": PAGE_SIZES, "cf_ops": CF_OPS, "saved_views": views,
        "current_view": current_view, "quick_q": state.q,
        "can_change_view": current_view is not None and queries.can_change(user, current_view),
        "on_dashboard": current_view is not None and current_view.pk in dashboard_view_ids(user),
    })  # fmt: skip


@page("documents.view_document")
def autocomplete(request: HttpRequest) -> JsonResponse:
    """Answer the search box's word suggestions as a JSON list."""
    words = search.autocomplete(request.user, request.GET.get("term", ""))
    return JsonResponse(words, safe=False)


@page("documents.view_savedview")
def open_saved_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a saved view: the documents page with its filters, sort and display."""
    view = queries.access_object(SavedView, request.user, pk)
    return redirect(reverse("web:documents") + "?" + ListState.from_saved_view(view, request.user.pk).query())


@require_POST
@page("documents.add_savedview")
def save_view(request: HttpRequest) -> HttpResponse:
    """Save the documents page's current state as a new view, or into the view it came from."""
    user = request.user
    state = ListState.from_params(_posted_query(request))
    fields = state.saved_view_fields(user.pk)
    rules = fields.pop("rules")
    name = request.POST.get("name", "").strip()[:128]
    target = request.POST.get("update")
    if target:
        require(user, "documents.change_savedview")
        view = queries.access_object(SavedView, user, target, for_change=True)
        update_saved_view(view, rules, **fields, **({"name": name} if name else {}))
    elif not name:
        messages.error(request, "Give the view a name.")
        return redirect(back(request, reverse("web:documents")))
    else:
        view = create_saved_view(user.pk, rules, name=name, **fields)
    set_view_visibility(user, view.pk, dashboard=request.POST.get("dashboard") == "1", sidebar=None)
    messages.success(request, f"Saved the view “{view.name}”.")
    return redirect(reverse("web:documents") + "?" + ListState.from_saved_view(view, user.pk).query())


@require_POST
@page("documents.delete_savedview")
def delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    view = queries.access_object(SavedView, request.user, pk, for_change=True)
    name = view.name
    delete_saved_view(view)
    messages.success(request, f"Deleted the view “{name}”.")
    return redirect("web:documents")


def _posted_query(request: HttpRequest) -> QueryDict:
    return QueryDict(request.POST.get("query", ""))
