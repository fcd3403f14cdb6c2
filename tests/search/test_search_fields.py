"""Field queries (`title:`, `tag:`, `asn:` ...) and what a plain word searches."""

from __future__ import annotations

import pytest

from paperkeep.search import DocRecord, SearchIndex
from tests.search.helpers import MakeIndex, found

FIRST = DocRecord(
    id=1,
    title="Electricity invoice",
    content="Your monthly statement",
    notes=("Paid by transfer",),
    note_users=("alice",),
    custom_fields=(("Contract Number", "AB-1234"),),
    custom_field_ids=(7,),
    correspondent="Stadtwerke",
    correspondent_id=11,
    document_type="Invoice",
    document_type_id=21,
    storage_path="Household bills",
    storage_path_id=31,
    tags=("bank", "tax"),
    tag_ids=(41, 42),
    asn=12,
    page_count=3,
    mime_type="application/pdf",
    original_filename="scan_power.pdf",
    checksum="abc123",
    owner_id=51,
    owner="alice",
)
SECOND = DocRecord(
    id=2,
    title="Holiday photo",
    content="Electricity was cheap on the island",
    custom_fields=(("Location", "Crete"),),
    custom_field_ids=(8,),
    correspondent="Travel agency",
    correspondent_id=12,
    document_type="Photo",
    document_type_id=22,
    storage_path="Pictures",
    storage_path_id=32,
    tags=("private",),
    tag_ids=(43,),
    asn=20,
    page_count=1,
    mime_type="image/jpeg",
    original_filename="beach.jpg",
    checksum="def456",
    owner_id=52,
    owner="bob",
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    from paperkeep.search import open_index

    index = open_index(tmp_path_factory.mktemp("fields") / "index")
    index.upsert([FIRST, SECOND])
    return index


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("title:electricity", {1}),
        ("content:electricity", {2}),
        ("correspondent:stadtwerke", {1}),
        ('correspondent:"travel agency"', {2}),
        ("tag:bank", {1}),
        ("tags:private", {2}),
        ("type:invoice", {1}),
        ("document_type:photo", {2}),
        ("path:household", {1}),
        ("storage_path:pictures", {2}),
        ("notes.note:transfer", {1}),
        ("note:paid", {1}),
        ("notes:paid", {1}),
        ("notes.user:alice", {1}),
        ("custom_fields.value:crete", {2}),
        ("custom_fields:ab-1234", {1}),
        ('custom_fields.name:"contract number"', {1}),
        ("custom_fields.name:location", {2}),
        ("mime_type:image/jpeg", {2}),
        ("original_filename:power", {1}),
        ("filename:beach", {2}),
        ("owner:bob", {2}),
        ("checksum:abc123", {1}),
        ("id:2", {2}),
        ("asn:12", {1}),
        ("archive_serial_number:20", {2}),
        ("page_count:3", {1}),
        ("num_notes:1", {1}),
        ("num_notes:0", {2}),
        ("tag_id:43", {2}),
        ("correspondent_id:11", {1}),
        ("type_id:22", {2}),
        ("document_type_id:21", {1}),
        ("path_id:32", {2}),
        ("storage_path_id:31", {1}),
        ("owner_id:51", {1}),
        ("custom_field_id:8", {2}),
    ],
)
def test_field_query_searches_that_field(index: SearchIndex, query: str, expected: set[int]) -> None:
    """GIVEN two documents that differ in every field WHEN querying one field THEN only its owner matches."""
    assert found(index, query) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("electricity", {1, 2}),  # title of one, content of the other
        ("transfer", {1}),  # a note
        ("crete", {2}),  # a custom field value
        ("stadtwerke", {1}),  # the correspondent
        ("private", {2}),  # a tag
        ("photo", {2}),  # the document type (and title)
    ],
)
def test_plain_word_searches_text_notes_custom_fields_and_names(
    index: SearchIndex, word: str, expected: set[int]
) -> None:
    """GIVEN the two documents WHEN searching a plain word THEN title, content, notes, values and names all count."""
    assert found(index, word) == expected


def test_plain_word_does_not_search_the_filename(index: SearchIndex) -> None:
    """GIVEN a word only in a filename WHEN searching it without a field THEN nothing matches."""
    assert found(index, "beach") == set()


def test_field_names_ignore_case(index: SearchIndex) -> None:
    """GIVEN the two documents WHEN the field name is written in capitals THEN it still works."""
    assert found(index, "TITLE:holiday") == {2}


def test_field_applies_to_a_parenthesised_group(index: SearchIndex) -> None:
    """GIVEN the two documents WHEN writing title:(holiday OR invoice) THEN both titles match."""
    assert found(index, "title:(holiday OR invoice)") == {1, 2}


def test_field_group_does_not_leak_to_following_words(index: SearchIndex) -> None:
    """GIVEN the two documents WHEN a word follows a field group THEN it searches the default fields."""
    assert found(index, "title:(holiday) island") == {2}


def test_comma_list_means_all_of_them(index: SearchIndex) -> None:
    """GIVEN a document tagged bank and tax WHEN querying tag:bank,tax THEN it matches; tag:bank,private does not."""
    assert found(index, "tag:bank,tax") == {1}
    assert found(index, "tag:bank,private") == set()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("asn:[10 to 15]", {1}),
        ("asn:[12 to 20]", {1, 2}),
        ("asn:{12 to 20]", {2}),
        ("asn:[20 to 10]", {1, 2}),
        ("asn:>12", {2}),
        ("asn:>=12", {1, 2}),
        ("asn:<20", {1}),
        ("asn:<=20", {1, 2}),
        ("asn:[15 to *]", {2}),
        ("page_count:[2 to]", {1}),
    ],
)
def test_number_ranges_and_comparisons(index: SearchIndex, query: str, expected: set[int]) -> None:
    """GIVEN ASNs 12 and 20 WHEN querying a range or comparison THEN the bounds are honoured."""
    assert found(index, query) == expected


def test_star_value_means_the_field_is_set(make_index: MakeIndex) -> None:
    """GIVEN one document with an ASN and one without WHEN querying asn:* THEN only the first matches."""
    index = make_index(DocRecord(id=1, asn=5), DocRecord(id=2))
    assert found(index, "asn:*") == {1}


def test_word_with_unknown_field_like_prefix_is_a_word(make_index: MakeIndex) -> None:
    """GIVEN a document mentioning 'Re: meeting' WHEN searching 'Re: meeting' THEN the colon is just text."""
    index = make_index(DocRecord(id=1, content="Re: meeting at 10:30"))
    assert found(index, "Re: meeting 10:30") == {1}
