"""Prepare the directories and the secret key a Paperkeep process needs before Django starts."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from paperkeep.config import Config

SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name, not a secret)
EXAMPLE_SECRET_KEYS = frozenset({"change-me", "changeme"})


class RuntimeSetupError(Exception):
    """A problem that stops start-up; its text is one line meant for the person starting Paperkeep."""


def ensure_directories(cfg: Config) -> None:
    """Create the data, media, consumption, scratch and log directories, or say which one cannot be made."""
    wanted = {
        "PAPERLESS_DATA_DIR": cfg.paths.data_dir,
        "PAPERLESS_MEDIA_ROOT": cfg.paths.media_root,
        "PAPERLESS_CONSUMPTION_DIR": cfg.paths.consumption_dir,
        "PAPERLESS_SCRATCH_DIR": cfg.paths.scratch_dir,
        "PAPERLESS_LOGGING_DIR": cfg.paths.logging_dir,
    }
    for variable, path in wanted.items():
        try:
            Path(path).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RuntimeSetupError(f"{variable}={path} cannot be created: {exc.strerror}") from None
        if not os.access(path, os.W_OK):
            raise RuntimeSetupError(f"{variable}={path} is not writable by this user")


def secret_key(cfg: Config, *, create: bool = True) -> str:
    """Return the configured secret key, or the one kept in the data directory (made on first use, mode 0600)."""
    configured = cfg.core.secret_key
    if configured:
        if configured.strip().lower() in EXAMPLE_SECRET_KEYS:
            raise RuntimeSetupError(
                "PAPERLESS_SECRET_KEY is the example value 'change-me'; set a long random value "
                "or unset it to let Paperkeep keep a generated key in the data directory"
            )
        return configured
    path = Path(cfg.paths.data_dir) / SECRET_KEY_FILE
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        if not create:
            raise RuntimeSetupError(f"no PAPERLESS_SECRET_KEY and no {path} yet") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # O_EXCL: two processes starting at once must not each write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key
