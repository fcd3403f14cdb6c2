"""Every kind of bad value stops loading with ONE line: variable, value (secrets masked), expectation, origin."""

from __future__ import annotations

import pytest

from paperkeep.config import ConfigError

from .conftest import Site

BOOL = "true/false/yes/no/1/0/y/n/t/f"

# (variable, bad value, the exact one-line message when it comes from the environment)
CASES = [
    ("PAPERLESS_OCR_DESKEW", "maybe", f"PAPERLESS_OCR_DESKEW='maybe' is not a boolean (expected {BOOL})"),
    ("PAPERLESS_PORT", "eighty",
     "PAPERLESS_PORT='eighty' is not a whole number (expected a whole number from 1 to 65535)"),
    ("PAPERLESS_PORT", "70000", "PAPERLESS_PORT='70000' is out of range (expected a whole number from 1 to 65535)"),
    ("PAPERLESS_CONSUMER_POLLING_INTERVAL", "soon",
     "PAPERLESS_CONSUMER_POLLING_INTERVAL='soon' is not a number (expected a number of at least 0)"),
    ("PAPERLESS_OCR_MODE", "sometimes",
     "PAPERLESS_OCR_MODE='sometimes' is not one of the choices (expected one of auto, force, redo, off)"),
    ("PAPERLESS_DATA_DIR", "/srv/\x00data",
     "PAPERLESS_DATA_DIR='/srv/\\x00data' contains a NUL character (expected a file system path)"),
    ("PAPERLESS_FORCE_SCRIPT_NAME", "paperless",
     "PAPERLESS_FORCE_SCRIPT_NAME='paperless' is not a URL path (expected a path starting with /, like /paperless)"),
    ("PAPERLESS_OCR_USER_ARGS", '{"deskew": true',
     "PAPERLESS_OCR_USER_ARGS is not valid JSON: expecting ',' delimiter at column 16"),
    ("PAPERLESS_OCR_USER_ARGS", "[1, 2]",
     'PAPERLESS_OCR_USER_ARGS=\'[1, 2]\' is not a JSON object (expected a JSON object like {"key": "value"})'),
    ("PAPERLESS_CONSUMER_IGNORE_PATTERNS", '["(unclosed"]',
     "PAPERLESS_CONSUMER_IGNORE_PATTERNS contains the invalid regular expression '(unclosed' "
     "(missing ), unterminated subpattern at position 0) (expected valid Python regular expressions)"),
    ("PAPERLESS_URL", "paperless.example.com",
     "PAPERLESS_URL='paperless.example.com' is not a URL (expected the public address, like "
     "https://paperless.example.com)"),
    ("PAPERLESS_TRAIN_TASK_CRON", "5 * * *",
     "PAPERLESS_TRAIN_TASK_CRON='5 * * *' has 4 fields, not 5 (expected five cron fields 'minute hour "
     "day-of-month month day-of-week' (e.g. '30 0 * * sun') or 'disable')"),
    ("PAPERLESS_INDEX_TASK_CRON", "99 * * * *",
     "PAPERLESS_INDEX_TASK_CRON='99 * * * *' has an invalid field '99' (expected five cron fields 'minute hour "
     "day-of-month month day-of-week' (e.g. '30 0 * * sun') or 'disable')"),
    ("PAPERLESS_TIME_ZONE", "Mars/Olympus",
     "PAPERLESS_TIME_ZONE='Mars/Olympus' is not a known time zone (expected an IANA time zone name like UTC or "
     "Europe/Berlin)"),
    ("PAPERLESS_CONSUMER_MAX_FILE_SIZE", "big",
     "PAPERLESS_CONSUMER_MAX_FILE_SIZE='big' is not a size (expected a number of bytes, optionally with K, M, G or T "
     "(e.g. 500M))"),
    ("PAPERLESS_OCR_LANGUAGE", "deu,eng",
     "PAPERLESS_OCR_LANGUAGE='deu,eng' is not a tesseract language list (expected tesseract codes joined with +, "
     "like eng or deu+eng)"),
    ("PAPERLESS_DATE_ORDER", "DDM",
     "PAPERLESS_DATE_ORDER='DDM' is not a date order (expected one of DMY, DYM, MDY, MYD, YDM, YMD)"),
    ("PAPERLESS_DB_OPTIONS", "sslmode",
     "PAPERLESS_DB_OPTIONS has 'sslmode', which is not key=value (expected key=value pairs separated by commas)"),
    ("PAPERLESS_PROXY_SSL_HEADER", '["HTTP_X_FORWARDED_PROTO"]',
     "PAPERLESS_PROXY_SSL_HEADER='[\"HTTP_X_FORWARDED_PROTO\"]' is not a JSON pair of strings "
     "(expected [\"HTTP_X_FORWARDED_PROTO\", \"https\"])"),
    ("PAPERLESS_TOKEN_THROTTLE_RATE", "fast",
     "PAPERLESS_TOKEN_THROTTLE_RATE='fast' is not a rate (expected requests per period, like 5/min or 100/hour)"),
    ("PAPERLESS_BIND_ADDR", "not an address",
     "PAPERLESS_BIND_ADDR='not an address' is not an address (expected an IP address like 127.0.0.1, 0.0.0.0 or ::, "
     "or a host name)"),
    ("PAPERLESS_SEARCH_LANGUAGE", "klingon",
     "PAPERLESS_SEARCH_LANGUAGE='klingon' is not a supported search language (expected one of ar, da, nl, en, fi, "
     "fr, de, el, hu, it, no, pt, ro, ru, es, sv, ta, tr)"),
    ("PAPERLESS_ENABLE_UPDATE_CHECK", "sometimes",
     f"PAPERLESS_ENABLE_UPDATE_CHECK='sometimes' is not a boolean or 'default' (expected default or {BOOL})"),
    ("PAPERLESS_IGNORE_DATES", "2020-01-01,31.02.2020",
     "PAPERLESS_IGNORE_DATES contains '31.02.2020', which is not a date (expected dates separated by commas, in DMY "
     "order)"),
    ("PAPERLESS_WEBHOOKS_ALLOWED_PORTS", "443,https",
     "PAPERLESS_WEBHOOKS_ALLOWED_PORTS contains 'https', which is not a port (expected port numbers from 1 to 65535, "
     "comma-separated)"),
    ("PAPERLESS_SOCIALACCOUNT_PROVIDERS",
     '{"openid_connect": {"APPS": [{"provider_id": "a", "settings": {"server_url": "https://id.example"}}]}}',
     "PAPERLESS_SOCIALACCOUNT_PROVIDERS has openid_connect.APPS[0] which has no client_id (expected every app to "
     "have provider_id, client_id and settings.server_url as text)"),
]


