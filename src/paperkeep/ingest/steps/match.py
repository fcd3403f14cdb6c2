"""Suggest a correspondent, document type, storage path and tags from the matching rules.

Candidates are the objects the document's owner may see (all of them for a document without owner),
as in Paperless. Inbox tags are always added.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from paperkeep.documents import queries
from paperkeep.documents.matching import matching
from paperkeep.documents.models import Correspondent, DocumentType, MatchingAlgorithm, OwnedModel, StoragePath, Tag
from paperkeep.ingest.context import Context

PROGRESS = (92, "parse_date")
_NOT_BY_RULE = (MatchingAlgorithm.NONE, MatchingAlgorithm.AUTO)


def _candidates(model: type[OwnedModel], owner_id: int | None) -> QuerySet[Any]:
    if owner_id is None:
        return model._default_manager.all()
    owner = get_user_model().objects.filter(pk=owner_id).first()
    return queries.visible(model, owner) if owner is not None else model._default_manager.none()


def _with_rules(objects: QuerySet[Any]) -> QuerySet[Any]:
    return objects.exclude(match="").exclude(matching_algorithm__in=_NOT_BY_RULE)


def run(ctx: Context) -> Context:
    text = ctx.parsed.text if ctx.parsed else ""
    owner_id = ctx.input.overrides.owner_id
    found: dict[str, Any] = {}
    for key, model in (("correspondent", Correspondent), ("document_type", DocumentType),
                       ("storage_path", StoragePath)):  # fmt: skip
        hits = matching(_with_rules(_candidates(model, owner_id)), text)
        found[key] = hits[0].pk if hits else None
    tags = _candidates(Tag, owner_id)
    matched = [tag.pk for tag in matching(_with_rules(tags), text)]
    inbox = list(tags.filter(is_inbox_tag=True).values_list("pk", flat=True))
    found["tags"] = tuple(dict.fromkeys([*matched, *inbox]))
    return dataclasses.replace(ctx, matched=found)
