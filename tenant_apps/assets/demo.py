"""The demo company's fixed assets (ADR 0075): a plasma cutter billed 95 days ago and
capitalised to Plant and Machinery, a delivery van brought forward at the fiscal year's start
with its depreciation so far; every month depreciated except last month, which waits on the
Depreciation page; the first bill of a powder coating booth being built, on capital work in
progress (ADR 0077). For income tax the company claims additional depreciation on new plant
(ADR 0076): the cutter takes it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

CUTTER = "CNC plasma cutting machine"
VAN = "Tata Ace delivery van"
BOOTH = "Powder coating booth: civil work and erection, first stage"


def demo_seed(*, user: Any) -> list[Any]:
    """Run inside the demo tenant's schema after invoicing's demo (vendors and tax rates
    exist). Returns the assets."""
    from tenant_apps.assets.depreciation import add_months
    from tenant_apps.assets.models import AssetCategory
    from tenant_apps.assets.services import (
        asset_create,
        asset_settings_update,
        depreciation_run_create,
    )
    from tenant_apps.finance.selectors import account_by_role
    from tenant_apps.finance.services import LineSpec, fiscal_year_bounds, journal_entry_post_lines
    from tenant_apps.invoicing.models import TaxRate
    from tenant_apps.invoicing.services.documents import document_create, document_post
    from tenant_apps.partners.models import Partner

    today = timezone.localdate()
    plant = AssetCategory.objects.get(name="Plant and machinery")
    vehicles = AssetCategory.objects.get(name="Motor vehicles")
    bought = today - dt.timedelta(days=95)
    vendor = Partner.objects.filter(is_vendor=True).order_by("code").first()
    bill = document_create(
        user=user,
        kind="bill",
        data={
            "partner": vendor,
            "date": bought,
            "reference": "PC-2291",
            "lines": [
                {
                    "description": CUTTER,
                    "hsn_sac": "8456",
                    "quantity": Decimal(1),
                    "unit_price": Decimal("650000"),
                    "tax_rate": TaxRate.objects.get(code="GST18"),
                    "account": plant.asset_account,
                }
            ],
        },
    )
    bill = document_post(user=user, document=bill)
    cutter = asset_create(
        user=user,
        data={
            "name": CUTTER,
            "category": plant,
            "bill": bill,
            "purchase_date": bought,
            "in_use_date": bought + dt.timedelta(days=4),
            "cost": Decimal("650000"),
        },
    )
    # the van: bought two years before this fiscal year, in the books from the year's start
    year_start, _ = fiscal_year_bounds(today)
    cost, charged = Decimal("720000"), Decimal("301000")
    journal_entry_post_lines(
        date=year_start,
        narration=f"Balance brought forward: {VAN}",
        lines=[
            LineSpec(account=vehicles.asset_account, debit=cost),
            LineSpec(account=vehicles.accumulated_account, credit=charged),
            LineSpec(account=account_by_role("opening_balance"), credit=cost - charged),
        ],
        user=user,
    )
    van = asset_create(
        user=user,
        data={
            "name": VAN,
            "category": vehicles,
            "purchase_date": add_months(year_start, -26),
            "cost": cost,
            "opening_date": year_start,
            "opening_depreciation": charged,
        },
    )
    # a powder coating booth being built: its first bill waits on capital work in progress
    document_post(
        user=user,
        document=document_create(
            user=user,
            kind="bill",
            data={
                "partner": vendor,
                "date": today - dt.timedelta(days=20),
                "reference": "PCB-104",
                "lines": [
                    {
                        "description": BOOTH,
                        "hsn_sac": "8424",
                        "quantity": Decimal(1),
                        "unit_price": Decimal("240000"),
                        "tax_rate": TaxRate.objects.get(code="GST18"),
                        "account": account_by_role("capital_wip"),
                    }
                ],
            },
        ),
    )
    asset_settings_update(user=user, tax_additional=True)  # taxed outside s.115BAA
    last_month = add_months(today.replace(day=1), -1)
    month = year_start.replace(day=1)
    while month < last_month:
        depreciation_run_create(user=user, month=month)
        month = add_months(month, 1)
    return [cutter, van]
