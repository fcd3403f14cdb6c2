"""Re-derive files of stored documents: thumbnails (`document_thumbnails`) and archives (`document_archiver`)."""

from __future__ import annotations

import dataclasses
import logging
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction

from paperkeep.documents import appconfig, indexing
from paperkeep.documents.models import Document
from paperkeep.documents.storage import placement
from paperkeep.documents.storage.durable import replace_durably, sha256_file
from paperkeep.documents.storage.layout import archive_path, media, original_path, thumbnail_path
from paperkeep.parsers import get_parser, make_thumbnail

logger = logging.getLogger(__name__)


def _workdir() -> tempfile.TemporaryDirectory[str]:
    scratch = Path(settings.SCRATCH_DIR)
    scratch.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(dir=scratch, prefix="reprocess-")


def regenerate_thumbnail(document: Document) -> Path:
    """Render the document's thumbnail again (from the archive if it has one) and replace the old one."""
    media().ensure()
    if document.archive_filename:
        source, mime = archive_path(document.archive_filename), "application/pdf"
    else:
        source, mime = original_path(document.filename or ""), document.mime_type
    with _workdir() as work:
        rendered = make_thumbnail(source, mime, Path(work), appconfig.parse_options(settings.CONFIG))
        target = thumbnail_path(document.pk)
        replace_durably(rendered, target)
    return target


def create_archive(document: Document) -> bool:
    """Parse the original again with archive generation forced on; store the archive and the new text.

    Returns whether an archive was stored (False when the document's parser cannot make one).
    """
    parser = get_parser(document.mime_type)
    if parser is None or not (parser.can_produce_archive or parser.requires_pdf_rendition):
        return False
    options = dataclasses.replace(appconfig.parse_options(settings.CONFIG), archive_generation="always")
    with _workdir() as work:
        result = parser.parse(original_path(document.filename or ""), document.mime_type, options, Path(work))
        if result.archive_path is None:
            return False
        checksum = sha256_file(result.archive_path)
        with transaction.atomic():
            locked = Document.global_objects.select_for_update().get(pk=document.pk)
            if result.text.strip():
                locked.content = result.text
                locked.save(update_fields=["content"])
            placement.replace_archive(locked, result.archive_path, checksum, key=f"archive-{uuid.uuid4().hex}")
            indexing.schedule_index([locked.pk])
    logger.info("Stored a new archive for document %s", document.pk)
    return True


def reprocess_document(document_id: int) -> bool:
    """Parse the stored original again with the current settings: new text, page count, archive and thumbnail.

    Returns False (and changes nothing) when the document is gone or no parser handles its type any more.
    """
    document = Document.global_objects.filter(pk=document_id).first()
    parser = get_parser(document.mime_type) if document is not None else None
    if document is None or parser is None:
        logger.warning("Document %s cannot be reprocessed: missing, or no parser for its type", document_id)
        return False
    options = appconfig.parse_options(settings.CONFIG)
    with _workdir() as work:
        result = parser.parse(original_path(document.filename or ""), document.mime_type, options, Path(work))
        archive = result.archive_path
        checksum = sha256_file(archive) if archive is not None else None
        with transaction.atomic():
            locked = Document.global_objects.select_for_update().get(pk=document.pk)
            locked.content = result.text
            if result.page_count is not None:
                locked.page_count = result.page_count
            locked.save(update_fields=["content", "page_count"])
            if archive is not None and checksum is not None:
                placement.replace_archive(locked, archive, checksum, key=f"archive-{uuid.uuid4().hex}")
            indexing.schedule_index([locked.pk])
    regenerate_thumbnail(Document.global_objects.get(pk=document_id))
    logger.info("Reprocessed document %s", document_id)
    return True
