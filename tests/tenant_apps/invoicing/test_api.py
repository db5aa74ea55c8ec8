"""The invoicing API over HTTP: the four-actor matrix over every endpoint, bad input as 400 in
the error shape with nothing written, fixed query counts on lists, the PDF and Excel files."""

from __future__ import annotations

import datetime as dt
import io
import re
import zlib
from decimal import Decimal as D
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from openpyxl import load_workbook

from tenant_apps.core.exports.pdf import report_html
from tenant_apps.core.models import CompanySettings
from tenant_apps.finance.models import JournalEntry
from tenant_apps.invoicing import report_tables, reports
from tenant_apps.invoicing.models import (
    Allocation,
    Document,
    DocumentLine,
    EInvoice,
    EWayBill,
    Gstr2bLine,
    Gstr2bReturn,
    InvoiceSettings,
    Payment,
    PaymentDeduction,
    RecurringInvoice,
    SentEmail,
    TaxRate,
)
from tenant_apps.invoicing.services.payments import payment_create
from tenant_apps.partners.models import Partner
from tests.conftest import in_schema
from tests.permission_matrix import Multipart, assert_permission_matrix
from tests.tenant_apps.invoicing.conftest import (
    COMPANY_GSTIN,
    FY_DAY,
    _books,
    b2b,
    line,
    make_raiser,
    portal_file,
)

API = "/api/v1/invoicing"


def _state(tenant: Any) -> Any:
    with in_schema(tenant.schema_name):
        return (
            [model_to_dict(d) for d in Document.objects.order_by("pk")],
            list(DocumentLine.objects.order_by("pk").values_list("pk", "document_id", "total")),
            [model_to_dict(p) for p in Payment.objects.order_by("pk")],
            [model_to_dict(d) for d in PaymentDeduction.objects.order_by("pk")],
            list(Allocation.objects.order_by("pk").values_list("pk", "amount")),
            list(SentEmail.objects.order_by("pk").values_list("pk", "to")),
            list(TaxRate.objects.order_by("pk").values_list("pk", "name", "valid_to", "is_active")),
            list(InvoiceSettings.objects.values_list("address", "bank_ifsc")),
            JournalEntry.objects.count(),
            list(Partner.objects.order_by("pk").values_list("pk", "name", "is_active")),
            list(RecurringInvoice.objects.order_by("pk").values_list("pk", "is_active")),
            list(EInvoice.objects.order_by("pk").values_list("pk", "status")),
            list(EWayBill.objects.order_by("pk").values_list("pk", "number", "status")),
            list(Gstr2bReturn.objects.order_by("pk").values_list("pk", "period", "file_name")),
            list(Gstr2bLine.objects.order_by("pk").values_list("pk", "document_id")),
        )


@pytest.fixture
def targets(tenant_alpha, users) -> dict[str, Any]:
    from tenant_apps.finance.selectors import account_by_role

    with in_schema(tenant_alpha.schema_name):
        books = _books(users["owner_alpha"])
        make = make_raiser(books)
        rate = books.rate("GST18")
        invoice = make("invoice", books.mh, [line(rate, qty="10")])
        bill = make("bill", books.vendor, [line(rate, qty="5")], reference="SS-1")
        note = make("credit_note", books.mh, [line(rate, qty="1")], original=invoice, post=False)
        posted_note = make("credit_note", books.mh, [line(rate, qty="1")])
        receipt = payment_create(
            user=books.user,
            kind="receipt",
            data={"partner": books.mh, "date": FY_DAY, "account": books.bank, "amount": D("500")},
        )
        from tenant_apps.invoicing.services.recurring import recurring_create

        schedule = recurring_create(
            user=books.user, template=invoice, frequency="monthly", start_date=FY_DAY
        )
        statement = _gstr2b_month(books, bill)
        return {
            "books": books,
            "rate": rate.pk,
            "invoice": invoice.pk,
            "schedule": schedule.pk,
            "gstr2b_line": statement.lines.get().pk,
            "draft_invoice": make("invoice", books.mh, [line(rate)], post=False).pk,
            "draft_invoice2": make("invoice", books.mh, [line(rate)], post=False).pk,
            "bill": bill.pk,
            "draft_bill": make("bill", books.vendor, [line(rate)], post=False).pk,
            "draft_bill2": make("bill", books.vendor, [line(rate)], post=False).pk,
            "note": note.pk,
            "note2": make("credit_note", books.mh, [line(rate)], post=False).pk,
            "posted_note": posted_note.pk,
            "receipt": receipt.pk,
            "mh": books.mh.pk,
            "vendor": books.vendor.pk,
            "bank": books.bank.pk,
            "tds": account_by_role("tds_receivable").pk,
        }


def _gstr2b_month(books: Any, bill: Any) -> Any:
    """June 2026's GSTR-2B with the bill in it (alpha given its GSTIN for the import only)."""
    from tenant_apps.core.models import CompanySettings
    from tenant_apps.invoicing.services.gstr2b import gstr2b_import

    CompanySettings.objects.filter(singleton=True).update(gstin=COMPANY_GSTIN)
    statement = gstr2b_import(
        user=books.user, content=_gstr2b_file(bill.reference), file_name="june.json"
    )
    CompanySettings.objects.filter(singleton=True).update(gstin="")
    return statement


