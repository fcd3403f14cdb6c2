"""Create the first administrator, as Paperless-ngx does from PAPERLESS_ADMIN_USER, or a generated one."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AdminOutcome:
    """What ensure_admin did: created a user (and its one-time password when generated), or nothing."""

    username: str | None
    generated_password: str | None = None


def ensure_admin(username: str | None, password: str | None, email: str) -> AdminOutcome:
    """Create the configured superuser if missing; on an empty database with none configured, create `admin`.

    An existing user is never changed, as in Paperless-ngx.
    """
    users = get_user_model()
    with transaction.atomic():
        if username:
            if users.objects.filter(username=username).exists():
                return AdminOutcome(None)
            if not password:
                logger.warning("PAPERLESS_ADMIN_USER=%s is set without PAPERLESS_ADMIN_PASSWORD; not created", username)
                return AdminOutcome(None)
            users.objects.create_superuser(username=username, email=email, password=password)
            return AdminOutcome(username)
        if users.objects.exists():
            return AdminOutcome(None)
        generated = secrets.token_urlsafe(12)
        users.objects.create_superuser(username="admin", email=email, password=generated)
        return AdminOutcome("admin", generated)
