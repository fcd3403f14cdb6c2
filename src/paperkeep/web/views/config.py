"""The Configuration page (Paperless-ngx's Administration → Configuration): the stored application configuration's
OCR settings, application title and logo.

A blank field means "use the PAPERLESS_* setting", whose value is shown as the placeholder. Input goes through the
API's own serializer (`/api/config/`'s rules: choices, minimums, `user_args` as a JSON object, the logo check), and
the change is saved by `documents.appconfig.update_app_config` as the API saves it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect

from paperkeep.api.serializers.config import ApplicationConfigurationSerializer
from paperkeep.documents.appconfig import app_config
from paperkeep.documents.models.appconfig import (
    ApplicationConfiguration,
    ArchiveGeneration,
    CleanMode,
    ColorStrategy,
    OcrMode,
    OutputType,
)
from paperkeep.web.access import page
from paperkeep.web.views.common import show

PERMISSION = "documents.change_applicationconfiguration"
TRI_STATE = (("true", "Yes"), ("false", "No"))


@dataclass(frozen=True)
class Field:
    """One input of the page: the model field, its kind, its choices and the setting it overrides."""

    name: str
    label: str
    kind: str  # text, number, decimal, select, boolean, json
    setting: str  # "ocr.pages": the attribute of settings.CONFIG shown as the placeholder
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""


def _choices(model_choices: Any) -> tuple[tuple[str, str], ...]:
    return tuple((value, label) for value, label in model_choices.choices)


OCR_FIELDS = (
    Field("output_type", "Output type", "select", "ocr.output_type", _choices(OutputType)),
    Field("pages", "Pages", "number", "ocr.pages", help="OCR only the first this many pages."),
    Field("language", "Language", "text", "ocr.language", help="Tesseract languages, e.g. deu+eng."),
    Field("mode", "Mode", "select", "ocr.mode", _choices(OcrMode)),
    Field("archive_file_generation", "Archive file generation", "select", "ocr.archive_file_generation",
          _choices(ArchiveGeneration)),
    Field("image_dpi", "Image DPI", "number", "ocr.image_dpi"),
    Field("unpaper_clean", "Clean", "select", "ocr.clean", _choices(CleanMode)),
    Field("deskew", "Deskew", "boolean", "ocr.deskew", TRI_STATE),
    Field("rotate_pages", "Rotate pages", "boolean", "ocr.rotate_pages", TRI_STATE),
    Field("rotate_pages_threshold", "Rotate pages threshold", "decimal", "ocr.rotate_pages_threshold"),
    Field("max_image_pixels", "Max image pixels", "decimal", "ocr.max_image_pixels"),
    Field("color_conversion_strategy", "Colour conversion strategy", "select", "ocr.color_conversion_strategy",
          _choices(ColorStrategy)),
    Field("user_args", "User arguments", "json", "ocr.user_args",
          help='Extra OCRmyPDF options as a JSON object, e.g. {"invalidate_digital_signatures": true}.'),
)  # fmt: skip
APP_FIELDS = (Field("app_title", "Application title", "text", "core.app_title"),)
FIELDS = OCR_FIELDS + APP_FIELDS


def _setting(path: str) -> str:
    """The PAPERLESS_* setting's value as text, for a placeholder ("" when it is unset)."""
    section, _, attribute = path.partition(".")
    value = getattr(getattr(settings.CONFIG, section), attribute, None)
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict):
        return json.dumps(value) if value else ""
    return "" if value is None else str(value)


def _shown(row: ApplicationConfiguration, field: Field) -> str:
    """The stored value as the form shows it ("" for null)."""
    value = getattr(row, field.name)
    if value is None:
        return ""
    if field.kind == "boolean":
        return "true" if value else "false"
    if field.kind == "json":
        return json.dumps(value)
    if field.kind == "decimal" and float(value).is_integer():
        return str(int(value))
    return str(value)


def _rows(row: ApplicationConfiguration, posted: QueryDict | None, errors: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for field in FIELDS:
        rows.append({
            "field": field, "setting": _setting(field.setting), "errors": [str(e) for e in errors.get(field.name, [])],
            "value": posted.get(field.name, "") if posted is not None else _shown(row, field),
        })  # fmt: skip
    return rows


def _data(request: HttpRequest) -> dict[str, Any]:
    """The posted fields the page edits (nothing else of the row changes), blank as null, with the logo upload or
    its removal (null)."""
    data: dict[str, Any] = {field.name: request.POST.get(field.name, "").strip() or None for field in FIELDS}
    upload = request.FILES.get("app_logo")
    if upload is not None:
        data["app_logo"] = upload
    elif request.POST.get("clear_logo") == "1":
        data["app_logo"] = None
    return data


def _page(
    request: HttpRequest,
    row: ApplicationConfiguration,
    posted: QueryDict | None = None,
    errors: dict[str, Any] | None = None,
) -> HttpResponse:
    errors = errors or {}
    rows = _rows(row, posted, errors)
    return show(request, "web/config.html", "manage", {
        "ocr_rows": rows[:len(OCR_FIELDS)], "app_rows": rows[len(OCR_FIELDS):], "row": row,
        "logo_errors": [str(e) for e in errors.get("app_logo", [])],
        "other_errors": [str(e) for name, found in errors.items() if name not in {f.name for f in FIELDS}
                         and name != "app_logo" for e in found],
        "logo_setting": settings.CONFIG.core.app_logo or "",
    }, status=400 if errors else 200)  # fmt: skip


@page(PERMISSION)
def configuration(request: HttpRequest) -> HttpResponse:
    """Show the stored configuration; on POST validate it as the API does and save it."""
    row = app_config()
    if request.method != "POST":
        return _page(request, row)
    serializer = ApplicationConfigurationSerializer(row, data=_data(request), partial=True)
    if not serializer.is_valid():
        return _page(request, row, request.POST, dict(serializer.errors))
    serializer.save()
    messages.success(request, "Configuration saved.")
    return redirect("web:config")
