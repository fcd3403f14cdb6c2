"""Which consume-folder files are inputs, and which tags their sub-folders give."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paperkeep.ingest.sources.folder_rules import FolderRules

ROOT = Path("/consume")


def rules(**kwargs: object) -> FolderRules:
    values: dict[str, object] = {"root": ROOT, "recursive": True, "subdirs_as_tags": False, **kwargs}
    return FolderRules(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "relative",
    [".hidden.pdf", "._letter.pdf", ".DS_Store", "desktop.ini", "Thumbs.db", "@eaDir/x.pdf", ".stfolder/x.pdf",
     "__MACOSX/x.pdf", "failed/x.pdf", "sub/failed/x.pdf", "download.pdf.part", "x.pdf.crdownload",
     "x.pdf.paperkeep-tmp", ".Trashes/x.pdf"],
)  # fmt: skip
def test_system_hidden_and_partial_files_are_ignored(relative: str) -> None:
    """GIVEN a system, hidden, partial or already-failed file
    WHEN the rules judge it
    THEN it is not an input."""
    assert not rules().wanted(ROOT / relative)


def test_ordinary_files_are_inputs_at_any_depth() -> None:
    """GIVEN files at the top and in sub-folders
    WHEN the rules judge them (recursive)
    THEN both are inputs."""
    assert rules().wanted(ROOT / "letter.pdf") and rules().wanted(ROOT / "a/b/letter.pdf")


def test_sub_folders_are_skipped_without_recursion() -> None:
    """GIVEN a file in a sub-folder
    WHEN recursion is off
    THEN it is not an input (the top-level file still is)."""
    flat = rules(recursive=False)
    assert flat.wanted(ROOT / "top.pdf") and not flat.wanted(ROOT / "sub/letter.pdf")


def test_user_patterns_and_dirs_are_added_to_the_defaults() -> None:
    """GIVEN PAPERLESS_CONSUMER_IGNORE_PATTERNS `~\\$.*` and IGNORE_DIRS `scratch`
    WHEN the rules judge matching files
    THEN they are ignored, others are not."""
    custom = rules(patterns=(re.compile(r"~\$.*"),), ignore_dirs=frozenset({"scratch"}))
    assert not custom.wanted(ROOT / "~$lock.docx")
    assert not custom.wanted(ROOT / "scratch/x.pdf")
    assert custom.wanted(ROOT / "real.pdf")


def test_sub_folders_become_tag_names() -> None:
    """GIVEN SUBDIRS_AS_TAGS and a file two folders deep
    WHEN its tag names are asked for
    THEN they are the two folder names."""
    assert rules(subdirs_as_tags=True).tag_names(ROOT / "bills/2024/x.pdf") == ("bills", "2024")
