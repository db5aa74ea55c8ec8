"""`manage.py recurring_run [--date YYYY-MM-DD] [--schema X]`: the recurring-invoice sweep by
hand (ADR 0064) — every active company, or one schema; today unless a date is given."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tenant_apps.invoicing.management.commands._sweep import SweepCommand
from tenant_apps.invoicing.tasks import recurring_sweep


class Command(SweepCommand):
    help = "Raise the recurring invoices due by a date (default today) in every active company."
    what = "Recurring invoices"

    def sweep(self, *, on: dt.date, schema: str | None) -> dict[str, Any]:
        return recurring_sweep(on=on, schema=schema)

    def describe(self, counts: Any) -> str:
        return f"{counts['raised']} raised, {counts['failed']} failed, {counts['emailed']} e-mailed"
