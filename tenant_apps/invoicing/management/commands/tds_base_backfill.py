"""`manage.py tds_base_backfill [--schema X]`: give the TDS deductions recorded before invoicing
0018 their base, GST excluded (ADR 0060) — every active company, or one schema. Batched; safe to
run again (it only fills rows without a base)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenant_apps.invoicing.tasks import tds_bases_backfill


class Command(BaseCommand):
    help = "Set the TDS base (GST excluded) of TDS deductions recorded without one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schema", help="Only this tenant schema")

    def handle(self, *args: Any, **options: Any) -> None:
        results = tds_bases_backfill(schema=options["schema"])
        if options["schema"] and not results:
            raise CommandError(f"No active tenant with schema {options['schema']}.")
        for schema, done in results.items():
            if done is None:
                self.stderr.write(f"{schema}: failed (see the log)")
            else:
                self.stdout.write(f"{schema}: {done} TDS deductions given their base")
        if any(done is None for done in results.values()):
            raise CommandError("The backfill failed in some companies.")
