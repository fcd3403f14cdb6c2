"""The UI-edited application configuration: read the row, apply it over the settings, change it.

As in Paperless-ngx, a value stored in the database wins over the PAPERLESS_* setting; a null or empty value
(and, for the numbers, zero) leaves the setting in force. `deskew` and `rotate_pages` are the exception: a
stored False is honoured, since null already means "use the setting".
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from paperkeep.documents.models.appconfig import SINGLETON_ID, ApplicationConfiguration
from paperkeep.parsers import ParseOptions

if TYPE_CHECKING:
    from paperkeep.config import Config

logger = logging.getLogger(__name__)

# OCRmyPDF options a stored configuration may pass in `user_args`. Whoever may change the stored configuration need
# not be the operator, so options that name files or code (plugins, sidecar, tesseract_config, user_words,
# unpaper_args, ...) are refused here; PAPERLESS_OCR_USER_ARGS, set by the operator, is not limited.
STORED_USER_ARGS = frozenset({
    "clean", "clean_final", "color_conversion_strategy", "continue_on_soft_render_error", "deskew", "fast_web_view",
    "force_ocr", "image_dpi", "invalidate_digital_signatures", "jbig2_lossy", "jbig2_page_group_size", "jobs",
    "jpeg_quality", "jpg_quality", "language", "max_image_mpixels", "mode", "optimize", "output_type", "oversample",
    "pages", "pdf_renderer", "pdfa_image_compression", "png_quality", "redo_ocr", "remove_background",
    "remove_vectors", "rotate_pages", "rotate_pages_threshold", "skip_big", "skip_text", "tesseract_downsample_above",
    "tesseract_downsample_large_images", "tesseract_non_ocr_timeout", "tesseract_oem", "tesseract_pagesegmode",
    "tesseract_thresholding", "tesseract_timeout",
})  # fmt: skip


def refused_user_args(user_args: Mapping[str, Any]) -> list[str]:
    """The keys of stored `user_args` that a stored configuration may not set (sorted)."""
    return sorted(key for key in user_args if key not in STORED_USER_ARGS)


def app_config() -> ApplicationConfiguration:
    """Return the configuration row, creating it (all null) if it is missing."""
    row, _ = ApplicationConfiguration.objects.get_or_create(pk=SINGLETON_ID)
    return row


def ocr_overrides(row: ApplicationConfiguration) -> dict[str, Any]:
    """Return the ParseOptions fields the row sets (keyword -> value); the settings keep the rest."""
    truthy: dict[str, Any] = {
        "output_type": row.output_type,
        "pages": row.pages,
        "language": row.language,
        "mode": row.mode,
        "archive_generation": row.archive_file_generation,
        "image_dpi": row.image_dpi,
        "clean": row.unpaper_clean,
        "rotate_pages_threshold": row.rotate_pages_threshold,
        "max_image_pixels": int(row.max_image_pixels) if row.max_image_pixels else None,
        "color_conversion_strategy": row.color_conversion_strategy,
    }
    changes = {name: value for name, value in truthy.items() if value}
    if row.deskew is not None:
        changes["deskew"] = row.deskew
    if row.rotate_pages is not None:
        changes["rotate_pages"] = row.rotate_pages
    if isinstance(row.user_args, Mapping) and row.user_args:
        refused = refused_user_args(row.user_args)
        if refused:
            logger.warning("Ignoring stored OCR user_args a stored configuration may not set: %s", ", ".join(refused))
        changes["user_args"] = {key: value for key, value in row.user_args.items() if key not in refused}
    elif row.user_args:
        logger.warning("Ignoring the stored OCR user_args: they are not a JSON object")
    return changes


def parse_options(config: Config | None = None) -> ParseOptions:
    """Return the parse options of the settings with the stored configuration's OCR values applied."""
    base = ParseOptions.from_config(config if config is not None else settings.CONFIG)
    changes = ocr_overrides(app_config())
    if not changes:
        return base
    try:
        return dataclasses.replace(base, **changes)
    except ValueError as exc:  # a value the settings would have refused at start-up; keep the settings'
        logger.warning("Ignoring the stored OCR configuration: %s", exc)
        return base


def app_title(config: Config | None = None) -> str | None:
    """Return the application title: the stored one, else PAPERLESS_APP_TITLE, else None."""
    stored = app_config().app_title
    return stored or (config if config is not None else settings.CONFIG).core.app_title


def app_logo_url(config: Config | None = None) -> str | None:
    """Return the logo's URL path (`/logo/<name>`): the stored logo's, else PAPERLESS_APP_LOGO, else None."""
    stored = app_config().app_logo
    if stored:
        return str(stored.url)
    return (config if config is not None else settings.CONFIG).core.app_logo


def update_app_config(row: ApplicationConfiguration, values: Mapping[str, Any]) -> ApplicationConfiguration:
    """Set the given fields and save; a replaced or cleared logo's file is deleted once the change commits."""
    old_logo = row.app_logo.name if row.app_logo and "app_logo" in values else None
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    if old_logo and old_logo != (row.app_logo.name if row.app_logo else None):
        storage = row.app_logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    logger.info("Updated the application configuration: %s", ", ".join(sorted(values)) or "nothing")
    return row
