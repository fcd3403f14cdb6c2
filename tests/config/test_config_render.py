"""`render_effective`: one row per variable with its effective value (secrets masked) and where it came from."""

from __future__ import annotations

from paperkeep.config import render_effective

from .conftest import Site
from .guide_blocks import CLIENT_SECRET, PAPERLESS_CONF, fill


def _row(text: str, name: str) -> str:
    (row,) = [line for line in text.splitlines() if line.split(" ", 1)[0] == name]
    return row


def test_secret_key_is_masked(site: Site) -> None:
    """GIVEN PAPERLESS_SECRET_KEY and PAPERLESS_ADMIN_PASSWORD in the environment
    WHEN the effective settings are rendered
    THEN neither value appears and both rows show the mask."""
    text = render_effective(site.load({"PAPERLESS_SECRET_KEY": "k3y-Sup3r", "PAPERLESS_ADMIN_PASSWORD": "adm1n-pw"}))
    assert "k3y-Sup3r" not in text and "adm1n-pw" not in text
    assert "********" in _row(text, "PAPERLESS_SECRET_KEY")
    assert "********" in _row(text, "PAPERLESS_ADMIN_PASSWORD")


def test_provider_secret_inside_json_is_masked(site: Site) -> None:
    """GIVEN the guide's paperless.conf block with a client secret
    WHEN the effective settings are rendered
    THEN the JSON is shown with its "secret" masked and its client_id visible."""
    site.write(site.base_dir / "paperless.conf", fill(PAPERLESS_CONF))
    row = _row(render_effective(site.load()), "PAPERLESS_SOCIALACCOUNT_PROVIDERS")
    assert CLIENT_SECRET not in row
    assert '"secret":"********"' in row and '"client_id":"pk-client-4711"' in row


def test_password_in_redis_url_is_masked(site: Site) -> None:
    """GIVEN PAPERLESS_REDIS with a password
    WHEN the effective settings are rendered
    THEN the URL is shown with the password masked (also where it is the read cache's default)."""
    text = render_effective(site.load({"PAPERLESS_REDIS": "redis://:hunter2@cache:6379/1"}))
    assert "hunter2" not in text
    assert "redis://:********@cache:6379/1" in _row(text, "PAPERLESS_REDIS")


def test_password_in_db_options_is_masked(site: Site) -> None:
    """GIVEN PAPERLESS_DB_OPTIONS with a password option
    WHEN the effective settings are rendered
    THEN that option's value is masked and the others shown."""
    row = _row(render_effective(site.load({"PAPERLESS_DB_OPTIONS": "sslmode=require,password=pg-pw"})),
               "PAPERLESS_DB_OPTIONS")
    assert "pg-pw" not in row and '"sslmode":"require"' in row


def test_sources_show_default_environment_and_file_line(site: Site) -> None:
    """GIVEN one value from the environment and one from line 2 of paperless.conf
    WHEN the effective settings are rendered
    THEN their rows end with "environment" and "<path>:2", and an untouched one with "default"."""
    conf = site.write(site.base_dir / "paperless.conf", "# ocr\nPAPERLESS_OCR_LANGUAGE=deu+eng\n")
    text = render_effective(site.load({"PAPERLESS_PORT": "8010"}))
    assert _row(text, "PAPERLESS_PORT").split() == ["PAPERLESS_PORT", "8010", "environment"]
    assert _row(text, "PAPERLESS_OCR_LANGUAGE").split() == ["PAPERLESS_OCR_LANGUAGE", "deu+eng", f"{conf}:2"]
    assert _row(text, "PAPERLESS_DEBUG").split() == ["PAPERLESS_DEBUG", "false", "default"]


def test_source_of_a_secret_file_value_names_the_file(site: Site) -> None:
    """GIVEN PAPERLESS_DBPASS_FILE
    WHEN the effective settings are rendered
    THEN PAPERLESS_DBPASS is masked and its source reads "file PAPERLESS_DBPASS_FILE=<path>"."""
    secret = site.write(site.base_dir / "dbpass", "pw-from-file\n")
    row = _row(render_effective(site.load({"PAPERLESS_DBPASS_FILE": str(secret)})), "PAPERLESS_DBPASS")
    assert row.split() == ["PAPERLESS_DBPASS", "********", "file", f"PAPERLESS_DBPASS_FILE={secret}"]


def test_rows_of_set_but_unbuilt_settings_say_so(site: Site) -> None:
    """GIVEN PAPERLESS_AI_ENABLED set
    WHEN the effective settings are rendered
    THEN its row says "accepted, not yet effective"."""
    row = _row(render_effective(site.load({"PAPERLESS_AI_ENABLED": "yes"})), "PAPERLESS_AI_ENABLED")
    assert row.endswith("environment (accepted, not yet effective)")


def test_header_names_the_config_file(site: Site) -> None:
    """GIVEN /etc/paperless.conf
    WHEN the effective settings are rendered
    THEN the first line names it."""
    conf = site.write(site.root / "etc" / "paperless.conf", "PAPERLESS_DEBUG=no\n")
    assert render_effective(site.load()).splitlines()[0] == f"Configuration file: {conf}"


def test_only_set_leaves_out_defaults(site: Site) -> None:
    """GIVEN one variable set
    WHEN rendered with only_set=True
    THEN the table has exactly that one row below its header."""
    text = render_effective(site.load({"PAPERLESS_PORT": "8010"}), only_set=True)
    assert text.splitlines()[3:] == [_row(text, "PAPERLESS_PORT")]
