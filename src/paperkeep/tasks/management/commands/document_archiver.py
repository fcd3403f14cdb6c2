"""`document_archiver`: make archive PDF/A files for documents that have none (or all, with --overwrite)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from paperkeep.documents.models import Document
from paperkeep.ingest.reprocess import create_archive
from paperkeep.parsers import ParseError

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Create archive PDF/A files (with OCR where needed) for documents that have none; --overwrite redoes "
        "existing ones; --document limits it to one document."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--overwrite", action="store_true", help="recreate existing archives too")
        parser.add_argument("-d", "--document", type=int, help="only this document id")
        parser.add_argument("--processes", type=int, default=1, help="accepted for Paperless compatibility")
        parser.add_argument("--no-progress-bar", action="store_true", help="accepted for Paperless compatibility")

    def handle(self, *args: Any, **options: Any) -> None:
        documents = Document.global_objects.order_by("pk")
        if options["document"] is not None:
            documents = documents.filter(pk=options["document"])
        elif not options["overwrite"]:
            documents = documents.filter(archive_filename__isnull=True)
        made = failed = 0
        for document in documents.iterator():
            try:
                made += create_archive(document)
            except ParseError as exc:
                failed += 1
                self.stderr.write(f"Document #{document.pk}: {exc}")
        self.stdout.write(f"Created {made} archive(s); {failed} failed.")
        if failed:
            raise SystemExit(1)
