"""find_dates finds created dates in text and file names, in the configured order, skipping non-dates."""

from __future__ import annotations

from datetime import date

import pytest

from paperkeep.parsers import find_dates

TODAY = date(2025, 6, 1)


def _dates(text: str, **kwargs: object) -> list[date]:
    return find_dates(text, today=TODAY, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("order", "expected"),
    [("DMY", date(2023, 4, 3)), ("MDY", date(2023, 3, 4)), ("YMD", date(2023, 3, 4))],
)
def test_order_decides_day_and_month(order: str, expected: date) -> None:
    """GIVEN the text "03/04/2023"
    WHEN dates are found with each date order
    THEN day and month are read in that order (YMD keeps month before day)."""
    assert _dates("Date: 03/04/2023", date_order=order) == [expected]


def test_iso_date_whatever_the_order() -> None:
    """GIVEN an ISO date 2024-01-31 and date order DMY
    WHEN dates are found
    THEN it is read as year-month-day."""
    assert _dates("Created 2024-01-31", date_order="DMY") == [date(2024, 1, 31)]


def test_two_digit_year_in_order() -> None:
    """GIVEN "05.06.24" under YMD
    WHEN dates are found
    THEN it is 2005-06-24."""
    assert _dates("on 05.06.24", date_order="YMD") == [date(2005, 6, 24)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Berlin, den 5. März 2024", date(2024, 3, 5)), ("March 5th, 2024", date(2024, 3, 5)),
     ("le 12 mars 2024", date(2024, 3, 12)), ("3 de marzo de 2024", date(2024, 3, 3)),
     ("4 maart 2024", date(2024, 3, 4)), ("Sep. 9, 2021", date(2021, 9, 9)), ("7 Dec 2023", date(2023, 12, 7))],
)
def test_month_names_in_several_languages(text: str, expected: date) -> None:
    """GIVEN a date written with a month name in English, German, French, Spanish or Dutch
    WHEN dates are found
    THEN it is read correctly."""
    assert _dates(text) == [expected]


def test_month_and_year_only_is_first_of_month() -> None:
    """GIVEN "Invoice for January 2024"
    WHEN dates are found
    THEN the date is 2024-01-01."""
    assert _dates("Invoice for January 2024") == [date(2024, 1, 1)]


def test_numbers_that_are_not_dates_are_ignored() -> None:
    """GIVEN invoice numbers, amounts, phone numbers, versions and lone years
    WHEN dates are found
    THEN none of them is taken for a date."""
    text = ("Invoice INV-2024-03-001, customer 2024/0042, amount 1.234,56 EUR, 12.50 USD, "
            "call +49 30 1234-5678 or 030-12-345678, since 2019, build 10.0.19045, serial 12345678")
    assert _dates(text) == []


def test_impossible_dates_are_ignored() -> None:
    """GIVEN 31.02.2024 and 13/13/2020
    WHEN dates are found
    THEN neither is returned, but the valid date after them is."""
    assert _dates("31.02.2024 13/13/2020 then 01.03.2024") == [date(2024, 3, 1)]


def test_future_and_ancient_dates_are_ignored() -> None:
    """GIVEN a due date after today and a date before 1900
    WHEN dates are found
    THEN only the plausible date is returned."""
    assert _dates("due 01.01.2099, founded 01.01.1850, dated 15.05.2025") == [date(2025, 5, 15)]


def test_ignore_dates() -> None:
    """GIVEN a text whose first date is in ignore_dates
    WHEN dates are found
    THEN the next date is returned instead."""
    found = _dates("printed 01.01.2020, dated 02.02.2022", ignore_dates={date(2020, 1, 1)})
    assert found == [date(2022, 2, 2)]


def test_order_of_appearance_and_limit() -> None:
    """GIVEN four dates, one repeated
    WHEN dates are found with limit 2
    THEN the first two distinct dates are returned in text order."""
    text = "03.03.2023 and 03.03.2023 then 2022-02-02 and 1 January 2021"
    assert _dates(text, limit=2) == [date(2023, 3, 3), date(2022, 2, 2)]


def test_overlapping_candidate_does_not_hide_a_date() -> None:
    """GIVEN a word followed by an ISO date ("and 2024-01-31"), which first looks like "month year"
    WHEN dates are found
    THEN the ISO date is still found."""
    assert _dates("and 2024-01-31") == [date(2024, 1, 31)]


def test_filename_date_comes_first_when_enabled() -> None:
    """GIVEN a file name with a compact date and text with another date
    WHEN dates are found with a file name date order
    THEN the file name's date comes first."""
    found = _dates("dated 01.02.2023", filename="scan_20240305_0001.pdf", filename_date_order="YMD")
    assert found == [date(2024, 3, 5), date(2023, 2, 1)]


def test_filename_ignored_without_order() -> None:
    """GIVEN a file name with a date but no file name date order
    WHEN dates are found
    THEN only the text's date is returned."""
    assert _dates("dated 01.02.2023", filename="2024-03-05 scan.pdf") == [date(2023, 2, 1)]


def test_filename_with_separators_and_its_own_order() -> None:
    """GIVEN "Rechnung 05.03.2024.pdf" and file name order MDY
    WHEN dates are found
    THEN the file name is read month first."""
    assert _dates("", filename="Rechnung 05.03.2024.pdf", filename_date_order="MDY") == [date(2024, 5, 3)]


def test_bad_order_is_rejected() -> None:
    """GIVEN the date order "DDD"
    WHEN dates are found
    THEN ValueError is raised."""
    with pytest.raises(ValueError, match="date order"):
        find_dates("01.01.2020", date_order="DDD")
