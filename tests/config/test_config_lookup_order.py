"""Which paperless.conf is read: $PAPERLESS_CONFIGURATION_PATH, <install>/paperless.conf, <cwd>/../paperless.conf,
/etc/paperless.conf, /usr/local/etc/paperless.conf; the first that exists wins; the environment beats the file."""

from __future__ import annotations

from pathlib import Path

from .conftest import Site


def _conf(site: Site, path: Path, title: str) -> Path:
    return site.write(path, f"PAPERLESS_APP_TITLE={title}\n")


def test_configuration_path_is_read(site: Site) -> None:
    """GIVEN PAPERLESS_CONFIGURATION_PATH naming a file
    WHEN the configuration loads
    THEN that file's values are used and it is reported as the config file."""
    conf = _conf(site, site.base_dir.parent / "elsewhere" / "my.conf", "from-variable")
    cfg = site.load({"PAPERLESS_CONFIGURATION_PATH": str(conf)})
    assert cfg.core.app_title == "from-variable"
    assert cfg.config_file == conf


def test_configuration_path_beats_every_other_location(site: Site) -> None:
    """GIVEN files in all four standard locations and PAPERLESS_CONFIGURATION_PATH
    WHEN the configuration loads
    THEN the file named by the variable wins."""
    _conf(site, site.base_dir / "paperless.conf", "install")
    _conf(site, site.cwd.parent / "paperless.conf", "cwd-parent")
    _conf(site, site.root / "etc" / "paperless.conf", "etc")
    _conf(site, site.root / "usr" / "local" / "etc" / "paperless.conf", "usr-local")
    conf = _conf(site, site.base_dir.parent / "chosen.conf", "chosen")
    assert site.load({"PAPERLESS_CONFIGURATION_PATH": str(conf)}).core.app_title == "chosen"


def test_relative_configuration_path_is_taken_from_the_working_directory(site: Site) -> None:
    """GIVEN PAPERLESS_CONFIGURATION_PATH=conf/p.conf relative to the working directory
    WHEN the configuration loads
    THEN <cwd>/conf/p.conf is read."""
    _conf(site, site.cwd / "conf" / "p.conf", "relative")
    assert site.load({"PAPERLESS_CONFIGURATION_PATH": "conf/p.conf"}).core.app_title == "relative"


def test_missing_configuration_path_falls_through_to_the_next_location(site: Site) -> None:
    """GIVEN PAPERLESS_CONFIGURATION_PATH naming a file that does not exist, and /etc/paperless.conf
    WHEN the configuration is diagnosed
    THEN /etc/paperless.conf is used and a warning names the missing file."""
    etc = _conf(site, site.root / "etc" / "paperless.conf", "etc")
    diag = site.diagnose({"PAPERLESS_CONFIGURATION_PATH": str(site.root / "nope.conf")})
    assert diag.config is not None
    assert diag.config.config_file == etc
    assert diag.config.core.app_title == "etc"
    assert any("nope.conf does not exist" in warning for warning in diag.warnings)


def test_install_directory_file_is_read(site: Site) -> None:
    """GIVEN only <install dir>/paperless.conf
    WHEN the configuration loads
    THEN it is read."""
    conf = _conf(site, site.base_dir / "paperless.conf", "install")
    cfg = site.load()
    assert (cfg.core.app_title, cfg.config_file) == ("install", conf)


def test_parent_of_working_directory_file_is_read(site: Site) -> None:
    """GIVEN only <cwd>/../paperless.conf (Paperless-ngx runs from src/, so this is its install dir)
    WHEN the configuration loads
    THEN it is read."""
    conf = _conf(site, site.cwd.parent / "paperless.conf", "cwd-parent")
    cfg = site.load()
    assert (cfg.core.app_title, cfg.config_file) == ("cwd-parent", conf)


