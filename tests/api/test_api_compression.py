"""Gzip (PAPERLESS_ENABLE_COMPRESSION, on by default): the same bytes, smaller, only for clients that ask."""

from __future__ import annotations

import gzip

from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.models import Tag
from tests.api import factories
from tests.api.conftest import ClientFor


def _tags(count: int) -> None:
    for n in range(count):
        create_object(Tag, name=f"a tag with a fairly long name, number {n:03}")


def test_a_client_accepting_gzip_gets_the_same_body_compressed(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN 60 tags WHEN a client that accepts gzip lists them
    THEN the answer is gzip-encoded, smaller, says Vary: Accept-Encoding and unpacks to the plain answer."""
    _tags(60)
    client = client_for(cast.admin)
    plain = client.get("/api/tags/?page_size=100")
    packed = client.get("/api/tags/?page_size=100", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert plain.get("Content-Encoding") is None
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content) // 3
    assert gzip.decompress(packed.content) == plain.content


def test_the_compressed_length_varies_from_answer_to_answer(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN the same list asked for ten times WHEN compressed
    THEN the compressed lengths differ (random header bytes: the length does not leak the content, BREACH)."""
    _tags(30)
    client = client_for(cast.admin)
    lengths = {len(client.get("/api/tags/", HTTP_ACCEPT_ENCODING="gzip").content) for _ in range(10)}
    assert len(lengths) > 1


def test_a_short_answer_stays_plain(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an empty tag list (a short answer) WHEN a client accepting gzip asks THEN it comes uncompressed."""
    response = client_for(cast.admin).get("/api/tags/", HTTP_ACCEPT_ENCODING="gzip")
    assert len(response.content) < 200 and response.get("Content-Encoding") is None
