"""Registry tables: consumer and barcodes, OCR and conversion, dates and file names, Tika, remote OCR, search."""

from __future__ import annotations

from pathlib import Path

from paperkeep.config import formats as f
from paperkeep.config import values as v
from paperkeep.config.registry import Derived, Var, var
from paperkeep.config.values import Context

_OCR_MODES = v.choice("auto", "force", "redo", "off")
_DATE_ORDER_OR_NONE = f.date_order
_FONTS = (
    Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"),  # Debian's fonts-liberation
    Path("/usr/share/fonts/liberation/LiberationSerif-Regular.ttf"),  # the Paperless-ngx default
)
# Primary tesseract language -> Tantivy stemmer language, for PAPERLESS_SEARCH_LANGUAGE's default.
OCR_TO_SEARCH_LANGUAGE = {
    "ara": "ar", "dan": "da", "nld": "nl", "eng": "en", "fin": "fi", "fra": "fr", "deu": "de", "ell": "el",
    "hun": "hu", "ita": "it", "nor": "no", "por": "pt", "ron": "ro", "rus": "ru", "spa": "es", "swe": "sv",
    "tam": "ta", "tur": "tr",
}
# Primary tesseract language -> NLTK language (stemmer, stop words), as Paperless-ngx maps it.
OCR_TO_NLTK_LANGUAGE = {
    "dan": "danish", "nld": "dutch", "eng": "english", "fin": "finnish", "fra": "french", "deu": "german",
    "ita": "italian", "nor": "norwegian", "por": "portuguese", "rus": "russian", "spa": "spanish", "swe": "swedish",
}


def _ocr_mode(text: str, ctx: Context) -> str:
    if text.strip() in ("skip", "skip_noarchive"):
        ctx.warn(f"PAPERLESS_OCR_MODE={text.strip()} is an old value; it means auto now "
                 "(use PAPERLESS_ARCHIVE_FILE_GENERATION for archive files)")
        return "auto"
    return str(_OCR_MODES(text, ctx))


def _thumbnail_font(ctx: Context) -> str:
    return str(next((font for font in _FONTS if font.exists()), _FONTS[1]))


def _primary_ocr_language(ctx: Context) -> str:
    return str(ctx.value("PAPERLESS_OCR_LANGUAGE")).split("+", 1)[0].lower()


def _search_language(ctx: Context) -> str | None:
    return OCR_TO_SEARCH_LANGUAGE.get(_primary_ocr_language(ctx))


def _flag(name: str, attr: str, default: bool, feature: str, area: str = "consumer") -> Var:
    return var(name, area, attr, v.boolean, default, feature=feature)


