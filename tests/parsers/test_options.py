"""ParseOptions is a frozen value that rejects settings outside Paperless's vocabulary."""

from __future__ import annotations

import dataclasses

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
