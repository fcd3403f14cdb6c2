"""Custom fields: typed values attached to documents, one instance per (document, field)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from paperkeep.documents.models.document import Document


class CustomFieldDataType(models.TextChoices):
    """The data types of Paperless-ngx's custom fields (the stored values are the API's strings)."""

    STRING = "string", "String"
    URL = "url", "URL"
    DATE = "date", "Date"
    BOOL = "boolean", "Boolean"
    INT = "integer", "Integer"
    FLOAT = "float", "Float"
    MONETARY = "monetary", "Monetary"
    DOCUMENTLINK = "documentlink", "Document Link"
    SELECT = "select", "Select"
    LONG_TEXT = "longtext", "Long Text"


# Which value column holds each data type's value.
VALUE_COLUMN: dict[str, str] = {
    CustomFieldDataType.STRING: "value_text",
    CustomFieldDataType.URL: "value_url",
    CustomFieldDataType.DATE: "value_date",
    CustomFieldDataType.BOOL: "value_bool",
    CustomFieldDataType.INT: "value_int",
    CustomFieldDataType.FLOAT: "value_float",
    CustomFieldDataType.MONETARY: "value_monetary",
    CustomFieldDataType.DOCUMENTLINK: "value_document_ids",
    CustomFieldDataType.SELECT: "value_select",
    CustomFieldDataType.LONG_TEXT: "value_long_text",
}


class CustomField(models.Model):
    """A named, typed field; `extra_data` holds `select_options` and `default_currency`."""

    created = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    name = models.CharField(max_length=128, unique=True)
    data_type = models.CharField(max_length=50, choices=CustomFieldDataType.choices, editable=False)
    extra_data = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ("created",)
        verbose_name = "custom field"

    def __str__(self) -> str:
        return f"{self.name} : {self.data_type}"


class CustomFieldInstance(models.Model):
    """One document's value for one custom field; only the column of the field's type is used."""

    created = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="custom_fields", editable=False)
    field = models.ForeignKey(CustomField, on_delete=models.CASCADE, related_name="fields", editable=False)

    value_text = models.CharField(max_length=128, null=True)  # noqa: DJ001 (NULL: no value)
    value_bool = models.BooleanField(null=True)
    value_url = models.URLField(max_length=2048, null=True)  # noqa: DJ001 (NULL: no value)
    value_date = models.DateField(null=True)
    value_int = models.BigIntegerField(null=True)
    value_float = models.FloatField(null=True)
    value_monetary = models.CharField(max_length=128, null=True)  # noqa: DJ001 (NULL: no value)
    # The amount of `value_monetary` without its currency, kept by the action that sets the value (for sorting).
    value_monetary_amount = models.DecimalField(max_digits=24, decimal_places=2, null=True)
    value_document_ids = models.JSONField(null=True)
    value_select = models.CharField(max_length=16, null=True)  # noqa: DJ001 (NULL: no value)
    value_long_text = models.TextField(null=True)  # noqa: DJ001 (NULL: no value)

    class Meta:
        ordering = ("created",)
        verbose_name = "custom field instance"
        constraints = [
            models.UniqueConstraint(fields=["document", "field"], name="documents_customfieldinstance_unique_field"),
        ]

    def __str__(self) -> str:
        return f"{self.field.name} : {self.value}"

    @property
    def value(self) -> object:
        """Return the value from the column of the field's data type."""
        return getattr(self, VALUE_COLUMN[self.field.data_type])
