"""Bulk edit from the documents page: tags, correspondent, type, storage path, permissions, trash, zip download.

Every change is checked for every selected document first (Paperless's rule: the global change permission
plus change rights on each; ownership too for permissions and trash) and then made in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from paperkeep.documents import queries
from paperkeep.documents.actions import bulk
from paperkeep.documents.actions.documents import trash_documents
from paperkeep.documents.errors import DocumentsError
from paperkeep.documents.models import Correspondent, Document, DocumentType, StoragePath, Tag
from paperkeep.web.access import MissingPermission, is_superuser, page, require
from paperkeep.web.listing import ListState
from paperkeep.web.selection import select
from paperkeep.web.views.common import back
from paperkeep.web.zipfiles import zip_response

OBJECT_ACTIONS = {"set_correspondent": Correspondent, "set_document_type": DocumentType,
                  "set_storage_path": StoragePath}  # fmt: skip
OWNER_ONLY = frozenset({"set_permissions", "trash"})


class BulkError(Exception):
    """The request cannot be carried out as asked; the message says why."""

    code = "bulk_invalid"


def chosen_ids(request: HttpRequest) -> list[int]:
    """Return the selected ids: the ticked ones, or every match of the posted page state with `all`."""
    user = request.user
    if request.POST.get("all") == "1":
        selected = select(user, ListState.from_params(QueryDict(request.POST.get("query", ""))))
        if selected.error:
            raise BulkError(selected.error)
        return selected.ids()
    try:
        ids = sorted({int(v) for v in request.POST.getlist("documents")})
    except ValueError:
        raise BulkError("The selection is not valid.") from None
    if queries.visible_documents(user).filter(pk__in=ids).count() != len(ids):
        raise BulkError("Some selected documents do not exist.")
    return ids


def may_change_all(user: Any, ids: list[int], *, owner_only: bool) -> bool:
    """Superuser; or the change permission and change rights on every document (and ownership if `owner_only`)."""
    if is_superuser(user):
        return True
    documents = Document.global_objects.filter(pk__in=ids)
    if documents.exclude(queries.change_filter(Document, user)).exists():
        return False
    return not (owner_only and documents.exclude(owner_id=user.pk).exclude(owner__isnull=True).exists())


def _visible_ids(model: Any, user: Any, values: list[str]) -> list[int]:
    try:
        wanted = sorted({int(v) for v in values if v})
    except ValueError:
        raise BulkError("Pick from the list.") from None
    if queries.visible(model, user).filter(pk__in=wanted).count() != len(wanted):
        raise BulkError(f"Some {model._meta.verbose_name_plural} do not exist.")
    return wanted


def _user_ids(values: list[str]) -> list[int]:
    try:
        return sorted({int(v) for v in values if v})
    except ValueError:
        raise BulkError("Pick users and groups from the lists.") from None


def run(action: str, post: QueryDict, user: Any, ids: list[int]) -> str:
    """Carry out one bulk action on `ids`; return what to tell the user."""
    if action in ("add_tags", "remove_tags"):
        tags = _visible_ids(Tag, user, post.getlist("tags"))
        if not tags:
            raise BulkError("Pick at least one tag.")
        bulk.change_tags(ids, **({"add": tags} if action == "add_tags" else {"remove": tags}))
        return f"{'Added' if action == 'add_tags' else 'Removed'} {len(tags)} tag(s) on {len(ids)} document(s)."
    if action in OBJECT_ACTIONS:
        model = OBJECT_ACTIONS[action]
        raw = post.get(action.removeprefix("set_"), "")
        value = _visible_ids(model, user, [raw])[0] if raw else None
        changed = bulk.set_foreign_key(ids, f"{action.removeprefix('set_')}_id", value)
        return f"Changed the {model._meta.verbose_name} of {changed} document(s)."
    if action == "set_permissions":
        requested = {
            "view": {"users": _user_ids(post.getlist("view_users")), "groups": _user_ids(post.getlist("view_groups"))},
            "change": {"users": _user_ids(post.getlist("change_users")),
                       "groups": _user_ids(post.getlist("change_groups"))},
        }  # fmt: skip
        owner = post.get("owner", "keep")
        set_owner = owner != "keep"
        owner_id = None if owner in ("", "none", "keep") else _user_ids([owner])[0]
        bulk.share_documents(ids, requested=requested, owner_id=owner_id, set_owner_to=set_owner,
                             merge=post.get("merge") == "1")  # fmt: skip
        return f"Changed the permissions of {len(ids)} document(s)."
    if action == "trash":
        trash_documents(list(Document.objects.filter(pk__in=ids)))
        return f"Moved {len(ids)} document(s) to the trash."
    raise BulkError("Unknown action.")


@require_POST
@page("documents.view_document")
def bulk_edit(request: HttpRequest) -> HttpResponseBase:
    """Apply the posted action to the selected documents, then go back to the page they were picked on."""
    user = request.user
    action = request.POST.get("action", "")
    home = back(request, reverse("web:documents"))
    try:
        ids = chosen_ids(request)
        if not ids:
            raise BulkError("Select at least one document.")
        if action == "download":
            chosen = Document.objects.filter(pk__in=ids).select_related("correspondent")
            return zip_response(list(chosen), request.POST.get("content", "archive"))
        require(user, "documents.change_document")
        if action == "trash":
            require(user, "documents.delete_document")
        if not may_change_all(user, ids, owner_only=action in OWNER_ONLY):
            raise BulkError("You may not change every selected document"
                            + (" (only owners may change permissions or trash)." if action in OWNER_ONLY else "."))
        with transaction.atomic():
            messages.success(request, run(action, request.POST, user, ids))
    except (BulkError, DocumentsError) as exc:
        messages.error(request, str(exc))
    except MissingPermission as exc:
        messages.error(request, f"Not allowed: your account lacks the permission {exc.permission}.")
    return redirect(home)
