"""Unknown PAPERLESS_* names, old names and deprecated settings warn; they never stop Paperkeep."""

from __future__ import annotations

from .conftest import Site


def test_misspelt_name_warns_with_the_closest_setting(site: Site) -> None:
    """GIVEN PAPERLESS_OCR_LANGAUGE in the environment
    WHEN the configuration is diagnosed
    THEN a warning suggests PAPERLESS_OCR_LANGUAGE, and the configuration still loads."""
    diag = site.diagnose({"PAPERLESS_OCR_LANGAUGE": "deu"})
    assert diag.config is not None and diag.errors == []
    assert diag.warnings == [
        "PAPERLESS_OCR_LANGAUGE is not a setting; did you mean PAPERLESS_OCR_LANGUAGE? — from environment"
    ]


def test_misspelt_name_in_the_file_names_its_line(site: Site) -> None:
    """GIVEN PAPERLESS_SECRETKEY on line 2 of paperless.conf
    WHEN the configuration is diagnosed
    THEN the warning suggests PAPERLESS_SECRET_KEY and names the file and line."""
    conf = site.write(site.base_dir / "paperless.conf", "# keys\nPAPERLESS_SECRETKEY=abc\n")
    diag = site.diagnose()
    assert diag.warnings == [
        f"PAPERLESS_SECRETKEY is not a setting; did you mean PAPERLESS_SECRET_KEY? — from {conf} line 2"
    ]


def test_unrelated_unknown_name_warns_without_a_guess(site: Site) -> None:
    """GIVEN PAPERLESS_FROBNICATE, which resembles no setting
    WHEN the configuration is diagnosed
    THEN the warning says it is not a setting and guesses nothing."""
    diag = site.diagnose({"PAPERLESS_FROBNICATE": "1"})
    assert diag.warnings == ["PAPERLESS_FROBNICATE is not a setting — from environment"]


def test_misspelt_file_variable_suggests_the_file_variable(site: Site) -> None:
    """GIVEN PAPERLESS_SECRET_KEYS_FILE (a typo of PAPERLESS_SECRET_KEY_FILE)
    WHEN the configuration is diagnosed
    THEN the suggestion keeps the _FILE suffix."""
    diag = site.diagnose({"PAPERLESS_SECRET_KEYS_FILE": "/run/secrets/key"})
    assert diag.warnings == [
        "PAPERLESS_SECRET_KEYS_FILE is not a setting; did you mean PAPERLESS_SECRET_KEY_FILE? — from environment"
    ]


def test_other_environment_variables_are_not_inspected(site: Site) -> None:
    """GIVEN HOME, PATH and a GRANIAN_ variable in the environment
    WHEN the configuration is diagnosed
    THEN no warning is given about them."""
    assert site.diagnose({"HOME": "/root", "PATH": "/bin", "GRANIAN_HOST": "::"}).warnings == []


def test_old_trash_dir_name_still_works_with_a_warning(site: Site) -> None:
    """GIVEN PAPERLESS_TRASH_DIR (the old name of PAPERLESS_EMPTY_TRASH_DIR)
    WHEN the configuration is diagnosed
    THEN the trash dir is set from it and a warning suggests the new name."""
    diag = site.diagnose({"PAPERLESS_TRASH_DIR": "/srv/trash"})
    assert diag.config is not None and str(diag.config.paths.empty_trash_dir) == "/srv/trash"
    assert diag.warnings == [
        "PAPERLESS_TRASH_DIR is the old name of PAPERLESS_EMPTY_TRASH_DIR; it still works, but rename it"
    ]


def test_old_trash_dir_name_is_checked_first_as_in_paperless(site: Site) -> None:
    """GIVEN both PAPERLESS_TRASH_DIR and PAPERLESS_EMPTY_TRASH_DIR in the environment
    WHEN the configuration loads
    THEN the old name wins, as Paperless-ngx checks it first."""
    cfg = site.load({"PAPERLESS_TRASH_DIR": "/old", "PAPERLESS_EMPTY_TRASH_DIR": "/new"})
    assert str(cfg.paths.empty_trash_dir) == "/old"


def test_deprecated_database_setting_warns(site: Site) -> None:
    """GIVEN PAPERLESS_DBSSLMODE (deprecated in Paperless-ngx 3)
    WHEN the configuration is diagnosed
    THEN it is honoured and a warning points to PAPERLESS_DB_OPTIONS."""
    diag = site.diagnose({"PAPERLESS_DBSSLMODE": "require"})
    assert diag.config is not None and diag.config.db.sslmode == "require"
    assert any(w.startswith("PAPERLESS_DBSSLMODE is deprecated") and "PAPERLESS_DB_OPTIONS" in w
               for w in diag.warnings)


def test_removed_ocr_setting_is_accepted_and_ignored_with_a_warning(site: Site) -> None:
    """GIVEN PAPERLESS_OCR_SKIP_ARCHIVE_FILE (ignored since Paperless-ngx 3)
    WHEN the configuration is diagnosed
    THEN there is no error, a warning, and it is not listed as "not yet effective"."""
    diag = site.diagnose({"PAPERLESS_OCR_SKIP_ARCHIVE_FILE": "always"})
    assert diag.errors == [] and diag.not_yet_effective == []
    assert any("PAPERLESS_OCR_SKIP_ARCHIVE_FILE is no longer used" in w for w in diag.warnings)


def test_old_skip_ocr_mode_means_auto_with_a_warning(site: Site) -> None:
    """GIVEN PAPERLESS_OCR_MODE=skip (a Paperless-ngx 2 value)
    WHEN the configuration is diagnosed
    THEN the mode is auto and a warning explains it."""
    diag = site.diagnose({"PAPERLESS_OCR_MODE": "skip"})
    assert diag.config is not None and diag.config.ocr.mode == "auto"
    assert any("PAPERLESS_OCR_MODE=skip" in w for w in diag.warnings)


def test_warnings_are_also_kept_on_the_config(site: Site) -> None:
    """GIVEN a misspelt name
    WHEN the configuration loads
    THEN the loaded Config carries the same warning (for `serve` to print)."""
    cfg = site.load({"PAPERLESS_DEBGU": "no"})
    assert cfg.warnings == ("PAPERLESS_DEBGU is not a setting; did you mean PAPERLESS_DEBUG? — from environment",)