CONSUMER = (
    var("CONSUMER_POLLING_INTERVAL", "consumer", "polling_interval", v.number(0), 0.0),
    var("CONSUMER_STABILITY_DELAY", "consumer", "stability_delay", v.number(0), 5.0),
    _flag("CONSUMER_DELETE_DUPLICATES", "delete_duplicates", False, "core"),
    _flag("CONSUMER_RECURSIVE", "recursive", False, "core"),
    var("CONSUMER_IGNORE_PATTERNS", "consumer", "ignore_patterns", v.json_regex_list, ()),
    var("CONSUMER_IGNORE_DIRS", "consumer", "ignore_dirs", v.json_string_list, ()),
    _flag("CONSUMER_SUBDIRS_AS_TAGS", "subdirs_as_tags", False, "core"),
    _flag("CONSUMER_ENABLE_BARCODES", "enable_barcodes", False, "barcodes"),
    _flag("CONSUMER_BARCODE_TIFF_SUPPORT", "barcode_tiff_support", False, "barcodes"),
    var("CONSUMER_BARCODE_STRING", "consumer", "barcode_string", v.string, "PATCHT", feature="barcodes"),
    _flag("CONSUMER_BARCODE_RETAIN_SPLIT_PAGES", "barcode_retain_split_pages", False, "barcodes"),
    _flag("CONSUMER_ENABLE_ASN_BARCODE", "enable_asn_barcode", False, "barcodes"),
    var("CONSUMER_ASN_BARCODE_PREFIX", "consumer", "asn_barcode_prefix", v.string, "ASN", feature="barcodes"),
    var("CONSUMER_BARCODE_UPSCALE", "consumer", "barcode_upscale", v.number(0), 0.0, feature="barcodes"),
    var("CONSUMER_BARCODE_DPI", "consumer", "barcode_dpi", v.integer(1), 300, feature="barcodes"),
    var("CONSUMER_BARCODE_MAX_PAGES", "consumer", "barcode_max_pages", v.integer(0), 0, feature="barcodes"),
    _flag("CONSUMER_ENABLE_TAG_BARCODE", "enable_tag_barcode", False, "barcodes"),
    var("CONSUMER_TAG_BARCODE_MAPPING", "consumer", "tag_barcode_mapping", f.regex_mapping,
        {"TAG:(.*)": "\\g<1>"}, feature="barcodes"),
    _flag("CONSUMER_TAG_BARCODE_SPLIT", "tag_barcode_split", False, "barcodes"),
    _flag("CONSUMER_ENABLE_COLLATE_DOUBLE_SIDED", "enable_collate_double_sided", False, "double_sided"),
    var("CONSUMER_COLLATE_DOUBLE_SIDED_SUBDIR_NAME", "consumer", "collate_double_sided_subdir_name", v.string,
        "double-sided", feature="double_sided"),
    _flag("CONSUMER_COLLATE_DOUBLE_SIDED_TIFF_SUPPORT", "collate_double_sided_tiff_support", False, "double_sided"),
    var("PRE_CONSUME_SCRIPT", "consumer", "pre_consume_script", v.path, None, feature="consume_scripts"),
    var("POST_CONSUME_SCRIPT", "consumer", "post_consume_script", v.path, None, feature="consume_scripts"),
    _flag("CONSUMER_DISABLE", "disable", False, "core"),
    # Paperkeep extension: uploads and consume-folder files larger than this are refused.
    var("CONSUMER_MAX_FILE_SIZE", "consumer", "max_file_size", v.size, 512 * 1024 * 1024),
)

