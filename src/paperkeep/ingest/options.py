"""Parser options from the configuration (PAPERLESS_OCR_*, the size limit, threads per worker)."""

from __future__ import annotations

from paperkeep.config import Config
from paperkeep.parsers import ParseOptions


def parse_options(cfg: Config) -> ParseOptions:
    """Return the ParseOptions the configuration asks for."""
    ocr = cfg.ocr
    return ParseOptions(
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
        threads=max(1, cfg.tasks.threads_per_worker),
        max_file_size=cfg.consumer.max_file_size,
    )
