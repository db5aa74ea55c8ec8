"""The cash flow statement (direct method, ADR 0066) in a worked example: capital brought in,
a machine bought, a customer's receipt, rent paid, a deposit the company classed as
investing, a transfer from bank to cash; entries that move no cash, drafts and earlier entries
left out; opening plus the activities is the closing cash."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

from tests.tenant_apps.finance.conftest import FY_DAY


def _post(day: dt.date, *pairs: tuple[Any, str, str]) -> None:
    """Post an entry of (account, debit, credit) lines."""
    from tenant_apps.finance.services import LineSpec, journal_entry_post_lines

    journal_entry_post_lines(
        date=day,
        narration="test",
        lines=[LineSpec(account=a, debit=D(dr), credit=D(cr)) for a, dr, cr in pairs],
        user=None,
    )


def test_the_template_classes_fixed_assets_loans_and_equity(alpha):
    from tenant_apps.finance.models import Account
    from tenant_apps.finance.selectors import cash_flow_activities

    activities = cash_flow_activities()
    by_code = {a.code: activities[a.pk] for a in Account.objects.all()}

    assert (by_code["1220"], by_code["1290"]) == ("investing", "investing")  # under 12
    assert (by_code["2210"], by_code["3100"]) == ("financing", "financing")
    assert (by_code["1131"], by_code["2111"], by_code["5220"], by_code["2121"]) == (
        "operating",
        "operating",
        "operating",
        "operating",
    )


def test_the_periods_cash_by_activity(alpha, users):
    from tenant_apps.finance.models import Account
    from tenant_apps.finance.selectors import account_by_role, cash_flow
    from tenant_apps.finance.services import DraftLine, account_update, journal_entry_create

    acc = {a.code: a for a in Account.objects.all()}
    bank, cash = account_by_role("bank"), account_by_role("cash")
    june = dt.date(2026, 6, 1)
    # before the period: capital of 50,000 (the opening cash)
    _post(dt.date(2026, 5, 20), (bank, "50000", "0"), (acc["3100"], "0", "50000"))
    # in June
    _post(FY_DAY, (bank, "100000", "0"), (acc["2210"], "0", "100000"))  # a secured loan
    _post(FY_DAY, (acc["1220"], "40000", "0"), (bank, "0", "40000"))  # a machine
    _post(FY_DAY, (bank, "11800", "0"), (acc["1131"], "0", "11800"))  # a customer pays
    _post(FY_DAY, (acc["5220"], "5000", "0"), (cash, "0", "5000"))  # rent, in cash
    _post(FY_DAY, (cash, "8000", "0"), (bank, "0", "8000"))  # bank to cash: no flow
    _post(FY_DAY, (acc["5250"], "1000", "0"), (acc["1290"], "0", "1000"))  # depreciation
    # a security deposit, which this company counts as investing
    account_update(
        account_id=acc["1164"].pk, user=users["owner_alpha"], data={"cash_flow": "investing"}
    )
    _post(FY_DAY, (acc["1164"], "3000", "0"), (bank, "0", "3000"))
    # a bank receipt split over a sale and its GST: both operating
    _post(FY_DAY, (bank, "1180", "0"), (acc["4110"], "0", "1000"), (acc["2121"], "0", "180"))
    # a draft moving cash, and a July payment: outside
    journal_entry_create(
        user=users["owner_alpha"],
        date=FY_DAY,
        lines=[
            DraftLine(account_id=bank.pk, debit=D("999")),
            DraftLine(account_id=acc["4230"].pk, credit=D("999")),
        ],
    )
    _post(dt.date(2026, 7, 2), (acc["5220"], "700", "0"), (bank, "0", "700"))

    report = cash_flow(from_date=june, to_date=dt.date(2026, 6, 30))

    sections = {s.key: (s.total, {r.code: r.amount for r in s.rows}) for s in report.sections}
    assert sections == {
        "operating": (
            D("7980"),
            {"1131": D("11800"), "2121": D("180"), "4110": D("1000"), "5220": D("-5000")},
        ),
        "investing": (D("-43000"), {"1164": D("-3000"), "1220": D("-40000")}),
        "financing": (D("100000"), {"2210": D("100000")}),
    }
    assert (report.opening_cash, report.net_change, report.closing_cash) == (
        D("50000"),
        D("64980"),
        D("114980"),
    )
    assert report.opening_cash + report.net_change == report.closing_cash


def test_the_api_and_its_files(api_client, users, alpha, tenant_alpha):
    from tenant_apps.finance.models import Account
    from tenant_apps.finance.selectors import account_by_role

    _post(
        FY_DAY,
        (account_by_role("bank"), "2500", "0"),
        (Account.objects.get(code="3100"), "0", "2500"),
    )
    client = api_client("alpha", users["owner_alpha"])
    base = "/api/v1/finance/reports/cash-flow/"
    query = {"from_date": "2026-06-01", "to_date": "2026-06-30"}

    data = client.get(base, query).json()
    xlsx = client.get(base + "export/", {**query, "format": "xlsx"})
    pdf = client.get(base + "export/", {**query, "format": "pdf"})
    backwards = client.get(base, {"from_date": "2026-06-30", "to_date": "2026-06-01"})

    capital = Account.objects.get(code="3100")
    assert [s["key"] for s in data["sections"]] == ["operating", "investing", "financing"]
    assert data["sections"][2]["rows"] == [
        {"account_id": capital.pk, "code": "3100", "name": "Capital Account", "amount": "2500.0000"}
    ]
    assert (data["opening_cash"], data["net_change"], data["closing_cash"]) == (
        "0.0000",
        "2500.0000",
        "2500.0000",
    )
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    assert backwards.status_code == 400 and list(backwards.json()["fields"]) == ["from_date"]