def _gstr2b_file(number: str = "SS-1") -> bytes:
    return portal_file([b2b(number, "15-06-2026", 500, 90)])


def _doc_body(t: dict[str, Any], partner: str = "mh") -> dict[str, Any]:
    return {
        "partner": t[partner],
        "date": "2026-06-20",
        "lines": [
            {
                "description": "Tank",
                "hsn_sac": "8419",
                "quantity": "2",
                "unit_price": "500.00",
                "tax_rate": t["rate"],
            }
        ],
    }


def _cases() -> list[tuple[str, str, str, Any, int]]:
    cases: list[tuple[str, str, str, Any, int]] = [
        ("get", "/tax-rates/", "invoicing.tax_rate.view", None, 200),
        (
            "post",
            "/tax-rates/",
            "invoicing.tax_rate.create",
            {"code": "GST2", "name": "GST 2%", "rate": "2", "valid_from": "2026-04-01"},
            201,
        ),
        ("get", "/tax-rates/{rate}/", "invoicing.tax_rate.view", None, 200),
        (
            "patch",
            "/tax-rates/{rate}/",
            "invoicing.tax_rate.change",
            {"name": "GST 18 % (std)"},
            200,
        ),
        ("get", "/settings/", "invoicing.setting.view", None, 200),
        ("patch", "/settings/", "invoicing.setting.change", {"bank_ifsc": "HDFC0001234"}, 200),
        (
            "patch",
            "/settings/",
            "invoicing.setting.change",
            {"reminders_enabled": True, "reminder_days": [30, 7]},
            200,
        ),
        (
            "post",
            "/settings/reminder-letters/preview/",
            "invoicing.setting.view",
            {"days": 7, "subject": "Invoice {number}", "message": "Dear {party}"},
            200,
        ),
    ]
    for prefix, resource, draft, draft2, posted, partner in (
        ("invoices", "invoice", "draft_invoice", "draft_invoice2", "invoice", "mh"),
        ("bills", "bill", "draft_bill", "draft_bill2", "bill", "vendor"),
        ("notes", "note", "note", "note2", "posted_note", "mh"),
    ):
        code = f"invoicing.{resource}"
        body = "NOTE" if prefix == "notes" else partner
        cases += [
            ("get", f"/{prefix}/", f"{code}.view", None, 200),
            ("post", f"/{prefix}/", f"{code}.create", body, 201),
            ("get", f"/{prefix}/export/", f"{code}.export", None, 200),
            ("get", f"/{prefix}/{{{posted}}}/", f"{code}.view", None, 200),
            ("patch", f"/{prefix}/{{{draft}}}/", f"{code}.change", {"reference": "PO-1"}, 200),
            ("delete", f"/{prefix}/{{{draft2}}}/", f"{code}.delete", None, 204),
            ("post", f"/{prefix}/{{{draft}}}/post/", f"{code}.approve", None, 200),
            (
                "post",
                f"/{prefix}/{{{posted}}}/cancel/",
                f"{code}.approve",
                {"date": "2026-06-30"},
                200,
            ),
            ("get", f"/{prefix}/{{{posted}}}/pdf/", f"{code}.view", None, 200),
        ]
        if prefix == "invoices":
            cases.append(("get", "/invoices/{draft_invoice}/credit/", f"{code}.view", None, 200))
        if prefix != "bills":  # bills come from vendors: not e-mailed
            cases += [
                ("get", f"/{prefix}/{{{posted}}}/email/", f"{code}.view", None, 200),
                ("post", f"/{prefix}/{{{posted}}}/email/", f"{code}.send", "EMAIL", 201),
            ]
    cases += [
        ("post", "/notes/{posted_note}/apply/", "invoicing.note.approve", "APPLY", 200),
        ("get", "/payments/", "invoicing.payment.view", None, 200),
        ("post", "/payments/", "invoicing.payment.create", "PAYMENT", 201),
        ("get", "/payments/export/", "invoicing.payment.export", None, 200),
        ("get", "/payments/accounts/", "invoicing.payment.view", None, 200),
        ("get", "/payments/deduction-accounts/", "invoicing.payment.view", None, 200),
        ("post", "/payments/", "invoicing.payment.create", "DEDUCTED", 201),
        (
            "get",
            "/payments/open-documents/?partner={mh}&kind=receipt",
            "invoicing.payment.view",
            None,
            200,
        ),
        ("get", "/payments/{receipt}/", "invoicing.payment.view", None, 200),
        ("post", "/payments/{receipt}/allocate/", "invoicing.payment.create", "ALLOCATE", 200),
        ("get", "/payments/{receipt}/pdf/", "invoicing.payment.view", None, 200),
        ("get", "/payments/{receipt}/email/", "invoicing.payment.view", None, 200),
        ("post", "/payments/{receipt}/email/", "invoicing.payment.send", "EMAIL", 201),
        (
            "post",
            "/payments/{receipt}/cancel/",
            "invoicing.payment.delete",
            {"date": "2026-06-30"},
            200,
        ),
        (
            "get",
            "/reports/aged/?side=receivable&as_of=2026-06-30",
            "invoicing.report.view",
            None,
            200,
        ),
        ("get", "/reports/aged/?side=payable&format=xlsx", "invoicing.report.export", None, 200),
        ("get", "/reports/statement/?partner={mh}", "invoicing.report.view", None, 200),
        ("get", "/reports/statement/email/?partner={mh}", "invoicing.report.view", None, 200),
        (
            "post",
            "/reports/statement/email/?partner={mh}&date_from=2026-04-01&date_to=2026-06-30",
            "invoicing.report.send",
            "EMAIL",
            201,
        ),
        (
            "get",
            "/reports/statement/?partner={mh}&format=pdf",
            "invoicing.report.export",
            None,
            200,
        ),
        (
            "get",
            "/reports/statement/?partner={mh}&format=xlsx",
            "invoicing.report.export",
            None,
            200,
        ),
        (
            "get",
            "/reports/gstr1/?date_from=2026-06-01&date_to=2026-06-30",
            "invoicing.report.view",
            None,
            200,
        ),
        (
            "get",
            "/reports/gstr1/?date_from=2026-06-01&date_to=2026-06-30&format=xlsx",
            "invoicing.report.export",
            None,
            200,
        ),
        # the portal's JSON is a file (export); alpha has no GSTIN here, so the permitted
        # member gets the 400 that says so (test_gstr1_json covers the 200)
        (
            "get",
            "/reports/gstr1/json/?month=2026-06",
            "invoicing.report.export",
            None,
            400,
        ),
        (
            "get",
            "/reports/gstr3b/?date_from=2026-06-01&date_to=2026-06-30",
            "invoicing.report.view",
            None,
            200,
        ),
        (
            "get",
            "/reports/gstr3b/?date_from=2026-06-01&date_to=2026-06-30&format=xlsx",
            "invoicing.report.export",
            None,
            200,
        ),
        (
            "get",
            "/reports/aged/?side=receivable&as_of=2026-06-30&format=pdf",
            "invoicing.report.export",
            None,
            200,
        ),
        (
            "get",
            "/reports/gstr1/?date_from=2026-06-01&date_to=2026-06-30&format=pdf",
            "invoicing.report.export",
            None,
            200,
        ),
        (
            "get",
            "/reports/gstr3b/?date_from=2026-06-01&date_to=2026-06-30&format=pdf",
            "invoicing.report.export",
            None,
            200,
        ),
        ("get", "/reports/kpis/?as_of=2026-06-30", "invoicing.report.view", None, 200),
        (
            "get",
            "/reports/tds/?side=receivable&date_from=2026-04-01&date_to=2027-03-31",
            "invoicing.report.view",
            None,
            200,
        ),
        (
            "get",
            "/reports/tds/?side=payable&date_from=2026-04-01&date_to=2027-03-31&format=xlsx",
            "invoicing.report.export",
            None,
            200,
        ),
        (
            "get",
            "/reports/tds/?side=receivable&date_from=2026-04-01&date_to=2027-03-31&format=pdf",
            "invoicing.report.export",
            None,
            200,
        ),
        # e-invoicing (ADR 0062): the IRP's JSON is a file (export); recording and cancelling
        # belong with posting. Alpha has no GSTIN or PIN code here, no QR names the invoice and
        # no IRN is recorded: the permitted member gets the 400s (test_einvoice covers the rest)
        ("get", "/invoices/{invoice}/einvoice/json/", "invoicing.invoice.export", None, 400),
        ("get", "/notes/{posted_note}/einvoice/json/", "invoicing.note.export", None, 400),
        ("post", "/invoices/{invoice}/einvoice/", "invoicing.invoice.approve", "IRN", 400),
        ("post", "/notes/{posted_note}/einvoice/", "invoicing.note.approve", "IRN", 400),
        (
            "post",
            "/invoices/{invoice}/einvoice/cancel/",
            "invoicing.invoice.approve",
            {"reason": "2"},
            400,
        ),
        (
            "post",
            "/notes/{posted_note}/einvoice/cancel/",
            "invoicing.note.approve",
            {"reason": "1"},
            400,
        ),
        ("post", "/invoices/{invoice}/duplicate/", "invoicing.invoice.create", {}, 201),
        # recurring invoices (ADR 0064): under the invoice's codes
        ("get", "/recurring/", "invoicing.invoice.view", None, 200),
        (
            "post",
            "/recurring/",
            "invoicing.invoice.create",
            "RECURRING",
            201,
        ),
        ("get", "/recurring/{schedule}/", "invoicing.invoice.view", None, 200),
        ("patch", "/recurring/{schedule}/", "invoicing.invoice.change", {"is_active": False}, 200),
        ("post", "/bills/{bill}/duplicate/", "invoicing.bill.create", {}, 201),
        # GSTR-2B reconciliation (ADR 0065): under the bill's codes; alpha has no GSTIN here,
        # so the permitted member's import is the 400 that asks for it
        ("get", "/gstr2b/", "invoicing.bill.view", None, 200),
        ("post", "/gstr2b/", "invoicing.bill.change", "GSTR2B", 400),
        ("get", "/gstr2b/2026-06/", "invoicing.bill.view", None, 200),
        ("get", "/gstr2b/2026-06/?format=xlsx", "invoicing.bill.export", None, 200),
        ("patch", "/gstr2b/lines/{gstr2b_line}/", "invoicing.bill.change", {"document": None}, 200),
        ("delete", "/gstr2b/2026-06/", "invoicing.bill.change", None, 204),
        # in bulk: the filter's waiting documents (here refused, naming what is missing) and
        # the IRP's answers (one that names no document)
        ("get", "/invoices/einvoice/json/", "invoicing.invoice.export", None, 400),
        ("get", "/notes/einvoice/json/", "invoicing.note.export", None, 400),
        (
            "post",
            "/invoices/einvoice/import/",
            "invoicing.invoice.approve",
            {"answers": [{"Irn": "a"}]},
            400,
        ),
        (
            "post",
            "/notes/einvoice/import/",
            "invoicing.note.approve",
            {"answers": [{"Irn": "a"}]},
            400,
        ),
        # e-way bills (ADR 0063): alpha has no GSTIN or addresses here, so the permitted member
        # gets the 400 that names them; the record's number has the wrong shape
        (
            "get",
            "/invoices/{invoice}/ewaybill/json/?mode=road&vehicle_number=MH12AB1234",
            "invoicing.invoice.export",
            None,
            400,
        ),
        (
            "post",
            "/invoices/{invoice}/ewaybill/",
            "invoicing.invoice.approve",
            {"number": "123", "date": "2026-06-15T12:00:00+05:30"},
            400,
        ),
        # an e-way bill's cancellation (ADR 0067): the invoice has none here
        (
            "post",
            "/invoices/{invoice}/ewaybill/cancel/",
            "invoicing.invoice.approve",
            {"reason": "1"},
            400,
        ),
        # the opening balances summary; its template and import are gated by any of the four
        # invoice/bill create/approve codes (test_opening_import.test_who_may_import)
        ("get", "/opening-balances/", "invoicing.report.view", None, 200),
    ]
    return cases