@pytest.mark.parametrize(("variable", "value", "message"), CASES, ids=[f"{c[0]}={c[1]!r}" for c in CASES])
def test_bad_value_gives_its_one_line(site: Site, variable: str, value: str, message: str) -> None:
    """GIVEN one bad value in the environment
    WHEN the configuration loads
    THEN a ConfigError says exactly what is wrong, on one line, ending with where it came from."""
    with pytest.raises(ConfigError) as caught:
        site.load({variable: value})
    assert str(caught.value) == f"{message} — from environment"
    assert caught.value.variable == variable


def test_error_from_a_file_names_file_and_line(site: Site) -> None:
    """GIVEN PAPERLESS_OCR_DESKEW=maybe on line 12 of /etc/paperless.conf
    WHEN the configuration loads
    THEN the message ends with that file and line."""
    conf = site.write(site.root / "etc" / "paperless.conf", "\n" * 11 + "PAPERLESS_OCR_DESKEW=maybe\n")
    with pytest.raises(ConfigError) as caught:
        site.load()
    assert str(caught.value) == (
        f"PAPERLESS_OCR_DESKEW='maybe' is not a boolean (expected {BOOL}) — from {conf} line 12"
    )
    assert caught.value.origin == f"{conf} line 12"


def test_error_carries_its_parts_as_attributes(site: Site) -> None:
    """GIVEN PAPERLESS_DEBUG=perhaps
    WHEN the configuration loads
    THEN the error's variable, value, expected and origin are available separately."""
    with pytest.raises(ConfigError) as caught:
        site.load({"PAPERLESS_DEBUG": "perhaps"})
    error = caught.value
    assert (error.variable, error.value, error.expected, error.origin) == (
        "PAPERLESS_DEBUG", "'perhaps'", BOOL, "environment")


