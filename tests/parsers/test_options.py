"""ParseOptions is a frozen value that rejects settings outside Paperless's vocabulary."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from paperkeep.parsers import ParseOptions


def test_legacy_skip_modes_map_to_auto() -> None:
    """GIVEN the legacy OCR modes skip and skip_noarchive
    WHEN options are made with them
    THEN the mode is auto, as in Paperless v3."""
    assert ParseOptions(mode="skip").mode == "auto"
    assert ParseOptions(mode="skip_noarchive").mode == "auto"


@pytest.mark.parametrize(
    "settings",
    [{"mode": "sometimes"}, {"archive_generation": "maybe"}, {"clean": "scrub"}, {"output_type": "pdfx"},
     {"pages": -1}, {"threads": 0}, {"image_dpi": 0}],
)
def test_bad_values_are_rejected(settings: dict[str, object]) -> None:
    """GIVEN a value outside the allowed set
    WHEN options are made with it
    THEN ValueError names the setting."""
    with pytest.raises(ValueError, match=next(iter(settings))):
        ParseOptions(**settings)  # type: ignore[arg-type]


def test_options_are_frozen() -> None:
    """GIVEN options
    WHEN a field is assigned
    THEN FrozenInstanceError is raised."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        ParseOptions().mode = "force"  # type: ignore[misc]


def test_pixel_limit_defaults_to_250_megapixels() -> None:
    """GIVEN no max_image_pixels
    WHEN the pixel limit is read
    THEN it is OCRmyPDF's 250 megapixels; a set value wins."""
    assert ParseOptions().pixel_limit == 250_000_000
    assert ParseOptions(max_image_pixels=1000).pixel_limit == 1000


def test_from_config(tmp_path: Path) -> None:
    """GIVEN PAPERLESS_OCR_* settings in the environment
    WHEN options are built from the loaded configuration
    THEN each setting lands in its field."""
    from paperkeep.config import load_config

    environ = {
        "PAPERLESS_SECRET_KEY": "a-test-secret-key-for-parsers",
        "PAPERLESS_OCR_LANGUAGE": "deu+eng", "PAPERLESS_OCR_MODE": "redo",
        "PAPERLESS_ARCHIVE_FILE_GENERATION": "always", "PAPERLESS_OCR_CLEAN": "clean-final",
        "PAPERLESS_OCR_DESKEW": "false", "PAPERLESS_OCR_PAGES": "2", "PAPERLESS_OCR_USER_ARGS": '{"optimize": 1}',
        "PAPERLESS_THREADS_PER_WORKER": "2", "PAPERLESS_OCR_IMAGE_DPI": "200",
    }
    options = ParseOptions.from_config(load_config(environ, cwd=tmp_path, root=tmp_path))
    assert (options.language, options.mode, options.archive_generation) == ("deu+eng", "redo", "always")
    assert (options.clean, options.deskew, options.pages, options.image_dpi) == ("clean-final", False, 2, 200)
    assert options.user_args == {"optimize": 1} and options.threads == 2
