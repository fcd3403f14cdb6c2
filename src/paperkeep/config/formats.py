"""Parsers for Paperless-specific formats: cron lines, OCR languages, dates, URLs, rates, time zones."""

from __future__ import annotations

import ipaddress
import re
import zoneinfo
from datetime import date
from itertools import permutations
from typing import Any
from urllib.parse import urlsplit

from paperkeep.config.errors import Invalid
from paperkeep.config.values import Context, check_regex, json_text, to_bool

EXAMPLE_SECRET_KEYS = frozenset({"change-me", "changeme"})
DATE_ORDERS = tuple("".join(p) for p in permutations("DMY"))
# Languages Tantivy's built-in stemmers support (the set Paperless-ngx checks PAPERLESS_SEARCH_LANGUAGE against).
SEARCH_LANGUAGES = ("ar", "da", "nl", "en", "fi", "fr", "de", "el", "hu", "it", "no", "pt", "ro", "ru", "es", "sv",
                    "ta", "tr")
_OCR_LANGUAGE = re.compile(r"^(?:[a-z]{3}(?:_[a-z0-9]+)*|script/[A-Z][A-Za-z_]+|osd|equ)$")
_OCR_PACKAGE = re.compile(r"^[a-z]{3}(?:[-_][a-z0-9]+)*$")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOSTNAME = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*$")
_CRON_LIMITS = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))
_CRON_NAMES: tuple[dict[str, int], ...] = (
    {}, {}, {},
    {name: number for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)},
    {name: number for number, name in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))},
)
_CRON_EXPECTED = "five cron fields 'minute hour day-of-month month day-of-week' (e.g. '30 0 * * sun') or 'disable'"


def _cron_value(token: str, field: int) -> int:
    names = _CRON_NAMES[field]
    if token.lower() in names:
        return names[token.lower()]
    if not token.isdigit():
        raise ValueError(token)
    value = int(token)
    low, high = _CRON_LIMITS[field]
    if not low <= value <= high:
        raise ValueError(token)
    return value


def _check_cron_field(text: str, field: int) -> None:
    for item in text.split(","):
        base, slash, step = item.partition("/")
        if slash and (not step.isdigit() or int(step) == 0):
            raise ValueError(item)
        if base == "*":
            continue
        first, dash, last = base.partition("-")
        low = _cron_value(first, field)
        if dash and _cron_value(last, field) < low:
            raise ValueError(item)


def cron(text: str, ctx: Context) -> str | None:
    """Parse a cron line of five fields; 'disable' means the task never runs (None)."""
    value = " ".join(text.split())
    if value.lower() == "disable":
        return None
    fields = value.split(" ")
    if len(fields) != 5:
        raise Invalid(f"has {len(fields)} fields, not 5", _CRON_EXPECTED, code="config.invalid_cron")
    for index, field_text in enumerate(fields):
        try:
            _check_cron_field(field_text, index)
        except ValueError:
            raise Invalid(f"has an invalid field {field_text!r}", _CRON_EXPECTED, code="config.invalid_cron") from None
    return value


def time_zone(text: str, ctx: Context) -> str:
    """Parse an IANA time zone name (checked against the system's zoneinfo data)."""
    name = text.strip()
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise Invalid("is not a known time zone", "an IANA time zone name like UTC or Europe/Berlin",
                      code="config.invalid_time_zone") from None
    return name


def ocr_language(text: str, ctx: Context) -> str:
    """Parse tesseract languages joined with '+', e.g. deu+eng or chi_sim."""
    value = text.strip()
    if not all(_OCR_LANGUAGE.match(part) for part in value.split("+")):
        raise Invalid("is not a tesseract language list", "tesseract codes joined with +, like eng or deu+eng",
                      code="config.invalid_ocr_language")
    return value


def ocr_packages(text: str, ctx: Context) -> tuple[str, ...]:
    """Parse the docker-style space-separated list of tesseract language packages (e.g. 'tur ces chi-tra')."""
    items = tuple(text.split())
    if not all(_OCR_PACKAGE.match(item) for item in items):
        raise Invalid("is not a list of language codes", "language codes separated by spaces, like 'deu fra chi-tra'",
                      code="config.invalid_ocr_language")
    return items


def date_order(text: str, ctx: Context) -> str:
    """Parse a date order such as DMY or YMD."""
    value = text.strip().upper()
    if value not in DATE_ORDERS:
        raise Invalid("is not a date order", "one of " + ", ".join(DATE_ORDERS), code="config.invalid_choice")
    return value


def dateparser_languages(text: str, ctx: Context) -> tuple[str, ...]:
    """Parse '+'-joined dateparser locales; each must be one dateparser knows (zh-* adds zh, as Paperless)."""
    wanted = [item.strip() for item in text.split("+") if item.strip()]
    if any(item.startswith("zh-") for item in wanted) and "zh" not in wanted:
        wanted.append("zh")
    from dateparser.languages.loader import LocaleDataLoader  # imported only when the setting is used

    try:
        return tuple(LocaleDataLoader().get_locale_map(locales=wanted))
    except ValueError:
        raise Invalid("names a locale dateparser does not know", "dateparser locales joined with +, like de+en",
                      code="config.invalid_locale") from None


_NUMERIC_DATE = re.compile(r"^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})$")


