"""Build stored documents the way the pipeline does: real files staged and placed through the actions."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from paperkeep.documents.actions.documents import NewDocument, create_document
from paperkeep.documents.models import Document
from paperkeep.documents.storage import placement


def stored_document(workdir: Path, title: str = "Letter", *, content: str = "hello", **fields: Any) -> Document:
    """Create a document with an original (text file), an archive and a thumbnail, committed and finished."""
    workdir.mkdir(parents=True, exist_ok=True)
    key = uuid.uuid4().hex
    original = workdir / f"{key}.txt"
    original.write_text(f"{title}: {content}")
    archive = workdir / f"{key}.pdf"
    archive.write_bytes(b"%PDF-1.4 archive of " + title.encode())
    thumbnail = workdir / f"{key}.webp"
    thumbnail.write_bytes(b"RIFF thumbnail")
    staged = placement.stage(key, original, archive, thumbnail)
    new = NewDocument(
        title=title,
        content=content,
        created=fields.pop("created", date(2024, 1, 15)),
        mime_type="text/plain",
        checksum=hashlib.sha256(original.read_bytes()).hexdigest(),
        archive_checksum=hashlib.sha256(archive.read_bytes()).hexdigest(),
        original_filename=f"{title}.txt",
        **fields,
    )
    with transaction.atomic():
        document = create_document(new, staged, ".txt")
    placement.finish(key)
    return document
