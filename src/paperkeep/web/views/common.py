"""What every page needs: rendering with the layout's context, the objects a user may pick from, and a page
of documents loaded in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group, User
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from paperkeep import __version__
from paperkeep.documents import queries
from paperkeep.documents.models import Correspondent, CustomField, Document, DocumentType, Note, StoragePath, Tag
from paperkeep.web.access import can

HIDDEN_USERNAMES = ("consumer", "AnonymousUser")


def show(request: HttpRequest, template: str, section: str, context: dict[str, Any] | None = None,
         *, status: int = 200) -> HttpResponse:
    """Render a page of the app inside the layout (navigation `section` marked as current)."""
    return render(request, template, {"section": section, "web_version": __version__, **(context or {})},
                  status=status)  # fmt: skip


def back(request: HttpRequest, fallback: str) -> str:
    """Return the safe `next` URL posted with a form, or `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):  # fmt: skip
        return target
    return fallback


@dataclass(frozen=True)
class Choices:
    """The objects a user may see, for filters, pickers and labels."""

    tags: Sequence[Tag]
    correspondents: Sequence[Correspondent]
    document_types: Sequence[DocumentType]
    storage_paths: Sequence[StoragePath]
    custom_fields: Sequence[CustomField]
    users: Sequence[User]
    groups: Sequence[Group]

    @classmethod
    def load(cls, user: Any) -> Choices:
        """Load every list (seven small queries); users and groups only for those allowed to see them."""
        return cls(
            tags=list(queries.visible(Tag, user).order_by("name")),
            correspondents=list(queries.visible(Correspondent, user).order_by("name")),
            document_types=list(queries.visible(DocumentType, user).order_by("name")),
            storage_paths=list(queries.visible(StoragePath, user).order_by("name")),
            custom_fields=list(CustomField.objects.order_by("name")) if can(user, "documents.view_customfield")
            else [],
            users=list(User.objects.exclude(username__in=HIDDEN_USERNAMES).order_by("username"))
            if can(user, "auth.view_user") else [user],
            groups=list(Group.objects.order_by("name")) if can(user, "auth.view_group") else [],
        )  # fmt: skip

    def by_kind(self) -> dict[str, Sequence[Any]]:
        return {"correspondent": self.correspondents, "document_type": self.document_types,
                "storage_path": self.storage_paths}  # fmt: skip


def load_documents(documents: QuerySet[Document], user: Any, *, start: int = 0, stop: int | None = None,
                   order: Sequence[int] | None = None, with_content: bool = False) -> list[Document]:
    """Return documents[start:stop] with their objects, visible tags and note count (three queries).

    With `order` (ids, e.g. search hits in rank order) the result follows that order instead. The text
    content is left unread unless asked for (lists never show it).
    """
    if not with_content:
        documents = documents.defer("content")
    related = documents.select_related("correspondent", "document_type", "storage_path", "owner").prefetch_related(
        Prefetch("tags", queryset=queries.visible(Tag, user).order_by("name"), to_attr="visible_tags")
    )
    loaded: list[Document] = list(related[start:stop] if stop is not None or start else related)
    notes = dict(
        Note.objects.filter(document_id__in=[d.pk for d in loaded]).order_by().values("document_id")
        .annotate(n=Count("pk")).values_list("document_id", "n")
    )  # fmt: skip
    for document in loaded:
        document.note_count = notes.get(document.pk, 0)  # type: ignore[attr-defined]
    if order is not None:
        rank = {pk: index for index, pk in enumerate(order)}
        loaded.sort(key=lambda d: rank.get(d.pk, len(rank)))
    return loaded