def test_etc_file_is_read(site: Site) -> None:
    """GIVEN only /etc/paperless.conf
    WHEN the configuration loads
    THEN it is read."""
    conf = _conf(site, site.root / "etc" / "paperless.conf", "etc")
    cfg = site.load()
    assert (cfg.core.app_title, cfg.config_file) == ("etc", conf)


def test_usr_local_etc_file_is_read(site: Site) -> None:
    """GIVEN only /usr/local/etc/paperless.conf
    WHEN the configuration loads
    THEN it is read."""
    conf = _conf(site, site.root / "usr" / "local" / "etc" / "paperless.conf", "usr-local")
    cfg = site.load()
    assert (cfg.core.app_title, cfg.config_file) == ("usr-local", conf)


def test_install_directory_beats_the_system_locations(site: Site) -> None:
    """GIVEN paperless.conf in the install dir, the cwd's parent, /etc and /usr/local/etc
    WHEN the configuration loads
    THEN the install dir's file wins and no other file contributes."""
    site.write(site.base_dir / "paperless.conf", "PAPERLESS_APP_TITLE=install\n")
    site.write(site.cwd.parent / "paperless.conf", "PAPERLESS_APP_TITLE=cwd\nPAPERLESS_APP_LOGO=cwd.png\n")
    _conf(site, site.root / "etc" / "paperless.conf", "etc")
    cfg = site.load()
    assert (cfg.core.app_title, cfg.core.app_logo) == ("install", None)


def test_etc_beats_usr_local_etc(site: Site) -> None:
    """GIVEN /etc/paperless.conf and /usr/local/etc/paperless.conf
    WHEN the configuration loads
    THEN /etc/paperless.conf wins."""
    _conf(site, site.root / "etc" / "paperless.conf", "etc")
    _conf(site, site.root / "usr" / "local" / "etc" / "paperless.conf", "usr-local")
    assert site.load().core.app_title == "etc"


def test_no_file_anywhere_means_defaults(site: Site) -> None:
    """GIVEN no paperless.conf in any location
    WHEN the configuration loads
    THEN there is no config file and values are defaults."""
    cfg = site.load()
    assert cfg.config_file is None
    assert cfg.sources["PAPERLESS_APP_TITLE"].kind == "default"


def test_environment_beats_the_file(site: Site) -> None:
    """GIVEN PAPERLESS_APP_TITLE in /etc/paperless.conf and in the environment
    WHEN the configuration loads
    THEN the environment's value wins and its source is "environment"."""
    _conf(site, site.root / "etc" / "paperless.conf", "file")
    cfg = site.load({"PAPERLESS_APP_TITLE": "env"})
    assert cfg.core.app_title == "env"
    assert cfg.sources["PAPERLESS_APP_TITLE"].kind == "environment"


def test_file_fills_what_the_environment_leaves_unset(site: Site) -> None:
    """GIVEN the file sets two variables and the environment one of them
    WHEN the configuration loads
    THEN the other comes from the file, with its line number."""
    conf = site.write(site.root / "etc" / "paperless.conf", "PAPERLESS_APP_TITLE=file\nPAPERLESS_APP_LOGO=logo.png\n")
    cfg = site.load({"PAPERLESS_APP_TITLE": "env"})
    assert cfg.core.app_logo == "logo.png"
    assert str(cfg.sources["PAPERLESS_APP_LOGO"]) == f"{conf}:2"


def test_unreadable_config_file_is_one_clean_error(site: Site) -> None:
    """GIVEN PAPERLESS_CONFIGURATION_PATH naming a directory
    WHEN the configuration is diagnosed
    THEN one ConfigError names the variable and says the file cannot be read."""
    directory = site.base_dir / "conf.d"
    directory.mkdir()
    diag = site.diagnose({"PAPERLESS_CONFIGURATION_PATH": str(directory)})
    assert diag.config is None
    assert [error.variable for error in diag.errors] == ["PAPERLESS_CONFIGURATION_PATH"]
    assert "cannot be read" in str(diag.errors[0])
