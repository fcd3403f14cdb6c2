"""Manage custom field definitions: name, data type, select options, default currency."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from paperkeep.documents.actions.field_definitions import (
    create_custom_field,
    delete_custom_field,
    update_custom_field,
)
from paperkeep.documents.errors import DocumentsError, InvalidValue, NotFound
from paperkeep.documents.models import CustomField, CustomFieldDataType
from paperkeep.web.access import page, require
from paperkeep.web.views.common import show


def read_extra(data_type: str, post: QueryDict, field: CustomField | None = None) -> Any:
    """Return extra_data from the form: select options (one per line, existing ids kept) or a currency."""
    if data_type == CustomFieldDataType.SELECT:
        known = {o.get("label"): o.get("id") for o in ((field.extra_data or {}) if field else {}).get("select_options",
                                                                                                         [])}
        labels = [line.strip() for line in post.get("select_options", "").splitlines() if line.strip()]
        return {"select_options": [{"label": label, "id": known.get(label)} for label in labels]}
    if data_type == CustomFieldDataType.MONETARY:
        currency = post.get("default_currency", "").strip().upper()
        if currency and (len(currency) != 3 or not currency.isalpha()):
            raise InvalidValue("The currency must be a three-letter code such as EUR.", field="default_currency")
        return {"default_currency": currency or None}
    return None


def _field(pk: int) -> CustomField:
    field = CustomField.objects.filter(pk=pk).first()
    if field is None:
        raise NotFound()
    return field


@page("documents.view_customfield")
def custom_fields(request: HttpRequest) -> HttpResponse:
    """List custom fields with how many documents use each; POST creates one."""
    fields = CustomField.objects.annotate(n=Count("fields")).order_by("name")
    context: dict[str, Any] = {"fields": fields, "data_types": CustomFieldDataType.choices}
    if request.method == "POST":
        require(request.user, "documents.add_customfield")
        data_type = request.POST.get("data_type", "")
        try:
            created = create_custom_field(request.POST.get("name", "").strip()[:128], data_type,
                                          read_extra(data_type, request.POST))  # fmt: skip
        except DocumentsError as exc:
            context.update(form_error=exc.message, posted=request.POST)
            return show(request, "web/manage/custom_fields.html", "manage", context, status=400)
        messages.success(request, f"Created the custom field “{created.name}”.")
        return redirect("web:custom_fields")
    return show(request, "web/manage/custom_fields.html", "manage", context)


@page("documents.change_customfield")
def custom_field_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a field, change its options or currency."""
    field = _field(pk)
    options = "\n".join(o.get("label", "") for o in (field.extra_data or {}).get("select_options", []))
    context: dict[str, Any] = {"field": field, "options": options}
    if request.method == "POST":
        try:
            changes: dict[str, Any] = {"name": request.POST.get("name", "").strip()[:128]}
            extra = read_extra(field.data_type, request.POST, field)
            if extra is not None:
                changes["extra_data"] = extra
            update_custom_field(field, **changes)
        except DocumentsError as exc:
            context.update(form_error=exc.message)
            return show(request, "web/manage/custom_field_edit.html", "manage", context, status=400)
        messages.success(request, f"Saved the custom field “{field.name}”.")
        return redirect("web:custom_fields")
    return show(request, "web/manage/custom_field_edit.html", "manage", context)


@require_POST
@page("documents.delete_customfield")
def custom_field_delete(request: HttpRequest, pk: int) -> HttpResponse:
    field = _field(pk)
    delete_custom_field(field)
    messages.success(request, f"Deleted the custom field “{field.name}” and its values.")
    return redirect("web:custom_fields")
