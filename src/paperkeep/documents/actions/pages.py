"""PDF page operations on stored documents: rotate, delete pages (in place, crash-safe), and split or merge
into new PDF files that the caller queues for consumption (bulk_edit `rotate`, `delete_pages`, `split`, `merge`).

In-place changes follow the placement protocol: the new file gets a free name next to the old one, a journal
names both, the row is updated in the same transaction, and the old file goes only after the commit.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction

from paperkeep.documents import indexing
from paperkeep.documents.errors import InvalidValue
from paperkeep.documents.models import Document
from paperkeep.documents.storage import placement
from paperkeep.documents.storage.durable import (
    replace_durably,
    sha256_file,
)
from paperkeep.documents.storage.layout import archive_path, original_path, thumbnail_path

if TYPE_CHECKING:
    import pikepdf

PDF = "application/pdf"
ROTATIONS = frozenset({90, 180, 270})


class NotAPdf(InvalidValue):
    """A page operation was asked for a document whose file is not a PDF."""

    code = "not_a_pdf"


class BadPages(InvalidValue):
    """Page numbers that the document does not have, or a request to delete every page."""

    code = "bad_pages"


def check_pdfs(documents: Sequence[Document], *, archive_fallback: bool = False) -> None:
    """Raise NotAPdf unless every document's original is a PDF (or, with `archive_fallback`, has an archive)."""
    for document in documents:
        if document.mime_type == PDF and document.filename:
            continue
        if archive_fallback and document.archive_filename:
            continue
        raise NotAPdf(
            f"Document {document.pk} is not a PDF ({document.mime_type}); page operations need PDF files.",
            field="documents",
        )


def parse_split(spec: str) -> list[list[int]]:
    """Parse a split specification: "1,2-3,4" → [[1], [2, 3], [4]] (each comma part becomes one new PDF)."""
    groups: list[list[int]] = []
    for part in str(spec).split(","):
        part = part.strip()
        try:
            if "-" in part:
                first, last = (int(bound) for bound in part.split("-", 1))
                if first > last:
                    raise ValueError(part)
                groups.append(list(range(first, last + 1)))
            else:
                groups.append([int(part)])
        except ValueError:
            raise BadPages(f"Invalid page specification: {spec!r}.", field="pages") from None
    if not groups or any(page < 1 for group in groups for page in group):
        raise BadPages(f"Invalid page specification: {spec!r}.", field="pages")
    return groups


def workdir() -> tempfile.TemporaryDirectory[str]:
    """A private scratch folder under SCRATCH_DIR (never /tmp) for the files being built."""
    scratch = Path(settings.SCRATCH_DIR)
    scratch.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(dir=scratch, prefix="pages-")


Transform = Callable[[Path, Path], int]
"""Writes a changed copy of the PDF at the first path to the second; returns the new page count."""


def changing(change: Callable[[pikepdf.Pdf], None]) -> Transform:
    """A Transform that opens the PDF, applies `change` to it and saves it."""
    import pikepdf

    def transform(source: Path, target: Path) -> int:
        with pikepdf.open(source) as pdf:
            change(pdf)
            pdf.save(target)
            return len(pdf.pages)

    return transform


def rewrite(document: Document, transform: Transform, *, refresh_text: bool = False) -> None:
    """Apply `transform` to a document's original and archive, store both safely, refresh thumbnail and index
    (and, with `refresh_text`, the content from the new files' text layer, when they have one)."""
    from paperkeep.documents.appconfig import parse_options
    from paperkeep.parsers.pdf import extract_text
    from paperkeep.parsers.thumbnails import make_thumbnail

    with workdir() as work_name:
        work = Path(work_name)
        new_original = work / "original.pdf"
        page_count = transform(original_path(document.filename or ""), new_original)
        new_archive: Path | None = None
        if document.archive_filename:
            new_archive = work / "archive.pdf"
            transform(archive_path(document.archive_filename), new_archive)
        thumbnail = make_thumbnail(new_archive or new_original, PDF, work, parse_options())
        checksum = sha256_file(new_original)
        text = extract_text(new_archive or new_original)[0] if refresh_text else ""
        with transaction.atomic():
            row = Document.global_objects.select_for_update().get(pk=document.pk)
            placement.replace_original(row, new_original, checksum, key=f"pages-{uuid.uuid4().hex}")
            row.page_count = page_count
            fields = ["filename", "checksum", "page_count", "modified"]
            if text:
                row.content = text
                fields.append("content")
            row.save(update_fields=fields)
            if new_archive is not None:
                placement.replace_archive(row, new_archive, sha256_file(new_archive), key=f"pages-{uuid.uuid4().hex}")
            indexing.schedule_index([row.pk])
        replace_durably(thumbnail, thumbnail_path(document.pk))


