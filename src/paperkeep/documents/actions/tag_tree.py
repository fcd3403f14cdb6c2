"""Keep documents consistent with the tag tree when a tag moves under a new parent."""

from __future__ import annotations

from paperkeep.documents.actions.documents import modify_tags
from paperkeep.documents.actions.objects import with_ancestors
from paperkeep.documents.models import Document, Tag


def adopt_parent_on_documents(tag: Tag) -> int:
    """Give every document that has `tag` the tag's (new) ancestors too, as Paperless does; return how many."""
    if tag.parent_id is None:
        return 0
    ancestors = with_ancestors([tag.parent_id])
    tagged = list(Document.global_objects.filter(tags=tag).order_by())
    if not tagged:
        return 0
    have = set(
        Document.tags.through.objects.filter(
            document_id__in=[document.pk for document in tagged], tag_id__in=ancestors
        ).values_list("document_id", "tag_id")
    )
    lacking = [document for document in tagged if any((document.pk, a) not in have for a in ancestors)]
    if lacking:
        modify_tags(lacking, add=ancestors)
    return len(lacking)
