"""Find the created date of a document in its text (and optionally its file name).

Regular expressions find candidates cheaply; numeric dates are read directly in the configured
order (DMY, MDY, YMD, ...), and only month names go to dateparser, once per distinct word.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path

MIN_YEAR = 1900
DATE_ORDERS = ("DMY", "MDY", "YMD", "YDM", "DYM", "MYD")

_NUMERIC = (
    r"(?<![\w.,/-])(?P<n1>\d{1,4})(?P<sep>[./-])[ ]?(?P<n2>\d{1,2})(?P=sep)[ ]?(?P<n3>\d{4}|\d{2})"
    r"(?![\w]|[.,/-]\d)"
)
_ORDINAL = r"(?:st|nd|rd|th|er|e|º)?"
_MONTH_WORD = r"[^\W\d_]{3,12}"
_DAY_MONTH_YEAR = (
    rf"(?<![\w.,/-])(?P<d1>\d{{1,2}}){_ORDINAL}\.?[ -]?(?:of |de |di )?(?P<m1>{_MONTH_WORD})\.?,?[ -]"
    rf"(?:de |del )?(?P<y1>\d{{4}})(?![\w]|[.,/-]\d)"
)
_MONTH_DAY_YEAR = rf"(?<!\w)(?P<m2>{_MONTH_WORD})\.? (?P<d2>\d{{1,2}}){_ORDINAL},? (?P<y2>\d{{4}})(?![\w]|[.,/-]\d)"
_MONTH_YEAR = rf"(?<!\w)(?P<m3>{_MONTH_WORD})\.? (?P<y3>\d{{4}})(?![\w]|[.,/-]\d)"
_CONTENT = re.compile("|".join((_NUMERIC, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _MONTH_YEAR)), re.IGNORECASE)
DEFAULT_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt")
_PREFIX_LANGUAGES = frozenset(DEFAULT_LANGUAGES)
_COMPACT = re.compile(r"(?<!\d)(?P<c>\d{8})(?!\d)")

# First letters of month names in common languages; a cheap filter before asking dateparser.
_MONTH_PREFIXES = frozenset(
    ("jan", "jän", "feb", "fév", "fev", "mär", "mar", "maa", "mrt", "apr", "avr", "abr", "mai", "may", "mag",
     "mei", "jun", "jui", "jul", "giu", "lug", "aug", "aoû", "aou", "ago", "sep", "set", "okt", "oct", "ott",
     "out", "nov", "dez", "dec", "déc", "dic", "gen", "ene")
)


def find_dates(
    text: str,
    filename: str | Path | None = None,
    *,
    date_order: str = "DMY",
    filename_date_order: str | None = None,
    ignore_dates: Collection[date] = (),
    languages: Sequence[str] | None = None,
    limit: int = 3,
    today: date | None = None,
) -> list[date]:
    """Return up to ``limit`` plausible dates, file-name dates first, then in order of appearance.

    Dates before 1900, after ``today``, or listed in ``ignore_dates`` are skipped, as are numbers
    that do not form a valid date (amounts, invoice and phone numbers, lone years). Month names
    are read in ``languages`` (dateparser codes; default: en, de, fr, es, it, nl, pt).
    """
    _check_order(date_order)
    today = today or date.today()
    ignored = set(ignore_dates)
    found: list[date] = []
    candidates: list[Iterator[date]] = []
    if filename and filename_date_order:
        _check_order(filename_date_order)
        candidates.append(_filename_dates(Path(filename).stem, filename_date_order, languages))
    candidates.append(_content_dates(text, date_order, languages))
    for source in candidates:
        for value in source:
            if value.year < MIN_YEAR or value > today or value in ignored or value in found:
                continue
            found.append(value)
            if len(found) >= limit:
                return found
    return found


def _filename_dates(stem: str, order: str, languages: Sequence[str] | None) -> Iterator[date]:
    stem = stem.replace("_", " ")
    for match in _COMPACT.finditer(stem):
        value = _compact(match.group("c"), order)
        if value:
            yield value
    yield from _content_dates(stem, order, languages)


def _content_dates(text: str, order: str, languages: Sequence[str] | None) -> Iterator[date]:
    lang_key = tuple(languages) if languages else DEFAULT_LANGUAGES
    pos = 0
    while (match := _CONTENT.search(text, pos)) is not None:
        value = _candidate(match.groupdict(), order, lang_key)
        # A candidate that is no date may hide one that starts inside it ("and 2024-01-31").
        pos = match.end() if value else match.start() + 1
        if value:
            yield value


def _candidate(groups: dict[str, str | None], order: str, languages: tuple[str, ...]) -> date | None:
    g = {key: value or "" for key, value in groups.items()}
    if g["n1"]:
        return _numeric(g["n1"], g["n2"], g["n3"], order)
    if g["m1"]:
        return _worded(g["d1"], g["m1"], g["y1"], languages)
    if g["m2"]:
        return _worded(g["d2"], g["m2"], g["y2"], languages)
    return _worded("1", g["m3"], g["y3"], languages)


def _numeric(first: str, second: str, third: str, order: str) -> date | None:
    parts = [first, second, third]
    four_digit = [i for i, part in enumerate(parts) if len(part) == 4]
    if len(four_digit) > 1 or any(len(part) == 3 for part in parts):
        return None
    if four_digit:
        year_at = four_digit[0]
        if year_at == 1:
            return None
        # The text fixes where the year is; day and month keep their configured relative order,
        # except that a leading year means ISO style (2024-03-05) whatever the configuration.
        layout = [letter for letter in order if letter != "Y"]
        if year_at == 0 and not order.startswith("Y"):
            layout = ["M", "D"]
        layout.insert(year_at, "Y")
    else:
        layout = list(order)
    values = dict(zip(layout, parts, strict=True))
    return _make(_year(values["Y"]), int(values["M"]), int(values["D"]))


def _compact(digits: str, order: str) -> date | None:
    spans = {"Y": 4, "M": 2, "D": 2}
    values: dict[str, str] = {}
    pos = 0
    for letter in order:
        values[letter] = digits[pos : pos + spans[letter]]
        pos += spans[letter]
    return _make(int(values["Y"]), int(values["M"]), int(values["D"]))


def _worded(day: str, month_word: str, year: str, languages: tuple[str, ...]) -> date | None:
    month = _month_number(month_word.lower(), languages)
    if month is None:
        return None
    return _make(int(year), month, int(day))


@lru_cache(maxsize=2048)
def _month_number(word: str, languages: tuple[str, ...]) -> int | None:
    if word[:3] not in _MONTH_PREFIXES and _PREFIX_LANGUAGES.issuperset(languages):
        return None
    import dateparser

    settings = {"REQUIRE_PARTS": ["month"], "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    try:
        parsed = dateparser.parse(f"{word} 2000", languages=list(languages), settings=settings)
    except (ValueError, LookupError):
        return None
    return parsed.month if parsed is not None and parsed.year == 2000 else None


def _year(text: str) -> int:
    if len(text) == 4:
        return int(text)
    short = int(text)
    current = date.today().year
    return 2000 + short if 2000 + short <= current else 1900 + short


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _check_order(order: str) -> None:
    if order not in DATE_ORDERS:
        raise ValueError(f"date order must be one of {', '.join(DATE_ORDERS)}, not {order!r}")
