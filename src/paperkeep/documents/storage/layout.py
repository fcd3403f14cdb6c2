"""Where files live under the media root (Paperless's layout) and safe path joining."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from paperkeep.documents.errors import StorageError

# Every temporary file Paperkeep writes under the media root ends with this; the sanity checker knows it.
TEMP_SUFFIX = ".paperkeep-tmp"


@dataclass(frozen=True)
class MediaLayout:
    """The media folders: originals/, archive/, thumbnails/ under documents/, plus Paperkeep's bookkeeping."""

    root: Path

    @property
    def documents(self) -> Path:
        return self.root / "documents"

    @property
    def originals(self) -> Path:
        return self.documents / "originals"

    @property
    def archive(self) -> Path:
        return self.documents / "archive"

    @property
    def thumbnails(self) -> Path:
        return self.documents / "thumbnails"

    @property
    def staging(self) -> Path:
        """Files being prepared for placement, one folder per task (same filesystem as the final folders)."""
        return self.documents / ".staging"

    @property
    def journal(self) -> Path:
        """Placement journals: which files an unfinished transaction put in place (see `journal.py`)."""
        return self.documents / ".journal"

    @property
    def lock_file(self) -> Path:
        return self.root / "media.lock"

    def ensure(self) -> None:
        """Create the folders if needed."""
        for folder in (self.originals, self.archive, self.thumbnails, self.staging, self.journal):
            folder.mkdir(parents=True, exist_ok=True)


def media() -> MediaLayout:
    """Return the layout under the configured MEDIA_ROOT."""
    return MediaLayout(Path(settings.MEDIA_ROOT))


def inside(base: Path, relative: str) -> Path:
    """Join `relative` onto `base`, refusing anything that would leave `base` (absolute, `..`, symlinks out)."""
    if not relative or relative.startswith("/") or "\x00" in relative:
        raise StorageError(f"Refusing the path {relative!r}: not a relative path.")
    candidate = base / relative
    resolved_base = base.resolve()
    resolved = candidate.resolve()
    if resolved != resolved_base and resolved_base not in resolved.parents:
        raise StorageError(f"Refusing the path {relative!r}: it leaves {base}.")
    return candidate


def original_path(filename: str) -> Path:
    return inside(media().originals, filename)


def archive_path(archive_filename: str) -> Path:
    return inside(media().archive, archive_filename)


def thumbnail_path(pk: int) -> Path:
    return media().thumbnails / f"{pk:07}.webp"
