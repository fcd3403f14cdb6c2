"""Download many documents as one zip: archives (PDF/A where there is one), originals, or both."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pathvalidate
from django.http import FileResponse
from django.utils import timezone

from paperkeep.documents.errors import StorageError
from paperkeep.documents.models import Document
from paperkeep.documents.storage.layout import archive_path, original_path

CONTENTS = ("archive", "originals", "both")


def download_name(document: Document, suffix: str) -> str:
    """Return `<created> <correspondent> <title><suffix>`, safe as a file name."""
    parts = [document.created.isoformat()]
    if document.correspondent is not None:
        parts.append(document.correspondent.name)
    if document.title:
        parts.append(document.title)
    return str(pathvalidate.sanitize_filename(" ".join(parts) + suffix, replacement_text="-"))


def _files(document: Document, content: str) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    try:
        if content in ("archive", "both") and document.archive_filename:
            found.append((archive_path(document.archive_filename), "archive/" if content == "both" else ""))
        if document.filename and (content in ("originals", "both") or not document.archive_filename):
            found.append((original_path(document.filename), "originals/" if content == "both" else ""))
    except StorageError:
        return []
    return found


def zip_response(documents: Sequence[Document], content: str) -> FileResponse:
    """Return a zip of the documents' files as an attachment (built in a temporary file, streamed out)."""
    content = content if content in CONTENTS else "archive"
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    used: set[str] = set()
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        for document in documents:
            for path, folder in _files(document, content):
                if not path.is_file():
                    continue
                name = folder + download_name(document, path.suffix.lower())
                stem, counter = name, 1
                while name in used:
                    counter += 1
                    name = f"{Path(stem).with_suffix('')}_{counter:02}{Path(stem).suffix}"
                used.add(name)
                archive.write(path, name)
    spool.seek(0)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return FileResponse(spool, as_attachment=True, filename=f"documents-{stamp}.zip", content_type="application/zip")
