"""A page's datetimes are formatted exactly as DRF formats them, with the time zone looked up once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.test import override_settings

from paperkeep.api.serializers.documents import DateTimes, iso_datetime

VALUES = [
    datetime(2024, 3, 31, 0, 59, 59, tzinfo=UTC),  # one second before Europe/Berlin moves to summer time
    datetime(2024, 3, 31, 1, 0, 0, tzinfo=UTC),
    datetime(2024, 7, 1, 12, 0, 0, 123456, tzinfo=UTC),
    datetime(2024, 10, 27, 0, 30, tzinfo=UTC),  # the hour Europe/Berlin repeats
    datetime(2024, 10, 27, 1, 30, tzinfo=UTC),
    datetime(2023, 1, 5, 8, 0, tzinfo=timezone(timedelta(hours=-5))),
    datetime(2023, 1, 5, 8, 0),  # naive: DRF makes it aware in the current zone
]


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kolkata"])
def test_page_datetimes_match_drf_in_every_zone(zone: str) -> None:
    """GIVEN the server's time zone and datetimes around DST changes, with microseconds, in other zones, naive
    WHEN a page formats them
    THEN each string is the one DRF's DateTimeField gives."""
    with override_settings(TIME_ZONE=zone):
        formatted = DateTimes()
        assert [formatted(value) for value in VALUES] == [iso_datetime(value) for value in VALUES]
        assert formatted(None) is None


def test_utc_datetimes_end_in_z() -> None:
    """GIVEN the UTC time zone WHEN a page formats a UTC datetime THEN it ends in `Z`, as DRF writes it."""
    with override_settings(TIME_ZONE="UTC"):
        assert DateTimes()(datetime(2024, 7, 1, 12, 0, tzinfo=UTC)) == "2024-07-01T12:00:00Z"


def test_datetimes_are_shown_in_the_server_zone() -> None:
    """GIVEN the Europe/Berlin time zone WHEN a page formats a UTC summer datetime THEN it shows +02:00."""
    with override_settings(TIME_ZONE="Europe/Berlin"):
        assert DateTimes()(VALUES[2]) == "2024-07-01T14:00:00.123456+02:00"
