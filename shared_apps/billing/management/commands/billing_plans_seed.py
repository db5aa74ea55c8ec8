"""Seed the plans: INR and USD, monthly and yearly, per seat, with limits and a 14-day trial.

Idempotent: existing plans (by code) get the seeded prices and limits again; Stripe price ids
already filled in by an operator are kept. `--placeholder-price-ids` fills empty ones with
`price_<plan>_<interval>_<currency>` (the fake Stripe server in tests and browser tests).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from shared_apps.billing.models import Plan

PLANS: list[dict[str, Any]] = [
    {
        "code": "starter",
        "name": "Starter",
        "description": "Small workshops: quotations to invoices, up to 5 people.",
        "sort_order": 10,
        "price_month_inr": Decimal("499"),
        "price_year_inr": Decimal("4990"),
        "price_month_usd": Decimal("8"),
        "price_year_usd": Decimal("80"),
        "max_seats": 5,
        "seats_grow": False,
        "modules": ["core", "crm", "sales", "finance"],
        "storage_gb": 5,
        "trial_days": 14,
    },
    {
        "code": "growth",
        "name": "Growth",
        "description": "Make-to-order plants: estimation, production and inventory, up to 25.",
        "sort_order": 20,
        "price_month_inr": Decimal("899"),
        "price_year_inr": Decimal("8990"),
        "price_month_usd": Decimal("12"),
        "price_year_usd": Decimal("120"),
        "max_seats": 25,
        "seats_grow": False,
        "modules": [
            "core",
            "crm",
            "sales",
            "estimation",
            "inventory",
            "production",
            "procurement",
            "finance",
        ],
        "storage_gb": 50,
        "trial_days": 14,
    },
    {
        "code": "scale",
        "name": "Scale",
        "description": "Every module, no seat limit: the quantity follows your members.",
        "sort_order": 30,
        "price_month_inr": Decimal("1299"),
        "price_year_inr": Decimal("12990"),
        "price_month_usd": Decimal("18"),
        "price_year_usd": Decimal("180"),
        "max_seats": None,
        "seats_grow": True,
        "modules": [
            "core",
            "crm",
            "sales",
            "estimation",
            "inventory",
            "production",
            "procurement",
            "finance",
            "hr",
            "workflow",
            "reports",
        ],
        "storage_gb": 500,
        "trial_days": 14,
    },
]
PRICE_FIELDS = [
    f"stripe_price_{interval}_{currency}"
    for interval in ("month", "year")
    for currency in ("inr", "usd")
]


class Command(BaseCommand):
    help = "Create or refresh the billing plans (INR/USD, monthly/yearly per seat)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--placeholder-price-ids",
            action="store_true",
            help="Fill empty Stripe price ids with price_<plan>_<interval>_<currency>.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic(durable=True):
            for spec in PLANS:
                plan, created = Plan.objects.update_or_create(
                    code=spec["code"], defaults={k: v for k, v in spec.items() if k != "code"}
                )
                if options["placeholder_price_ids"]:
                    for field in PRICE_FIELDS:
                        if not getattr(plan, field):
                            suffix = field.removeprefix("stripe_price_")
                            setattr(plan, field, f"price_{plan.code}_{suffix}")
                    plan.save(update_fields=PRICE_FIELDS)
                self.stdout.write(f"{'created' if created else 'updated'} {plan.code}")
