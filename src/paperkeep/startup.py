"""Bring the database and static files up to date before serving: migrations, first admin, static files.

`paperkeep serve` has its web worker do this once before it answers requests (under a lock in the data
directory, so several web workers never migrate at the same time); `paperkeep prepare_start` does it by hand.
"""

from __future__ import annotations

import fcntl
import sys
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from paperkeep.accounts.bootstrap import ensure_admin

LOCK_FILE = ".prepare.lock"


def prepare(say: Callable[[str], object] = print) -> None:
    """Migrate, collect static files, and create the first administrator if needed (idempotent)."""
    lock_path = Path(settings.DATA_DIR) / LOCK_FILE
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        auth = settings.CONFIG.auth
        outcome = ensure_admin(auth.admin_user, auth.admin_password, auth.admin_mail)
    if outcome.generated_password:
        say(
            "Created the administrator 'admin' with the one-time password "
            f"{outcome.generated_password} — sign in and change it (shown only now)."
        )
    elif outcome.username:
        say(f"Created the administrator '{outcome.username}'.")
    sys.stdout.flush()
