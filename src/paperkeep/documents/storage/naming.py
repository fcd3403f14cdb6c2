"""File names from PAPERLESS_FILENAME_FORMAT or a storage path: a sandboxed Jinja2 template.

Only the whitelisted variables below exist in a template. Attribute access is limited to a few string and
dict methods, `range` and the other globals are gone, repetition is capped, the output is capped, and a
rendered path that is absolute, walks up (`..`) or is too long is refused: the caller then falls back to
the default name `<pk:07><ext>`. Metadata values are sanitised so they cannot add path separators.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from django.utils.text import slugify
from pathvalidate import sanitize_filename

logger = logging.getLogger(__name__)

NONE_PLACEHOLDER = "-none-"
MAX_PATH_CHARS = 1024
# Room for the collision suffix (_NN), the extension and the temporary-name suffix under NAME_MAX (255 bytes).
MAX_COMPONENT_BYTES = 200
MAX_OUTPUT_CHARS = 4 * MAX_PATH_CHARS

TEMPLATE_VARIABLES = (
    "title", "correspondent", "document_type", "asn", "owner_username", "original_name", "doc_pk",
    "created", "created_year", "created_year_short", "created_month", "created_month_name",
    "created_month_name_short", "created_day",
    "added", "added_year", "added_year_short", "added_month", "added_month_name", "added_month_name_short",
    "added_day", "tag_list", "tag_name_list", "custom_fields", "document",
)  # fmt: skip

_OLD_STYLE = re.compile(r"(?<!{){(\w+)}(?!})")


def _datetime_filter(value: object, fmt: str) -> str:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10]).strftime(fmt)
        except ValueError:
            return value
    if isinstance(value, date | datetime):
        return value.strftime(fmt)
    return str(value)


def _get_cf_value(custom_fields: Mapping[str, Mapping[str, object]], name: str, default: object = None) -> object:
    entry = custom_fields.get(name) if isinstance(custom_fields, Mapping) else None
    if entry is None or entry.get("value") is None:
        return default
    return entry["value"]


@functools.cache
def _environment() -> Any:
    """The sandboxed Jinja environment, built on the first render (Jinja stays out of processes that never name
    a file, such as the web server)."""
    from paperkeep.documents.storage.sandbox import make_environment

    return make_environment({"datetime": _datetime_filter, "slugify": slugify, "get_cf_value": _get_cf_value})



def sanitize_value(value: object) -> str:
    """Make one metadata value safe as (part of) a path component: no separators, no dot-only names."""
    text = "" if value is None else str(value)
    text = sanitize_filename(text.replace("\n", " "), replacement_text="-")
    if text.strip(".") == "":
        return "-" if text else ""
    return text


def convert_old_style(template: str) -> str:
    """Turn Paperless's old `{title}` placeholders into Jinja `{{ title }}` (only if no Jinja syntax is used)."""
    if "{{" in template or "{%" in template:
        return template
    return _OLD_STYLE.sub(r"{{ \1 }}", template)


def render_template(template: str, context: Mapping[str, object], *, remove_none: bool = False) -> str | None:
    """Render a filename template; return the relative path without extension, or None if it is unusable."""
    from jinja2 import TemplateError
    from jinja2.sandbox import SecurityError

    try:
        compiled = _environment().from_string(convert_old_style(template))
        pieces: list[str] = []
        size = 0
        for chunk in compiled.generate(dict(context)):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                logger.warning("Filename template output is too long; using the default name")
                return None
            pieces.append(chunk)
    except (TemplateError, SecurityError, TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        logger.warning("Filename template %r cannot be rendered (%s); using the default name", template, exc)
        return None
    return clean_path("".join(pieces), remove_none=remove_none)


def clean_path(rendered: str, *, remove_none: bool = False) -> str | None:
    """Normalise a rendered path, or return None if it is empty, absolute, walks up or is too long."""
    text = unicodedata.normalize("NFC", rendered).replace("\r", "").replace("\n", "")
    if text.strip().startswith(("/", "\\")) or "\\" in text or "\x00" in text:
        return None
    if remove_none:
        text = text.replace(f"/{NONE_PLACEHOLDER}/", "/").replace(f" {NONE_PLACEHOLDER}", "")
        text = text.replace(NONE_PLACEHOLDER, "")
    else:
        text = text.replace(NONE_PLACEHOLDER, "none")
    parts = [part.strip() for part in text.split("/")]
    if any(part in (".", "..") for part in parts):
        return None
    parts = [_fit_component(part.lstrip(".")) for part in parts if part.strip(".")]
    if not parts:
        return None
    path = "/".join(parts)
    return path if len(path) <= MAX_PATH_CHARS else None


def _fit_component(part: str) -> str:
    encoded = part.encode("utf-8")
    if len(encoded) <= MAX_COMPONENT_BYTES:
        return part
    return encoded[:MAX_COMPONENT_BYTES].decode("utf-8", errors="ignore").rstrip()


def date_variables(prefix: str, value: date) -> dict[str, str]:
    """Return `<prefix>`, `<prefix>_year`, ... for one date, as Paperless names them."""
    return {
        prefix: value.isoformat(),
        f"{prefix}_year": f"{value.year:04}",
        f"{prefix}_year_short": f"{value.year % 100:02}",
        f"{prefix}_month": f"{value.month:02}",
        f"{prefix}_month_name": value.strftime("%B"),
        f"{prefix}_month_name_short": value.strftime("%b"),
        f"{prefix}_day": f"{value.day:02}",
    }


FilenameContext = dict[str, object]
ContextBuilder = Callable[..., FilenameContext]
