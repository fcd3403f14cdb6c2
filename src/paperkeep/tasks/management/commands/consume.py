"""`consume FILE...`: queue files for the worker, or with --now consume them here and print the document ids.

The files themselves are never changed or deleted: each is copied into the data folder first.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from paperkeep.documents.models import PaperlessTask
from paperkeep.ingest import runner
from paperkeep.ingest.context import Overrides
from paperkeep.tasks.consume import publish, record_local_file


class Command(BaseCommand):
    help = "Consume files: queue them for the worker (prints task ids), or with --now here (prints document ids)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--now", action="store_true", help="consume in this process and print the document id")
        parser.add_argument("--title", help="title of the document (default: the file name)")
        parser.add_argument("--tag", type=int, action="append", default=[], help="tag id (repeatable)")
        parser.add_argument("--correspondent", type=int, help="correspondent id")
        parser.add_argument("--document-type", type=int, help="document type id")
        parser.add_argument("--storage-path", type=int, help="storage path id")
        parser.add_argument("--asn", type=int, help="archive serial number")
        parser.add_argument("--owner", help="user name of the owner (default: no owner)")

    def handle(self, *args: Any, **options: Any) -> None:
        missing = [str(path) for path in options["files"] if not path.is_file()]
        if missing:
            raise CommandError(f"not a file: {', '.join(missing)}")
        overrides = Overrides(
            title=options["title"],
            correspondent_id=options["correspondent"],
            document_type_id=options["document_type"],
            storage_path_id=options["storage_path"],
            tag_ids=tuple(options["tag"]),
            archive_serial_number=options["asn"],
            owner_id=self._owner_id(options["owner"]),
        )
        failures = 0
        for path in options["files"]:
            with transaction.atomic():
                ingest_input = record_local_file(path.resolve(), overrides)
                if not options["now"]:
                    transaction.on_commit(partial(publish, ingest_input.task_id))
            if not options["now"]:
                self.stdout.write(ingest_input.task_id)
                continue
            document_id = runner.run(ingest_input.task_id)
            if document_id is None:
                failures += 1
                task = PaperlessTask.objects.get(task_id=ingest_input.task_id)
                self.stderr.write(str((task.result_data or {}).get("reason", "failed")))
            else:
                self.stdout.write(str(document_id))
        if failures:
            raise SystemExit(1)

    def _owner_id(self, username: str | None) -> int | None:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        return int(user.pk)
