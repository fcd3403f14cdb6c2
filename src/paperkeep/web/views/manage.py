"""Manage tags, correspondents, document types and storage paths (with the storage path template tester)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count, Model, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from paperkeep.documents import queries
from paperkeep.documents.actions import objects as object_actions
from paperkeep.documents.actions.permissions import Grants, current_grants, set_owner, set_permissions
from paperkeep.documents.actions.tag_tree import adopt_parent_on_documents
from paperkeep.documents.errors import DocumentsError, InvalidValue, NotFound
from paperkeep.documents.models import (
    Correspondent,
    CustomField,
    Document,
    DocumentType,
    MatchingAlgorithm,
    SavedView,
    StoragePath,
    Tag,
)
from paperkeep.documents.storage.context import filename_context
from paperkeep.documents.storage.naming import render_template
from paperkeep.web.access import can, is_superuser, page, require
from paperkeep.web.views.common import Choices, show


@dataclass(frozen=True)
class Kind:
    slug: str
    model: Any
    label: str
    singular: str

    def perm(self, action: str) -> str:
        return f"documents.{action}_{self.model._meta.model_name}"

    @property
    def add_perm(self) -> str:
        return self.perm("add")

    @property
    def change_perm(self) -> str:
        return self.perm("change")

    @property
    def delete_perm(self) -> str:
        return self.perm("delete")


KINDS = {k.slug: k for k in (
    Kind("tags", Tag, "Tags", "tag"),
    Kind("correspondents", Correspondent, "Correspondents", "correspondent"),
    Kind("document_types", DocumentType, "Document types", "document type"),
    Kind("storage_paths", StoragePath, "Storage paths", "storage path"),
)}  # fmt: skip


def _kind(slug: str) -> Kind:
    if slug not in KINDS:
        raise NotFound()
    return KINDS[slug]


def document_counts(model: type[Model], user: Any) -> dict[int, int]:
    """Return {object id: how many documents the user can see that have it} in one grouped query."""
    visible = queries.visible_documents(user).order_by()
    if model is Tag:
        rows: Any = Document.tags.through.objects.filter(document_id__in=visible.values("pk"))
        return dict(rows.values("tag_id").annotate(n=Count("pk")).values_list("tag_id", "n"))
    column = {"Correspondent": "correspondent_id", "DocumentType": "document_type_id",
              "StoragePath": "storage_path_id"}[model.__name__]  # fmt: skip
    return dict(visible.exclude(**{column: None}).values(column).annotate(n=Count("pk")).values_list(column, "n"))


@page()
def index(request: HttpRequest) -> HttpResponse:
    """The Manage page: what there is to manage, with counts, for what the user may view."""
    user = request.user
    sections = [(kind, queries.visible(kind.model, user).count()) for kind in KINDS.values()
                if can(user, kind.perm("view"))]  # fmt: skip
    return show(request, "web/manage/index.html", "manage", {
        "sections": sections,
        "custom_fields": CustomField.objects.count() if can(user, "documents.view_customfield") else None,
        "saved_views": queries.visible(SavedView, user).order_by("name") if can(user, "documents.view_savedview")
        else None,
    })  # fmt: skip


def read_object(kind: Kind, post: QueryDict, user: Any, obj: Any | None) -> dict[str, Any]:
    """Validate the posted object form into fields for the object actions."""
    algorithm = post.get("matching_algorithm", str(MatchingAlgorithm.ANY))
    if not algorithm.isdigit() or int(algorithm) not in MatchingAlgorithm.values:
        raise InvalidValue("Pick a matching algorithm from the list.", field="matching_algorithm")
    fields: dict[str, Any] = {
        "name": post.get("name", "").strip()[:128], "match": post.get("match", "")[:256],
        "matching_algorithm": int(algorithm), "is_insensitive": post.get("is_insensitive") == "1",
    }  # fmt: skip
    if kind.model is Tag:
        color = post.get("color", "#a6cee3")
        if len(color) != 7 or not color.startswith("#"):
            raise InvalidValue("The colour must look like #a6cee3.", field="color")
        parent = post.get("parent", "")
        if parent and not queries.visible(Tag, user).filter(pk=parent if parent.isdigit() else 0).exists():
            raise InvalidValue("Pick a parent tag from the list.", field="parent")
        fields.update(color=color.lower(), is_inbox_tag=post.get("is_inbox_tag") == "1",
                      parent_id=int(parent) if parent else None)  # fmt: skip
    if kind.model is StoragePath:
        fields["path"] = post.get("path", "").strip()
        if not fields["path"]:
            raise InvalidValue("The path template may not be empty.", field="path")
    return fields


def object_values(obj: Any | None, posted: QueryDict | None) -> dict[str, Any]:
    """Return the object form's values: what was posted (after a mistake), else the object's (or defaults)."""
    if posted is not None:
        return {"name": posted.get("name", ""), "match": posted.get("match", ""),
                "matching_algorithm": posted.get("matching_algorithm", ""),
                "is_insensitive": posted.get("is_insensitive") == "1", "color": posted.get("color", "#a6cee3"),
                "is_inbox_tag": posted.get("is_inbox_tag") == "1", "parent": posted.get("parent", ""),
                "path": posted.get("path", "")}  # fmt: skip
    if obj is None:
        return {"name": "", "match": "", "matching_algorithm": str(MatchingAlgorithm.ANY), "is_insensitive": True,
                "color": "#a6cee3", "is_inbox_tag": False, "parent": "", "path": ""}  # fmt: skip
    return {"name": obj.name, "match": obj.match, "matching_algorithm": str(obj.matching_algorithm),
            "is_insensitive": obj.is_insensitive, "color": getattr(obj, "color", ""),
            "is_inbox_tag": getattr(obj, "is_inbox_tag", False), "parent": str(getattr(obj, "parent_id", "") or ""),
            "path": getattr(obj, "path", "")}  # fmt: skip


def _save(kind: Kind, fields: dict[str, Any], obj: Any | None, user: Any) -> Any:
    try:
        with transaction.atomic():
            if obj is None:
                return object_actions.create_object(kind.model, owner_id=user.pk, **fields)
            moved = kind.model is Tag and fields.get("parent_id") != obj.parent_id
            obj = object_actions.update_object(obj, **fields)
            if moved:
                adopt_parent_on_documents(obj)
            return obj
    except IntegrityError:
        raise InvalidValue(f"A {kind.singular} with this name exists already.", field="name") from None


def tester(request: HttpRequest) -> dict[str, Any] | None:
    """Render the storage path template in `?path=` for the document `?test_document=` (the template tester)."""
    raw = request.GET.get("test_document", "")
    if not raw:
        return None
    template = request.GET.get("path", "")
    try:
        document = queries.access_document(request.user, raw)
    except NotFound:
        return {"path": template, "document": raw, "error": f"There is no document #{raw} you can see."}
    rendered = render_template(template, filename_context(document))
    if rendered:
        rendered += PurePosixPath(document.filename or "").suffix
    return {"path": template, "document": raw, "result": rendered, "title": document.title}


def _list_context(request: HttpRequest, kind: Kind) -> dict[str, Any]:
    user = request.user
    search = request.GET.get("name", "").strip()
    objects = queries.visible(kind.model, user).order_by("name")
    if search:
        objects = objects.filter(Q(name__icontains=search))
    return {"kind": kind, "objects": objects, "counts": document_counts(kind.model, user), "name_filter": search,
            "algorithms": MatchingAlgorithm.choices, "choices": Choices.load(user),
            "test": tester(request), "values": object_values(None, None)}  # fmt: skip


@page()
def objects(request: HttpRequest, kind: str) -> HttpResponse:
    """List one kind of object with document counts; POST creates one."""
    found = _kind(kind)
    require(request.user, found.perm("view"))
    context = _list_context(request, found)
    if request.method == "POST":
        require(request.user, found.perm("add"))
        try:
            created = _save(found, read_object(found, request.POST, request.user, None), None, request.user)
        except DocumentsError as exc:
            context.update(form_error=exc.message, values=object_values(None, request.POST))
            return show(request, "web/manage/objects.html", "manage", context, status=400)
        messages.success(request, f"Created the {found.singular} “{created.name}”.")
        return redirect("web:objects", kind=found.slug)
    return show(request, "web/manage/objects.html", "manage", context)


def owner_rights(user: Any, obj: Any) -> bool:
    return is_superuser(user) or obj.owner_id in (None, user.pk)


@page()
def object_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Edit one object (name, matching, colour, parent, path; owner and grants for its owner)."""
    found = _kind(kind)
    user = request.user
    require(user, found.perm("change"))
    obj = queries.access_object(found.model, user, pk, for_change=True)
    context = {"kind": found, "obj": obj, "algorithms": MatchingAlgorithm.choices, "choices": Choices.load(user),
               "owner_rights": owner_rights(user, obj), "grants": current_grants(obj), "test": tester(request),
               "values": object_values(obj, None)}
    if request.method == "POST":
        try:
            _save(found, read_object(found, request.POST, user, obj), obj, user)
            if context["owner_rights"] and request.POST.get("permissions") == "1":
                _set_permissions(obj, request.POST)
        except DocumentsError as exc:
            context.update(form_error=exc.message, values=object_values(obj, request.POST))
            return show(request, "web/manage/object_edit.html", "manage", context, status=400)
        messages.success(request, f"Saved the {found.singular} “{obj.name}”.")
        return redirect("web:objects", kind=found.slug)
    return show(request, "web/manage/object_edit.html", "manage", context)


def _set_permissions(obj: Any, post: QueryDict) -> None:
    def ids(name: str) -> frozenset[int]:
        return frozenset(int(v) for v in post.getlist(name) if v.isdigit())

    owner = post.get("owner", "")
    set_owner([obj], int(owner) if owner.isdigit() else None)
    set_permissions([obj], Grants.of(ids("view_users"), ids("view_groups"), ids("change_users"), ids("change_groups")))


@require_POST
@page()
def object_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Delete an object the user owns (or that has no owner); its documents lose it."""
    found = _kind(kind)
    require(request.user, found.perm("delete"))
    obj = queries.access_object(found.model, request.user, pk, for_change=True)
    if not owner_rights(request.user, obj):
        messages.error(request, f"Only the owner may delete this {found.singular}.")
    else:
        object_actions.delete_object(obj)
        messages.success(request, f"Deleted the {found.singular} “{obj.name}”.")
    return redirect("web:objects", kind=found.slug)
