"""Form 26Q of a quarter (ADR 0057): the challans and deductee rows the Return Preparation
Utility takes, the 206AA flag, challan allotment, warnings, the workbook, permissions, query
counts; and interest for late deduction under section 201(1A)(i) in the pending deductions."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D
from typing import Any

import pytest
from openpyxl import load_workbook

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.finance.selectors import account_by_role
from tenant_apps.invoicing.services.payments import payment_create
from tenant_apps.invoicing.services.tds import (
    tds_challan_create,
    tds_deductible_date,
    tds_late_deduction_interest,
    tds_late_deduction_months,
)
from tenant_apps.invoicing.tds_return import form_26q, quarter_dates
from tenant_apps.partners.services import partner_create
from tests.conftest import in_schema
from tests.permission_matrix import assert_permission_matrix
from tests.tenant_apps.invoicing.conftest import _books, line, make_raiser

API = "/api/v1/invoicing"


def _pay(books, partner, day, amount, tds, section, allocations=()):
    return payment_create(
        user=books.user,
        kind="payment",
        data={
            "partner": partner,
            "date": day,
            "account": books.bank,
            "amount": D(amount),
            "deductions": [
                {
                    "account": account_by_role("tds_payable"),
                    "amount": D(tds),
                    "tds_section": section,
                }
            ],
            "allocations": list(allocations),
        },
    )


def _challan(books, section, day, serial, ids):
    return tds_challan_create(
        user=books.user,
        data={
            "section": section,
            "date": day,
            "bsr_code": "0510308",
            "serial_number": serial,
            "account": books.bank,
            "deductions": ids,
        },
    )


def _quarter(books) -> dict[str, Any]:
    """Q1 2026-27 (April-June) of alpha:
    - bill of 10 April (10,000 + IGST 1,800) from Surat Steels (PAN AABCT1332L, a company),
      paid on 15 May less TDS 200 (194C): deductible on 10 April, deducted 15 May (late);
    - Ravi Welding (no PAN) paid 9,800 + TDS 200 (194J) on 20 June, an advance: 2%, not 20%;
    - Surat Steels paid 4,900 + TDS 100 (194C) on 30 June (the quarter's last day), not
      deposited;
    - Surat Steels paid 2,450 + TDS 50 (194C) on 1 July: Q2;
    - challan CHL-1 (194J, 5 July, serial 00011) deposits Ravi's 200;
    - challan CHL-2 (194C, 7 July, serial 00012) deposits the 15 May 200 and the 1 July 50:
      250 deposited, 200 allotted in Q1."""
    raise_document = make_raiser(books)
    bill = raise_document(
        "bill", books.vendor, [line(books.rate("GST18"), price="10000")], day=dt.date(2026, 4, 10)
    )
    ravi = partner_create(user=books.user, data={"name": "Ravi Welding", "is_vendor": True})
    late = _pay(
        books, books.vendor, dt.date(2026, 5, 15), "11600", "200", "194C", [(bill, D("11800"))]
    )
    no_pan = _pay(books, ravi, dt.date(2026, 6, 20), "9800", "200", "194J")
    pending = _pay(books, books.vendor, dt.date(2026, 6, 30), "4900", "100", "194C")
    q2 = _pay(books, books.vendor, dt.date(2026, 7, 1), "2450", "50", "194C")
    d = {
        "late": late.deductions.get(),
        "no_pan": no_pan.deductions.get(),
        "pending": pending.deductions.get(),
        "q2": q2.deductions.get(),
    }
    c1 = _challan(books, "194J", dt.date(2026, 7, 5), "00011", [d["no_pan"].pk])
    c2 = _challan(books, "194C", dt.date(2026, 7, 7), "00012", [d["late"].pk, d["q2"].pk])
    return {"books": books, "ravi": ravi, "bill": bill, "c1": c1, "c2": c2, **d}


# ---------------------------------------------------------------------------------------------
# Quarters
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fy", "quarter", "first", "last"),
    [
        ("2026-27", "Q1", dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        ("2026-27", "Q2", dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        ("2026-27", "Q3", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ("2026-27", "Q4", dt.date(2027, 1, 1), dt.date(2027, 3, 31)),
        ("1999-00", "Q4", dt.date(2000, 1, 1), dt.date(2000, 3, 31)),
    ],
)
def test_the_quarters_of_a_financial_year(fy, quarter, first, last):
    assert quarter_dates(fy, quarter) == (first, last)


@pytest.mark.parametrize(
    ("fy", "quarter", "field"),
    [
        ("2026-28", "Q1", "fy"),
        ("2026", "Q1", "fy"),
        ("26-27", "Q1", "fy"),
        ("2026-27", "Q5", "quarter"),
    ],
)
def test_a_bad_year_or_quarter_is_refused(fy, quarter, field):
    with pytest.raises(ApplicationError) as caught:
        quarter_dates(fy, quarter)
    assert list(caught.value.fields) == [field]


# ---------------------------------------------------------------------------------------------
# Late deduction (201(1A)(i))
# ---------------------------------------------------------------------------------------------
def test_tds_is_deductible_at_the_earlier_of_the_bill_and_the_payment():
    # a bill credited before the payment: from the bill
    assert tds_deductible_date(dt.date(2026, 5, 15), [dt.date(2026, 4, 10)]) == dt.date(2026, 4, 10)
    # an advance (no bill yet) or a bill dated after the payment: from the payment
    assert tds_deductible_date(dt.date(2026, 5, 15), []) == dt.date(2026, 5, 15)
    assert tds_deductible_date(dt.date(2026, 5, 15), [dt.date(2026, 6, 1)]) == dt.date(2026, 5, 15)
    # several bills: the earliest
    assert tds_deductible_date(
        dt.date(2026, 5, 15), [dt.date(2026, 5, 2), dt.date(2026, 3, 31)]
    ) == dt.date(2026, 3, 31)


def test_late_deduction_counts_every_calendar_month_touched():
    # deducted when deductible: nil
    assert tds_late_deduction_months(dt.date(2026, 4, 10), dt.date(2026, 4, 10)) == 0
    # later in the same month: a part of a month is a month
    assert tds_late_deduction_months(dt.date(2026, 4, 10), dt.date(2026, 4, 25)) == 1
    # bill of 10 April, paid less TDS on 15 May: April and May
    assert tds_late_deduction_months(dt.date(2026, 4, 10), dt.date(2026, 5, 15)) == 2
    # 31 March to 1 April: March and April, across the year
    assert tds_late_deduction_months(dt.date(2026, 3, 31), dt.date(2026, 4, 1)) == 2
    # December to February: three
    assert tds_late_deduction_months(dt.date(2026, 12, 20), dt.date(2027, 2, 1)) == 3
    # 1% a month on 2,000 for 2 months = 40.00; on 333.33 for 3 months = 10.00 (9.9999)
    assert tds_late_deduction_interest(D("2000"), dt.date(2026, 4, 10), dt.date(2026, 5, 15)) == D(
        "40.00"
    )
    assert tds_late_deduction_interest(D("333.33"), dt.date(2026, 4, 10), dt.date(2026, 6, 1)) == D(
        "10.00"
    )


# ---------------------------------------------------------------------------------------------
# Form 26Q
# ---------------------------------------------------------------------------------------------
def test_form_26q_of_q1_lists_its_challans_and_deductees(books):
    # given
    q = _quarter(books)

    # when
    r = form_26q(fy="2026-27", quarter="Q1")

    # then the challans by date of deposit, numbered as the deductee rows cite them
    assert [
        (c["serial"], c["section"], c["tds"], c["bsr_code"], c["date"], c["serial_number"])
        for c in r["challans"]
    ] == [
        (1, "194J", D("200"), "0510308", dt.date(2026, 7, 5), "00011"),
        (2, "194C", D("250"), "0510308", dt.date(2026, 7, 7), "00012"),
    ]
    assert [(c["minor_head"], c["allotted"], c["deductee_count"]) for c in r["challans"]] == [
        ("200", D("200"), 1),
        ("200", D("200"), 1),
    ]
    # one row per deduction of the quarter (30 June in, 1 July out)
    rows = r["deductees"]
    assert [x["deduction_id"] for x in rows] == [q["late"].pk, q["no_pan"].pk, q["pending"].pk]
    late, no_pan, pending = rows
    assert (late["challan_serial"], late["section"], late["deductee_code"], late["pan"]) == (
        2,
        "194C",
        "01",
        "AABCT1332L",
    )
    # the bill of 10 April was credited before the payment of 15 May: the date of credit,
    # and two months of interest for late deduction at 1% on 200
    assert (late["credit_date"], late["deduction_date"], late["deposit_date"]) == (
        dt.date(2026, 4, 10),
        dt.date(2026, 5, 15),
        dt.date(2026, 7, 7),
    )
    # amount paid/credited: the bill's 10,000 without its IGST 1,800 (ADR 0060), so 2%
    assert (late["amount_paid"], late["tds"], late["total_deposited"], late["rate"]) == (
        D("10000"),
        D("200"),
        D("200"),
        D("2.0000"),
    )
    assert (late["late_deduction_months"], late["late_deduction_interest"]) == (2, D("4.00"))
    assert (late["reason"], late["higher_rate"]) == ("", False)
    # no PAN: PANNOTAVBL, reason C, the 206AA flag; an advance is deductible when paid
    assert (no_pan["pan"], no_pan["pan_valid"], no_pan["deductee_code"]) == (
        "PANNOTAVBL",
        False,
        "02",
    )
    assert (no_pan["reason"], no_pan["higher_rate"], no_pan["rate"]) == ("C", True, D("2.0000"))
    assert (no_pan["credit_date"], no_pan["late_deduction_months"]) == (dt.date(2026, 6, 20), 0)
    # not deposited: no challan, nothing deposited
    assert (pending["challan_serial"], pending["deposit_date"], pending["total_deposited"]) == (
        None,
        None,
        D("0"),
    )
    assert (r["tds_total"], r["deposited_total"], r["late_deduction_interest"]) == (
        D("500"),
        D("400"),
        D("4.00"),
    )


def test_form_26q_warns_of_what_the_ca_must_look_at(books):
    # given
    q = _quarter(books)

    # when
    warnings = form_26q(fy="2026-27", quarter="Q1")["warnings"]

    # then
    assert [(w["code"], w["deduction_id"], w["challan_id"]) for w in warnings] == [
        ("not_deposited", q["pending"].pk, None),
        ("no_pan", None, None),
        ("challan_mismatch", None, q["c2"].pk),
    ]
    assert "Ravi Welding has no PAN" in warnings[1]["message"]
    assert f"Deducted below 20%: {q['no_pan'].payment.number} at 2%" in warnings[1]["message"]
    assert "deposited TDS 250.00 but" in warnings[2]["message"]
    assert "come to 200.00" in warnings[2]["message"]


def test_q2_takes_the_challan_with_the_july_deduction(books):
    q = _quarter(books)
    r = form_26q(fy="2026-27", quarter="Q2")
    assert [x["deduction_id"] for x in r["deductees"]] == [q["q2"].pk]
    assert [(c["serial"], c["number"], c["allotted"]) for c in r["challans"]] == [
        (1, q["c2"].number, D("50"))
    ]
    # an empty quarter is empty, without warnings
    empty = form_26q(fy="2026-27", quarter="Q3")
    assert (empty["challans"], empty["deductees"], empty["warnings"]) == ([], [], [])


def test_a_cancelled_payment_and_customer_tds_are_not_in_26q(books):
    # given a customer's TDS on a receipt (TDS receivable: we are the deductee)
    payment_create(
        user=books.user,
        kind="receipt",
        data={
            "partner": books.mh,
            "date": dt.date(2026, 5, 5),
            "account": books.bank,
            "amount": D("9900"),
            "deductions": [
                {
                    "account": account_by_role("tds_receivable"),
                    "amount": D("100"),
                    "tds_section": "194C",
                }
            ],
        },
    )
    assert form_26q(fy="2026-27", quarter="Q1")["deductees"] == []


# ---------------------------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def q1(tenant_alpha, users) -> dict[str, Any]:
    with in_schema(tenant_alpha.schema_name):
        return _quarter(_books(users["owner_alpha"]))


def test_form_26q_over_http_json_and_workbook(api_client, users, q1):
    client = api_client("alpha", users["owner_alpha"])
    # JSON for the page
    data = client.get(f"{API}/tds/returns/26q/?fy=2026-27&quarter=Q1").json()
    assert [c["serial_number"] for c in data["challans"]] == ["00011", "00012"]
    assert [(x["pan"], x["reason"], x["higher_rate"]) for x in data["deductees"]] == [
        ("AABCT1332L", "", False),
        ("PANNOTAVBL", "C", True),
        ("AABCT1332L", "", False),
    ]
    assert data["deductees"][0]["credit_date"] == "2026-04-10"
    assert [w["code"] for w in data["warnings"]] == ["not_deposited", "no_pan", "challan_mismatch"]

    # the workbook: the two sheets the RPU takes
    response = client.get(f"{API}/tds/returns/26q/?fy=2026-27&quarter=Q1&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="form-26q-2026-27-Q1.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Challan details", "Deductee details"]
    challans = [list(r) for r in book["Challan details"].iter_rows(min_row=5, values_only=True)]
    assert challans[0] == [
        "Sr. No.",
        "Section code",
        "TDS",
        "Surcharge",
        "Education cess",
        "Interest",
        "Fee",
        "Others",
        "Total tax deposited",
        "BSR code",
        "Date on which tax deposited",
        "Challan serial no.",
        "Minor head of challan",
        "Our challan",
    ]
    assert challans[1] == [
        "1",
        "194J",
        200,
        0,
        0,
        0,
        0,
        0,
        200,
        "0510308",
        dt.datetime(2026, 7, 5),
        "00011",
        "200",
        q1["c1"].number,
    ]
    assert challans[2][:3] == ["2", "194C", 250]
    deductees = [list(r) for r in book["Deductee details"].iter_rows(min_row=5, values_only=True)]
    header = deductees[0]
    assert header[:8] == [
        "Sr. No.",
        "Challan serial (row of Challan details)",
        "Section code",
        "Deductee code",
        "PAN of the deductee",
        "Name of the deductee",
        "Date of payment/credit",
        "Amount paid/credited",
    ]
    late, no_pan, pending = deductees[1:4]
    assert late[:9] == [
        "1",
        "2",
        "194C",
        "01",
        "AABCT1332L",
        "Surat Steels",
        dt.datetime(2026, 4, 10),
        10000,
        200,
    ]
    assert late[header.index("Date of deduction")] == dt.datetime(2026, 5, 15)
    assert late[header.index("Date of deposit")] == dt.datetime(2026, 7, 7)
    assert late[header.index("Rate at which deducted")] == pytest.approx(2.0)
    col = header.index("Reason for non-deduction/lower/higher deduction")
    assert (no_pan[4], no_pan[col], no_pan[col + 1]) == ("PANNOTAVBL", "C", "Y")
    assert (pending[1], pending[header.index("Total tax deposited")]) == (None, 0)
    # the warnings are in the notes under the report
    text = [c for r in book["Deductee details"].iter_rows(values_only=True) for c in r if c]
    assert any(str(c).startswith("Warning: Ravi Welding has no PAN") for c in text)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("fy=2026-28&quarter=Q1", "fy"),
        ("fy=2026-27&quarter=Q9", "quarter"),
        ("quarter=Q1", "fy"),
        ("fy=2026-27&quarter=Q1&format=pdf", "format"),
    ],
)
def test_bad_26q_parameters_are_400s_in_the_error_shape(api_client, users, q1, query, field):
    response = api_client("alpha", users["owner_alpha"]).get(f"{API}/tds/returns/26q/?{query}")
    assert response.status_code == 400
    payload = response.json()
    assert set(payload) == {"detail", "code", "fields"}
    assert field in payload["fields"]


@pytest.mark.parametrize(
    ("suffix", "permission"),
    [("", "invoicing.tds_challan.view"), ("&format=xlsx", "invoicing.tds_challan.export")],
)
def test_form_26q_reuses_the_tds_permissions(tenant_alpha, q1, suffix, permission):
    response = assert_permission_matrix(
        method="get",
        path=f"{API}/tds/returns/26q/?fy=2026-27&quarter=Q1{suffix}",
        tenant=tenant_alpha,
        permission=permission,
    )
    if suffix:
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


# Request overhead (domain, session, user, member access) + the deductions (payment, partner
# and challan joined) + the bills they settled, each after its search_path: the same for any
# number of rows.
FORM_26Q_QUERIES = 12


def test_form_26q_runs_a_fixed_number_of_queries(
    api_client, users, tenant_alpha, q1, django_assert_num_queries
):
    client = api_client("alpha", users["owner_alpha"])
    url = f"{API}/tds/returns/26q/?fy=2026-27&quarter=Q1"
    assert client.get(url).status_code == 200
    with django_assert_num_queries(FORM_26Q_QUERIES):
        assert len(client.get(url).json()["deductees"]) == 3
    with in_schema(tenant_alpha.schema_name):
        books = q1["books"]
        raise_document = make_raiser(books)
        for k in range(4):
            bill = raise_document(
                "bill",
                books.vendor,
                [line(books.rate("GST18"), price="1000")],
                day=dt.date(2026, 5, 1 + k),
            )
            p = _pay(
                books,
                books.vendor,
                dt.date(2026, 6, 1 + k),
                "1170",
                "10",
                "194C",
                [(bill, D("1180"))],
            )
            if k < 2:
                _challan(books, "194C", dt.date(2026, 7, 7), f"0020{k}", [p.deductions.get().pk])
    with django_assert_num_queries(FORM_26Q_QUERIES):
        assert len(client.get(url).json()["deductees"]) == 7


def test_the_pending_deductions_carry_the_interest_for_late_deduction(
    api_client, users, tenant_alpha, q1
):
    # given a second bill of 10 April (1,000 + IGST 180) paid on 15 May less TDS 100 (194C),
    # not deposited, beside the 30 June deduction (an advance: deductible when paid)
    with in_schema(tenant_alpha.schema_name):
        books = q1["books"]
        bill = make_raiser(books)(
            "bill",
            books.vendor,
            [line(books.rate("GST18"), price="1000")],
            day=dt.date(2026, 4, 10),
        )
        late = _pay(
            books, books.vendor, dt.date(2026, 5, 15), "1080", "100", "194C", [(bill, D("1180"))]
        ).deductions.get()
    client = api_client("alpha", users["owner_alpha"])

    # when deposited on 10 July
    rows = client.get(f"{API}/tds/pending/?section=194C&date=2026-07-10").json()

    # then the late deduction: April and May at 1% on 100 = 2.00, beside the late deposit:
    # May, June and July at 1.5% = 4.50; the 30 June deduction: deducted when deductible
    # (June and July of late deposit at 1.5% on 100 = 3.00)
    assert [
        (
            r["id"],
            r["deductible_date"],
            r["late_deduction_months"],
            r["late_deduction_interest"],
            r["interest_months"],
            r["interest"],
        )
        for r in rows
    ] == [
        (late.pk, "2026-04-10", 2, "2.00", 3, "4.50"),
        (q1["pending"].pk, "2026-06-30", 0, "0.00", 2, "3.00"),
    ]
