"""The values that go into a parser (ParseOptions) and come out of it (ParseResult)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from paperkeep.config import Config

OCR_MODES = ("auto", "force", "redo", "off")
LEGACY_OCR_MODES = {"skip": "auto", "skip_noarchive": "auto"}
ARCHIVE_GENERATION = ("auto", "always", "never")
CLEAN_MODES = ("clean", "clean-final", "none")
OUTPUT_TYPES = ("pdf", "pdfa", "pdfa-1", "pdfa-2", "pdfa-3")

DEFAULT_MAX_FILE_SIZE = 512 * 2**20
# OCRmyPDF's own default limit (250 megapixels); a 300 dpi A4 page is about 8.7.
DEFAULT_MAX_IMAGE_PIXELS = 250_000_000


@dataclass(frozen=True)
class ParseOptions:
    """How to parse: OCR and archive settings (the PAPERLESS_OCR_* family) and safety limits."""

    language: str = "eng"
    mode: str = "auto"
    archive_generation: str = "auto"
    output_type: str = "pdfa"
    pages: int = 0
    image_dpi: int | None = None
    clean: str = "clean"
    deskew: bool = True
    rotate_pages: bool = True
    rotate_pages_threshold: float = 12.0
    max_image_pixels: int | None = None
    color_conversion_strategy: str = "RGB"
    user_args: Mapping[str, Any] = field(default_factory=dict)
    threads: int = 1
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    office_timeout: float = 180.0

    def __post_init__(self) -> None:
        mode = LEGACY_OCR_MODES.get(self.mode, self.mode)
        object.__setattr__(self, "mode", mode)
        _check("mode", mode, OCR_MODES)
        _check("archive_generation", self.archive_generation, ARCHIVE_GENERATION)
        _check("clean", self.clean, CLEAN_MODES)
        _check("output_type", self.output_type, OUTPUT_TYPES)
        if self.pages < 0:
            raise ValueError(f"pages must be 0 (all) or a positive number, not {self.pages}")
        if self.threads < 1:
            raise ValueError(f"threads must be at least 1, not {self.threads}")
        if self.image_dpi is not None and self.image_dpi <= 0:
            raise ValueError(f"image_dpi must be positive, not {self.image_dpi}")

    @classmethod
    def from_config(cls, config: Config) -> ParseOptions:
        """Build the options from the PAPERLESS_OCR_* settings, the worker's threads and the size limit."""
        ocr = config.ocr
        return cls(
            language=ocr.language,
            mode=ocr.mode,
            archive_generation=ocr.archive_file_generation,
            output_type=ocr.output_type,
            pages=ocr.pages,
            image_dpi=ocr.image_dpi,
            clean=ocr.clean,
            deskew=ocr.deskew,
            rotate_pages=ocr.rotate_pages,
            rotate_pages_threshold=ocr.rotate_pages_threshold,
            max_image_pixels=ocr.max_image_pixels,
            color_conversion_strategy=ocr.color_conversion_strategy,
            user_args=dict(ocr.user_args),
            threads=config.tasks.threads_per_worker,
            max_file_size=config.consumer.max_file_size,
        )

    @property
    def pixel_limit(self) -> int:
        """The largest image, in pixels, that may be decoded."""
        if self.max_image_pixels and self.max_image_pixels > 0:
            return self.max_image_pixels
        return DEFAULT_MAX_IMAGE_PIXELS

    @property
    def languages(self) -> list[str]:
        """Tesseract languages as a list (``deu+eng`` -> ``["deu", "eng"]``)."""
        return [part for part in self.language.split("+") if part]


@dataclass(frozen=True)
class ParseResult:
    """What a parser found: the text, an archive PDF if one was made, the page count, a date, metadata."""

    text: str
    archive_path: Path | None = None
    page_count: int | None = None
    date: datetime | None = None
    metadata: list[dict[str, str]] = field(default_factory=list)


def _check(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
