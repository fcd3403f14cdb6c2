"""The sanity checker: every document has its files with the right checksums, and no file lacks a document.

It also tidies what an interrupted write left behind and can explain: journals of dead processes are settled,
stale `*.paperkeep-tmp` files and staging folders are removed. Those are reported as `cleaned`, not problems.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from paperkeep.documents.models import Document, PaperlessTask, TaskStatus
from paperkeep.documents.search.reconciling import check_index
from paperkeep.documents.storage import journal
from paperkeep.documents.storage.durable import sha256_file
from paperkeep.documents.storage.layout import TEMP_SUFFIX, MediaLayout, media

STALE_TEMP_SECONDS = 15 * 60


@dataclass(frozen=True)
class Finding:
    """One observation: `level` is error, warning or info."""

    level: str
    message: str
    document_id: int | None = None


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    cleaned: list[str] = field(default_factory=list)
    documents_checked: int = 0

    def add(self, level: str, message: str, document_id: int | None = None) -> None:
        self.findings.append(Finding(level, message, document_id))

    @property
    def problems(self) -> list[Finding]:
        """Errors and warnings (what makes the command exit non-zero)."""
        return [f for f in self.findings if f.level in ("error", "warning")]


def _files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from (path for path in folder.rglob("*") if path.is_file())


def _tidy(layout: MediaLayout, report: Report, clean: bool) -> set[str]:
    """Settle dead journals, drop stale temp files and staging folders; return in-flight paths to skip."""
    if clean:
        report.cleaned.extend(journal.recover(layout))
    in_flight = journal.in_flight_paths(layout)
    now = time.time()
    for folder in (layout.originals, layout.archive, layout.thumbnails):
        for path in _files(folder):
            stale = path.name.endswith(TEMP_SUFFIX) and now - path.stat().st_mtime > STALE_TEMP_SECONDS
            if stale and clean:
                path.unlink(missing_ok=True)
                report.cleaned.append(f"removed the stale temporary file {path.relative_to(layout.root)}")
    if layout.staging.is_dir() and clean:
        running = set(PaperlessTask.objects.filter(status=TaskStatus.STARTED).values_list("task_id", flat=True))
        for folder in layout.staging.iterdir():
            if folder.name not in running and now - folder.stat().st_mtime > STALE_TEMP_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
                report.cleaned.append(f"removed the stale staging folder {folder.name}")
    return in_flight


def _check_document(document: Document, layout: MediaLayout, report: Report, seen: set[Path]) -> None:
    pk = document.pk
    thumbnail = layout.thumbnails / f"{pk:07}.webp"
    seen.add(thumbnail)
    if not thumbnail.is_file():
        report.add("error", f"Document #{pk}: the thumbnail is missing ({thumbnail}).", pk)
    if not document.filename:
        report.add("error", f"Document #{pk}: it has no original file name.", pk)
    else:
        original = layout.originals / document.filename
        seen.add(original)
        _check_file(original, document.checksum, "original", pk, report)
    if document.archive_filename:
        archive = layout.archive / document.archive_filename
        seen.add(archive)
        if not document.archive_checksum:
            report.add("error", f"Document #{pk}: the archive has no checksum recorded.", pk)
        else:
            _check_file(archive, document.archive_checksum, "archive", pk, report)
    elif document.archive_checksum:
        report.add("error", f"Document #{pk}: an archive checksum is recorded but no archive file.", pk)
    if not (document.content or "").strip():
        report.add("info", f"Document #{pk}: it has no text content.", pk)


def _check_file(path: Path, checksum: str, what: str, pk: int, report: Report) -> None:
    if not path.is_file():
        report.add("error", f"Document #{pk}: the {what} file is missing ({path}).", pk)
        return
    try:
        actual = sha256_file(path)
    except OSError as exc:
        report.add("error", f"Document #{pk}: the {what} file cannot be read ({exc.strerror}).", pk)
        return
    if actual != checksum:
        report.add("error", f"Document #{pk}: the {what} file's checksum does not match ({path}).", pk)


def check(*, clean: bool = True) -> Report:
    """Check every document (trash included) and the media folders; tidy leftovers unless `clean=False`."""
    layout = media()
    report = Report()
    in_flight = _tidy(layout, report, clean)
    seen: set[Path] = set()
    fields = ("pk", "checksum", "archive_checksum", "filename", "archive_filename", "content")
    for document in Document.global_objects.only(*fields).order_by("pk").iterator(chunk_size=500):
        _check_document(document, layout, report, seen)
        report.documents_checked += 1
    for folder in (layout.originals, layout.archive, layout.thumbnails):
        for path in _files(folder):
            relative = str(path.relative_to(layout.root))
            if path in seen or relative in in_flight or path.name.endswith(TEMP_SUFFIX):
                continue
            report.add("warning", f"Orphaned file in the media folder: {relative}")
    check_index(report, clean)  # index drift: repaired as `cleaned`, or reported with clean=False
    return report
