"""`manage.py reminders_send [--date YYYY-MM-DD] [--schema X]`: the payment-reminder sweep by
hand (ADR 0052) — every active company, or one schema; today unless a date is given."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tenant_apps.invoicing.management.commands._sweep import SweepCommand
from tenant_apps.invoicing.tasks import reminders_sweep


class Command(SweepCommand):
    help = "Send the payment reminders due on a date (default today) in every active company."
    what = "Reminders"

    def sweep(self, *, on: dt.date, schema: str | None) -> dict[str, Any]:
        return reminders_sweep(on=on, schema=schema)

    def describe(self, counts: Any) -> str:
        return f"{counts['sent']} sent, {counts['skipped_no_address']} skipped (no e-mail address)"
