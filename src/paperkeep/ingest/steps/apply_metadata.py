"""Put together the new document's metadata: what the source gave wins over what matching suggested."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import PurePath

from django.utils import timezone

from paperkeep.documents.actions.documents import NewDocument
from paperkeep.ingest.context import Context

PROGRESS = (94, "parse_date")


def run(ctx: Context) -> Context:
    given = ctx.input.overrides
    matched = ctx.matched
    parsed = ctx.parsed
    modified = datetime.fromtimestamp(ctx.mtime_ns / 1e9, tz=timezone.get_current_timezone())
    created = ctx.date or timezone.localdate(modified)
    metadata = NewDocument(
        title=given.title or PurePath(ctx.input.original_filename).stem,
        content=parsed.text if parsed else "",
        created=created,
        mime_type=ctx.mime,
        checksum=ctx.checksum,
        original_filename=ctx.input.original_filename,
        page_count=parsed.page_count if parsed else None,
        owner_id=given.owner_id,
        correspondent_id=given.correspondent_id or matched.get("correspondent"),
        document_type_id=given.document_type_id or matched.get("document_type"),
        storage_path_id=given.storage_path_id or matched.get("storage_path"),
        tag_ids=tuple(dict.fromkeys([*given.tag_ids, *matched.get("tags", ())])),
        archive_serial_number=given.archive_serial_number,
        custom_fields=dict(given.custom_fields),
    )
    return dataclasses.replace(ctx, metadata=metadata)
