"""`manage.py recurring_run [--date YYYY-MM-DD] [--schema X]`: the recurring-invoice sweep by
hand (ADR 0064) — every active company, or one schema; today unless a date is given."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tenant_apps.invoicing.tasks import recurring_sweep


class Command(BaseCommand):
    help = "Raise the recurring invoices due by a date (default today) in every active company."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="YYYY-MM-DD; default: today in TIME_ZONE")
        parser.add_argument("--schema", help="Only this tenant schema")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = dt.date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as exc:
            raise CommandError(f"--date: {exc}") from None
        results = recurring_sweep(on=on or timezone.localdate(), schema=options["schema"])
        if options["schema"] and not results:
            raise CommandError(f"No active tenant with schema {options['schema']}.")
        for schema, counts in results.items():
            if counts is None:
                self.stderr.write(f"{schema}: failed (see the log)")
            else:
                self.stdout.write(f"{schema}: {counts['raised']} raised, {counts['failed']} failed")
        if any(counts is None for counts in results.values()):
            raise CommandError("Recurring invoices failed in some companies.")
