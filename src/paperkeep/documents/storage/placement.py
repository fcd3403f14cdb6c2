"""Putting a document's files in place so that a crash never loses one, never overwrites one, and never
leaves a row without its file.

The protocol, for a new document:
1. `stage()` (outside any transaction): copy the original, archive and thumbnail into
   `documents/.staging/<key>/` on the media filesystem and fsync them. The input is not touched.
2. `place_new()` (inside the transaction that creates the row): under the media lock choose free names
   (a `_01` suffix on collision, checked against the disk and the database), write the journal, link the
   staged files to their final names (never replacing a file), fsync the folders, save the names on the row.
3. After the commit, `finish()`: delete the journal and the staging folder. Only then may the caller delete
   the input.
A crash before step 2 leaves only a staging folder (cleaned by `recover`); one inside step 2 leaves placed
files and a journal, and `journal.recover()` removes them because the row never committed.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from paperkeep.documents import failpoints
from paperkeep.documents.errors import StorageError
from paperkeep.documents.storage import journal
from paperkeep.documents.storage.context import filename_stem
from paperkeep.documents.storage.durable import (
    copy_durably,
    fsync_dir,
    locked,
    make_dirs,
    place,
    temp_name_for,
)
from paperkeep.documents.storage.layout import MediaLayout, inside, media, thumbnail_path

if TYPE_CHECKING:
    from paperkeep.documents.models import Document

MAX_COLLISIONS = 10_000


@dataclass(frozen=True)
class StagedFiles:
    """A document's complete files, staged on the media filesystem and waiting to be placed."""

    key: str
    original: Path
    archive: Path | None = None
    thumbnail: Path | None = None


def stage(key: str, original: Path, archive: Path | None, thumbnail: Path | None) -> StagedFiles:
    """Copy the files into `documents/.staging/<key>/` and fsync them; the sources are left as they are."""
    layout = media()
    layout.ensure()
    folder = layout.staging / key
    if folder.exists():
        shutil.rmtree(folder)  # an earlier, interrupted attempt of the same task
    folder.mkdir()
    staged_original = folder / ("original" + original.suffix.lower())
    copy_durably(original, staged_original)
    staged_archive = None
    if archive is not None:
        staged_archive = folder / "archive.pdf"
        copy_durably(archive, staged_archive)
    staged_thumbnail = None
    if thumbnail is not None:
        staged_thumbnail = folder / "thumbnail.webp"
        copy_durably(thumbnail, staged_thumbnail)
    fsync_dir(folder)
    fsync_dir(layout.staging)
    return StagedFiles(key, staged_original, staged_archive, staged_thumbnail)


def discard(key: str) -> None:
    """Delete a task's staging folder, if any."""
    shutil.rmtree(media().staging / key, ignore_errors=True)


def free_name(directory: Path, stem: str, extension: str, column: str, pk: int | None) -> str:
    """Return `<stem><ext>`, or `<stem>_NN<ext>`, whichever is free on disk and in the database."""
    from paperkeep.documents.models import Document

    for counter in range(MAX_COLLISIONS):
        name = f"{stem}{'' if counter == 0 else f'_{counter:02}'}{extension}"
        path = inside(directory, name)
        if path.exists() or temp_name_for(path).exists():
            continue
        taken = Document.global_objects.filter(**{column: name})
        if pk is not None:
            taken = taken.exclude(pk=pk)
        if taken.exists():
            continue
        return name
    raise StorageError(f"No free file name for {stem}{extension} after {MAX_COLLISIONS} tries.")


def _relative(layout: MediaLayout, path: Path) -> str:
    return str(path.relative_to(layout.root))


