"""Who may view a document, as index terms, and the matching filter for a viewer."""

from __future__ import annotations

import tantivy

from paperkeep.search import schema as f
from paperkeep.search.records import DocRecord, Viewer

PUBLIC = "public"


def document_keys(record: DocRecord) -> list[str]:
    """Return the access keys of a document: "public" when unowned, else owner, user and group grants."""
    if record.owner_id is None:
        # Paperless-ngx shows documents without an owner to every user; grants add nothing.
        return [PUBLIC]
    keys = {f"u{record.owner_id}"}
    keys.update(f"u{user_id}" for user_id in record.viewer_user_ids)
    keys.update(f"g{group_id}" for group_id in record.viewer_group_ids)
    return sorted(keys)


def viewer_keys(viewer: Viewer) -> list[str]:
    """Return the access keys that let a (non-superuser) viewer see a document."""
    keys = [PUBLIC]
    if viewer.user_id is not None:
        keys.append(f"u{viewer.user_id}")
        keys.extend(f"g{group_id}" for group_id in sorted(set(viewer.group_ids)))
    return keys


def visibility_query(schema: tantivy.Schema, viewer: Viewer) -> tantivy.Query | None:
    """Return a filter matching the documents a viewer may see, or None for a superuser."""
    if viewer.superuser:
        return None
    return tantivy.Query.term_set_query(schema, f.ACCESS, viewer_keys(viewer))