def test_example_secret_key_is_refused_with_the_value_masked(site: Site) -> None:
    """GIVEN PAPERLESS_SECRET_KEY=change-me (the documentation's example)
    WHEN the configuration loads
    THEN the error names the variable, masks the value and says what to do."""
    with pytest.raises(ConfigError) as caught:
        site.load({"PAPERLESS_SECRET_KEY": "change-me"})
    message = str(caught.value)
    assert message.startswith("PAPERLESS_SECRET_KEY='********' is the example value")
    assert "change-me" not in message


def test_password_inside_a_url_is_masked_in_the_error(site: Site) -> None:
    """GIVEN PAPERLESS_REDIS with a password but the wrong scheme
    WHEN the configuration loads
    THEN the error shows the URL with its password masked."""
    with pytest.raises(ConfigError) as caught:
        site.load({"PAPERLESS_REDIS": "http://:hunter2@localhost:6379"})
    assert "hunter2" not in str(caught.value)
    assert "'http://:********@localhost:6379' is not a URL" in str(caught.value)


def test_conflicting_tls_settings_are_an_error(site: Site) -> None:
    """GIVEN both PAPERLESS_EMAIL_USE_TLS and PAPERLESS_EMAIL_USE_SSL true
    WHEN the configuration loads
    THEN the error names PAPERLESS_EMAIL_USE_SSL and says only one may be true."""
    with pytest.raises(ConfigError) as caught:
        site.load({"PAPERLESS_EMAIL_USE_TLS": "yes", "PAPERLESS_EMAIL_USE_SSL": "yes"})
    assert caught.value.variable == "PAPERLESS_EMAIL_USE_SSL"
    assert "cannot be true together with PAPERLESS_EMAIL_USE_TLS" in str(caught.value)


def test_diagnose_reports_every_bad_variable(site: Site) -> None:
    """GIVEN three bad values
    WHEN the configuration is diagnosed
    THEN all three errors are listed, there is no config, and nothing is raised."""
    diag = site.diagnose({"PAPERLESS_DEBUG": "x", "PAPERLESS_PORT": "y", "PAPERLESS_OCR_CLEAN": "z"})
    assert diag.config is None
    assert sorted(error.variable for error in diag.errors) == ["PAPERLESS_DEBUG", "PAPERLESS_OCR_CLEAN",
                                                                "PAPERLESS_PORT"]


def test_a_bad_value_does_not_hide_errors_in_settings_that_depend_on_it(site: Site) -> None:
    """GIVEN a bad PAPERLESS_DATE_ORDER and a bad PAPERLESS_IGNORE_DATES (read in that order)
    WHEN the configuration is diagnosed
    THEN both are reported."""
    diag = site.diagnose({"PAPERLESS_DATE_ORDER": "ABC", "PAPERLESS_IGNORE_DATES": "30.02.2021"})
    assert {error.variable for error in diag.errors} == {"PAPERLESS_DATE_ORDER", "PAPERLESS_IGNORE_DATES"}


def test_deeply_nested_json_is_one_clean_error(site: Site) -> None:
    """GIVEN PAPERLESS_OCR_USER_ARGS nested a hundred thousand lists deep
    WHEN the configuration loads
    THEN the error says it is nested too deeply (no RecursionError escapes)."""
    with pytest.raises(ConfigError) as caught:
        site.load({"PAPERLESS_OCR_USER_ARGS": "[" * 100_000})
    assert str(caught.value) == "PAPERLESS_OCR_USER_ARGS is nested too deeply — from environment"


@pytest.mark.parametrize("garbage", ["\x00", "{{", "-1", "9" * 40, "nan", "[]", '{"a": 1}', "=,=", "${X}"])
def test_no_value_makes_diagnose_raise(site: Site, garbage: str) -> None:
    """GIVEN every registered variable set to the same garbage value
    WHEN the configuration is diagnosed
    THEN nothing is raised, and every error is one line ending in its origin."""
    from paperkeep.config import REGISTRY

    env = {name: garbage for name in REGISTRY if name != "PAPERLESS_IGNORE_DATES"}
    diag = site.diagnose(env)
    assert diag.errors or diag.config is not None
    for error in diag.errors:
        assert "\n" not in str(error) and str(error).endswith("— from environment")
