"""Durable file operations: write to a temporary name, fsync, rename without overwriting, fsync the folder."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from paperkeep.documents.errors import StorageError
from paperkeep.documents.storage.layout import TEMP_SUFFIX

CHUNK = 1024 * 1024
# Filesystems without hard links answer one of these; then we check and rename under the media lock.
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS}


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def fsync_dir(path: Path) -> None:
    """Make a folder's entries (new names, renames, deletions) durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_dirs(path: Path) -> None:
    """Create a folder and its missing parents, making each new entry durable."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        fsync_dir(folder.parent)


def copy_durably(source: Path, target: Path) -> None:
    """Copy `source` to `target` (a new temporary name) and fsync it; `target` must not exist."""
    with source.open("rb") as src, open(target, "xb") as dst:
        shutil.copyfileobj(src, dst, CHUNK)
        dst.flush()
        os.fsync(dst.fileno())


def temp_name_for(final: Path) -> Path:
    """Return the temporary name used while `final` is being written: `<final>.paperkeep-tmp`."""
    return final.with_name(final.name + TEMP_SUFFIX)


def place(source: Path, final: Path) -> None:
    """Give the complete, fsynced file `source` the name `final`, never replacing a file; `source` goes away.

    A hard link (then unlink) cannot overwrite; on a filesystem without hard links we check and rename
    (callers hold the media lock). Across filesystems the file is copied to `<final>.paperkeep-tmp`, fsynced
    and placed the same way. A crash leaves at least one complete copy, and never a partial file under `final`.
    """
    try:
        os.link(source, final)
    except FileExistsError:
        raise StorageError(f"{final} already exists; not overwriting it.") from None
    except OSError as exc:
        if exc.errno == errno.EXDEV:
            temp = temp_name_for(final)
            copy_durably(source, temp)
            place(temp, final)
            source.unlink()
            return
        if exc.errno not in _NO_LINKS:
            raise
        if final.exists():
            raise StorageError(f"{final} already exists; not overwriting it.") from None
        os.rename(source, final)
    else:
        os.unlink(source)
    fsync_dir(final.parent)


def replace_durably(source: Path, final: Path) -> None:
    """Atomically put `source` at `final`, replacing what is there (only for derived files: thumbnails)."""
    temp = temp_name_for(final)
    copy_durably(source, temp)
    os.replace(temp, final)
    fsync_dir(final.parent)


def remove_quietly(path: Path) -> bool:
    """Delete a file if it exists; return whether it did."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


@contextmanager
def locked(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock on `lock_file` across processes (name allocation and placement)."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
