"""Opening balances page (ADR 0046): HSN optional only on opening documents, the template, the
all-or-nothing import of open invoices and bills, who may import, and the summary."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from tenant_apps.finance.models import JournalEntry
from tenant_apps.invoicing.models import Document, DocumentLine
from tenant_apps.invoicing.services.opening import COLUMNS
from tests.conftest import in_schema
from tests.permission_matrix import (
    NOT_AUTHENTICATED,
    NOT_FOUND,
    PERMISSION_DENIED,
    member_with_permissions,
    tenant_client,
)
from tests.tenant_apps.invoicing.conftest import _books

API = "/api/v1/invoicing"
IMPORT = f"{API}/opening-balances/import/"
ALL_FOUR = [
    "invoicing.invoice.create",
    "invoicing.invoice.approve",
    "invoicing.bill.create",
    "invoicing.bill.approve",
]


@pytest.fixture
def ob(tenant_alpha, users) -> dict[str, Any]:
    with in_schema(tenant_alpha.schema_name):
        books = _books(users["owner_alpha"])
        return {
            "books": books,
            "mh": books.mh.code,
            "ka": books.ka.code,
            "vendor": books.vendor.code,
            "rate0": books.rate("GST0").pk,
            "rate18": books.rate("GST18").pk,
        }


@pytest.fixture
def owner(api_client, users):
    return api_client("alpha", users["owner_alpha"])


def _workbook(rows: list[list[Any]], header: list[str] | None = None) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header or list(COLUMNS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "opening.xlsx"
    return out


def _state(tenant: Any) -> Any:
    with in_schema(tenant.schema_name):
        return (
            list(Document.objects.order_by("pk").values_list("pk", "number", "status")),
            DocumentLine.objects.count(),
            JournalEntry.objects.count(),
        )


# ---------------------------------------------------------------------------------------------
# HSN
# ---------------------------------------------------------------------------------------------
def _doc(partner_id: int, rate: int, *, hsn: str | None, is_opening: bool) -> dict[str, Any]:
    line: dict[str, Any] = {
        "description": "Balance of OLD/1",
        "quantity": "1",
        "unit_price": "1000.00",
        "tax_rate": rate,
    }
    if hsn is not None:
        line["hsn_sac"] = hsn
    return {"partner": partner_id, "date": "2026-04-01", "is_opening": is_opening, "lines": [line]}


@pytest.mark.parametrize("hsn", [None, ""])
def test_an_opening_invoice_needs_no_hsn(owner, ob, tenant_alpha, hsn):
    body = _doc(ob["books"].mh.pk, ob["rate0"], hsn=hsn, is_opening=True)

    created = owner.post(f"{API}/invoices/", body, format="json")
    assert created.status_code == 201, created.json()
    posted = owner.post(f"{API}/invoices/{created.json()['id']}/post/")

    assert posted.status_code == 200, posted.json()
    assert posted.json()["number"] == "OB/26-27/00001"
    assert posted.json()["lines"][0]["hsn_sac"] == ""


@pytest.mark.parametrize("hsn", [None, ""])
def test_any_other_document_still_needs_its_hsn_and_nothing_is_written(
    owner, ob, tenant_alpha, hsn
):
    before = _state(tenant_alpha)
    body = _doc(ob["books"].mh.pk, ob["rate18"], hsn=hsn, is_opening=False)

    response = owner.post(f"{API}/invoices/", body, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Some lines are not valid.",
        "code": "invalid",
        "fields": {"lines.0.hsn_sac": ["An HSN/SAC code has 4, 6 or 8 digits."]},
    }
    assert _state(tenant_alpha) == before


def test_unticking_opening_on_a_draft_without_hsn_is_refused(owner, ob, tenant_alpha):
    body = _doc(ob["books"].mh.pk, ob["rate0"], hsn="", is_opening=True)
    draft = owner.post(f"{API}/invoices/", body, format="json").json()

    response = owner.patch(f"{API}/invoices/{draft['id']}/", {"is_opening": False}, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "lines.0.hsn_sac": ["An HSN/SAC code has 4, 6 or 8 digits."]
    }


def test_a_malformed_hsn_is_refused_even_on_an_opening_document(owner, ob):
    body = _doc(ob["books"].mh.pk, ob["rate0"], hsn="84A9", is_opening=True)

    response = owner.post(f"{API}/invoices/", body, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "lines.0.hsn_sac": ["An HSN/SAC code has 4, 6 or 8 digits."]
    }


# ---------------------------------------------------------------------------------------------
# Template
# ---------------------------------------------------------------------------------------------
def test_the_template_has_the_columns_and_an_example_of_each_type(owner, ob):
    response = owner.get(f"{API}/opening-balances/template/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="opening-balances.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(COLUMNS)
    assert [r[0] for r in rows[1:]] == ["invoice", "bill"]


# ---------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------
def test_the_import_creates_and_posts_invoices_and_bills_in_inr_and_usd(owner, ob, tenant_alpha):
    upload = _workbook(
        [
            [
                "invoice",
                ob["mh"],
                "2026-04-01",
                "OLD/1187",
                "2026-04-30",
                12345.67,
                None,
                None,
                "Balance of OLD/1187",
            ],
            ["Invoice", ob["ka"], "01/04/2026", "OLD/1190", None, "2000", "USD", 83.5, None],
            [None, None, None, None, None, None, None, None, None],  # blank rows are skipped
            ["bill", ob["vendor"], "2026-04-01", "SS/889", None, 50000, "INR", 1, None],
        ]
    )

    response = owner.post(IMPORT, {"file": upload}, format="multipart")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["created"] == 3
    assert [
        (d["kind"], d["number"], d["status"], d["reference"], d["currency"], d["total"])
        for d in body["documents"]
    ] == [
        ("invoice", "OB/26-27/00001", "posted", "OLD/1187", "INR", "12345.6700"),
        ("invoice", "OB/26-27/00002", "posted", "OLD/1190", "USD", "2000.0000"),
        ("bill", "OB/26-27/00003", "posted", "SS/889", "INR", "50000.0000"),
    ]
    with in_schema(tenant_alpha.schema_name):
        docs = list(Document.objects.order_by("pk"))
        assert [(d.is_opening, d.total_base, str(d.due_date)) for d in docs][:2] == [
            (True, D("12345.67"), "2026-04-30"),
            (True, D("167000.00"), "2026-04-01"),
        ]
        line = docs[0].lines.get()
        assert (line.hsn_sac, line.quantity, line.unit_price, line.tax_rate.code) == (
            "",
            D("1"),
            D("12345.67"),
            "GST0",
        )
        assert line.description == "Balance of OLD/1187"
        assert docs[1].lines.get().description == "Opening balance: invoice OLD/1190"


def test_a_date_without_a_fiscal_year_is_a_row_error_and_nothing_is_written(
    owner, ob, tenant_alpha
):
    # given a good row, then a row dated before any fiscal year (it fails while posting)
    before = _state(tenant_alpha)
    upload = _workbook(
        [
            ["invoice", ob["mh"], "2026-04-01", "OLD/1", None, 100, None, None, None],
            ["invoice", ob["mh"], "2019-04-01", "OLD/2", None, 100, None, None, None],
        ]
    )

    response = owner.post(IMPORT, {"file": upload}, format="multipart")

    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "import_invalid"
    assert list(response.json()["fields"]) == ["rows.3.date"]
    assert _state(tenant_alpha) == before


def test_every_bad_row_is_reported_beside_its_column_and_nothing_is_written(
    owner, ob, tenant_alpha
):
    before = _state(tenant_alpha)
    good = ["invoice", ob["mh"], "2026-04-01", "OLD/1", None, 100, None, None, None]
    upload = _workbook(
        [
            good,
            ["credit", ob["mh"], "2026-04-01", "OLD/2", None, 100, None, None, None],
            ["invoice", "NOPE", "2026-04-01", "OLD/3", None, 100, None, None, None],
            ["invoice", ob["vendor"], "2026-04-01", "OLD/4", None, 100, None, None, None],
            ["bill", ob["mh"], "2026-04-01", "OLD/5", None, 100, None, None, None],
            ["invoice", ob["mh"], "tomorrow", "OLD/6", None, 100, None, None, None],
            ["invoice", ob["mh"], "2026-04-10", "OLD/7", "2026-04-01", 100, None, None, None],
            ["invoice", ob["mh"], "2026-04-01", None, None, 100, None, None, None],
            ["invoice", ob["mh"], "2026-04-01", "OLD/9", None, 0, None, None, None],
            ["invoice", ob["mh"], "2026-04-01", "OLD/10", None, "ten", None, None, None],
            ["invoice", ob["mh"], "2026-04-01", "OLD/11", None, "10.005", None, None, None],
            ["invoice", ob["mh"], "2026-04-01", "OLD/12", None, 100, "USD", None, None],
            ["invoice", ob["mh"], "2026-04-01", "OLD/13", None, 100, None, 2, None],
            ["invoice", ob["mh"], "2026-04-01", "OLD/14", None, 100, "dollars", None, None],
            ["invoice", ob["mh"], "2026-04-01", "OLD/15", None, 100, "USD", -1, None],
            ["invoice", ob["mh"], "2026-04-01", "old/1", None, 100, None, None, None],
            [None, ob["mh"], "2026-04-01", "OLD/17", None, 100, None, None, "x" * 501],
        ]
    )

    response = owner.post(IMPORT, {"file": upload}, format="multipart")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_invalid"
    assert body["detail"] == "16 row(s) have errors; nothing was imported."
    assert body["fields"] == {
        "rows.3.type": ["Write invoice (a customer owes you) or bill (you owe a vendor)."],
        "rows.4.partner_code": ["No partner with code NOPE."],
        "rows.5.partner_code": [f"{ob['vendor']} is not a customer."],
        "rows.6.partner_code": [f"{ob['mh']} is not a vendor."],
        "rows.7.date": ["A date, as YYYY-MM-DD or DD/MM/YYYY."],
        "rows.8.due_date": ["Before the date."],
        "rows.9.reference": ["The document's number in your previous books."],
        "rows.10.amount": ["Greater than zero (leave paid documents out)."],
        "rows.11.amount": ["A number: the amount still outstanding."],
        "rows.12.amount": ["At most 2 decimal places."],
        "rows.13.exchange_rate": ["Required: the USD to INR rate."],
        "rows.14.exchange_rate": ["Leave empty (or 1) for INR."],
        "rows.15.currency": ["A three-letter currency code (INR, USD…)."],
        "rows.16.exchange_rate": ["A positive number."],
        "rows.17.reference": ["Duplicate of row 2."],
        "rows.18.description": ["At most 500 characters."],
        "rows.18.type": ["Write invoice (a customer owes you) or bill (you owe a vendor)."],
    }
    assert _state(tenant_alpha) == before


def test_a_reference_already_brought_forward_is_refused_so_a_file_is_not_imported_twice(
    owner, ob, tenant_alpha
):
    rows = [["invoice", ob["mh"], "2026-04-01", "OLD/1", None, 100, None, None, None]]
    assert owner.post(IMPORT, {"file": _workbook(rows)}, format="multipart").status_code == 201
    before = _state(tenant_alpha)

    response = owner.post(IMPORT, {"file": _workbook(rows)}, format="multipart")

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "rows.2.reference": ["Already brought forward as OB/26-27/00001."]
    }
    assert _state(tenant_alpha) == before


def test_the_same_reference_for_another_partner_or_side_is_allowed(owner, ob):
    rows = [
        ["invoice", ob["mh"], "2026-04-01", "A/1", None, 100, None, None, None],
        ["invoice", ob["ka"], "2026-04-01", "A/1", None, 100, None, None, None],
    ]
    response = owner.post(IMPORT, {"file": _workbook(rows)}, format="multipart")
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(
    ("content", "header", "code"),
    [
        (b"not a workbook", None, "invalid_file"),
        (None, ["type", "partner", "date"], "invalid_header"),
        (None, None, "import_empty"),
    ],
)
def test_a_bad_file_is_a_400_in_the_error_shape(owner, ob, tenant_alpha, content, header, code):
    before = _state(tenant_alpha)
    if content is None:
        upload = _workbook([], header=header)
    else:
        upload = io.BytesIO(content)
        upload.name = "x.xlsx"

    response = owner.post(IMPORT, {"file": upload}, format="multipart")

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert set(response.json()) == {"detail", "code", "fields"}
    assert _state(tenant_alpha) == before


# ---------------------------------------------------------------------------------------------
# Who may import (the endpoint's own matrix: any of the four codes opens it; each row type
# needs its create and approve codes)
# ---------------------------------------------------------------------------------------------
def _both(ob: dict[str, Any]) -> io.BytesIO:
    return _workbook(
        [
            ["invoice", ob["mh"], "2026-04-01", "OLD/1", None, 100, None, None, None],
            ["bill", ob["vendor"], "2026-04-01", "SS/1", None, 100, None, None, None],
        ]
    )


def test_who_may_import(ob, tenant_alpha, tenant_beta):
    before = _state(tenant_alpha)

    anonymous = tenant_client(tenant_alpha).post(IMPORT, {"file": _both(ob)}, format="multipart")
    assert anonymous.status_code in (401, 403)
    assert anonymous.json() == NOT_AUTHENTICATED

    outsider = member_with_permissions(tenant=tenant_beta, permissions=ALL_FOUR)
    response = tenant_client(tenant_alpha, outsider).post(
        IMPORT, {"file": _both(ob)}, format="multipart"
    )
    assert (response.status_code, response.json()) == (404, NOT_FOUND)

    from tenant_apps.access.registry import permission_codes

    none_of_them = member_with_permissions(
        tenant=tenant_alpha, permissions=set(permission_codes() - set(ALL_FOUR))
    )
    for path in (IMPORT, f"{API}/opening-balances/template/"):
        client = tenant_client(tenant_alpha, none_of_them)
        response = (
            client.post(path, {"file": _both(ob)}, format="multipart")
            if path == IMPORT
            else client.get(path)
        )
        assert (response.status_code, response.json()) == (403, PERMISSION_DENIED)

    invoices_only = member_with_permissions(tenant=tenant_alpha, permissions=ALL_FOUR[:2])
    response = tenant_client(tenant_alpha, invoices_only).post(
        IMPORT, {"file": _both(ob)}, format="multipart"
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Importing bills creates and posts them: you need invoicing.bill.create, "
        "invoicing.bill.approve.",
        "code": "permission_denied",
        "fields": {},
    }
    assert _state(tenant_alpha) == before

    bills_only = member_with_permissions(tenant=tenant_alpha, permissions=ALL_FOUR[2:])
    assert (
        tenant_client(tenant_alpha, bills_only).get(f"{API}/opening-balances/template/")
    ).status_code == 200

    everything = member_with_permissions(tenant=tenant_alpha, permissions=ALL_FOUR)
    response = tenant_client(tenant_alpha, everything).post(
        IMPORT, {"file": _both(ob)}, format="multipart"
    )
    assert response.status_code == 201, response.json()


def test_creating_without_approving_may_not_import(ob, tenant_alpha):
    clerk = member_with_permissions(
        tenant=tenant_alpha, permissions=["invoicing.invoice.create", "invoicing.bill.create"]
    )
    rows = [["invoice", ob["mh"], "2026-04-01", "OLD/1", None, 100, None, None, None]]

    response = tenant_client(tenant_alpha, clerk).post(
        IMPORT, {"file": _workbook(rows)}, format="multipart"
    )

    assert response.status_code == 403
    assert "invoicing.invoice.approve" in response.json()["detail"]


# ---------------------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------------------
def test_the_summary_nets_the_documents_against_the_opening_trial_balance(owner, ob, tenant_alpha):
    from tenant_apps.finance.selectors import account_by_role
    from tenant_apps.finance.services import (
        DraftLine,
        journal_entry_create,
        journal_entry_post,
    )

    # given an opening invoice of 12,000 (Dr receivable, Cr opening) and a USD bill of
    # 100 x 80 = 8,000 (Dr opening, Cr payable)
    rows = [
        ["invoice", ob["mh"], "2026-04-01", "OLD/1", None, 12000, None, None, None],
        ["bill", ob["vendor"], "2026-04-01", "SS/1", None, 100, "USD", 80, None],
    ]
    assert owner.post(IMPORT, {"file": _workbook(rows)}, format="multipart").status_code == 201

    summary = owner.get(f"{API}/opening-balances/")
    assert summary.status_code == 200
    body = summary.json()
    assert (body["balance"], body["credit"], body["debit"]) == (
        "4000.0000",
        "12000.0000",
        "8000.0000",
    )
    assert body["account"]["code"] == "3300"
    assert body["invoices"] == {
        "count": 1,
        "drafts": 0,
        "total_base": "12000.0000",
        "open_base": "12000.0000",
    }
    assert body["bills"] == {
        "count": 1,
        "drafts": 0,
        "total_base": "8000.0000",
        "open_base": "8000.0000",
    }
    assert body["entries"] == []

    # when the opening trial balance brings the other 4,000 (Dr opening, Cr capital) in
    with in_schema(tenant_alpha.schema_name):
        from tenant_apps.finance.models import Account

        capital = (
            Account.objects.filter(type="equity", is_group=False)
            .exclude(role="opening_balance")
            .order_by("code")
            .first()
        )
        assert capital is not None
        entry = journal_entry_create(
            user=ob["books"].user,
            date=dt.date(2026, 4, 1),
            narration="Opening trial balance",
            lines=[
                DraftLine(account_id=account_by_role("opening_balance").pk, debit=D("4000")),
                DraftLine(account_id=capital.pk, credit=D("4000")),
            ],
        )
        entry = journal_entry_post(user=ob["books"].user, entry_id=entry.pk)

    # then the account nets to zero and the entry is listed
    body = owner.get(f"{API}/opening-balances/").json()
    assert body["balance"] == "0.0000"
    assert [(e["id"], e["debit"], e["credit"], e["status"]) for e in body["entries"]] == [
        (entry.pk, "4000.0000", "0.0000", "posted")
    ]


def test_the_opening_documents_list_filters_by_is_opening(owner, ob):
    rows = [["invoice", ob["mh"], "2026-04-01", "OLD/1", None, 100, None, None, None]]
    owner.post(IMPORT, {"file": _workbook(rows)}, format="multipart")
    body = _doc(ob["books"].mh.pk, ob["rate18"], hsn="8419", is_opening=False)
    owner.post(f"{API}/invoices/", body, format="json")

    listed = owner.get(f"{API}/invoices/?is_opening=true").json()

    assert [d["reference"] for d in listed["results"]] == ["OLD/1"]