def _numeric_date(text: str, order: str) -> date | None:
    """Read 2020-01-31 (ISO) or a numeric date in `order` (e.g. DMY: 31.01.2020) without dateparser."""
    match = _NUMERIC_DATE.match(text)
    if match is None:
        return None
    parts = match.groups()
    fields = dict(zip("YMD", parts, strict=True)) if len(parts[0]) == 4 else dict(zip(order, parts, strict=True))
    year = int(fields["Y"]) + (2000 if len(fields["Y"]) <= 2 else 0)
    try:
        return date(year, int(fields["M"]), int(fields["D"]))
    except ValueError:
        raise Invalid(f"contains {text!r}, which is not a date", f"dates separated by commas, in {order} order",
                      show_value=False, code="config.invalid_date") from None


def ignore_dates(text: str, ctx: Context) -> frozenset[date]:
    """Parse a comma-separated list of dates, read in PAPERLESS_DATE_ORDER (numeric ones without dateparser)."""
    order = ctx.value("PAPERLESS_DATE_ORDER")
    result: set[date] = set()
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        parsed = _numeric_date(item, order)
        if parsed is None:
            import dateparser  # slow to load its locales; only for dates written with words

            found = dateparser.parse(item, settings={"DATE_ORDER": order})
            if found is None:
                raise Invalid(f"contains {item!r}, which is not a date",
                              f"dates separated by commas, in {order} order", show_value=False,
                              code="config.invalid_date")
            parsed = found.date()
        result.add(parsed)
    return frozenset(result)


def throttle_rate(text: str, ctx: Context) -> str:
    """Parse a Django REST framework rate such as 5/min or 1000/hour."""
    value = text.strip()
    count, slash, period = value.partition("/")
    if not (slash and count.isdigit() and period[:1].lower() in ("s", "m", "h", "d")):
        raise Invalid("is not a rate", "requests per period, like 5/min or 100/hour", code="config.invalid_rate")
    return value


def script_name(text: str, ctx: Context) -> str | None:
    """Parse the sub-path Paperkeep is served under ('/paperless'); a trailing slash is dropped."""
    value = text.strip().rstrip("/")
    if not value:
        return None
    if not value.startswith("/") or any(char in value for char in "?#\\ "):
        raise Invalid("is not a URL path", "a path starting with /, like /paperless", code="config.invalid_path")
    return value


def public_url(text: str, ctx: Context) -> str:
    """Parse PAPERLESS_URL: http(s)://host[:port] (a trailing slash is dropped)."""
    value = text.strip().rstrip("/")
    parts = urlsplit(value)
    try:
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        port_ok = False
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or not port_ok:
        raise Invalid("is not a URL", "the public address, like https://paperless.example.com",
                      code="config.invalid_url")
    return value


def proxy_ssl_header(text: str, ctx: Context) -> tuple[str, str]:
    """Parse a JSON pair of header name and value, like ["HTTP_X_FORWARDED_PROTO", "https"]."""
    value = json_text(text)
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(item, str) and item for item in value)):
        raise Invalid("is not a JSON pair of strings", '["HTTP_X_FORWARDED_PROTO", "https"]',
                      code="config.invalid_json")
    return (value[0], value[1])


def update_check(text: str, ctx: Context) -> str | bool:
    """Parse 'default' or a boolean."""
    if text.strip().lower() == "default":
        return "default"
    try:
        return to_bool(text)
    except Invalid:
        raise Invalid("is not a boolean or 'default'", "default or " + "true/false/yes/no/1/0/y/n/t/f",
                      code="config.invalid_boolean") from None


def search_language(text: str, ctx: Context) -> str:
    """Parse a search stemmer language (two-letter code Tantivy supports)."""
    value = text.strip().lower()
    if value not in SEARCH_LANGUAGES:
        raise Invalid("is not a supported search language", "one of " + ", ".join(SEARCH_LANGUAGES),
                      code="config.invalid_choice")
    return value


def bind_address(text: str, ctx: Context) -> str:
    """Parse an IP address or host name to listen on."""
    value = text.strip().strip("[]")
    try:
        ipaddress.ip_address(value)
    except ValueError:
        if not _HOSTNAME.match(value):
            raise Invalid("is not an address", "an IP address like 127.0.0.1, 0.0.0.0 or ::, or a host name",
                          code="config.invalid_address") from None
    return value


def secret_key(text: str, ctx: Context) -> str | None:
    """Parse PAPERLESS_SECRET_KEY; empty means generate one, the example value is refused."""
    if not text.strip():
        return None
    if text.strip().lower() in EXAMPLE_SECRET_KEYS:
        raise Invalid("is the example value from the documentation",
                      "a long random value, or no value to let Paperkeep keep a generated key in the data directory",
                      code="config.example_secret")
    return text


def regex_mapping(text: str, ctx: Context) -> dict[str, str]:
    """Parse a JSON object of regular expression -> replacement text."""
    value = json_text(text)
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise Invalid("is not a JSON object of strings", '{"TAG:(.*)": "\\\\g<1>"}', code="config.invalid_json")
    for pattern in value:
        check_regex(pattern)
    return dict(value)


def port_list(text: str, ctx: Context) -> frozenset[int]:
    """Parse a comma-separated list of TCP ports."""
    ports: set[int] = set()
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        if not item.isdigit() or not 0 < int(item) < 65536:
            raise Invalid(f"contains {item!r}, which is not a port", "port numbers from 1 to 65535, comma-separated",
                          show_value=False, code="config.invalid_port")
        ports.add(int(item))
    return frozenset(ports)


def lower_set(text: str, ctx: Context) -> frozenset[str]:
    """Parse a comma-separated list into a set of lower-case words."""
    return frozenset(item.strip().lower() for item in text.split(",") if item.strip())


def anything_json(text: str, ctx: Context) -> Any:
    """Parse any JSON value."""
    return json_text(text)
