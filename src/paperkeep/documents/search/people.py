"""Re-index the documents a change of a user or group touches: the index holds names and ids of people.

The index stores, per document, the owner's id and username, the usernames of note authors, and the ids of
the users and groups granted view. Deleting a user leaves their documents without an owner (visible to
everyone) and drops their grants; renaming one changes `owner:` and `notes.user:`; deleting a group drops its
grants. Group *membership* is not in the index (a viewer's groups are read at query time), so adding or
removing a member needs no re-index.

Call these inside the transaction, *before* the delete (afterwards the rows that say which documents are
affected are gone); the re-index itself runs after the commit through `documents.indexing`.
"""

from __future__ import annotations

from django.db.models import Q

from paperkeep.documents import indexing
from paperkeep.documents.models import Document, Note


def documents_of_user(user_id: int) -> set[int]:
    """Return the ids of documents owned by, shared with, or annotated by the user (trashed ones included)."""
    owned_or_shared = Document.global_objects.filter(Q(owner_id=user_id) | Q(view_users__id=user_id))
    ids = set(owned_or_shared.values_list("pk", flat=True))
    ids |= set(Note.objects.filter(user_id=user_id).values_list("document_id", flat=True))
    return ids


def documents_of_group(group_id: int) -> set[int]:
    """Return the ids of documents the group is granted view on."""
    return set(Document.global_objects.filter(view_groups__id=group_id).values_list("pk", flat=True))


def reindex_for_user(user_id: int | None) -> None:
    """Re-index, after the commit, every document whose index entry names this user (before a delete or rename)."""
    if user_id is not None:
        indexing.schedule_index(documents_of_user(user_id))


def reindex_for_group(group_id: int | None) -> None:
    """Re-index, after the commit, every document granted to this group (call before deleting the group)."""
    if group_id is not None:
        indexing.schedule_index(documents_of_group(group_id))
