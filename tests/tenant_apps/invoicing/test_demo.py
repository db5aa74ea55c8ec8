"""The demo company's sample books post cleanly and agree with the ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from django.db.models import Sum
from django.utils import timezone

from tenant_apps.core.models import CompanySettings
from tenant_apps.finance.models import JournalLine
from tenant_apps.finance.selectors import account_balance, account_by_role, cost_centre_summary
from tenant_apps.invoicing import gstr2b, reports
from tenant_apps.invoicing.demo import EXPORT_RATE, RECEIPT_RATE, demo_seed
from tenant_apps.invoicing.models import (
    Document,
    Gstr2bReturn,
    Payment,
    PaymentDeduction,
    TdsChallan,
)
from tests.conftest import in_schema


def test_demo_seed_posts_invoices_bills_and_payments_that_balance(world, users, db):
    with in_schema(world.alpha_schema):
        CompanySettings.objects.filter(singleton=True).update(gstin="27AAPFU0939F1ZV")
        demo_seed(user=users["owner_alpha"])
        today = timezone.localdate()

        assert Document.objects.filter(kind="invoice").exclude(number="").count() == 7
        assert Document.objects.filter(kind="bill").exclude(number="").count() == 4
        # the valves unpaid 250 days lose their input credit in last month's return (ADR 0074)
        from tenant_apps.invoicing.itc_reversal import itc_reversal_preview

        last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        [held] = itc_reversal_preview(last_month)
        assert (held.reference, held.share, held.change["igst"]) == (
            "DBW-207",
            D("1"),
            D("9180.00"),  # 18% of 60 x 850
        )
        # the transporter's freight is under reverse charge (ADR 0071): 5% of 14,500 is owed
        # by the company as CGST and SGST of 362.50 each, and taken back as credit
        freight = Document.objects.get(kind="bill", reverse_charge=True)
        assert (freight.total, freight.cgst_total, freight.sgst_total) == (
            D("14500"),
            D("362.50"),
            D("362.50"),
        )
        assert [
            account_balance(account_by_role(f"tax_rcm_{tax}"), as_of=today)
            for tax in ("cgst", "sgst", "igst")
        ] == [D("362.50"), D("362.50"), D("0")]
        assert sorted(Payment.objects.values_list("kind", flat=True)) == [
            "payment",
            "receipt",
            "receipt",
            "receipt",
        ]
        # one receipt came net of the customer's TDS: it settled the whole invoice
        [receipt] = Payment.objects.filter(kind="receipt", deductions_total__gt=0)
        [deduction] = receipt.deductions.all()
        assert (deduction.account.role, deduction.amount) == ("tds_receivable", D("1830"))
        assert receipt.settled_amount == receipt.amount_allocated == D("107970")
        assert account_balance(account_by_role("tds_receivable"), as_of=today) == D("1830")
        # the vendor was paid less 2% TDS (194C), deposited through a challan a week later
        [challan] = TdsChallan.objects.all()
        [withheld] = PaymentDeduction.objects.filter(account__role="tds_payable")
        assert (challan.section, challan.status, withheld.challan_id) == (
            "194C",
            "posted",
            challan.pk,
        )
        assert challan.tds_amount == withheld.amount_base > D("0")
        assert account_balance(account_by_role("tds_payable"), as_of=today) == D("0")
        # the month before last's GST set off and paid (ADR 0073): its output tax is cleared
        from tenant_apps.invoicing.models import GstPayment

        [gst] = GstPayment.objects.all()
        assert (gst.status, gst.date.day, gst.journal_entry.number[:6]) == ("posted", 20, "GSTPAY")
        assert gst.month.day == 1 and gst.month < gst.date < today
        # the dollar export was received at a better rate: paid, with a realised gain
        export = Document.objects.get(currency="USD")
        assert (export.status, export.place_of_supply) == ("paid", "96")
        gain = (RECEIPT_RATE - EXPORT_RATE) * export.total  # credited to an expense ledger
        assert account_balance(account_by_role("exchange_difference"), as_of=today) == -gain
        assert account_balance(account_by_role("sales_export"), as_of=today) == (
            EXPORT_RATE * export.total
        )
        lines = JournalLine.objects.aggregate(d=Sum("debit"), c=Sum("credit"))
        assert lines["d"] == lines["c"] > D("0")
        aged = reports.aged(side="receivable", as_of=Document.objects.order_by("-date")[0].date)
        assert aged["totals"]["buckets"]["90+"] == D("0")  # the 95-day-old invoice was paid
        assert aged["totals"]["total"] > D("0")
        # the first bill's month of GSTR-2B: that bill matched, an unbooked invoice missing
        [month] = Gstr2bReturn.objects.all()
        assert month.period < month.generated_on <= today  # made by the portal already
        states = [r["state"] for r in gstr2b.reconciliation(month)["rows"]]
        assert sorted(states) == ["matched", "missing_in_books"]
        # the promoters' capital keeps the demo bank account in credit
        assert account_balance(account_by_role("bank"), as_of=today) > D("0")
        # two jobs as cost centres: the Bengaluru fit-out has its sales and its burners
        jobs = cost_centre_summary(from_date=today - dt.timedelta(days=200), to_date=today)
        figures = {row.code: (row.income, row.expense) for row in jobs.rows}
        assert figures["P-BLR"] == (
            D("85500.00") + D("6000.00") + D("185000.00"),
            D("58000.00") + D("14500.00"),  # the burners and their freight
        )
        assert figures["P-SAHYADRI"] == (D("97000.00") + D("62000.00"), D("0"))
        assert figures["PROJECTS"] == (D("435500.00"), D("72500.00"))
        # the fit-out has this year's budget beside its actuals (ADR 0070)
        from tenant_apps.finance.models import CostCentre, FiscalYear
        from tenant_apps.finance.selectors import budget_vs_actual, year_months

        year = FiscalYear.objects.get(start_date__lte=today, end_date__gte=today)
        budget = budget_vs_actual(
            cost_centre=CostCentre.objects.get(code="P-BLR"), fiscal_year=year
        )
        assert [(r.code, r.budget, r.phased) for r in budget.rows] == [
            ("4110", D("350000"), False),
            ("51", D("150000"), True),  # front-loaded by month (ADR 0078)
        ]
        sixth_month_end = year_months(year.start_date, year.end_date)[5][1]
        half_year = budget_vs_actual(
            cost_centre=CostCentre.objects.get(code="P-BLR"),
            fiscal_year=year,
            to_date=sixth_month_end,
        )
        assert half_year.rows[1].budget_to_date == D("120000")
        assert budget.totals["actual"]["income"] > 0
