"""What the daily sweeps' commands share (`reminders_send`, `recurring_run`): a date (default
today) and an optional schema, a line per company, an error when any company failed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone


class SweepCommand(BaseCommand):
    what = ""  # "Reminders", "Recurring invoices": the failure message's subject

    def sweep(self, *, on: dt.date, schema: str | None) -> dict[str, Any]:
        raise NotImplementedError

    def describe(self, counts: Any) -> str:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="YYYY-MM-DD; default: today in TIME_ZONE")
        parser.add_argument("--schema", help="Only this tenant schema")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = dt.date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as exc:
            raise CommandError(f"--date: {exc}") from None
        results = self.sweep(on=on or timezone.localdate(), schema=options["schema"])
        if options["schema"] and not results:
            raise CommandError(f"No active tenant with schema {options['schema']}.")
        for schema, counts in results.items():
            if counts is None:
                self.stderr.write(f"{schema}: failed (see the log)")
            else:
                self.stdout.write(f"{schema}: {self.describe(counts)}")
        if any(counts is None for counts in results.values()):
            raise CommandError(f"{self.what} failed in some companies.")