@pytest.mark.parametrize(
    ("method", "path", "permission", "body", "expected"), _cases(), ids=lambda v: str(v)[:40]
)
def test_every_invoicing_endpoint_is_in_the_permission_matrix(
    tenant_alpha, targets, method, path, permission, body, expected
):
    if body == "NOTE":
        body = {**_doc_body(targets), "kind": "credit_note"}
    elif body == "PAYMENT":
        body = {
            "kind": "receipt",
            "partner": targets["mh"],
            "date": "2026-06-20",
            "account": targets["bank"],
            "amount": "100.00",
        }
    elif body == "DEDUCTED":  # 98 received, 2 of TDS kept back: settles 100 of the invoice
        body = {
            "kind": "receipt",
            "partner": targets["mh"],
            "date": "2026-06-20",
            "account": targets["bank"],
            "amount": "98.00",
            "deductions": [{"account": targets["tds"], "amount": "2.00", "tds_section": "194C"}],
            "allocations": [{"document": targets["invoice"], "amount": "100.00"}],
        }
    elif body == "EMAIL":
        body = {"to": ["accounts@punefab.example"], "subject": "Your invoice", "message": "Hi"}
    elif body in ("APPLY", "ALLOCATE"):
        body = {
            "date": "2026-06-30",
            "allocations": [{"document": targets["invoice"], "amount": "10.00"}],
        }
    elif body == "RECURRING":
        body = {
            "template": targets["invoice"],
            "frequency": "quarterly",
            "start_date": "2026-07-15",
        }
    elif body == "GSTR2B":
        body = Multipart(
            lambda: {"file": SimpleUploadedFile("2b.json", _gstr2b_file(), "application/json")}
        )
    elif body == "IRN":
        body = {
            "irn": "a" * 64,
            "ack_number": "112610036563310",
            "ack_date": "2026-06-15T12:00:00+05:30",
            "signed_qr_code": "e30.e30.c2ln",  # a JWT that names no invoice
        }
    elif isinstance(body, str):
        body = _doc_body(targets, body)
    response = assert_permission_matrix(
        method=method,
        path=API + path.format(**targets),
        tenant=tenant_alpha,
        permission=permission,
        body=body,
        expect_ok=expected,
        snapshot=lambda: _state(tenant_alpha),
    )
    if path.endswith("/pdf/") or "format=pdf" in path:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
    elif "export" in path or "format=xlsx" in path:
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def _pdf_strings(pdf: bytes) -> bytes:
    """The PDF's bytes with its Flate streams inflated (metadata lives in an object stream)."""
    out = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(out)


