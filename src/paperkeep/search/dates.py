"""Date expressions of the query language: 2024, 2024-03, 20240301, today, "last month", now-7d, -1 week."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo


class DateSyntaxError(ValueError):
    """The text is not a date expression."""

    def __init__(self, problem: str, hint: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.hint = hint


@dataclass(frozen=True, slots=True)
class Interval:
    """What a date expression covers, in UTC: a period [start, end) or an instant (start == end, inclusive)."""

    start: datetime
    end: datetime
    end_inclusive: bool


_UNITS = {
    "s": "seconds", "sec": "seconds", "secs": "seconds", "second": "seconds", "seconds": "seconds",
    "m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
    "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
    "d": "days", "dy": "days", "dys": "days", "day": "days", "days": "days",
    "w": "weeks", "wk": "weeks", "wks": "weeks", "week": "weeks", "weeks": "weeks",
    "mo": "months", "mon": "months", "mons": "months", "mos": "months", "month": "months", "months": "months",
    "y": "years", "yr": "years", "yrs": "years", "year": "years", "years": "years",
}  # fmt: skip
_OFFSET = re.compile(r"([+-])\s*(\d{1,6})\s*([a-z]+)")
_NOW = re.compile(r"now((?:\s*[+-]\s*\d{1,6}\s*[a-z]+)*)")
_RELATIVE = re.compile(r"(?:[+-]\s*\d{1,6}\s*[a-z]+\s*)+")
_AGO = re.compile(r"(\d{1,6})\s*([a-z]+)\s+ago")
_ISO_MOMENT = re.compile(r"(\d{4})-(\d{2})-(\d{2})[t ](\d{2}):(\d{2})(?::(\d{2}))?(z|[+-]\d{2}:?\d{2})?")
_ISO_DATE = re.compile(r"(\d{4})[-/](\d{1,2})(?:[-/](\d{1,2}))?")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_COMPACT = re.compile(r"(\d{4})(\d{2})?(\d{2})?")
_STAMP = re.compile(r"(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})")
_HELP = 'try 2024, 2024-03, 2024-03-01, today, yesterday, "last month", "this year", now-7d or -1 week'


def resolve(text: str, *, calendar_date: bool, now: datetime, tz: tzinfo) -> Interval:
    """Resolve a date expression; `calendar_date` fields store dates as UTC midnight."""
    value = re.sub(r"[\s_]+", " ", text.strip().strip("\"'").lower()).strip()
    try:
        return _resolve(value, calendar_date, now.astimezone(tz), tz)
    except DateSyntaxError:
        raise
    except (ValueError, OverflowError) as exc:
        raise DateSyntaxError(f"{value!r} is not a valid date") from exc


def _resolve(value: str, calendar_date: bool, local_now: datetime, tz: tzinfo) -> Interval:
    period = _period(value, local_now.date())
    if period is not None:
        return _from_dates(period[0], period[1], calendar_date, tz)
    moment = _moment(value, local_now, tz)
    if calendar_date:
        day = moment.astimezone(tz).date()
        return _from_dates(day, day + timedelta(days=1), True, tz)
    moment = moment.astimezone(UTC).replace(microsecond=0)
    return Interval(moment, moment, True)


def _from_dates(first: date, after: date, calendar_date: bool, tz: tzinfo) -> Interval:
    zone = UTC if calendar_date else tz
    start = datetime(first.year, first.month, first.day, tzinfo=zone).astimezone(UTC)
    end = datetime(after.year, after.month, after.day, tzinfo=zone).astimezone(UTC)
    return Interval(start, end, False)


def _period(value: str, today: date) -> tuple[date, date] | None:
    """Return [first, after) of a calendar period, or None when the value is not one."""
    named = _named_period(value, today)
    if named is not None:
        return named
    try:
        return _absolute_period(value)
    except ValueError as exc:  # e.g. month 13
        raise DateSyntaxError(f"{value!r} is not a valid date") from exc


def _named_period(value: str, today: date) -> tuple[date, date] | None:
    words = value.replace("previous", "last").split()
    if words in (["today"], ["yesterday"], ["tomorrow"]):
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[words[0]]
        day = today + timedelta(days=shift)
        return day, day + timedelta(days=1)
    if len(words) != 2 or words[0] not in ("this", "last"):
        return None
    back = 1 if words[0] == "last" else 0
    if words[1] == "week":
        monday = today - timedelta(days=today.weekday(), weeks=back)
        return monday, monday + timedelta(weeks=1)
    if words[1] == "month":
        first = add_months(today.replace(day=1), -back)
        return first, add_months(first, 1)
    if words[1] == "quarter":
        first = add_months(date(today.year, (today.month - 1) // 3 * 3 + 1, 1), -3 * back)
        return first, add_months(first, 3)
    if words[1] == "year":
        return date(today.year - back, 1, 1), date(today.year - back + 1, 1, 1)
    return None


def _absolute_period(value: str) -> tuple[date, date] | None:
    match = _ISO_DATE.fullmatch(value) or _COMPACT.fullmatch(value)
    if match:
        year, month, day = match.group(1), match.group(2), match.group(3)
        if month is None:
            return date(int(year), 1, 1), date(int(year) + 1, 1, 1)
        if day is None:
            first = date(int(year), int(month), 1)
            return first, add_months(first, 1)
        exact = date(int(year), int(month), int(day))
        return exact, exact + timedelta(days=1)
    match = _DOTTED.fullmatch(value)
    if match:
        exact = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        return exact, exact + timedelta(days=1)
    return None


def _moment(value: str, local_now: datetime, tz: tzinfo) -> datetime:
    """Return the instant a value names (now, now-7d, -1 week, 3 days ago, timestamps)."""
    match = _NOW.fullmatch(value)
    if match:
        return _shift(local_now, match.group(1))
    if _RELATIVE.fullmatch(value):
        return _shift(local_now, value)
    match = _AGO.fullmatch(value)
    if match:
        return _shift(local_now, f"-{match.group(1)} {match.group(2)}")
    return _timestamp(value, tz)


def _timestamp(value: str, tz: tzinfo) -> datetime:
    match = _STAMP.fullmatch(value)
    if match:
        parts = [int(part) for part in match.groups()]
        return datetime(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], tzinfo=UTC)
    match = _ISO_MOMENT.fullmatch(value)
    if match:
        *fields, zone = match.groups()
        numbers = [int(part or 0) for part in fields]
        moment = datetime(numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5])
        if zone is None:
            return moment.replace(tzinfo=tz)
        return datetime.fromisoformat(moment.isoformat() + ("+00:00" if zone == "z" else zone))
    raise DateSyntaxError(f"{value!r} is not a date", _HELP)


def _shift(moment: datetime, offsets: str) -> datetime:
    for sign, amount, unit_text in _OFFSET.findall(offsets):
        unit = _UNITS.get(unit_text)
        if unit is None:
            raise DateSyntaxError(f"Unknown time unit {unit_text!r}", "use s, m(in), h, d, w, mo or y")
        count = int(amount) * (1 if sign == "+" else -1)
        if unit == "months":
            moment = _add_months_keep_time(moment, count)
        elif unit == "years":
            moment = _add_months_keep_time(moment, 12 * count)
        else:
            moment = moment + timedelta(**{unit: count})
    return moment


def add_months(day: date, months: int) -> date:
    """Return the same day `months` later (clamped to the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    year = min(max(year, 1), 9999)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _add_months_keep_time(moment: datetime, months: int) -> datetime:
    shifted = add_months(moment.date(), months)
    return moment.replace(year=shifted.year, month=shifted.month, day=shifted.day)
