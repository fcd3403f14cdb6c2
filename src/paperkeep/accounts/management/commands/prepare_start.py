"""Run the migrations, collect static files and create the first administrator (what `serve` does first)."""

from typing import Any

from django.core.management.base import BaseCommand

from paperkeep.startup import prepare


class Command(BaseCommand):
    help = "Migrate the database, collect static files and create the first administrator if needed (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        prepare(say=self.stdout.write)
