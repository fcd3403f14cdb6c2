"""Each user's global permissions and group ids, remembered between requests and forgotten by every process
as soon as any of them may have changed.

Every API request asks for both (the model permission check, then the groups that decide which documents are
visible): three small queries, ~0.9 ms of a 10 ms search. They change rarely, always through Django's ORM: a
user's permissions or groups (`m2m_changed`), a group's permissions, a group, a permission or a user saved or
deleted. Each such change replaces the token in `DATA_DIR/access-generation`, once when it happens and once when
its transaction commits, and a remembered value is used only under the token it was computed under. So no
process uses a value from before a committed change, nor one computed from a change that was rolled back (values
are not remembered inside a transaction). An expiry bounds the damage of a change that bypasses the ORM.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, transaction

from paperkeep import generations

logger = logging.getLogger(__name__)

T = TypeVar("T")
GENERATION_FILE = "access-generation"
TTL_SECONDS = 60.0
MAX_ENTRIES = 10_000

_memory: dict[tuple[str, Any], tuple[str, float, Any]] = {}
_lock = threading.Lock()


def _generation_file() -> Path:
    return Path(settings.DATA_DIR) / GENERATION_FILE


def generation() -> str:
    """Return the current token ("0" before the first change)."""
    return generations.read(_generation_file())


def bump() -> None:
    """Start a new generation: every process forgets what it remembered."""
    with _lock:
        _memory.clear()
    if not generations.replace(_generation_file()):
        # Other processes keep their values until they expire; this one has forgotten its own.
        logger.warning("Could not record a permission change in %s", _generation_file())


def remembered(kind: str, key: Any, compute: Callable[[], T]) -> T:
    """Return `compute()`, or the value remembered for (kind, key) under the current generation."""
    if connection.in_atomic_block:  # it may read changes that are rolled back later
        return compute()
    token = generation()
    now = time.monotonic()
    entry = _memory.get((kind, key))
    if entry is not None and entry[0] == token and now - entry[1] < TTL_SECONDS:
        return entry[2]
    value = compute()
    with _lock:
        if len(_memory) >= MAX_ENTRIES:
            _memory.clear()
        _memory[(kind, key)] = (token, now, value)
    return value


def changed(**_kwargs: Any) -> None:
    """Signal receiver: forget now, and again when the current transaction commits."""
    bump()
    transaction.on_commit(bump)


def install() -> None:
    """Connect the receivers (once, from the accounts app)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed, post_delete, post_save

    user_model = get_user_model()
    for through in (user_model.groups.through, user_model.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(changed, sender=through, dispatch_uid=f"access-cache-{through._meta.label}")
    for model in (user_model, Group, Permission):
        for signal in (post_save, post_delete):
            signal.connect(changed, sender=model, dispatch_uid=f"access-cache-{signal}-{model._meta.label}")
