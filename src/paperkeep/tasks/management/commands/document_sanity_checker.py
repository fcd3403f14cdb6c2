"""`document_sanity_checker`: check every document's files and checksums, and look for orphaned files."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from paperkeep.documents.sanity import check


class Command(BaseCommand):
    help = (
        "Check that every document's original, archive and thumbnail exist with matching checksums, and that no "
        "file in the media folder lacks a document. Exits with 1 when there are errors or warnings."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-progress-bar", action="store_true", help="accepted for Paperless compatibility")
        parser.add_argument(
            "--no-clean", action="store_true", help="only report; leave leftovers of interrupted writes alone"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = check(clean=not options["no_clean"])
        for note in report.cleaned:
            self.stdout.write(f"cleaned: {note}")
        for finding in report.findings:
            self.stdout.write(f"{finding.level}: {finding.message}")
        problems = report.problems
        if problems:
            self.stdout.write(f"{len(problems)} problem(s) in {report.documents_checked} document(s).")
            raise SystemExit(1)
        self.stdout.write(f"No issues detected ({report.documents_checked} document(s) checked).")
