"""One edit that calls several actions reaches the index once (each index commit costs ~100 ms of fsync)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from paperkeep.documents import indexing
from paperkeep.documents.models import CustomField, Tag
from tests.api import factories
from tests.search_integration.conftest import ClientFor, MakeDocument, ok


@pytest.fixture
def calls() -> Iterator[list[tuple[str, tuple[int, ...]]]]:
    seen: list[tuple[str, tuple[int, ...]]] = []
    indexing.register(
        "spy", on_index=lambda ids: seen.append(("index", ids)), on_remove=lambda ids: seen.append(("remove", ids))
    )
    yield seen
    indexing.unregister("spy")


def test_a_full_document_update_is_one_index_call(
    cast: factories.People,
    client_for: ClientFor,
    make_document: MakeDocument,
    calls: list[tuple[str, tuple[int, ...]]],
) -> None:
    """GIVEN a document, a tag and a custom field
    WHEN one PUT-like PATCH changes its title, tags, custom fields and grants (four actions)
    THEN the index is called once, for that document."""
    document = make_document(owner=cast.owner, title="Draft")
    tag = Tag.objects.create(name="bank", owner=cast.owner)
    field = CustomField.objects.create(name="Reference", data_type="string")
    calls.clear()
    body = {
        "title": "Final",
        "tags": [tag.pk],
        "custom_fields": [{"field": field.pk, "value": "R-1"}],
        "set_permissions": {"view": {"users": [cast.granted.pk], "groups": []}},
    }
    assert ok(client_for(cast.owner).patch(f"/api/documents/{document.pk}/", body, format="json"))
    assert calls == [("index", (document.pk,))]
