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
from django.db import connection

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
        refresh_sqlite_statistics()
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


def refresh_sqlite_statistics() -> None:
    """Run ANALYZE when SQLite's table statistics are missing or the library grew or shrank a lot since.

    Without statistics SQLite sorts every document for the first page of a list (tens of milliseconds at 100k
    documents instead of a fraction of one), so the planner needs them once the library has some size.
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM documents_document")
        (documents,) = cursor.fetchone()
        if documents < 100:
            return
        cursor.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='sqlite_stat1'")
        estimate = None
        if cursor.fetchone():
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl='documents_document' LIMIT 1")
            row = cursor.fetchone()
            estimate = int(str(row[0]).split()[0]) if row else None
        if estimate is None or not (documents / 2 <= estimate <= documents * 2):
            cursor.execute("ANALYZE")
