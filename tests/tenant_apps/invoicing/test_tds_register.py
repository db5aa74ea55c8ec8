"""The TDS register (ADR 0045): every deduction to TDS receivable (what customers deducted, to
match with Form 26AS) or TDS payable (what we deducted from vendors, for Form 26Q) of the live
payments in a period, with the party's PAN, the section and the documents settled; totals by
section and by Indian fiscal quarter. Worked examples with the numbers written out."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tenant_apps.finance.selectors import account_by_role
from tenant_apps.invoicing import reports
from tenant_apps.invoicing.models import PaymentDeduction
from tenant_apps.invoicing.services.payments import payment_cancel, payment_create
from tenant_apps.partners.models import Partner
from tests.conftest import in_schema
from tests.tenant_apps.invoicing.conftest import FY_DAY, _books, line, make_raiser

API = "/api/v1/invoicing"
FY = {"date_from": dt.date(2026, 4, 1), "date_to": dt.date(2027, 3, 31)}


def _deduct(role: str, amount: str, section: str = "") -> dict[str, Any]:
    return {"account": account_by_role(role), "amount": D(amount), "tds_section": section}


def _pay(books, kind, partner, day, amount, deductions, allocations=()):
    return payment_create(
        user=books.user,
        kind=kind,
        data={
            "partner": partner,
            "date": day,
            "account": books.bank,
            "amount": D(amount),
            "deductions": deductions,
            "allocations": list(allocations),
        },
    )


def _the_year(books, raise_document) -> dict[str, Any]:
    """Four receipts and a vendor payment across fiscal 2026-27, one receipt cancelled."""
    Partner.objects.filter(pk=books.ka.pk).update(pan="AABCK1234M")
    invoice = raise_document("invoice", books.mh, [line(books.rate("GST18"), price="84745.76")])
    bill = raise_document("bill", books.vendor, [line(books.rate("GST18"), price="10000")])
    # Q1: Pune Fabricators pay the 1,00,000 invoice with 98,000 and 2,000 TDS under 194C
    r1 = _pay(
        books,
        "receipt",
        books.mh,
        dt.date(2026, 6, 20),
        "98000",
        [_deduct("tds_receivable", "2000", "194C")],
        [(invoice, D("100000"))],
    )
    # Q2: Bengaluru Kitchens pay an advance less 500 TDS (194J) and a 100 discount
    r2 = _pay(
        books,
        "receipt",
        books.ka,
        dt.date(2026, 8, 10),
        "9400",
        [_deduct("tds_receivable", "500", "194J"), _deduct("discount_allowed", "100")],
    )
    # Q4: another 194C deduction by Pune Fabricators
    r3 = _pay(
        books,
        "receipt",
        books.mh,
        dt.date(2027, 2, 10),
        "14700",
        [_deduct("tds_receivable", "300", "194C")],
    )
    # a receipt with TDS, cancelled (the cheque bounced): left out
    bounced = _pay(
        books,
        "receipt",
        books.ka,
        dt.date(2026, 9, 1),
        "49000",
        [_deduct("tds_receivable", "1000", "194Q")],
    )
    payment_cancel(user=books.user, payment=bounced, date=dt.date(2026, 9, 5))
    # we pay Surat Steels' bill of 11,800 less 10 TDS under 194Q
    p1 = _pay(
        books,
        "payment",
        books.vendor,
        dt.date(2026, 7, 5),
        "11790",
        [_deduct("tds_payable", "10", "194Q")],
        [(bill, D("11800"))],
    )
    return {"invoice": invoice, "bill": bill, "r1": r1, "r2": r2, "r3": r3, "p1": p1}


def test_the_receivable_register_lists_customers_tds_by_section_and_quarter(books, raise_document):
    # given
    y = _the_year(books, raise_document)

    # when
    r = reports.tds_register(side="receivable", **FY)

    # then one row per TDS deduction of the live receipts: not the discount, not the bounced one
    assert [
        (
            x["date"],
            x["payment_number"],
            x["partner_name"],
            x["partner_pan"],
            x["section"],
            x["quarter"],
            [d["number"] for d in x["documents"]],
            x["settled_base"],
            x["tds_base"],
            x["rate"],
            x["amount"],
        )
        for x in r["rows"]
    ] == [
        (
            dt.date(2026, 6, 20),
            y["r1"].number,
            "Pune Fabricators",
            "AABCT1332L",  # from the GSTIN
            "194C",
            "2026-27 Q1",
            [y["invoice"].number],
            D("100000.0000"),
            D("84745.76"),  # the invoice's taxable value: TDS is on the value without GST
            D("2.3600"),
            D("2000.0000"),
        ),
        (
            dt.date(2026, 8, 10),
            y["r2"].number,
            "Bengaluru Kitchens",
            "AABCK1234M",
            "194J",
            "2026-27 Q2",
            [],  # an advance: nothing settled yet
            D("10000.0000"),
            D("10000.00"),  # an advance counts at face value
            D("5.0000"),
            D("500.0000"),
        ),
        (
            dt.date(2027, 2, 10),
            y["r3"].number,
            "Pune Fabricators",
            "AABCT1332L",
            "194C",
            "2026-27 Q4",
            [],
            D("15000.0000"),
            D("15000.00"),
            D("2.0000"),
            D("300.0000"),
        ),
    ]
    assert [(s["section"], s["count"], s["base"], s["amount"]) for s in r["by_section"]] == [
        ("194C", 2, D("99745.76"), D("2300.0000")),
        ("194J", 1, D("10000.00"), D("500.0000")),
    ]
    assert [
        (q["quarter"], q["name"], q["count"], q["base"], q["amount"]) for q in r["by_quarter"]
    ] == [
        ("2026-27 Q1", "Q1 Apr-Jun 2026-27", 1, D("84745.76"), D("2000.0000")),
        ("2026-27 Q2", "Q2 Jul-Sep 2026-27", 1, D("10000.00"), D("500.0000")),
        ("2026-27 Q4", "Q4 Jan-Mar 2026-27", 1, D("15000.00"), D("300.0000")),
    ]
    assert (r["total"], r["base_total"]) == (D("2800.0000"), D("109745.76"))


def test_the_payable_register_lists_the_tds_we_deducted_from_vendors(books, raise_document):
    # given
    y = _the_year(books, raise_document)

    # when
    r = reports.tds_register(side="payable", **FY)

    # then
    [row] = r["rows"]
    assert (
        row["payment_number"],
        row["partner_name"],
        row["partner_pan"],
        row["section"],
        row["section_label"],
        [d["number"] for d in row["documents"]],
        row["tds_base"],
        row["rate"],
        row["amount"],
    ) == (
        y["p1"].number,
        "Surat Steels",
        "AABCT1332L",
        "194Q",
        "194Q Purchase of goods",
        [y["bill"].number],
        D("10000.00"),  # the bill of 11,800 without its GST
        D("0.1000"),
        D("10.0000"),
    )
    assert [(s["section"], s["base"], s["amount"]) for s in r["by_section"]] == [
        ("194Q", D("10000.00"), D("10.0000"))
    ]
    assert [(q["quarter"], q["base"], q["amount"]) for q in r["by_quarter"]] == [
        ("2026-27 Q2", D("10000.00"), D("10.0000"))
    ]


def _a_bill_of_118000_paid_less_2000_tds(books, raise_document):
    """Surat Steels' bill of 1,18,000 (1,00,000 + 18% IGST) paid with 1,16,000 less 2,000 TDS
    under 194C; and a customer's receipt of 59,000 against half an invoice of 1,18,000 less
    500 TDS under 194J."""
    bill = raise_document("bill", books.vendor, [line(books.rate("GST18"), price="100000")])
    paid = _pay(
        books,
        "payment",
        books.vendor,
        dt.date(2026, 7, 5),
        "116000",
        [_deduct("tds_payable", "2000", "194C")],
        [(bill, D("118000"))],
    )
    invoice = raise_document("invoice", books.mh, [line(books.rate("GST18"), price="100000")])
    received = _pay(
        books,
        "receipt",
        books.mh,
        dt.date(2026, 7, 6),
        "58500",
        [_deduct("tds_receivable", "500", "194J")],
        [(invoice, D("59000"))],
    )
    return paid, received


@pytest.mark.parametrize("null_base", [False, True], ids=["base given", "base null"])
def test_the_register_shows_what_tds_was_deducted_on_without_gst(books, raise_document, null_base):
    # given the two payments; their bases null as rows written before migration 0018 are
    paid, received = _a_bill_of_118000_paid_less_2000_tds(books, raise_document)
    if null_base:
        PaymentDeduction.objects.filter(payment__in=[paid, received]).update(tds_base=None)

    # when
    payable = reports.tds_register(side="payable", **FY)
    receivable = reports.tds_register(side="receivable", **FY)

    # then the base is the bill's taxable value, at the rate deducted; a null base gets the
    # same default from the documents settled
    [row] = payable["rows"]
    assert (row["settled_base"], row["tds_base"], row["rate"], row["amount"]) == (
        D("118000.0000"),
        D("100000.00"),
        D("2.0000"),
        D("2000.0000"),
    )
    assert (payable["by_section"][0]["base"], payable["by_quarter"][0]["base"]) == (
        D("100000.00"),
        D("100000.00"),
    )
    # the customer paid half the invoice: TDS on 50,000 at 1%
    [row] = receivable["rows"]
    assert (row["tds_base"], row["rate"], receivable["base_total"]) == (
        D("50000.00"),
        D("1.0000"),
        D("50000.00"),
    )


def test_the_register_keeps_to_its_period(books, raise_document):
    # given
    y = _the_year(books, raise_document)

    # when the second quarter only
    r = reports.tds_register(
        side="receivable", date_from=dt.date(2026, 7, 1), date_to=dt.date(2026, 9, 30)
    )

    # then the 194J advance alone (the bounced 194Q receipt of September is cancelled)
    assert [x["payment_number"] for x in r["rows"]] == [y["r2"].number]
    assert (r["total"], len(r["by_quarter"])) == (D("500.0000"), 1)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 4, 1), ("2026-27", 1)),
        (dt.date(2026, 6, 30), ("2026-27", 1)),
        (dt.date(2026, 7, 1), ("2026-27", 2)),
        (dt.date(2026, 9, 30), ("2026-27", 2)),
        (dt.date(2026, 10, 1), ("2026-27", 3)),
        (dt.date(2026, 12, 31), ("2026-27", 3)),
        (dt.date(2027, 1, 1), ("2026-27", 4)),
        (dt.date(2027, 3, 31), ("2026-27", 4)),
        (dt.date(2099, 4, 1), ("2099-00", 1)),
    ],
)
def test_indian_fiscal_quarters_run_april_to_march(day, expected):
    assert reports.fy_quarter(day) == expected


# ---------------------------------------------------------------------------------------------
# Over HTTP
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def http(tenant_alpha, users, api_client) -> dict[str, Any]:
    with in_schema(tenant_alpha.schema_name):
        books = _books(users["owner_alpha"])
        _the_year(books, make_raiser(books))
    return {"client": api_client("alpha", users["owner_alpha"]), "books": books}


def test_over_http_the_register_is_json_excel_and_pdf(http):
    client = http["client"]
    query = {"side": "receivable", "date_from": "2026-04-01", "date_to": "2027-03-31"}

    body = client.get(f"{API}/reports/tds/", query).json()
    xlsx = client.get(f"{API}/reports/tds/", {**query, "format": "xlsx"})
    pdf = client.get(f"{API}/reports/tds/", {**query, "format": "pdf"})

    assert (len(body["rows"]), body["total"], body["base_total"]) == (3, "2800.0000", "109745.7600")
    assert body["rows"][0]["documents"][0]["number"].startswith("INV/26-27/")
    assert (body["rows"][0]["tds_base"], body["rows"][0]["rate"]) == ("84745.7600", "2.3600")
    assert body["by_section"][0] == {
        "section": "194C",
        "name": "194C Contractors",
        "count": 2,
        "base": "99745.7600",
        "amount": "2300.0000",
    }
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == (
        'attachment; filename="tds-receivable-2026-04-01-2027-03-31.xlsx"'
    )
    # the export's register: what the TDS was deducted on and the rate, not the gross settled
    rows = [list(r) for r in load_workbook(io.BytesIO(xlsx.content))["Register"].values]
    head = next(r for r in rows if r and r[0] == "Date")
    assert head[7:10] == ["TDS on (excl. GST)", "Rate %", "TDS"]
    assert "Settled (gross)" not in head
    first = rows[rows.index(head) + 1]
    assert [D(str(v)) for v in first[7:10]] == [D("84745.76"), D("2.36"), D("2000")]
    total = next(r for r in rows if r and r[2] == "Total")
    assert [D(str(total[7])), D(str(total[9]))] == [D("109745.76"), D("2800")]
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"side": "both", "date_from": "2026-04-01", "date_to": "2026-06-30"}, "side"),
        ({"date_from": "2026-04-01", "date_to": "2026-06-30"}, "side"),
        ({"side": "payable", "date_to": "2026-06-30"}, "date_from"),
        ({"side": "payable", "date_from": "2026-07-01", "date_to": "2026-06-30"}, "date_from"),
        ({"side": "payable", "date_from": "2026-04-01", "date_to": "2027-06-30"}, "date_to"),
    ],
    ids=["side", "no side", "no from", "reversed", "too long"],
)
def test_bad_register_queries_are_400s_in_the_error_shape(http, query, field):
    response = http["client"].get(f"{API}/reports/tds/", query)

    assert response.status_code == 400
    assert set(response.json()) == {"detail", "code", "fields"}
    assert field in response.json()["fields"]


def test_the_register_takes_the_same_queries_for_2_and_20_rows(http, tenant_alpha):
    client = http["client"]
    books = http["books"]
    query = {"side": "payable", "date_from": "2026-04-01", "date_to": "2027-03-31"}

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            body = client.get(f"{API}/reports/tds/", query).json()
        # the bill of 11,800 and the bills of 118 (100 + 18% GST), TDS on the value without GST
        assert {x["tds_base"] for x in body["rows"]} == {"10000.0000", "100.0000"}
        return len(body["rows"]), len(queries)

    def vendor_payments(n: int) -> None:
        with in_schema(tenant_alpha.schema_name):
            raise_document = make_raiser(books)
            for _ in range(n):
                bill = raise_document("bill", books.vendor, [line(books.rate("GST18"))])
                _pay(
                    books,
                    "payment",
                    books.vendor,
                    FY_DAY,
                    "117",
                    [_deduct("tds_payable", "1", "194C")],
                    [(bill, D("118"))],
                )

    def without_base() -> None:
        # rows written before migration 0018: the register computes their default
        with in_schema(tenant_alpha.schema_name):
            PaymentDeduction.objects.filter(account__role="tds_payable").update(tds_base=None)

    vendor_payments(1)
    without_base()
    rows_2, queries_2 = count()
    vendor_payments(18)
    without_base()
    rows_20, queries_20 = count()

    assert (rows_2, rows_20) == (2, 20)
    assert queries_20 == queries_2, (queries_2, queries_20)
    # the session, tenant and permission checks, then the deductions and their allocations
    assert queries_2 == 12
