"""The ledger's report files through the API (core/exports): names, content types, the
workbook's figures agree with the JSON report, Indian formats, totals; the general ledger's
workbook (its sheet name once held a ':' that Excel refuses)."""

from __future__ import annotations

import io
import re
import zlib
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tenant_apps.core.exports.xlsx import MONEY_FORMAT
from tenant_apps.finance.selectors import account_by_role
from tenant_apps.finance.services import LineSpec, fiscal_year_ensure, journal_entry_post_lines
from tests.conftest import in_schema
from tests.tenant_apps.finance.conftest import FY_DAY

BASE = "/api/v1/finance/reports"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sale(amount: str) -> None:
    journal_entry_post_lines(
        date=FY_DAY,
        narration="Cash sale",
        lines=[
            LineSpec(account=account_by_role("cash"), debit=Decimal(amount)),
            LineSpec(account=account_by_role("sales"), credit=Decimal(amount)),
        ],
        user=None,
    )


@pytest.fixture
def books(tenant_alpha) -> dict[str, int]:
    # given two cash sales: 1,23,45,678.90 and 1,50,000.50 (1,24,95,679.40 in all)
    with in_schema(tenant_alpha.schema_name):
        fiscal_year_ensure(on=FY_DAY)
        _sale("12345678.90")
        _sale("150000.50")
        cash = account_by_role("cash")
        return {"cash": cash.pk, "cash_code": cash.code, "cash_name": cash.name}


@pytest.fixture
def client(api_client, users):
    return api_client("alpha", users["owner_alpha"])


def _rows(response) -> list[list]:
    book = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.active.iter_rows()]


def test_the_trial_balance_workbook_holds_the_reports_figures_in_indian_format(client, books):
    report = client.get(f"{BASE}/trial-balance/", {"to_date": "2026-06-30"}).json()

    response = client.get(
        f"{BASE}/trial-balance/export/", {"to_date": "2026-06-30", "format": "xlsx"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="trial-balance-2026-06-30.xlsx"'
    rows = _rows(response)
    assert rows[0][0].value == "Trial balance"
    assert rows[2][0].value == "01-04-2026 to 30-06-2026 · Amounts in ₹"
    assert [c.value for c in rows[4]] == [
        "Account",
        "Opening Dr",
        "Opening Cr",
        "Debit",
        "Credit",
        "Closing Dr",
        "Closing Cr",
    ]
    by_label = {row[0].value: row for row in rows[5:]}
    cash = by_label[f"{books['cash_code']} {books['cash_name']}"]
    assert Decimal(str(cash[3].value)) == Decimal("12495679.40")
    assert cash[3].number_format == MONEY_FORMAT
    assert cash[0].alignment.indent > 0 and not cash[0].font.b
    total = by_label["Total"]
    assert [Decimal(str(c.value)) for c in total[1:]] == [
        Decimal(report["totals"][k])
        for k in (
            "opening_debit",
            "opening_credit",
            "debit",
            "credit",
            "closing_debit",
            "closing_credit",
        )
    ]
    assert all(c.font.b for c in total) and total[3].border.top.style == "thin"


def _pdf_strings(pdf: bytes) -> bytes:
    out = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(out)


def test_profit_and_loss_as_pdf_and_with_its_total_rows_as_xlsx(client, books):
    query = {"from_date": "2026-04-01", "to_date": "2026-06-30"}

    pdf = client.get(f"{BASE}/profit-and-loss/export/", {**query, "format": "pdf"})
    xlsx = client.get(f"{BASE}/profit-and-loss/export/", {**query, "format": "xlsx"})

    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="profit-and-loss.pdf"'
    assert pdf.content.startswith(b"%PDF-") and b"Profit and loss" in _pdf_strings(pdf.content)
    rows = _rows(xlsx)
    totals = {row[0].value: row[1].value for row in rows if row[0].font.b}
    assert Decimal(str(totals["Total income"])) == Decimal("12495679.40")
    assert Decimal(str(totals["Net profit"])) == Decimal("12495679.40")


def test_the_general_ledger_workbook_lists_the_lines_with_dates_and_balances(client, books):
    query = {"account": books["cash"], "from_date": "2026-04-01", "to_date": "2026-06-30"}

    response = client.get(f"{BASE}/general-ledger/export/", {**query, "format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="ledger-{books["cash_code"]}.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.active.title == f"Ledger {books['cash_code']} {books['cash_name']}"[:31]
    rows = [[c.value for c in row] for row in book.active.iter_rows(min_row=6)]
    assert rows[0][2:] == ["Opening balance", None, None, 0]
    assert [(r[0].date(), r[3], r[5]) for r in rows[1:]] == [
        (FY_DAY, 12345678.9, 12345678.9),
        (FY_DAY, 150000.5, 12495679.4),
    ]


def test_a_general_ledger_file_cut_at_the_limit_says_so(client, books):
    query = {"account": books["cash"], "from_date": "2026-04-01", "to_date": "2026-06-30"}

    response = client.get(f"{BASE}/general-ledger/export/", {**query, "limit": 1, "format": "xlsx"})

    texts = [row[0].value for row in _rows(response)]
    assert texts[-1].startswith("The first 1 lines of the period")


def test_an_unknown_export_format_is_a_400_in_the_error_shape(client, books):
    response = client.get(
        f"{BASE}/trial-balance/export/", {"to_date": "2026-06-30", "format": "csv"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_choice"
    assert list(response.json()["fields"]) == ["format"]
