"""Which files in the consume folder are inputs, and which tags their sub-folders give them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from paperkeep.config import ConsumerConfig

# Always ignored, as in Paperless-ngx: system files, hidden files, sync tools' folders; plus our failed/ folders.
IGNORED_FILES = frozenset({".ds_store", "desktop.ini", "thumbs.db"})
IGNORED_DIRS = frozenset(
    {".stfolder", ".stversions", ".localized", "@eadir", ".spotlight-v100", ".trashes", "__macosx", "failed"}
)
PARTIAL_SUFFIXES = (".part", ".crdownload", ".partial", ".tmp", ".paperkeep-tmp")


@dataclass(frozen=True)
class FolderRules:
    """The consume folder's rules: what to ignore, whether to look into sub-folders, sub-folders as tags.

    A user pattern (PAPERLESS_CONSUMER_IGNORE_PATTERNS, regular expressions) ignores a file when it matches
    the start of the file's name or of its path relative to the consume folder.
    """

    root: Path
    recursive: bool
    subdirs_as_tags: bool
    patterns: tuple[re.Pattern[str], ...] = ()
    ignore_dirs: frozenset[str] = frozenset()

    @classmethod
    def from_config(cls, root: Path, consumer: ConsumerConfig) -> FolderRules:
        return cls(
            root=root,
            recursive=consumer.recursive or consumer.subdirs_as_tags,
            subdirs_as_tags=consumer.subdirs_as_tags,
            patterns=tuple(re.compile(p) for p in consumer.ignore_patterns),
            ignore_dirs=frozenset(name.lower() for name in consumer.ignore_dirs),
        )

    def wanted(self, path: Path) -> bool:
        """Return whether `path` is an input to consume (not hidden, not ignored, not a partial download)."""
        try:
            relative = path.relative_to(self.root)
        except ValueError:
            return False
        parts = relative.parts
        if not parts or (len(parts) > 1 and not self.recursive):
            return False
        for folder in parts[:-1]:
            lowered = folder.lower()
            if folder.startswith(".") or lowered in IGNORED_DIRS or lowered in self.ignore_dirs:
                return False
        name = parts[-1]
        if name.startswith(".") or name.lower() in IGNORED_FILES or name.lower().endswith(PARTIAL_SUFFIXES):
            return False
        text = relative.as_posix()
        return not any(p.match(name) or p.match(text) for p in self.patterns)

    def tag_names(self, path: Path) -> tuple[str, ...]:
        """Return the sub-folder names between the consume folder and the file (with SUBDIRS_AS_TAGS)."""
        if not self.subdirs_as_tags:
            return ()
        try:
            return tuple(path.relative_to(self.root).parts[:-1])
        except ValueError:
            return ()

    def scan(self, folder: Path | None = None) -> list[Path]:
        """Return every input file in the consume folder (or in one of its sub-folders) now."""
        found: list[Path] = []
        pattern = "**/*" if self.recursive else "*"
        for path in (folder or self.root).glob(pattern):
            if path.is_file() and not path.is_symlink() and self.wanted(path):
                found.append(path)
        return sorted(found)