def place_new(document: Document, staged: StagedFiles, extension: str) -> None:
    """Give a new, saved document its files; call inside the transaction that creates the row."""
    layout = media()
    stem = filename_stem(document)
    with locked(layout.lock_file):
        filename = free_name(layout.originals, stem, extension, "filename", document.pk)
        archive_filename = None
        if staged.archive is not None:
            archive_filename = free_name(layout.archive, stem, ".pdf", "archive_filename", document.pk)
        targets: list[tuple[Path, Path]] = [(staged.original, inside(layout.originals, filename))]
        if staged.archive is not None and archive_filename is not None:
            targets.append((staged.archive, inside(layout.archive, archive_filename)))
        if staged.thumbnail is not None:
            targets.append((staged.thumbnail, thumbnail_path(document.pk)))
        journal.write(
            journal.Journal(
                key=staged.key,
                document_id=document.pk,
                expect={"filename": filename},
                created=tuple(_relative(layout, final) for _source, final in targets),
            ),
            layout,
        )
        failpoints.hit("after_journal")
        for source, final in targets:
            make_dirs(final.parent)
            if final.parent == layout.thumbnails and final.exists():
                final.unlink()  # a thumbnail left by an undone attempt with the same (reused) pk
            place(source, final)
            failpoints.hit("after_place_one")
    document.filename = filename
    document.archive_filename = archive_filename
    document.save(update_fields=["filename", "archive_filename"])


def finish(key: str) -> None:
    """After the commit: forget the journal and the staging folder."""
    journal.close(key)
    discard(key)


def abandon(key: str) -> None:
    """After a rollback (or any failure after staging): undo what was placed and drop the staging folder."""
    for entry in journal.read_all():
        if entry.key == key:
            journal.settle(entry)
    discard(key)


def _same_stem(current: str | None, stem: str, extension: str) -> bool:
    """Whether `current` is `<stem><ext>` or `<stem>_NN<ext>` (a collision suffix we gave it earlier)."""
    if current is None or not current.endswith(extension):
        return False
    base = current[: len(current) - len(extension)]
    if base == stem:
        return True
    head, _, counter = base.rpartition("_")
    return head == stem and counter.isdigit()


def relocate(document: Document, key: str) -> bool:
    """Move a document's files to the names its template now gives; call inside the updating transaction.

    The new names are hard links made before the row changes, and the old names are removed only after the
    commit, so every moment has a complete file under the name the database holds. Returns whether it moved.
    """
    from django.db import transaction

    layout = media()
    stem = filename_stem(document)
    extension = "." + document.file_type if document.file_type else ""
    move_original = document.filename is not None and not _same_stem(document.filename, stem, extension)
    move_archive = document.archive_filename is not None and not _same_stem(document.archive_filename, stem, ".pdf")
    if not (move_original or move_archive):
        return False
    pairs: list[tuple[Path, Path]] = []
    with locked(layout.lock_file):
        filename, archive_filename = document.filename, document.archive_filename
        if move_original and document.filename:
            filename = free_name(layout.originals, stem, extension, "filename", document.pk)
            pairs.append((inside(layout.originals, document.filename), inside(layout.originals, filename)))
        if move_archive and document.archive_filename:
            archive_filename = free_name(layout.archive, stem, ".pdf", "archive_filename", document.pk)
            pairs.append((inside(layout.archive, document.archive_filename), inside(layout.archive, archive_filename)))
        entry = journal.Journal(
            key=key,
            document_id=document.pk,
            expect={"filename": filename, "archive_filename": archive_filename},
            created=tuple(_relative(layout, new) for _old, new in pairs),
            obsolete=tuple(_relative(layout, old) for old, _new in pairs),
        )
        journal.write(entry, layout)
        try:
            for old, new in pairs:
                make_dirs(new.parent)
                os.link(old, new)
                fsync_dir(new.parent)
        except OSError as exc:
            journal.settle(entry, layout)
            raise StorageError(f"Could not move the files of document {document.pk}: {exc}") from exc
    document.filename = filename
    document.archive_filename = archive_filename
    document.save(update_fields=["filename", "archive_filename", "modified"])
    transaction.on_commit(lambda: _after_move(entry, [old for old, _new in pairs]))
    return True


def _after_move(entry: journal.Journal, old_paths: list[Path]) -> None:
    journal.settle(entry)  # committed: removes the old names
    layout = media()
    for old in old_paths:
        prune_empty_dirs(old.parent, stop=layout.originals if layout.originals in old.parents else layout.archive)


