"""Run the migrations and create the first administrator; `paperkeep serve` runs this before starting."""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from paperkeep.accounts.bootstrap import ensure_admin


class Command(BaseCommand):
    help = "Migrate the database and create the first administrator if needed (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        auth = settings.CONFIG.auth
        outcome = ensure_admin(auth.admin_user, auth.admin_password, auth.admin_mail)
        if outcome.generated_password:
            self.stdout.write(
                "Created the administrator 'admin' with the one-time password "
                f"{outcome.generated_password} — sign in and change it (shown only now)."
            )
        elif outcome.username:
            self.stdout.write(f"Created the administrator '{outcome.username}'.")