def rotate(documents: Sequence[Document], degrees: int) -> None:
    """Turn every page of each document (original and archive) clockwise by 90, 180 or 270 degrees."""
    if degrees not in ROTATIONS and -degrees not in ROTATIONS:
        raise InvalidValue("degrees must be 90, 180 or 270.", field="degrees")
    check_pdfs(documents)

    def turn(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            page.rotate(degrees, relative=True)

    for document in documents:
        rewrite(document, changing(turn))


def delete_pages(document: Document, pages: Sequence[int]) -> None:
    """Remove pages (1-based) from a document's original and archive; refuses to remove all of them."""
    import pikepdf

    check_pdfs([document])
    unique = sorted(set(pages), reverse=True)
    with pikepdf.open(original_path(document.filename or "")) as pdf:
        count = len(pdf.pages)
    if not unique or any(not 1 <= page <= count for page in unique):
        raise BadPages(f"Document {document.pk} has pages 1 to {count}; got {list(pages)}.", field="pages")
    if len(unique) == count:
        raise BadPages("A document cannot lose all of its pages.", field="pages")

    def drop(pdf: pikepdf.Pdf) -> None:
        for page in unique:
            del pdf.pages[page - 1]

    rewrite(document, changing(drop), refresh_text=True)


def _source(document: Document, *, archive_fallback: bool) -> Path:
    if document.mime_type == PDF and document.filename:
        return original_path(document.filename)
    if archive_fallback and document.archive_filename:
        return archive_path(document.archive_filename)
    raise NotAPdf(f"Document {document.pk} is not a PDF.", field="documents")


def split_pdf(document: Document, groups: Sequence[Sequence[int]], work: Path) -> list[Path]:
    """Write one new PDF per group of pages into `work`; return their paths in order."""
    import pikepdf

    check_pdfs([document])
    outputs: list[Path] = []
    with pikepdf.open(_source(document, archive_fallback=False)) as pdf:
        count = len(pdf.pages)
        if any(not 1 <= page <= count for group in groups for page in group):
            raise BadPages(f"Document {document.pk} has pages 1 to {count}.", field="pages")
        stem = Path(document.original_filename or f"document-{document.pk}.pdf").stem
        for index, group in enumerate(groups, start=1):
            part = pikepdf.Pdf.new()
            for page in group:
                part.pages.append(pdf.pages[page - 1])
            target = work / f"{stem}_{index}.pdf"
            part.save(target)
            outputs.append(target)
    return outputs


def merge_pdfs(documents: Sequence[Document], work: Path, *, archive_fallback: bool = False) -> Path:
    """Write all pages of the documents, in the given order, into one new PDF in `work`."""
    import pikepdf

    check_pdfs(documents, archive_fallback=archive_fallback)
    merged = pikepdf.Pdf.new()
    opened: list[pikepdf.Pdf] = []
    try:
        for document in documents:
            source = pikepdf.open(_source(document, archive_fallback=archive_fallback))
            opened.append(source)
            merged.pages.extend(source.pages)
        target = work / f"{'_'.join(str(d.pk) for d in documents)[:100]}_merged.pdf"
        merged.save(target)
    finally:
        for source in opened:
            source.close()
    return target
