"""Create the superuser named by PAPERLESS_ADMIN_USER (Paperless-ngx's command of the same name)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from paperkeep.accounts.bootstrap import ensure_admin


class Command(BaseCommand):
    help = "Create the superuser from PAPERLESS_ADMIN_USER / _PASSWORD / _MAIL unless it exists."

    def handle(self, *args: Any, **options: Any) -> None:
        auth = settings.CONFIG.auth
        if not auth.admin_user:
            raise CommandError("PAPERLESS_ADMIN_USER is not set")
        outcome = ensure_admin(auth.admin_user, auth.admin_password, auth.admin_mail)
        if outcome.username:
            self.stdout.write(f"Created superuser {outcome.username}.")
        else:
            self.stdout.write(f"Superuser {auth.admin_user} exists or has no password; nothing changed.")
