"""The dashboard: statistics, the inbox, recent documents, saved views marked for the dashboard, and upload."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Sum
from django.http import HttpRequest, HttpResponse

from paperkeep.documents import queries
from paperkeep.documents.models import Correspondent, Document, DocumentType, SavedView, StoragePath, Tag, UiSettings
from paperkeep.web import filtervars
from paperkeep.web.access import can, page
from paperkeep.web.listing import ListState
from paperkeep.web.selection import select
from paperkeep.web.views.common import load_documents, show

DASHBOARD_ROWS = 8


def statistics(user: Any) -> dict[str, Any]:
    """Return the counts shown on the dashboard, over what the user may see."""
    documents = queries.visible_documents(user)
    if can(user, "documents.view_global_statistics"):
        documents = Document.objects.filter(root_document__isnull=True)
    inbox_tags = list(queries.visible(Tag, user).filter(is_inbox_tag=True).values_list("pk", flat=True))
    through = Document.tags.through
    in_inbox = Exists(through.objects.filter(document_id=OuterRef("pk"), tag_id__in=inbox_tags))
    totals = documents.order_by().aggregate(n=Count("pk"), characters=Sum("content_length"))
    return {
        "documents": totals["n"],
        "inbox": documents.filter(in_inbox).count() if inbox_tags else None,
        "characters": totals["characters"] or 0,
        "tags": queries.visible(Tag, user).count(),
        "correspondents": queries.visible(Correspondent, user).count(),
        "document_types": queries.visible(DocumentType, user).count(),
        "storage_paths": queries.visible(StoragePath, user).count(),
        "file_types": list(documents.order_by().values("mime_type").annotate(n=Count("pk")).order_by("-n")[:6]),
    }


def dashboard_view_ids(user: Any) -> list[int]:
    """Return the ids of the saved views the user shows on the dashboard (kept in the UI settings JSON)."""
    ui = UiSettings.objects.filter(user=user).first()
    views = ((ui.settings or {}) if ui else {}).get("saved_views") or {}
    return [int(i) for i in views.get("dashboard_views_visible_ids", []) if str(i).isdigit()]


def saved_view_documents(view: SavedView, user: Any) -> tuple[str, list[Document]]:
    """Return the documents page query string of a saved view and its first documents."""
    state = ListState.from_saved_view(view, user.pk)
    documents, order = select(user, state).page(state.sort, 0, DASHBOARD_ROWS)
    return state.query(), load_documents(documents, user, order=order)


@page()
def home(request: HttpRequest) -> HttpResponse:
    """Show the dashboard."""
    user = request.user
    context: dict[str, Any] = {"stats": statistics(user)}
    if can(user, "documents.view_document"):
        documents = queries.visible_documents(user)
        inbox = documents.filter(filtervars.condition("is_in_inbox", "1")).order_by("-added", "-pk")
        context["inbox"] = load_documents(inbox, user, stop=DASHBOARD_ROWS)
        context["recent"] = load_documents(documents.order_by("-added", "-pk"), user, stop=DASHBOARD_ROWS)
        wanted = dashboard_view_ids(user)
        views = queries.visible(SavedView, user).filter(pk__in=wanted).prefetch_related("filter_rules")
        context["saved_views"] = [(view, *saved_view_documents(view, user)) for view in views]
    return show(request, "web/dashboard.html", "dashboard", context)
