"""Named crash points for the crash tests: `hit("after_place")` kills this process there if asked to.

A test writes a point's name into `DATA_DIR/.paperkeep-failpoint`; the next process that reaches that
point dies with SIGKILL (no clean-up, no finally blocks), exactly as in a power cut or an OOM kill.
Without that file this costs one failed stat() per point.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from django.conf import settings

FAILPOINT_FILE = ".paperkeep-failpoint"


def hit(name: str) -> None:
    """Die here with SIGKILL if the failpoint file names this point."""
    marker = Path(settings.DATA_DIR) / FAILPOINT_FILE
    try:
        wanted = marker.read_text().strip()
    except OSError:
        return
    if wanted == name:
        os.kill(os.getpid(), signal.SIGKILL)
