"""Which features Paperkeep has built yet: THE one place that decides whether a setting is effective.

Every registered variable belongs to one feature (see the `feature=` of its entry in `variables_*.py`).
A variable is effective unless its feature is listed in UNBUILT_FEATURES. When a feature lands, delete its
line here; `paperkeep check` then stops listing its variables as "accepted, not yet effective".
"""

from __future__ import annotations

UNBUILT_FEATURES: frozenset[str] = frozenset({
    "ai",  # PAPERLESS_AI_*
    "mail",  # mail fetching, mail OAuth, .eml layout
    "smtp",  # outgoing e-mail (password reset, e-mailing documents)
    "webhooks",
    "barcodes",
    "double_sided",  # double-sided collation
    "tika",
    "remote_ocr",
    "gpg",
    "classifier",  # classifier, NLTK, matching thresholds
    "flower",
    "db_read_cache",
    "channels",
    "update_check",
    "docker",  # docker-image-only behaviour (installing tesseract languages at start)
    "consume_scripts",  # PAPERLESS_PRE_CONSUME_SCRIPT / PAPERLESS_POST_CONSUME_SCRIPT
    "external_tools",  # ImageMagick and Ghostscript paths: thumbnails are rendered with pdfium, PDF/A by OCRmyPDF
    "thumbnail_font",  # text thumbnails use the bundled default font
    "pil_limit",  # PAPERLESS_MAX_IMAGE_PIXELS (PAPERLESS_OCR_MAX_IMAGE_PIXELS is honoured)
    "workflows",  # workflows, and their scheduled trigger's cron
    "share_link_bundles",  # share-link bundles, and their clean-up cron
})

# Features Paperless-ngx itself no longer honours: accepted so old configurations keep loading, with a warning.
IGNORED_FEATURES: frozenset[str] = frozenset({"obsolete", "testing"})


def is_effective(feature: str) -> bool:
    """Tell whether variables of this feature have an effect in Paperkeep today."""
    return feature not in UNBUILT_FEATURES and feature not in IGNORED_FEATURES
