"""`document_thumbnails`: render documents' thumbnails again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from paperkeep.documents.models import Document
from paperkeep.ingest.reprocess import regenerate_thumbnail


class Command(BaseCommand):
    help = "Render the thumbnails of all documents (or those given with --document) again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-d", "--document", type=int, action="append", help="a document id (repeatable)")
        parser.add_argument("--processes", type=int, default=1, help="accepted for Paperless compatibility")
        parser.add_argument("--no-progress-bar", action="store_true", help="accepted for Paperless compatibility")

    def handle(self, *args: Any, **options: Any) -> None:
        documents = Document.global_objects.order_by("pk")
        if options["document"]:
            documents = documents.filter(pk__in=options["document"])
        count = 0
        for document in documents.iterator():
            regenerate_thumbnail(document)
            count += 1
        self.stdout.write(f"Rendered {count} thumbnail(s).")