def prune_empty_dirs(folder: Path, *, stop: Path) -> None:
    """Remove `folder` and its parents while they are empty, never `stop` or above."""
    current = folder
    while current != stop and stop in current.parents:
        try:
            current.rmdir()
        except OSError:
            return
        current = current.parent


def delete_files(document: Document, key: str) -> None:
    """Remove a document's files once its row deletion commits; call inside the deleting transaction."""
    from django.db import transaction

    layout = media()
    paths: list[Path] = []
    if document.filename:
        paths.append(inside(layout.originals, document.filename))
    if document.archive_filename:
        paths.append(inside(layout.archive, document.archive_filename))
    paths.append(thumbnail_path(document.pk))
    entry = journal.Journal(
        key=key, document_id=document.pk, expect=None, obsolete=tuple(_relative(layout, p) for p in paths)
    )
    journal.write(entry, layout)
    transaction.on_commit(lambda: _after_delete(entry, paths))


def _after_delete(entry: journal.Journal, paths: list[Path]) -> None:
    from django.conf import settings

    trash_dir = settings.CONFIG.paths.empty_trash_dir
    layout = media()
    if trash_dir:
        for path in paths:
            if path.exists() and path.parent != layout.thumbnails:
                target = Path(trash_dir)
                target.mkdir(parents=True, exist_ok=True)
                stem, suffix = path.stem, path.suffix
                name = free_trash_name(target, stem, suffix)
                place(path, target / name)
    journal.settle(entry)
    for path in paths:
        if path.parent != layout.thumbnails:
            prune_empty_dirs(path.parent, stop=layout.originals if layout.originals in path.parents else layout.archive)


def free_trash_name(folder: Path, stem: str, suffix: str) -> str:
    for counter in range(MAX_COLLISIONS):
        name = f"{stem}{'' if counter == 0 else f'_{counter:02}'}{suffix}"
        if not (folder / name).exists():
            return name
    raise StorageError(f"No free name for {stem}{suffix} in {folder}.")


def _replace_file(document: Document, kind: str, new_file: Path, checksum: str, key: str) -> None:
    """Place `new_file` as the document's original (`kind` "original") or archive under a free name, journaled,
    and set the row's file name and checksum (not saved). The old file stays until the commit, then goes."""
    from django.db import transaction

    layout = media()
    if kind == "original":
        folder, name_field, sum_field = layout.originals, "filename", "checksum"
        extension = Path(document.filename or "x.pdf").suffix or ".pdf"
    else:
        folder, name_field, sum_field, extension = layout.archive, "archive_filename", "archive_checksum", ".pdf"
    current = getattr(document, name_field)
    old = inside(folder, current) if current else None
    with locked(layout.lock_file):
        name = free_name(folder, filename_stem(document), extension, name_field, document.pk)
        final = inside(folder, name)
        entry = journal.Journal(
            key=key,
            document_id=document.pk,
            expect={name_field: name, sum_field: checksum},
            created=(_relative(layout, final),),
            obsolete=(_relative(layout, old),) if old else (),
        )
        journal.write(entry, layout)
        make_dirs(final.parent)
        temp = temp_name_for(final)
        copy_durably(new_file, temp)
        place(temp, final)
    setattr(document, name_field, name)
    setattr(document, sum_field, checksum)
    transaction.on_commit(lambda: journal.settle(entry))


def replace_original(document: Document, new_original: Path, checksum: str, key: str) -> None:
    """Give a document a new original file; call inside the transaction that saves the row (the caller saves)."""
    _replace_file(document, "original", new_original, checksum, key)


def replace_archive(document: Document, new_archive: Path, checksum: str, key: str) -> None:
    """Give a document a new archive file; call inside the transaction that saves the new archive_checksum.

    The new file gets a free name (the old one stays until the commit), so the row always names a complete,
    matching file; after the commit the old archive is removed.
    """
    _replace_file(document, "archive", new_archive, checksum, key)
    document.save(update_fields=["archive_filename", "archive_checksum", "modified"])