OCR = (
    var("OCR_LANGUAGE", "ocr", "language", f.ocr_language, "eng"),
    var("OCR_LANGUAGES", "ocr", "languages", f.ocr_packages, (), feature="docker"),
    var("OCR_MODE", "ocr", "mode", _ocr_mode, "auto"),
    var("ARCHIVE_FILE_GENERATION", "ocr", "archive_file_generation", v.choice("auto", "always", "never"), "auto"),
    var("OCR_SKIP_ARCHIVE_FILE", "ocr", None, v.string, None, feature="obsolete",
        deprecated="is no longer used (as in Paperless-ngx 3); use PAPERLESS_ARCHIVE_FILE_GENERATION"),
    var("OCR_OUTPUT_TYPE", "ocr", "output_type", v.choice("pdf", "pdfa", "pdfa-1", "pdfa-2", "pdfa-3"), "pdfa"),
    var("OCR_PAGES", "ocr", "pages", v.integer(0), 0),
    var("OCR_IMAGE_DPI", "ocr", "image_dpi", v.integer(1), None),
    var("OCR_CLEAN", "ocr", "clean", v.choice("clean", "clean-final", "none"), "clean"),
    _flag("OCR_DESKEW", "deskew", True, "core", "ocr"),
    _flag("OCR_ROTATE_PAGES", "rotate_pages", True, "core", "ocr"),
    var("OCR_ROTATE_PAGES_THRESHOLD", "ocr", "rotate_pages_threshold", v.number(0), 12.0),
    var("OCR_MAX_IMAGE_PIXELS", "ocr", "max_image_pixels", v.integer(0), None),
    var("MAX_IMAGE_PIXELS", "ocr", "pil_max_image_pixels", v.integer(0), None, feature="pil_limit"),
    var("OCR_COLOR_CONVERSION_STRATEGY", "ocr", "color_conversion_strategy",
        v.choice("LeaveColorUnchanged", "RGB", "UseDeviceIndependentColor", "Gray", "CMYK"), "RGB"),
    var("OCR_USER_ARGS", "ocr", "user_args", v.json_object, {}),
    var("CONVERT_BINARY", "ocr", "convert_binary", v.string, "convert", feature="external_tools"),
    var("CONVERT_TMPDIR", "ocr", "convert_tmpdir", v.path, None, feature="external_tools"),
    var("CONVERT_MEMORY_LIMIT", "ocr", "convert_memory_limit", v.string, None, feature="external_tools"),
    var("GS_BINARY", "ocr", "gs_binary", v.string, "gs", feature="external_tools"),
    var("THUMBNAIL_FONT_NAME", "ocr", "thumbnail_font_name", v.string,
        Derived("LiberationSerif-Regular.ttf from fonts-liberation", _thumbnail_font), feature="thumbnail_font"),
    var("DATE_ORDER", "ocr", "date_order", f.date_order, "DMY"),
    var("FILENAME_DATE_ORDER", "ocr", "filename_date_order", _DATE_ORDER_OR_NONE, None),
    var("DATE_PARSER_LANGUAGES", "ocr", "date_parser_languages", f.dateparser_languages, None),
    var("NUMBER_OF_SUGGESTED_DATES", "ocr", "number_of_suggested_dates", v.integer(0), 3),
    var("IGNORE_DATES", "ocr", "ignore_dates", f.ignore_dates, frozenset()),
    var("FILENAME_FORMAT", "ocr", "filename_format", v.string, None),
    _flag("FILENAME_FORMAT_REMOVE_NONE", "filename_format_remove_none", False, "core", "ocr"),
    _flag("TIKA_ENABLED", "tika_enabled", False, "tika", "ocr"),
    var("TIKA_ENDPOINT", "ocr", "tika_endpoint", v.url("http", "https"), "http://localhost:9998", feature="tika"),
    var("TIKA_GOTENBERG_ENDPOINT", "ocr", "tika_gotenberg_endpoint", v.url("http", "https"),
        "http://localhost:3000", feature="tika"),
    var("REMOTE_OCR_ENGINE", "ocr", "remote_ocr_engine", v.choice("azureai"), None, feature="remote_ocr"),
    var("REMOTE_OCR_API_KEY", "ocr", "remote_ocr_api_key", v.string, None, feature="remote_ocr", secret=True,
        keep_whitespace=True),
    var("REMOTE_OCR_ENDPOINT", "ocr", "remote_ocr_endpoint", v.url("http", "https"), None, feature="remote_ocr"),
    var("REMOTE_OCR_MODE", "ocr", "remote_ocr_mode", v.choice("always", "workflow_only"), "always",
        feature="remote_ocr"),
    _flag("REMOTE_OCR_ALLOW_INTERNAL_ENDPOINTS", "remote_ocr_allow_internal_endpoints", True, "remote_ocr", "ocr"),
)

SEARCH = (
    var("SEARCH_LANGUAGE", "search", "language", f.search_language,
        Derived("from the first PAPERLESS_OCR_LANGUAGE", _search_language)),
    var("ADVANCED_FUZZY_SEARCH_THRESHOLD", "search", "advanced_fuzzy_search_threshold", v.number(0), None,
        feature="fuzzy_search"),
    _flag("ENABLE_NLTK", "enable_nltk", True, "classifier", "search"),
    var("CLASSIFIER_MATCH_THRESHOLD", "matching", "classifier_match_threshold", v.number(0, 1), 0.6,
        feature="classifier"),
    var("MATCH_REGEX_TIMEOUT_SECONDS", "matching", "match_regex_timeout_seconds", v.number(0), 0.1,
        feature="classifier"),
)

TABLES: tuple[tuple[Var, ...], ...] = (CONSUMER, OCR, SEARCH)
