"""Date queries: calendar forms, ranges, natural words and relative units, at a fixed "now"."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from paperkeep.search import DocRecord, SearchIndex, open_index
from tests.search.helpers import MakeIndex, found

# NOW is Wednesday 2024-05-15 12:00 UTC.
CREATED = {
    1: date(2019, 12, 31),
    2: date(2020, 1, 1),
    3: date(2020, 3, 15),
    4: date(2021, 6, 30),
    5: date(2022, 1, 1),
    6: date(2024, 5, 15),  # today
    7: date(2024, 5, 14),  # yesterday
    8: date(2024, 5, 8),  # last week
    9: date(2024, 4, 10),  # last month
    10: date(2024, 1, 5),  # last quarter
    11: date(2023, 7, 1),  # last year
    12: date(2024, 5, 13),  # Monday of this week
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    index = open_index(tmp_path_factory.mktemp("dates") / "index")
    index.upsert(DocRecord(id=doc_id, created=day) for doc_id, day in CREATED.items())
    return index


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("created:2020", {2, 3}),
        ("created:2020-03", {3}),
        ("created:202003", {3}),
        ("created:2020-03-15", {3}),
        ("created:20200315", {3}),
        ("created:15.03.2020", {3}),
        ("created:2020/03/15", {3}),
        ('created:"2020-03-15"', {3}),
    ],
)
def test_calendar_forms(index: SearchIndex, query: str, expected: set[int]) -> None:
    """GIVEN documents created on known days WHEN querying a year, month or day THEN that period matches."""
    assert found(index, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("created:[2020 to 2021]", {2, 3, 4}),
        ("created:[2020 TO 2021]", {2, 3, 4}),
        ("created:[2020-01-01 to 2020-03-01]", {2}),
        ("created:{2020 to 2022}", {4}),
        ("created:[2022 to 2020]", {2, 3, 4, 5}),
        ("created:[2024 to]", {6, 7, 8, 9, 10, 12}),
        ("created:[* to 2019]", {1}),
        ("created:>2024-05-13", {6, 7}),
        ("created:>=2024-05-14", {6, 7}),
        ("created:<2020", {1}),
        ("created:<=2020-01-01", {1, 2}),
    ],
)
def test_ranges_and_comparisons(index: SearchIndex, query: str, expected: set[int]) -> None:
    """GIVEN the documents WHEN querying a date range or comparison THEN whole periods are in or out."""
    assert found(index, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("created:today", {6}),
        ("created:yesterday", {7}),
        ('created:"this week"', {6, 7, 12}),
        ('created:"last week"', {8}),
        ('created:"previous week"', {8}),
        ("created:last_week", {8}),
        ('created:"this month"', {6, 7, 8, 12}),
        ('created:"previous month"', {9}),
        ('created:"last month"', {9}),
        ('created:"this quarter"', {6, 7, 8, 9, 12}),
        ('created:"previous quarter"', {10}),
        ('created:"this year"', {6, 7, 8, 9, 10, 12}),
        ('created:"previous year"', {11}),
        ("created:[yesterday to today]", {6, 7}),
    ],
)
def test_natural_words(index: SearchIndex, query: str, expected: set[int]) -> None:
    """GIVEN the documents and a fixed today WHEN querying a named period THEN its days match."""
    assert found(index, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("created:[-1 week to now]", {6, 7, 8, 12}),
        ("created:[-7 days to now]", {6, 7, 8, 12}),
        ("created:[-1w to now]", {6, 7, 8, 12}),
        ("created:[now-7d to now]", {6, 7, 8, 12}),
        ("created:[-1 month to now]", {6, 7, 8, 12}),
        ("created:[-2mo to now]", {6, 7, 8, 9, 12}),
        ("created:[now-1y to now]", {6, 7, 8, 9, 10, 11, 12}),
        ("created:[-999yrs to 2019]", {1}),
        ('created:"2 days ago"', {12}),
    ],
)
def test_relative_units(index: SearchIndex, query: str, expected: set[int]) -> None:
    """GIVEN the documents WHEN querying relative to now THEN the days from that moment on match."""
    assert found(index, query) == expected


def test_today_of_a_datetime_field_follows_the_time_zone(make_index: MakeIndex) -> None:
    """GIVEN a document added 23:30 UTC the day before (01:30 in Berlin) WHEN a Berlin index asks added:today
    THEN it matches."""
    index = make_index(DocRecord(id=1, added=datetime(2024, 5, 14, 23, 30, tzinfo=UTC)), timezone="Europe/Berlin")
    assert found(index, "added:today") == {1}
    assert found(index, "added:yesterday") == set()


def test_today_of_a_utc_index(make_index: MakeIndex) -> None:
    """GIVEN the same document in a UTC index WHEN asking added:yesterday THEN it matches."""
    index = make_index(DocRecord(id=1, added=datetime(2024, 5, 14, 23, 30, tzinfo=UTC)))
    assert found(index, "added:yesterday") == {1}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("added:[now-3h to now]", {2}),
        ("added:[-3 hours to now]", {2}),
        ("added:[-30 mins to now]", set()),
        ("added:[now-13h to now]", {1, 2}),
        ("added:20240515100000", {2}),
        ('added:"2024-05-15T12:00+02:00"', {2}),
        ("added:>2024-05-15T09:00Z", {2}),
    ],
)
def test_moments_on_datetime_fields(make_index: MakeIndex, query: str, expected: set[int]) -> None:
    """GIVEN documents added at 23:30 yesterday and 10:00 today (UTC) WHEN querying moments THEN times count."""
    index = make_index(
        DocRecord(id=1, added=datetime(2024, 5, 14, 23, 30, tzinfo=UTC)),
        DocRecord(id=2, added=datetime(2024, 5, 15, 10, 0, tzinfo=UTC)),
    )
    assert found(index, query) == expected


def test_modified_previous_month(make_index: MakeIndex) -> None:
    """GIVEN documents modified in April and in May WHEN querying modified:"previous month" THEN April's match."""
    index = make_index(
        DocRecord(id=1, modified=datetime(2024, 4, 30, 20, 0, tzinfo=UTC)),
        DocRecord(id=2, modified=datetime(2024, 5, 2, 8, 0, tzinfo=UTC)),
    )
    assert found(index, 'modified:"previous month"') == {1}


def test_created_datetime_is_taken_as_its_local_date(make_index: MakeIndex) -> None:
    """GIVEN a record whose created is 23:30 UTC (next day in Berlin) WHEN a Berlin index asks created:today
    THEN the local date counts."""
    index = make_index(DocRecord(id=1, created=datetime(2024, 5, 14, 23, 30, tzinfo=UTC)), timezone="Europe/Berlin")
    assert found(index, "created:today") == {1}