def test_the_invoice_pdf_is_an_attachment_titled_with_its_number(
    api_client, users, tenant_alpha, targets
):
    response = api_client("alpha", users["owner_alpha"]).get(
        f"{API}/invoices/{targets['invoice']}/pdf/"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="INV-26-27-00001.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert b"Tax Invoice INV/26-27/00001" in _pdf_strings(response.content)


def test_a_bad_hsn_code_is_a_400_in_the_error_shape_and_nothing_is_written(
    api_client, users, tenant_alpha, targets
):
    before = _state(tenant_alpha)
    body = _doc_body(targets)
    body["lines"][0]["hsn_sac"] = "84A9"

    response = api_client("alpha", users["owner_alpha"]).post(
        f"{API}/invoices/", body, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Invalid input.",
        "code": "invalid",
        "fields": {"lines.0.hsn_sac": ["An HSN/SAC code has 4, 6 or 8 digits."]},
    }
    assert _state(tenant_alpha) == before


@pytest.mark.parametrize("family", ["invoices", "bills", "notes"])
def test_a_patch_with_an_incomplete_line_is_a_400_beside_it_and_changes_nothing(
    api_client, users, tenant_alpha, targets, family
):
    draft = {"invoices": "draft_invoice", "bills": "draft_bill", "notes": "note"}[family]
    before = _state(tenant_alpha)

    response = api_client("alpha", users["owner_alpha"]).patch(
        f"{API}/{family}/{targets[draft]}/",
        {"reference": "changed", "lines": [{"description": "Tank", "quantity": "2"}]},
        format="json",
    )

    assert response.status_code == 400, response.content
    fields = response.json()["fields"]
    # (the HSN is the service's to require, not opening documents': test_opening_import)
    assert {"lines.0.unit_price", "lines.0.tax_rate"} <= set(fields)
    assert _state(tenant_alpha) == before


def test_over_allocating_a_receipt_is_a_400_and_writes_nothing(
    api_client, users, tenant_alpha, targets
):
    before = _state(tenant_alpha)
    body = {
        "kind": "receipt",
        "partner": targets["mh"],
        "date": "2026-06-20",
        "account": targets["bank"],
        "amount": "5000.00",
        "allocations": [{"document": targets["invoice"], "amount": "4000.00"}],
    }

    response = api_client("alpha", users["owner_alpha"]).post(
        f"{API}/payments/", body, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "over_allocation"
    assert set(response.json()) == {"detail", "code", "fields"}
    assert _state(tenant_alpha) == before


def test_posting_twice_is_a_400_not_draft(api_client, users, targets):
    response = api_client("alpha", users["owner_alpha"]).post(
        f"{API}/invoices/{targets['invoice']}/post/"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "not_draft"


def test_an_invoice_is_not_reachable_under_bills(api_client, users, targets):
    response = api_client("alpha", users["owner_alpha"]).get(f"{API}/bills/{targets['invoice']}/")
    assert response.status_code == 404


def test_a_full_flow_over_http_raise_post_pay_and_see_it_aged(api_client, users, targets):
    client = api_client("alpha", users["owner_alpha"])
    created = client.post(f"{API}/invoices/", _doc_body(targets), format="json").json()
    assert (created["status"], created["number"], created["total"]) == ("draft", "", "1180.0000")
    posted = client.post(f"{API}/invoices/{created['id']}/post/").json()
    assert posted["number"] == "INV/26-27/00002"
    paid = client.post(
        f"{API}/payments/",
        {
            "kind": "receipt",
            "partner": targets["mh"],
            "date": "2026-06-25",
            "account": targets["bank"],
            "amount": "400.00",
            "allocations": [{"document": created["id"], "amount": "400.00"}],
        },
        format="json",
    )
    assert paid.status_code == 201, paid.json()
    detail = client.get(f"{API}/invoices/{created['id']}/").json()
    assert (detail["status"], detail["amount_open"]) == ("partly_paid", "780.0000")
    aged = client.get(f"{API}/reports/aged/", {"side": "receivable", "as_of": "2026-06-30"}).json()
    [row] = aged["rows"]
    # invoice 1 (1,180 less the posted note's 118) + 780 open, less the 500 advance
    assert row["buckets"]["d0_30"] == "1960.0000"
    assert row["unapplied"] == "-618.0000"


# Request overhead (domain, session, user, session touch, member access) + count + page
# (related rows joined): the same whatever the page holds. Payments prefetch their deductions
# (account joined): one query more, after its schema's search_path.
LIST_QUERIES = {"/invoices/": 12, "/bills/": 12, "/payments/": 14}


@pytest.mark.parametrize("path", ["/invoices/", "/bills/", "/payments/"])
def test_lists_run_a_fixed_number_of_queries(
    api_client, users, tenant_alpha, targets, django_assert_num_queries, path
):
    client = api_client("alpha", users["owner_alpha"])
    assert client.get(API + path).status_code == 200
    with django_assert_num_queries(LIST_QUERIES[path]):
        small = client.get(API + path).json()["count"]
    with in_schema(tenant_alpha.schema_name):
        books = targets["books"]
        make = make_raiser(books)
        for _ in range(6):
            make("invoice", books.ka, [line(books.rate("GST5"))])
            make("bill", books.vendor, [line(books.rate("GST5"))])
            payment_create(
                user=books.user,
                kind="receipt",
                data={
                    "partner": books.ka,
                    "date": FY_DAY,
                    "account": books.bank,
                    "amount": D("10"),
                },
            )
    with django_assert_num_queries(LIST_QUERIES[path]):
        assert client.get(API + path).json()["count"] == small + 6


def test_the_invoice_export_is_the_filtered_list(api_client, users, targets):
    response = api_client("alpha", users["owner_alpha"]).get(
        f"{API}/invoices/export/", {"status": "posted"}
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Number", "Type", "Status")
    assert [r[0] for r in rows[1:]] == ["INV/26-27/00001"]


def test_gstr1_puts_registered_invoices_in_b2b_and_gstr3b_nets_notes(api_client, users, targets):
    client = api_client("alpha", users["owner_alpha"])
    gstr1 = client.get(
        f"{API}/reports/gstr1/", {"date_from": "2026-06-01", "date_to": "2026-06-30"}
    ).json()
    assert [(r["number"], r["gstin"], r["taxable"], r["cgst"]) for r in gstr1["b2b"]] == [
        ("INV/26-27/00001", "27AABCT1332L1ZE", "1000.0000", "90.0000")
    ]
    assert [(r["number"], r["taxable"]) for r in gstr1["cdnr"]] == [("CN/26-27/00001", "100.0000")]
    assert [(r["hsn_sac"], r["taxable"], r["cgst"]) for r in gstr1["hsn"]] == [
        ("8419", "900.0000", "81.0000")
    ]
    gstr3b = client.get(
        f"{API}/reports/gstr3b/", {"date_from": "2026-06-01", "date_to": "2026-06-30"}
    ).json()
    assert gstr3b["outward_taxable"] == {
        "taxable": "900.0000",
        "igst": "0.0000",
        "cgst": "81.0000",
        "sgst": "81.0000",
        "cess": "0.0000",
    }
    # the bill from Gujarat: 500 at 18% IGST = 90
    assert gstr3b["itc_available"]["igst"] == "90.0000"
    assert gstr3b["tax_payable"] == {
        "igst": "-90.0000",
        "cgst": "81.0000",
        "sgst": "81.0000",
        "cess": "0.0000",
    }


def test_kpis_default_to_today_and_read_the_ledger(api_client, users, targets):
    from django.utils import timezone

    body = api_client("alpha", users["owner_alpha"]).get(f"{API}/reports/kpis/").json()

    assert body["as_of"] == timezone.localdate().isoformat()
    # the 500 receipt went to the bank; the invoice (1,180) less the posted note (118) and the
    # 500 advance are open, whatever today is (all dated in June 2026)
    assert (body["bank_balance"], body["cash_balance"]) == ("500.0000", "0.0000")
    assert len(body["revenue_by_month"]) == 12


def test_the_payment_export_offers_csv_too(api_client, users, targets):
    response = api_client("alpha", users["owner_alpha"]).get(
        f"{API}/payments/export/", {"format": "csv"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Number,Type,Status,Date")
    assert "RCT/26-27/00001" in text


@pytest.mark.parametrize(
    ("path", "filename", "title"),
    [
        (
            "/reports/aged/?side=receivable&as_of=2026-06-30",
            "aged-receivables-2026-06-30.pdf",
            b"Aged receivables",
        ),
        (
            "/reports/gstr1/?date_from=2026-06-01&date_to=2026-06-30",
            "gstr1-2026-06-01-2026-06-30.pdf",
            b"GSTR-1 outward supplies",
        ),
        (
            "/reports/gstr3b/?date_from=2026-06-01&date_to=2026-06-30",
            "gstr3b-2026-06-01-2026-06-30.pdf",
            b"GSTR-3B summary",
        ),
        (
            "/reports/tds/?side=receivable&date_from=2026-04-01&date_to=2026-06-30",
            "tds-receivable-2026-04-01-2026-06-30.pdf",
            b"TDS receivable register",
        ),
    ],
)
def test_report_pdfs_are_attachments_titled_with_the_report(
    api_client, users, tenant_alpha, targets, path, filename, title
):
    response = api_client("alpha", users["owner_alpha"]).get(f"{API}{path}&format=pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response.content.startswith(b"%PDF-")
    assert title in _pdf_strings(response.content)


def _cells(html: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html, re.S)
    ]


def test_the_report_pdfs_carry_the_company_period_indian_figures_and_totals(tenant_alpha, targets):
    with in_schema(tenant_alpha.schema_name):
        company = CompanySettings.objects.get(singleton=True)
        header = company.legal_name or company.name
        aged = report_html(
            report_tables.aged_report(reports.aged(side="receivable", as_of=dt.date(2026, 6, 30)))
        )
        period = {"date_from": dt.date(2026, 6, 1), "date_to": dt.date(2026, 6, 30)}
        gstr1 = report_html(report_tables.gstr1_report(reports.gstr1(**period)))
        gstr3b = report_html(report_tables.gstr3b_report(reports.gstr3b(**period)))

    for html in (aged, gstr1, gstr3b):
        assert header in html
    assert "As of 30-06-2026" in aged
    # invoice 1,180 in 0-30; the posted note's 118 and the 500 advance unapplied; 562 in all
    assert _cells(aged)[-8:] == [
        "",
        "Total",
        "1,180.00",
        "0.00",
        "0.00",
        "0.00",
        "-618.00",
        "562.00",
    ]
    assert "Period: 01-06-2026 to 30-06-2026" in gstr1
    cells = _cells(gstr1)
    assert "INV/26-27/00001" in cells and "27-Maharashtra" in cells
    assert "27AABCT1332L1ZE" in cells and "8419" in cells
    assert "Period: 01-06-2026 to 30-06-2026" in gstr3b
    cells = _cells(gstr3b)
    row = cells.index("3.1(a) Outward taxable supplies")
    assert cells[row : row + 6] == [
        "3.1(a) Outward taxable supplies",
        "900.00",
        "0.00",
        "81.00",
        "81.00",
        "0.00",
    ]
    label = "Tax payable, other than reverse charge"
    payable = cells.index(label)
    assert cells[payable : payable + 6] == [label, "", "-90.00", "81.00", "81.00", "0.00"]
    label = "Tax payable on reverse charge, in cash"
    payable = cells.index(label)
    assert cells[payable : payable + 6] == [label, "", "0.00", "0.00", "0.00", "0.00"]


@pytest.mark.parametrize("report", ["aged/?side=receivable&", "gstr1/?", "gstr3b/?"])
def test_an_unknown_report_format_is_a_400_in_the_error_shape(api_client, users, report):
    response = api_client("alpha", users["owner_alpha"]).get(
        f"{API}/reports/{report}date_from=2026-06-01&date_to=2026-06-30&format=docx"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["fields"] == {"format": ["'docx' is not one of json, xlsx, pdf."]}


def _usd_invoice(client: Any, targets: dict[str, Any], usd: str, rate: str) -> dict[str, Any]:
    body = _doc_body(targets) | {"currency": "USD", "exchange_rate": rate, "place_of_supply": "96"}
    body["lines"] = [body["lines"][0] | {"quantity": "1", "unit_price": usd}]
    body["lines"][0]["tax_rate"] = TaxRate.objects.get(code="GST0").pk
    created = client.post(f"{API}/invoices/", body, format="json")
    assert created.status_code == 201, created.json()
    return client.post(f"{API}/invoices/{created.json()['id']}/post/").json()


def test_a_dollar_receipt_at_another_rate_shows_its_exchange_gain_and_drills_down(
    api_client, users, tenant_alpha, targets
):
    client = api_client("alpha", users["owner_alpha"])
    with in_schema(tenant_alpha.schema_name):
        # given an invoice of USD 1,000 at 83.00 = INR 83,000
        invoice = _usd_invoice(client, targets, "1000", "83")
    assert invoice["total_base"] == "83000.0000"

    # when USD 1,000 arrives at 84.00 and settles it
    paid = client.post(
        f"{API}/payments/",
        {
            "kind": "receipt",
            "partner": targets["mh"],
            "date": "2026-06-25",
            "account": targets["bank"],
            "amount": "1000.00",
            "currency": "USD",
            "exchange_rate": "84",
            "allocations": [{"document": invoice["id"], "amount": "1000.00"}],
        },
        format="json",
    )

    # then the payment shows the INR 1,000 gain per allocation, with its entry
    assert paid.status_code == 201, paid.json()
    payment = client.get(f"{API}/payments/{paid.json()['id']}/").json()
    assert payment["amount_base"] == "84000.0000"
    [allocation] = payment["allocations"]
    assert {k: allocation[k] for k in ("amount_base", "source_amount_base", "exchange_gain")} == {
        "amount_base": "83000.0000",
        "source_amount_base": "84000.0000",
        "exchange_gain": "1000.0000",
    }
    assert (allocation["exchange_entry_number"], allocation["reversed_on"]) == (
        "FX/26-27/00001",
        None,
    )
    assert allocation["document_exchange_rate"] == "83.000000"
    # and the invoice shows the same settlement
    [settlement] = client.get(f"{API}/invoices/{invoice['id']}/").json()["settlements"]
    assert (settlement["exchange_gain"], settlement["exchange_entry"]) == (
        "1000.0000",
        allocation["exchange_entry"],
    )
    # and the ledger drills down from the gain on 5280 to the receipt's page
    entry = client.get(f"/api/v1/finance/journal-entries/{allocation['exchange_entry']}/").json()
    assert entry["source_url"] == f"/finance/payments/{payment['id']}"
    with in_schema(tenant_alpha.schema_name):
        from tenant_apps.finance.selectors import account_by_role

        fx_account = account_by_role("exchange_difference")
    assert fx_account.code == "5280"
    ledger = client.get(
        "/api/v1/finance/reports/general-ledger/",
        {"account": fx_account.pk, "from_date": "2026-06-01", "to_date": "2026-06-30"},
    ).json()
    [gl_line] = ledger["lines"]
    assert (gl_line["credit"], gl_line["source_url"]) == (
        "1000.0000",
        f"/finance/payments/{payment['id']}",
    )

    # when the receipt is cancelled, the allocation stays on its page, reversed with its gain
    cancelled = client.post(f"{API}/payments/{payment['id']}/cancel/", {"date": "2026-06-30"})
    assert cancelled.status_code == 200, cancelled.json()
    [allocation] = client.get(f"{API}/payments/{payment['id']}/").json()["allocations"]
    assert allocation["reversed_on"] == "2026-06-30"
    reversal = client.get(f"/api/v1/finance/journal-entries/{allocation['exchange_reversal']}/")
    assert reversal.json()["source_url"] == f"/finance/payments/{payment['id']}"


def test_the_payment_detail_runs_a_fixed_number_of_queries(
    api_client, users, tenant_alpha, targets, django_assert_num_queries
):
    client = api_client("alpha", users["owner_alpha"])
    with in_schema(tenant_alpha.schema_name):
        usd = [_usd_invoice(client, targets, "100", "83")["id"] for _ in range(3)]
    body = {
        "kind": "receipt",
        "partner": targets["mh"],
        "date": "2026-06-25",
        "account": targets["bank"],
        "currency": "USD",
        "exchange_rate": "84",
    }
    one = client.post(
        f"{API}/payments/",
        body | {"amount": "100.00", "allocations": [{"document": usd[0], "amount": "100.00"}]},
        format="json",
    ).json()
    many = client.post(
        f"{API}/payments/",
        body
        | {
            "amount": "200.00",
            "allocations": [{"document": d, "amount": "100.00"} for d in usd[1:]],
        },
        format="json",
    ).json()
    client.post(f"{API}/payments/{many['id']}/cancel/", {"date": "2026-06-30"})
    client.get(f"{API}/payments/{one['id']}/")
    # request overhead (domain, session, user, member access) + the payment (partner, account
    # joined) + its deductions (account joined) + its allocations (document, entry and reversal
    # joined), each query after its schema's search_path: the same for one allocation or several
    with django_assert_num_queries(DETAIL_QUERIES):
        assert len(client.get(f"{API}/payments/{one['id']}/").json()["allocations"]) == 1
    with django_assert_num_queries(DETAIL_QUERIES):
        assert len(client.get(f"{API}/payments/{many['id']}/").json()["allocations"]) == 2


DETAIL_QUERIES = 14


def test_the_report_workbooks_share_one_layout_with_numbers_and_bold_totals(
    api_client, users, targets
):
    from tenant_apps.core.exports.xlsx import MONEY_FORMAT

    client = api_client("alpha", users["owner_alpha"])
    period = {"date_from": "2026-06-01", "date_to": "2026-06-30", "format": "xlsx"}

    aged = client.get(
        f"{API}/reports/aged/", {"side": "receivable", "as_of": "2026-06-30", "format": "xlsx"}
    )
    gstr1 = client.get(f"{API}/reports/gstr1/", period)
    statement = client.get(f"{API}/reports/statement/", {"partner": targets["mh"], **period})

    assert aged["Content-Disposition"] == 'attachment; filename="aged-receivables-2026-06-30.xlsx"'
    sheet = load_workbook(io.BytesIO(aged.content)).active
    assert sheet.title == "Aged receivables" and sheet.freeze_panes == "A6"
    assert sheet["A3"].value == "As of 30-06-2026 · days since the document date · Amounts in ₹"
    total = list(sheet[sheet.max_row - 2])  # then a blank row and the note
    assert [c.value for c in total] == [None, "Total", 1180, 0, 0, 0, -618, 562]
    assert all(c.font.b for c in total) and total[2].number_format == MONEY_FORMAT
    # GSTR-1 keeps one sheet per table, named as the returns name them
    book = load_workbook(io.BytesIO(gstr1.content))
    assert book.sheetnames == ["b2b", "b2cl", "b2cs", "exp", "cdnr", "cdnur", "hsn"]
    b2b = [[c.value for c in row] for row in book["b2b"].iter_rows(min_row=5)]
    assert b2b[0][5:8] == ["Place of supply", "Rate %", "Taxable value"]
    assert b2b[1][2:8] == [
        "INV/26-27/00001",
        dt.datetime(2026, 6, 15),
        1180,
        "27-Maharashtra",
        18,
        1000,
    ]
    assert b2b[-1][1] == "Total"
    # the statement: dates as dates, opening and closing balances
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(statement.content)).active]
    assert rows[4] == ["Date", "Number", "Type", "Description", "Debit", "Credit", "Balance"]
    assert rows[5][3] == "Opening balance"
    assert [r[3] for r in rows if r[3] == "Closing balance"] == ["Closing balance"]
