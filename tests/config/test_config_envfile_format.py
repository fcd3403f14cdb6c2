"""The paperless.conf format: KEY=value lines as python-dotenv reads them, with line numbers kept."""

from __future__ import annotations

import pytest

from paperkeep.config import ConfigError
from paperkeep.config.envfile import parse_env_text

from .conftest import Site


def _values(text: str, environ: dict[str, str] | None = None) -> dict[str, str]:
    return {entry.key: entry.value for entry in parse_env_text(text, environ).entries}


def test_comments_blank_lines_and_export_prefix() -> None:
    """GIVEN comment lines, blank lines and an `export ` prefix
    WHEN the text is parsed
    THEN only the assignments remain, without the prefix."""
    text = "# a comment\n\n   # indented comment\nexport PAPERLESS_DEBUG=no\nPAPERLESS_PORT = 8010\n"
    assert _values(text) == {"PAPERLESS_DEBUG": "no", "PAPERLESS_PORT": "8010"}


def test_single_quotes_are_literal() -> None:
    """GIVEN a single-quoted value with a backslash-n and a ${...}
    WHEN the text is parsed
    THEN the value is taken literally, quotes removed."""
    assert _values("K='a\\nb ${HOME}'\n", {"HOME": "/root"}) == {"K": "a\\nb ${HOME}"}


def test_double_quotes_decode_escapes() -> None:
    """GIVEN a double-quoted value with \\n, \\" and \\\\
    WHEN the text is parsed
    THEN the escapes are decoded."""
    assert _values('K="line1\\nsay \\"hi\\" \\\\ done"\n') == {"K": 'line1\nsay "hi" \\ done'}


def test_inline_comment_after_unquoted_value_is_dropped() -> None:
    """GIVEN `KEY=value  # comment` and a URL with a # fragment but no space before it
    WHEN the text is parsed
    THEN the comment is dropped and the fragment kept."""
    values = _values("A=deu+eng  # German first\nB=https://x.example/#frag\n")
    assert values == {"A": "deu+eng", "B": "https://x.example/#frag"}


def test_json_on_one_line_is_kept_whole() -> None:
    """GIVEN an unquoted JSON value on one line
    WHEN the text is parsed
    THEN the value is the JSON text unchanged."""
    line = 'PAPERLESS_SOCIALACCOUNT_PROVIDERS={"openid_connect": {"APPS": [], "OAUTH_PKCE_ENABLED": true}}'
    assert _values(line)["PAPERLESS_SOCIALACCOUNT_PROVIDERS"] == line.split("=", 1)[1]


def test_quoted_value_may_span_lines() -> None:
    """GIVEN a single-quoted JSON value spanning three lines, then another assignment
    WHEN the text is parsed
    THEN the JSON keeps its newlines, and the next assignment's line number is right."""
    content = parse_env_text("A='{\n  \"k\": 1\n}'\nB=2\n")
    assert [(e.key, e.value, e.line) for e in content.entries] == [("A", '{\n  "k": 1\n}', 1), ("B", "2", 4)]


def test_expansion_reads_environment_then_earlier_lines() -> None:
    """GIVEN ${BASE} defined earlier in the file, ${HOME} in the environment and ${NOPE:-fallback}
    WHEN the text is parsed
    THEN each expands (the environment first, as python-dotenv)."""
    values = _values("BASE=/srv\nA=${BASE}/data\nB=${HOME}/x\nC=${NOPE:-fallback}\n", {"HOME": "/home/p"})
    assert (values["A"], values["B"], values["C"]) == ("/srv/data", "/home/p/x", "fallback")


def test_line_that_is_not_an_assignment_warns(site: Site) -> None:
    """GIVEN a paperless.conf line without '='
    WHEN the configuration is diagnosed
    THEN it loads, with a warning naming the file and line."""
    conf = site.write(site.base_dir / "paperless.conf", "PAPERLESS_DEBUG=no\nthis is not valid\n")
    diag = site.diagnose()
    assert diag.config is not None
    assert f"{conf} line 2 is not KEY=value; the line is ignored" in diag.warnings


def test_unterminated_quote_is_an_error_naming_variable_and_line(site: Site) -> None:
    """GIVEN a value whose opening double quote is never closed
    WHEN the configuration loads
    THEN a one-line ConfigError names the variable and its line."""
    conf = site.write(site.base_dir / "paperless.conf", 'PAPERLESS_DEBUG=no\nPAPERLESS_APP_TITLE="Paperkeep\n')
    with pytest.raises(ConfigError) as caught:
        site.load()
    assert caught.value.variable == "PAPERLESS_APP_TITLE"
    assert str(caught.value).endswith(f"— from {conf} line 2")


def test_later_duplicate_wins_with_a_warning(site: Site) -> None:
    """GIVEN the same variable twice in paperless.conf
    WHEN the configuration is diagnosed
    THEN the later line wins and a warning names both lines."""
    site.write(site.base_dir / "paperless.conf", "PAPERLESS_PORT=8001\nPAPERLESS_PORT=8002\n")
    diag = site.diagnose()
    assert diag.config is not None and diag.config.core.port == 8002
    assert any("lines 1 and 2" in warning for warning in diag.warnings)


def test_other_variables_in_the_file_are_kept_aside(site: Site) -> None:
    """GIVEN paperless.conf setting a non-PAPERLESS_ variable
    WHEN the configuration loads
    THEN it is neither a warning nor a setting, but kept in file_extras."""
    site.write(site.base_dir / "paperless.conf", "OMP_THREAD_LIMIT=2\n")
    diag = site.diagnose()
    assert diag.warnings == []
    assert diag.config is not None and diag.config.file_extras == {"OMP_THREAD_LIMIT": "2"}


def test_byte_order_mark_and_crlf_line_ends_are_accepted(site: Site) -> None:
    """GIVEN a paperless.conf saved by a Windows editor (BOM, CRLF)
    WHEN the configuration loads
    THEN values are read cleanly."""
    conf = site.base_dir / "paperless.conf"
    conf.write_bytes("\ufeffPAPERLESS_OCR_LANGUAGE=deu+eng\r\nPAPERLESS_DEBUG=no\r\n".encode())
    assert site.load().ocr.language == "deu+eng"
