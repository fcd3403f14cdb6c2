"""Custom field values: every data type is checked and stored in its own column."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from paperkeep.documents.actions.custom_fields import set_custom_fields
from paperkeep.documents.errors import InvalidValue
from paperkeep.documents.models import CustomField, CustomFieldInstance, Document

pytestmark = pytest.mark.django_db


def document(title: str = "d") -> Document:
    return Document.objects.create(title=title, checksum=title, mime_type="text/plain")


@pytest.mark.parametrize(
    ("data_type", "value", "expected"),
    [
        ("string", "hello", "hello"),
        ("longtext", "x" * 500, "x" * 500),
        ("url", "https://example.org/a", "https://example.org/a"),
        ("date", "2024-02-29", date(2024, 2, 29)),
        ("boolean", True, True),
        ("integer", -42, -42),
        ("float", 1.5, 1.5),
        ("monetary", "EUR12.50", "EUR12.50"),
        ("select", "opt-b", "opt-b"),
    ],
)
def test_each_type_stores_a_valid_value(data_type: str, value: object, expected: object) -> None:
    """GIVEN a custom field of one data type
    WHEN a valid value is set on a document
    THEN the instance's value is the typed value."""
    extra = {"select_options": [{"id": "opt-a", "label": "A"}, {"id": "opt-b", "label": "B"}]}
    field = CustomField.objects.create(name=data_type, data_type=data_type, extra_data=extra)
    doc = document()
    set_custom_fields(doc, {field.pk: value})
    assert CustomFieldInstance.objects.get(document=doc, field=field).value == expected


@pytest.mark.parametrize(
    ("data_type", "value"),
    [
        ("string", "x" * 129),
        ("url", "not a url"),
        ("date", "29.02.2024x"),
        ("boolean", "yes"),
        ("integer", 2**40),
        ("float", "1.5"),
        ("monetary", "12.505"),
        ("select", "missing"),
        ("documentlink", [999999]),
    ],
)
def test_each_type_refuses_a_wrong_value(data_type: str, value: object) -> None:
    """GIVEN a custom field of one data type
    WHEN a value of the wrong shape is set
    THEN InvalidValue is raised and nothing is stored."""
    field = CustomField.objects.create(name=data_type, data_type=data_type, extra_data={"select_options": []})
    with pytest.raises(InvalidValue):
        set_custom_fields(document(), {field.pk: value})
    assert not CustomFieldInstance.objects.exists()


def test_monetary_amount_is_kept_for_sorting() -> None:
    """GIVEN a monetary field
    WHEN `USD-3.20` is set
    THEN the amount column holds -3.20."""
    field = CustomField.objects.create(name="m", data_type="monetary")
    doc = document()
    set_custom_fields(doc, {field.pk: "USD-3.20"})
    assert CustomFieldInstance.objects.get().value_monetary_amount == Decimal("-3.20")


def test_document_links_are_mirrored() -> None:
    """GIVEN a document-link field and two documents
    WHEN the first links to the second
    THEN the second links back to the first."""
    field = CustomField.objects.create(name="related", data_type="documentlink")
    first, second = document("a"), document("b")
    set_custom_fields(first, {field.pk: [second.pk]})
    assert CustomFieldInstance.objects.get(document=second).value == [first.pk]
