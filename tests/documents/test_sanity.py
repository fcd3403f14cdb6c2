"""The sanity checker finds missing, changed and orphaned files, and tidies what interrupted writes left."""

from __future__ import annotations

import os
import time

import pytest

from paperkeep.documents.sanity import STALE_TEMP_SECONDS, check
from paperkeep.documents.storage.layout import TEMP_SUFFIX, media
from tests.conftest import Dirs
from tests.documents.factories import stored_document

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_healthy_library_has_no_problems(paperkeep_dirs: Dirs) -> None:
    """GIVEN two stored documents
    WHEN the sanity checker runs
    THEN it finds nothing."""
    stored_document(paperkeep_dirs.root / "w", "a"), stored_document(paperkeep_dirs.root / "w", "b")
    report = check()
    assert report.findings == [] and report.documents_checked == 2


def test_a_missing_original_is_an_error(paperkeep_dirs: Dirs) -> None:
    """GIVEN a stored document whose original was deleted behind our back
    WHEN the sanity checker runs
    THEN it reports the missing original as an error."""
    document = stored_document(paperkeep_dirs.root / "w")
    (media().originals / document.filename).unlink()
    [problem] = check().problems
    assert problem.level == "error" and "original file is missing" in problem.message


def test_a_changed_archive_is_a_checksum_error(paperkeep_dirs: Dirs) -> None:
    """GIVEN a stored document whose archive was altered
    WHEN the sanity checker runs
    THEN it reports the archive's checksum mismatch."""
    document = stored_document(paperkeep_dirs.root / "w")
    (media().archive / document.archive_filename).write_bytes(b"tampered")
    [problem] = check().problems
    assert "archive file's checksum does not match" in problem.message


def test_an_unknown_file_is_reported_as_orphaned(paperkeep_dirs: Dirs) -> None:
    """GIVEN a stored document and a stray file among the originals
    WHEN the sanity checker runs
    THEN the stray file is reported as orphaned."""
    stored_document(paperkeep_dirs.root / "w")
    (media().originals / "stray.pdf").write_bytes(b"?")
    [problem] = check().problems
    assert problem.level == "warning" and "documents/originals/stray.pdf" in problem.message


def test_stale_temporary_files_are_cleaned_not_reported(paperkeep_dirs: Dirs) -> None:
    """GIVEN a stored document and an old half-written `*.paperkeep-tmp` file
    WHEN the sanity checker runs
    THEN it reports no problem and the temporary file is gone."""
    stored_document(paperkeep_dirs.root / "w")
    leftover = media().originals / ("0000009.pdf" + TEMP_SUFFIX)
    leftover.write_bytes(b"half")
    old = time.time() - STALE_TEMP_SECONDS - 60
    os.utime(leftover, (old, old))
    report = check()
    assert report.problems == []
    assert not leftover.exists() and report.cleaned
