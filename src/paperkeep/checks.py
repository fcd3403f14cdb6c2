"""Checks of the machine against the configuration, for `paperkeep check` (nothing is started or changed)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from paperkeep.config import Config
from paperkeep.runtime import EXAMPLE_SECRET_KEYS


def _directory_problem(variable: str, path: Path) -> str | None:
    existing = path
    while not existing.exists():
        if existing.parent == existing:
            return f"{variable}={path}: no existing parent directory"
        existing = existing.parent
    if not existing.is_dir():
        return f"{variable}={path}: {existing} is not a directory"
    if not os.access(existing, os.W_OK):
        return f"{variable}={path}: {existing} is not writable by this user"
    return None


def installed_tesseract_languages() -> set[str] | None:
    """Return the languages tesseract reports, or None when tesseract is not installed."""
    if shutil.which("tesseract") is None:
        return None
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False).stdout
    return {line.strip() for line in out.splitlines()[1:] if line.strip()}


def machine_problems(cfg: Config) -> list[str]:
    """Return one line per problem that would stop Paperkeep from working with this configuration."""
    problems = []
    for variable, path in (
        ("PAPERLESS_DATA_DIR", cfg.paths.data_dir),
        ("PAPERLESS_MEDIA_ROOT", cfg.paths.media_root),
        ("PAPERLESS_CONSUMPTION_DIR", cfg.paths.consumption_dir),
        ("PAPERLESS_SCRATCH_DIR", cfg.paths.scratch_dir),
    ):
        problem = _directory_problem(variable, Path(path))
        if problem:
            problems.append(problem)
    if cfg.core.secret_key and cfg.core.secret_key.strip().lower() in EXAMPLE_SECRET_KEYS:
        problems.append("PAPERLESS_SECRET_KEY is the example value 'change-me'; set a long random value")
    languages = installed_tesseract_languages()
    if languages is None:
        problems.append("tesseract is not installed (needed for OCR): apt-get install tesseract-ocr")
    else:
        missing = [lang for lang in cfg.ocr.language.split("+") if lang not in languages]
        if missing:
            packages = " ".join(f"tesseract-ocr-{lang}" for lang in missing)
            problems.append(f"PAPERLESS_OCR_LANGUAGE={cfg.ocr.language}: not installed: {', '.join(missing)} "
                            f"(apt-get install {packages})")
    if shutil.which("gs") is None:
        problems.append("ghostscript is not installed (needed for PDF/A): apt-get install ghostscript")
    return problems
