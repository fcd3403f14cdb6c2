"""`paperkeep sso check`: diagnose the single sign-on configuration against each provider."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from paperkeep.accounts.diagnostics import Finding, run_checks


class Command(BaseCommand):
    help = "Single sign-on tools. `check`: fetch each provider's discovery document and report what is wrong."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("check", help="diagnose every configured OpenID Connect provider")

    def _write(self, finding: Finding) -> None:
        self.stdout.write(f"  {finding.level:<8}{finding.message}")

    def handle(self, *args: Any, **options: Any) -> None:
        site, per_app = run_checks()
        self.stdout.write("Paperkeep")
        for finding in site:
            self._write(finding)
        for app, findings in per_app:
            self.stdout.write(f"Provider {app.provider_id} ({app.label}) — {app.discovery_url}")
            for finding in findings:
                self._write(finding)
        everything = site + [finding for _, findings in per_app for finding in findings]
        errors = sum(finding.level == "error" for finding in everything)
        warnings = sum(finding.level == "warning" for finding in everything)
        self.stdout.write(f"{errors} error(s), {warnings} warning(s)")
        if errors:
            raise CommandError(f"single sign-on check found {errors} error(s)")
