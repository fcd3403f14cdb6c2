"""Generation tokens: a short random token in a file that any process replaces after a change, and every process
compares with the one it saw, so a remembered value is never used across a change made elsewhere."""

from __future__ import annotations

import os
import secrets
import threading
from pathlib import Path


def read(path: Path) -> str:
    """Return the token in `path` ("0" while there is none)."""
    try:
        return path.read_text(encoding="ascii").strip() or "0"
    except OSError:
        return "0"


def replace(path: Path) -> bool:
    """Write a new token into `path` atomically; return False when the file cannot be written."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        temporary.write_text(secrets.token_hex(8), encoding="ascii")
        temporary.replace(path)
    except OSError:
        return False
    return True
