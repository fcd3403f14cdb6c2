"""The UI-edited configuration overrides the PAPERLESS_OCR_* settings for ingest and reprocess."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.conf import settings

from paperkeep.documents.appconfig import app_config, parse_options
from paperkeep.ingest.reprocess import reprocess_document
from paperkeep.parsers import ParseOptions
from tests import filegen
from tests.conftest import Dirs
from tests.ingest.helpers import consume_now, document_of

pytestmark = pytest.mark.django_db

FIRST = ["Greenfield", "Insurance", "statement"]
SECOND = ["Harbourview", "Logistics", "invoice"]


def store(**values: Any) -> None:
    row = app_config()
    for name, value in values.items():
        setattr(row, name, value)
    row.save()


def test_with_nothing_stored_the_settings_apply(override_config: Any) -> None:
    """GIVEN PAPERLESS_OCR_LANGUAGE=deu+eng and PAPERLESS_OCR_MODE=redo, and an all-null configuration row
    WHEN the parse options are built
    THEN they are exactly the settings' options."""
    override_config("ocr", language="deu+eng", mode="redo")
    assert parse_options() == ParseOptions.from_config(settings.CONFIG)
    assert (parse_options().language, parse_options().mode) == ("deu+eng", "redo")


def test_stored_values_win_over_the_settings(override_config: Any) -> None:
    """GIVEN settings for every OCR option and a stored value for each
    WHEN the parse options are built
    THEN each stored value is used, and the settings outside the OCR family are kept."""
    override_config("ocr", language="eng", mode="auto", pages=0, clean="clean", user_args={"optimize": 1})
    store(output_type="pdf", pages=2, language="deu", mode="force", archive_file_generation="never", image_dpi=150,
          unpaper_clean="none", deskew=False, rotate_pages=False, rotate_pages_threshold=4.5,
          max_image_pixels=1e6, color_conversion_strategy="Gray", user_args={"jbig2_lossy": True})  # fmt: skip
    options = parse_options()
    expected = dataclasses.replace(
        ParseOptions.from_config(settings.CONFIG), output_type="pdf", pages=2, language="deu", mode="force",
        archive_generation="never", image_dpi=150, clean="none", deskew=False, rotate_pages=False,
        rotate_pages_threshold=4.5, max_image_pixels=1_000_000, color_conversion_strategy="Gray",
        user_args={"jbig2_lossy": True},
    )  # fmt: skip
    assert options == expected


def test_empty_and_zero_values_leave_the_settings_in_force(override_config: Any) -> None:
    """GIVEN a stored empty language, zero rotation threshold and empty user_args (as Paperless-ngx: falsy = unset)
    WHEN the parse options are built
    THEN the settings' language, threshold and user_args are used."""
    override_config("ocr", language="fra", rotate_pages_threshold=9.0, user_args={"optimize": 1})
    store(language="", rotate_pages_threshold=0.0, user_args={})
    options = parse_options()
    assert (options.language, options.rotate_pages_threshold, dict(options.user_args)) == ("fra", 9.0, {"optimize": 1})


def test_stored_user_args_that_are_not_an_object_are_ignored(override_config: Any) -> None:
    """GIVEN user_args stored as a JSON list (written around the API)
    WHEN the parse options are built
    THEN the settings' user_args are used and the parse can go ahead."""
    override_config("ocr", user_args={"optimize": 1})
    store(user_args=["--optimize", "3"])
    assert dict(parse_options().user_args) == {"optimize": 1}


def test_stored_mode_off_and_no_archive_apply_to_ingest(paperkeep_dirs: Dirs) -> None:
    """GIVEN the settings' OCR mode auto, and mode off with archive generation never stored
    WHEN a scanned PNG is consumed
    THEN it is not OCRed (no text) and gets no archive."""
    store(mode="off", archive_file_generation="never")
    scan = filegen.scan_file(paperkeep_dirs.consume / "scan.png", [" ".join(FIRST)])
    document = document_of(consume_now(scan))
    assert document.content.strip() == ""
    assert not document.archive_filename


@pytest.mark.slow
def test_stored_pages_limit_the_ocr_of_an_ingest(paperkeep_dirs: Dirs) -> None:
    """GIVEN the settings' OCR of all pages, and pages=1 stored
    WHEN a two-page scanned PDF is consumed
    THEN the first page's words are read and the second page's are not."""
    store(pages=1, archive_file_generation="never")
    scan = filegen.scan_pdf(paperkeep_dirs.consume / "scan.pdf", [[" ".join(FIRST)], [" ".join(SECOND)]])
    content = document_of(consume_now(scan)).content.lower()
    assert all(word.lower() in content for word in FIRST)
    assert not any(word.lower() in content for word in SECOND)


@pytest.mark.slow
def test_reprocess_reads_the_configuration_at_the_time_it_runs(paperkeep_dirs: Dirs) -> None:
    """GIVEN a scan consumed while mode off was stored (no text)
    WHEN the stored mode is cleared and the document is reprocessed
    THEN the settings' OCR runs and the content holds the words."""
    store(mode="off", archive_file_generation="never")
    scan = filegen.scan_file(paperkeep_dirs.consume / "scan.png", [" ".join(FIRST)])
    document = document_of(consume_now(scan))
    assert document.content.strip() == ""
    store(mode=None)
    assert reprocess_document(document.pk)
    document.refresh_from_db()
    assert all(word.lower() in document.content.lower() for word in FIRST)
