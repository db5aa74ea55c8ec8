"""The demo company's fixed assets (ADR 0075): the plasma cutter from its bill and the van
brought forward, every month of the year depreciated but the last, which waits for its run."""

from __future__ import annotations

from decimal import Decimal as D

from django.utils import timezone

from tenant_apps.assets.demo import CUTTER, VAN
from tenant_apps.assets.demo import demo_seed as assets_demo_seed
from tenant_apps.assets.depreciation import add_months
from tenant_apps.assets.models import DepreciationRun
from tenant_apps.assets.selectors import asset_register
from tenant_apps.assets.services import depreciation_preview
from tenant_apps.finance.selectors import account_balance
from tenant_apps.finance.services import fiscal_year_bounds
from tenant_apps.invoicing.demo import demo_seed
from tests.conftest import in_schema


def test_the_demo_has_a_machine_and_a_van_depreciated_to_the_month_before_last(world, users, db):
    with in_schema(world.alpha_schema):
        demo_seed(user=users["owner_alpha"])

        cutter, van = assets_demo_seed(user=users["owner_alpha"])

        today = timezone.localdate()
        start, end = fiscal_year_bounds(today)
        last_month = add_months(today.replace(day=1), -1)
        assert (cutter.name, cutter.bill.status, van.name) == (CUTTER, "posted", VAN)
        runs = list(DepreciationRun.objects.order_by("month").values_list("month", flat=True))
        assert runs == [add_months(start, n) for n in range(len(runs))] and add_months(
            start, len(runs)
        ) == max(start, last_month)
        # last month waits with both assets in it
        assert {r.asset.name for r in depreciation_preview(last_month)} == {CUTTER, VAN}
        # the register agrees with the ledgers of the two categories
        register = asset_register(start, end)
        cost_end = {g.category.name: g.total.cost_close for g in register.groups}
        assert cost_end == {"Plant and machinery": D("650000"), "Motor vehicles": D("720000")}
        plant = cutter.category
        assert account_balance(plant.asset_account, as_of=end) == D("650000")
        assert -account_balance(plant.accumulated_account, as_of=end) == (
            register.total.depreciation_close
        )
        # and says so ledger by ledger: every category's cost ledger, one accumulated ledger
        checks = [(c.kind, c.account.code, c.register, c.difference) for c in register.ledgers]
        assert ("cost", "1220", D("650000"), D("0")) in checks
        assert ("cost", "1250", D("720000"), D("0")) in checks
        assert [c for c in checks if c[0] == "accumulated"] == [
            ("accumulated", "1290", register.total.depreciation_close, D("0"))
        ]
        assert {c[3] for c in checks} == {D("0")}
        # for income tax the company claims additional depreciation: 20 % of the new cutter
        # (half of it if put to use under 180 days before 31 March), none on the van
        from tenant_apps.assets.tax import HALF_RATE_DAYS, TAX_YEAR, tax_depreciation

        plant_block = next(
            b for b in tax_depreciation(today, TAX_YEAR, claim=True) if b.block.startswith("Plant")
        )
        days = (TAX_YEAR.bounds(today)[1] - cutter.in_use_date).days + 1
        expected = D("130000") if days >= HALF_RATE_DAYS else D("65000")
        assert {i.asset.name: i.additional for i in plant_block.additions} == {CUTTER: expected}
        # the booth being built waits on capital work in progress
        from tenant_apps.assets.selectors import cwip_ledgers

        assert [(c.code, c.balance) for c in cwip_ledgers()] == [("1280", D("240000"))]
