"""The `paperkeep` command: check, config and Django commands with good and bad configurations."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.config.guide_blocks import (
    CLIENT_SECRET,
    COMPOSE_ENVIRONMENT,
    ENV_FILE,
    PAPERLESS_CONF,
    break_json,
    compose_environment,
    fill,
)

PAPERKEEP = [sys.executable, "-m", "paperkeep.cli"]


def clean_env(root: Path, conf_text: str = "") -> dict[str, str]:
    """An environment with no PAPERLESS_* variables but ours, and a paperless.conf holding conf_text."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAPERLESS_", "DJANGO_"))}
    conf = root / "paperless.conf"
    conf.write_text(conf_text, encoding="utf-8")
    env.update(
        PAPERLESS_CONFIGURATION_PATH=str(conf),
        PAPERLESS_DATA_DIR=str(root / "data"),
        PAPERLESS_MEDIA_ROOT=str(root / "media"),
        PAPERLESS_CONSUMPTION_DIR=str(root / "consume"),
        PAPERLESS_SCRATCH_DIR=str(root / "scratch"),
    )
    return env


def env_file_as_docker_passes_it(text: str) -> dict[str, str]:
    """Docker's env_file: KEY=VALUE per line, no quote processing, comments and blank lines skipped."""
    values = {}
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value
    return values


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PAPERKEEP, *args], env=env, capture_output=True, text=True, timeout=120, check=False)


def guide_environments(tmp_path: Path) -> dict[str, dict[str, str]]:
    compose = clean_env(tmp_path / "compose")
    compose.update(compose_environment(fill(COMPOSE_ENVIRONMENT)))
    env_file = clean_env(tmp_path / "envfile")
    env_file.update(env_file_as_docker_passes_it(fill(ENV_FILE)))
    conf = clean_env(tmp_path / "conf", fill(PAPERLESS_CONF))
    return {"compose": compose, "env file": env_file, "paperless.conf": conf}


@pytest.fixture(autouse=True)
def _dirs(tmp_path: Path) -> None:
    for sub in ("compose", "envfile", "conf", "bad"):
        (tmp_path / sub).mkdir()


@pytest.mark.parametrize("form", ["compose", "env file", "paperless.conf"])
def test_check_accepts_each_form_of_the_guide(tmp_path: Path, form: str) -> None:
    """
    GIVEN the authentik guide's Paperless configuration in one of its three forms, placeholders filled
    WHEN `paperkeep check` runs
    THEN it exits 0 with no error and no unknown-setting warning
    """
    result = run(["check"], guide_environments(tmp_path)[form])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error:" not in result.stdout
    assert "is not a setting" not in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("form", ["compose", "env file", "paperless.conf"])
def test_config_shows_the_guide_provider_with_secret_masked(tmp_path: Path, form: str) -> None:
    """
    GIVEN the guide's configuration in one of its three forms
    WHEN `paperkeep config` prints the effective settings
    THEN the providers setting is there with its source, and the client secret never appears
    """
    result = run(["config"], guide_environments(tmp_path)[form])
    assert result.returncode == 0, result.stderr
    line = next(li for li in result.stdout.splitlines() if li.startswith("PAPERLESS_SOCIALACCOUNT_PROVIDERS"))
    assert "authentik" in line
    assert CLIENT_SECRET not in result.stdout
    expected_source = "paperless.conf:" if form == "paperless.conf" else "environment"
    assert expected_source in line


@pytest.mark.parametrize("form", ["compose", "env file", "paperless.conf"])
def test_broken_json_stops_check_and_commands_with_one_line(tmp_path: Path, form: str) -> None:
    """
    GIVEN the guide's configuration with a brace missing from PAPERLESS_SOCIALACCOUNT_PROVIDERS
    WHEN `paperkeep check` and a Django command (`paperkeep migrate`) run
    THEN both exit non-zero; the command prints exactly one line naming the variable; no traceback, no secret
    """
    env = guide_environments(tmp_path)[form]
    if form == "paperless.conf":
        conf = Path(env["PAPERLESS_CONFIGURATION_PATH"])
        conf.write_text(break_json(conf.read_text()), encoding="utf-8")
    else:
        env["PAPERLESS_SOCIALACCOUNT_PROVIDERS"] = break_json(env["PAPERLESS_SOCIALACCOUNT_PROVIDERS"])
    check = run(["check"], env)
    assert check.returncode != 0
    assert "PAPERLESS_SOCIALACCOUNT_PROVIDERS" in check.stdout
    migrate = run(["migrate"], env)
    assert migrate.returncode == 2
    lines = [line for line in migrate.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "PAPERLESS_SOCIALACCOUNT_PROVIDERS" in lines[0], migrate.stderr
    for output in (check.stdout + check.stderr, migrate.stdout + migrate.stderr):
        assert "Traceback" not in output
        assert CLIENT_SECRET not in output


def test_bad_boolean_in_paperless_conf_names_file_and_line(tmp_path: Path) -> None:
    """
    GIVEN a paperless.conf whose third line sets PAPERLESS_OCR_DESKEW=maybe
    WHEN a Django command runs through `paperkeep`
    THEN one line names the variable, the value, the file and the line
    """
    env = clean_env(tmp_path / "bad", "# comment\n\nPAPERLESS_OCR_DESKEW=maybe\n")
    result = run(["showmigrations"], env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "PAPERLESS_OCR_DESKEW" in result.stderr and "maybe" in result.stderr
    assert "paperless.conf" in result.stderr and "3" in result.stderr


def test_unknown_setting_warns_with_suggestion_but_runs(tmp_path: Path) -> None:
    """
    GIVEN PAPERLESS_OCR_LANGAUGE (a typo) in the environment
    WHEN `paperkeep check` runs
    THEN it warns with the closest real name and still succeeds
    """
    env = clean_env(tmp_path / "bad")
    env["PAPERLESS_OCR_LANGAUGE"] = "deu"
    result = run(["check"], env)
    assert result.returncode == 0, result.stdout
    assert "did you mean PAPERLESS_OCR_LANGUAGE?" in result.stdout


def test_check_reports_missing_tesseract_language(tmp_path: Path) -> None:
    """
    GIVEN PAPERLESS_OCR_LANGUAGE=eng+xyz where xyz is no installed tesseract language
    WHEN `paperkeep check` runs
    THEN it exits non-zero naming the missing language and the package to install
    """
    env = clean_env(tmp_path / "bad")
    env["PAPERLESS_OCR_LANGUAGE"] = "eng+xyz"
    result = run(["check"], env)
    assert result.returncode == 1
    assert "tesseract-ocr-xyz" in result.stdout


def test_check_lists_settings_accepted_but_not_yet_effective(tmp_path: Path) -> None:
    """
    GIVEN a setting for a feature Paperkeep does not provide yet (the AI backend)
    WHEN `paperkeep check` runs
    THEN it is listed as accepted, not yet effective, and the check still passes
    """
    env = clean_env(tmp_path / "bad")
    env["PAPERLESS_AI_ENABLED"] = "true"
    result = run(["check"], env)
    assert result.returncode == 0, result.stdout
    assert "accepted, not yet effective: PAPERLESS_AI_ENABLED" in result.stdout
