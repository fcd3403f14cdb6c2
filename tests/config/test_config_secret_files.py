"""`X_FILE` variables read the value of X from a file (docker secrets)."""

from __future__ import annotations

import pytest

from paperkeep.config import ConfigError

from .conftest import Site


def test_file_variable_reads_the_value(site: Site) -> None:
    """GIVEN PAPERLESS_SECRET_KEY_FILE naming a file holding the key and a newline
    WHEN the configuration loads
    THEN the key is the file's content without the trailing newline."""
    secret = site.write(site.base_dir / "key.txt", "s3cret-key-value\n")
    cfg = site.load({"PAPERLESS_SECRET_KEY_FILE": str(secret)})
    assert cfg.core.secret_key == "s3cret-key-value"


def test_only_one_trailing_newline_is_stripped(site: Site) -> None:
    """GIVEN a secret file ending in two newlines
    WHEN it is read for PAPERLESS_DBPASS
    THEN exactly one newline is removed."""
    secret = site.write(site.base_dir / "dbpass", "pw\n\n")
    assert site.load({"PAPERLESS_DBPASS_FILE": str(secret)}).db.password == "pw\n"


def test_source_names_the_file_variable_and_path(site: Site) -> None:
    """GIVEN PAPERLESS_ADMIN_PASSWORD_FILE
    WHEN the configuration loads
    THEN the source of PAPERLESS_ADMIN_PASSWORD reads "file PAPERLESS_ADMIN_PASSWORD_FILE=<path>"."""
    secret = site.write(site.base_dir / "admin", "pw")
    cfg = site.load({"PAPERLESS_ADMIN_PASSWORD_FILE": str(secret)})
    assert str(cfg.sources["PAPERLESS_ADMIN_PASSWORD"]) == f"file PAPERLESS_ADMIN_PASSWORD_FILE={secret}"


def test_direct_variable_beats_file_variable_in_the_same_place(site: Site) -> None:
    """GIVEN both PAPERLESS_DBPASS and PAPERLESS_DBPASS_FILE in the environment
    WHEN the configuration is diagnosed
    THEN PAPERLESS_DBPASS wins and a warning says so."""
    secret = site.write(site.base_dir / "dbpass", "from-file")
    diag = site.diagnose({"PAPERLESS_DBPASS": "direct", "PAPERLESS_DBPASS_FILE": str(secret)})
    assert diag.config is not None
    assert diag.config.db.password == "direct"
    assert any("PAPERLESS_DBPASS wins" in warning for warning in diag.warnings)


def test_file_variable_in_environment_beats_value_in_config_file(site: Site) -> None:
    """GIVEN PAPERLESS_DBPASS in paperless.conf and PAPERLESS_DBPASS_FILE in the environment
    WHEN the configuration loads
    THEN the environment's secret file wins (the environment layer beats the file layer)."""
    site.write(site.base_dir / "paperless.conf", "PAPERLESS_DBPASS=from-conf\n")
    secret = site.write(site.base_dir / "dbpass", "from-secret-file")
    assert site.load({"PAPERLESS_DBPASS_FILE": str(secret)}).db.password == "from-secret-file"


def test_file_variable_in_config_file_is_honoured(site: Site) -> None:
    """GIVEN PAPERLESS_SECRET_KEY_FILE set inside paperless.conf
    WHEN the configuration loads
    THEN the key is read from that file."""
    secret = site.write(site.base_dir / "key", "k-from-file")
    site.write(site.base_dir / "paperless.conf", f"PAPERLESS_SECRET_KEY_FILE={secret}\n")
    assert site.load().core.secret_key == "k-from-file"


def test_missing_secret_file_is_one_clean_error(site: Site) -> None:
    """GIVEN PAPERLESS_SECRET_KEY_FILE naming a file that does not exist
    WHEN the configuration loads
    THEN a one-line ConfigError names PAPERLESS_SECRET_KEY_FILE and the environment."""
    with pytest.raises(ConfigError) as caught:
        site.load({"PAPERLESS_SECRET_KEY_FILE": "/nonexistent/key"})
    message = str(caught.value)
    assert caught.value.variable == "PAPERLESS_SECRET_KEY_FILE"
    assert "cannot be read" in message and message.endswith("— from environment")
    assert "\n" not in message


def test_value_read_from_file_is_validated_like_any_other(site: Site) -> None:
    """GIVEN PAPERLESS_PORT_FILE holding 'eighty'
    WHEN the configuration loads
    THEN the error names PAPERLESS_PORT and says it came from the file variable."""
    bad = site.write(site.base_dir / "port", "eighty\n")
    with pytest.raises(ConfigError) as caught:
        site.load({"PAPERLESS_PORT_FILE": str(bad)})
    assert caught.value.variable == "PAPERLESS_PORT"
    assert caught.value.origin == f"file PAPERLESS_PORT_FILE={bad}"


def test_model_file_is_a_setting_not_a_secret_file_reference(site: Site) -> None:
    """GIVEN PAPERLESS_MODEL_FILE (a real setting whose name ends in _FILE)
    WHEN the configuration is diagnosed
    THEN it is the classifier path, with no unknown-name warning."""
    diag = site.diagnose({"PAPERLESS_MODEL_FILE": "/srv/model.pickle"})
    assert diag.config is not None
    assert str(diag.config.paths.model_file) == "/srv/model.pickle"
    assert diag.warnings == []


def test_impossible_secret_file_path_is_one_clean_error(site: Site) -> None:
    """GIVEN PAPERLESS_DBPASS_FILE containing a NUL character (no such path can exist)
    WHEN the configuration is diagnosed
    THEN one error names PAPERLESS_DBPASS_FILE; nothing is raised."""
    diag = site.diagnose({"PAPERLESS_DBPASS_FILE": "/run/\x00secret"})
    assert [error.variable for error in diag.errors] == ["PAPERLESS_DBPASS_FILE"]
