"""E-invoicing (ADR 0062): the IRP's JSON (schema 1.1) in worked examples, the 400s that say
what is missing, the IRP's answer recorded (checked against its QR code), the PDF's IRN and QR
code, and the IRN's cancellation within 24 hours."""

from __future__ import annotations

import base64
import datetime as dt
import json
from decimal import Decimal as D
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import in_schema
from tests.tenant_apps.invoicing.conftest import FY_DAY, _books, line, make_raiser

API = "/api/v1/invoicing"
COMPANY_GSTIN = "27AAPFU0939F1ZV"  # alpha is in Maharashtra (27)
IRN = "a5c12dca80e743321740b001fd70953e8738d109865d28ba4013750f2046f229"


@pytest.fixture
def company(books: Any) -> Any:
    return set_up_company(books)


def set_up_company(books: Any) -> Any:
    """Alpha with a GSTIN, an address with its city and PIN code, e-invoicing on; the
    Maharashtra customer with its billing address."""
    from tenant_apps.core.models import CompanySettings
    from tenant_apps.invoicing.models import InvoiceSettings

    CompanySettings.objects.filter(singleton=True).update(
        gstin=COMPANY_GSTIN, legal_name="Alpha Kitchens Pvt Ltd", name="Alpha Kitchens"
    )
    InvoiceSettings.objects.update_or_create(
        singleton=True,
        defaults={
            "address": "Plot 42, MIDC Bhosari\nNear Telco Road",
            "city": "Pune",
            "pincode": "411026",
            "phone": "+91 20 2712 3456",
            "email": "accounts@alpha.example",
            "einvoicing_enabled": True,
        },
    )
    books.mh.billing_address = "14 FC Road, Shivajinagar"
    books.mh.billing_city = "Pune"
    books.mh.billing_pincode = "411004"
    books.mh.save(update_fields=["billing_address", "billing_city", "billing_pincode"])
    return CompanySettings.objects.get(singleton=True)


def _json(document: Any) -> dict[str, Any]:
    from tenant_apps.invoicing.einvoice import einvoice_json

    # what the API sends: JSON text (numbers, no Decimal)
    return json.loads(json.dumps(einvoice_json(document)))


def _b64(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def signed_qr(number: str, *, gstin: str = COMPANY_GSTIN, irn: str = IRN) -> str:
    """A QR code as the IRP signs it: a JWT whose payload's `data` is a JSON string."""
    data = {
        "SellerGstin": gstin,
        "BuyerGstin": "27AABCT1332L1ZE",
        "DocNo": number,
        "DocTyp": "INV",
        "DocDt": "15/06/2026",
        "TotInvVal": 1623,
        "ItemCnt": 2,
        "MainHsnCode": "8419",
        "Irn": irn,
        "IrnDt": "2026-06-15 12:00:00",
    }
    header = {"alg": "RS256", "kid": "EDC57DE1358B300BA9F179BE2A33E0C7F5E0F8A7", "typ": "JWT"}
    return f"{_b64(header)}.{_b64({'data': json.dumps(data), 'iss': 'NIC'})}.c2lnbmF0dXJl"


# ---------------------------------------------------------------------------------------------
# Worked examples
# ---------------------------------------------------------------------------------------------
def test_an_intra_state_b2b_invoice_is_the_irps_json_with_cgst_sgst_and_round_off(
    books, company, raise_document
):
    # given 10 tanks at 100.05 less 10 % (18 %) and 2 kg of sheet at 250 (12 %), within Maharashtra
    invoice = raise_document(
        "invoice",
        books.mh,
        [
            line(
                books.rate("GST18"), qty="10", price="100.05", unit="nos", discount_percent=D("10")
            ),
            line(books.rate("GST12"), qty="2", price="250", hsn="7219", unit="kg"),
        ],
    )
    # 900.45 + 81.04 + 81.04 = 1,062.53; 500 + 30 + 30 = 560; 1,622.53 rounds to 1,623
    assert (invoice.round_off, invoice.total) == (D("0.47"), D("1623.00"))

    body = _json(invoice)

    assert body == {
        "Version": "1.1",
        "TranDtls": {"TaxSch": "GST", "SupTyp": "B2B", "RegRev": "N", "IgstOnIntra": "N"},
        "DocDtls": {"Typ": "INV", "No": invoice.number, "Dt": "15/06/2026"},
        "SellerDtls": {
            "Gstin": COMPANY_GSTIN,
            "LglNm": "Alpha Kitchens Pvt Ltd",
            "TrdNm": "Alpha Kitchens",
            "Addr1": "Plot 42, MIDC Bhosari",
            "Addr2": "Near Telco Road",
            "Loc": "Pune",
            "Pin": 411026,
            "Stcd": "27",
            "Ph": "912027123456",
            "Em": "accounts@alpha.example",
        },
        "BuyerDtls": {
            "Gstin": "27AABCT1332L1ZE",
            "LglNm": "Pune Fabricators",
            "Pos": "27",
            "Addr1": "14 FC Road, Shivajinagar",
            "Loc": "Pune",
            "Pin": 411004,
            "Stcd": "27",
        },
        "ItemList": [
            {
                "SlNo": "1",
                "PrdDesc": "Stainless steel tank",
                "IsServc": "N",
                "HsnCd": "8419",
                "Qty": 10.0,
                "Unit": "NOS",
                "UnitPrice": 100.05,
                "TotAmt": 1000.5,
                "Discount": 100.05,
                "AssAmt": 900.45,
                "GstRt": 18,
                "IgstAmt": 0.0,
                "CgstAmt": 81.04,
                "SgstAmt": 81.04,
                "CesRt": 0,
                "CesAmt": 0.0,
                "TotItemVal": 1062.53,
            },
            {
                "SlNo": "2",
                "PrdDesc": "Stainless steel tank",
                "IsServc": "N",
                "HsnCd": "7219",
                "Qty": 2.0,
                "Unit": "KGS",
                "UnitPrice": 250.0,
                "TotAmt": 500.0,
                "Discount": 0.0,
                "AssAmt": 500.0,
                "GstRt": 12,
                "IgstAmt": 0.0,
                "CgstAmt": 30.0,
                "SgstAmt": 30.0,
                "CesRt": 0,
                "CesAmt": 0.0,
                "TotItemVal": 560.0,
            },
        ],
        "ValDtls": {
            "AssVal": 1400.45,
            "CgstVal": 111.04,
            "SgstVal": 111.04,
            "IgstVal": 0.0,
            "CesVal": 0.0,
            "RndOffAmt": 0.47,
            "TotInvVal": 1623.0,
        },
    }


def test_an_export_in_dollars_is_in_rupees_to_an_unregistered_buyer_abroad(books, company):
    from tenant_apps.partners.services import partner_create

    abroad = partner_create(
        user=books.user,
        data={
            "name": "Gulf Hospitality LLC",
            "is_customer": True,
            "currency": "USD",
            "billing_address": "Sheikh Zayed Road",
            "billing_city": "Dubai",
        },
    )
    # given 3 ranges at $1,250.55 with IGST 18 %, at ₹83.40 to the dollar
    invoice = make_raiser(books)(
        "invoice",
        abroad,
        [line(books.rate("GST18"), qty="3", price="1250.55", unit="nos")],
        place_of_supply="96",
        currency="USD",
        exchange_rate=D("83.40"),
    )

    body = _json(invoice)

    assert body["TranDtls"]["SupTyp"] == "EXPWP"  # IGST paid on the export
    assert body["BuyerDtls"] == {
        "Gstin": "URP",
        "LglNm": "Gulf Hospitality LLC",
        "Pos": "96",
        "Addr1": "Sheikh Zayed Road",
        "Loc": "Dubai",
        "Pin": 999999,
        "Stcd": "96",
    }
    # each line in rupees at the document's rate: 3,751.65 x 83.40 and 675.30 x 83.40
    (item,) = body["ItemList"]
    assert (item["UnitPrice"], item["TotAmt"], item["AssAmt"]) == (104295.87, 312887.61, 312887.61)
    assert (item["IgstAmt"], item["CgstAmt"], item["TotItemVal"]) == (56320.02, 0.0, 369207.63)
    values = body["ValDtls"]
    assert values["TotInvVal"] == float(invoice.total_base)  # what the ledger holds
    assert values["RndOffAmt"] == float(invoice.total_base - D("369207.63"))
    assert values["TotInvValFc"] == float(invoice.total)
    assert body["ExpDtls"] == {"ForCur": "USD"}


def test_a_credit_note_is_a_crn_that_names_its_invoice(books, company, raise_document):
    rate = books.rate("GST18")
    invoice = raise_document("invoice", books.mh, [line(rate, qty="5")])
    note = raise_document(
        "credit_note", books.mh, [line(rate, qty="1")], original=invoice, day=FY_DAY
    )

    body = _json(note)

    assert body["DocDtls"] == {"Typ": "CRN", "No": note.number, "Dt": "15/06/2026"}
    assert body["RefDtls"] == {"PrecDocDtls": [{"InvNo": invoice.number, "InvDt": "15/06/2026"}]}
    assert body["ValDtls"]["TotInvVal"] == 118.0


def test_a_service_line_has_no_unit(books, company, raise_document):
    invoice = raise_document(
        "invoice", books.mh, [line(books.rate("GST18"), hsn="998719", unit="nos")]
    )

    (item,) = _json(invoice)["ItemList"]

    assert item["IsServc"] == "Y" and "Unit" not in item and item["HsnCd"] == "998719"


def test_document_numbers_fit_the_16_characters_the_law_and_the_irp_allow(
    books, company, raise_document
):
    from tenant_apps.invoicing.einvoice import NUMBER_RE

    invoice = raise_document("invoice", books.mh, [line(books.rate("GST18"))])

    assert invoice.number.startswith("INV/26-27/")
    assert len(invoice.number) <= 16 and NUMBER_RE.match(invoice.number)


# ---------------------------------------------------------------------------------------------
# What the IRP does not take, and what it needs that is missing
# ---------------------------------------------------------------------------------------------
def test_a_b2c_invoice_a_draft_and_a_bill_are_not_e_invoiced(books, company, raise_document):
    from tenant_apps.core.exceptions import ApplicationError
    from tenant_apps.invoicing.einvoice import einvoice_json

    rate = books.rate("GST18")
    cases = [
        (raise_document("invoice", books.retail, [line(rate)]), "registered buyers"),
        (raise_document("invoice", books.mh, [line(rate)], post=False), "Post the document"),
        (raise_document("bill", books.vendor, [line(rate)]), "Only customer invoices"),
    ]
    for document, reason in cases:
        with pytest.raises(ApplicationError) as refused:
            einvoice_json(document)
        assert refused.value.code == "einvoice_not_applicable"
        assert reason in refused.value.detail


def test_what_the_irp_needs_and_we_lack_is_one_400_naming_each_field(
    books, company, raise_document
):
    from tenant_apps.core.exceptions import ApplicationError
    from tenant_apps.invoicing.einvoice import einvoice_json
    from tenant_apps.invoicing.models import InvoiceSettings

    InvoiceSettings.objects.update(city="", pincode="")
    invoice = raise_document("invoice", books.ka, [line(books.rate("GST18"))])  # no address

    with pytest.raises(ApplicationError) as refused:
        einvoice_json(invoice)

    assert refused.value.code == "einvoice_incomplete"
    assert set(refused.value.fields) == {
        "company_city",
        "company_pincode",
        "party_address",
        "party_city",
        "party_pincode",
    }
    assert "Set Bengaluru Kitchens's PIN code" in refused.value.detail


# ---------------------------------------------------------------------------------------------
# The API: the JSON as a download, the answer recorded, the PDF, the cancellation
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def posted(tenant_alpha, users, db) -> dict[str, Any]:
    with in_schema(tenant_alpha.schema_name):
        books = _books(users["owner_alpha"])
        set_up_company(books)
        rate = books.rate("GST18")
        raise_ = make_raiser(books)
        invoice = raise_("invoice", books.mh, [line(rate, qty="10")])
        other = raise_("invoice", books.mh, [line(rate, qty="2")])
        return {"invoice": invoice, "other": other, "books": books}


def _record(client: Any, invoice: Any, **changes: Any) -> Any:
    body = {
        "irn": IRN,
        "ack_number": "112610036563310",
        "ack_date": timezone.now().isoformat(),
        "signed_qr_code": signed_qr(invoice.number),
        **changes,
    }
    return client.post(f"{API}/invoices/{invoice.pk}/einvoice/", body, format="json")


def test_the_json_downloads_and_the_irps_answer_shows_on_the_invoice_and_its_pdf(
    api_client, users, posted, tenant_alpha
):
    client = api_client("alpha", users["owner_alpha"])
    invoice = posted["invoice"]

    # the JSON, a file named after the invoice
    response = client.get(f"{API}/invoices/{invoice.pk}/einvoice/json/")
    assert response.status_code == 200, response.content
    name = f"einvoice-{invoice.number.replace('/', '-')}.json"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert json.loads(response.content)["DocDtls"]["No"] == invoice.number
    detail = client.get(f"{API}/invoices/{invoice.pk}/").json()
    assert (detail["einvoice"], detail["einvoice_applicable"]) == (None, True)

    # the IRP's answer, recorded
    recorded = _record(client, invoice)
    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["irn"] == IRN and recorded.json()["status"] == "active"
    detail = client.get(f"{API}/invoices/{invoice.pk}/").json()
    assert detail["einvoice"]["ack_number"] == "112610036563310"

    # the PDF prints the IRN, the acknowledgement and the QR code
    from tenant_apps.invoicing.models import Document
    from tenant_apps.invoicing.pdf import document_html

    with in_schema(tenant_alpha.schema_name):
        html = document_html(Document.objects.get(pk=invoice.pk))
    assert IRN in html and "112610036563310" in html
    qr = html.split('src="data:image/svg+xml;base64,')[1].split('"')[0]
    assert base64.b64decode(qr).startswith(b"<svg")
    pdf = client.get(f"{API}/invoices/{invoice.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # one IRN per document
    again = _record(client, invoice)
    assert again.status_code == 409 and again.json()["code"] == "einvoice_exists"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"irn": "not-an-irn"}, "irn"),
        ({"ack_number": "AB12"}, "ack_number"),
        ({"signed_qr_code": "not.a-jwt"}, "signed_qr_code"),
        ({"signed_qr_code": "a.b.c"}, "signed_qr_code"),
        ({"signed_qr_code": "OTHER"}, "signed_qr_code"),  # the QR of another invoice
        ({"signed_qr_code": "GSTIN"}, "signed_qr_code"),  # another company's QR
        ({"signed_qr_code": "IRN"}, "signed_qr_code"),  # a QR with another IRN
        ({"ack_date": "2030-01-01T00:00:00+05:30"}, "ack_date"),
        ({"ack_date": "2026-06-14T10:00:00+05:30"}, "ack_date"),  # before the invoice
    ],
)
def test_an_answer_that_does_not_fit_the_invoice_is_a_400_and_nothing_is_recorded(
    api_client, users, posted, tenant_alpha, changes, field
):
    from tenant_apps.invoicing.models import EInvoice

    invoice, other = posted["invoice"], posted["other"]
    qr = changes.get("signed_qr_code")
    if qr == "OTHER":
        changes["signed_qr_code"] = signed_qr(other.number)
    elif qr == "GSTIN":
        changes["signed_qr_code"] = signed_qr(invoice.number, gstin="29AABCT1332L1ZA")
    elif qr == "IRN":
        changes["signed_qr_code"] = signed_qr(invoice.number, irn="b" * 64)

    response = _record(api_client("alpha", users["owner_alpha"]), invoice, **changes)

    assert response.status_code == 400, response.content
    assert list(response.json()["fields"]) == [field]
    with in_schema(tenant_alpha.schema_name):
        assert not EInvoice.objects.exists()


def test_an_irn_is_cancelled_within_24_hours_and_not_after(
    api_client, users, posted, tenant_alpha, time_machine
):
    client = api_client("alpha", users["owner_alpha"])
    invoice, other = posted["invoice"], posted["other"]
    ack = timezone.now()
    assert _record(client, invoice, ack_date=ack.isoformat()).status_code == 201
    other_irn = "c" * 64
    assert (
        _record(
            client,
            other,
            irn=other_irn,
            ack_date=ack.isoformat(),
            signed_qr_code=signed_qr(other.number, irn=other_irn),
        ).status_code
        == 201
    )

    # 23 hours on: the first is cancelled
    time_machine.move_to(ack + dt.timedelta(hours=23), tick=False)
    cancelled = client.post(
        f"{API}/invoices/{invoice.pk}/einvoice/cancel/",
        {"reason": "2", "remark": "Wrong rate"},
        format="json",
    )
    assert cancelled.status_code == 200, cancelled.content
    assert (cancelled.json()["status"], cancelled.json()["cancel_reason"]) == ("cancelled", "2")
    twice = client.post(f"{API}/invoices/{invoice.pk}/einvoice/cancel/", {"reason": "2"})
    assert twice.status_code == 409

    # 25 hours on: the second is past the IRP's window
    time_machine.move_to(ack + dt.timedelta(hours=25), tick=False)
    late = client.post(f"{API}/invoices/{other.pk}/einvoice/cancel/", {"reason": "3"})
    assert late.status_code == 400 and late.json()["code"] == "einvoice_cancel_window"
    assert "issue a credit note" in late.json()["detail"]

    # the cancelled IRN prints as cancelled, without its QR code
    from tenant_apps.invoicing.models import Document
    from tenant_apps.invoicing.pdf import document_html

    with in_schema(tenant_alpha.schema_name):
        html = document_html(Document.objects.get(pk=invoice.pk))
    assert "IRN CANCELLED" in html and "data:image/svg+xml" not in html


def test_the_database_refuses_a_malformed_irn_and_a_cancellation_without_a_reason(
    books, company, raise_document
):
    from django.db import IntegrityError, transaction

    from tenant_apps.invoicing.models import EInvoice

    invoice = raise_document("invoice", books.mh, [line(books.rate("GST18"))])
    good = {
        "document": invoice,
        "irn": IRN,
        "ack_number": "1",
        "ack_date": timezone.now(),
        "signed_qr_code": "x",
    }
    for bad in ({"irn": IRN.upper()}, {"ack_number": "A1"}, {"status": "cancelled"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            EInvoice.objects.create(**{**good, **bad})


def test_the_settings_take_a_six_digit_pincode_and_turn_e_invoicing_on(
    api_client, users, tenant_alpha, db
):
    client = api_client("alpha", users["owner_alpha"])

    bad = client.patch(f"{API}/settings/", {"pincode": "041102"}, format="json")
    # the settings card sends every field: an empty one (no IFSC yet) is taken as empty
    good = client.patch(
        f"{API}/settings/",
        {"city": "Pune", "pincode": "411026", "einvoicing_enabled": True, "bank_ifsc": ""},
        format="json",
    )

    assert bad.status_code == 400 and list(bad.json()["fields"]) == ["pincode"]
    assert good.status_code == 200, good.content
    assert (good.json()["pincode"], good.json()["einvoicing_enabled"]) == ("411026", True)


# ---------------------------------------------------------------------------------------------
# In bulk: the list's filter, one file for the IRP's bulk upload, its answers recorded at once
# ---------------------------------------------------------------------------------------------
def _answer(number: str, irn: str, ack: str = "2026-06-15 12:00:00") -> dict[str, Any]:
    return {
        "AckNo": 112610036563310,
        "AckDt": ack,
        "Irn": irn,
        "SignedQRCode": signed_qr(number, irn=irn),
    }


def test_the_waiting_invoices_go_in_one_file_and_their_answers_are_recorded_together(
    api_client, users, posted, tenant_alpha
):
    from tenant_apps.invoicing.models import EInvoice

    client = api_client("alpha", users["owner_alpha"])
    invoice, other = posted["invoice"], posted["other"]
    with in_schema(tenant_alpha.schema_name):
        books = posted["books"]
        retail = make_raiser(books)("invoice", books.retail, [line(books.rate("GST18"))])
    # one already registered: not waiting
    registered_irn = "d" * 64
    assert (
        _record(
            client,
            other,
            irn=registered_irn,
            signed_qr_code=signed_qr(other.number, irn=registered_irn),
        ).status_code
        == 201
    )

    waiting = client.get(f"{API}/invoices/", {"einvoice": "pending"}).json()["results"]
    assert [d["number"] for d in waiting] == [invoice.number]  # not the B2C one, not the other
    assert retail.number not in [d["number"] for d in waiting]

    # the file: the waiting ones of the filter, in a list
    response = client.get(f"{API}/invoices/einvoice/json/")
    assert response.status_code == 200, response.content
    assert [f["DocDtls"]["No"] for f in json.loads(response.content)] == [invoice.number]

    # the answers, recorded at once; one that does not fit records none
    bad = client.post(
        f"{API}/invoices/einvoice/import/",
        {"answers": [_answer(invoice.number, IRN), _answer("INV/26-27/99999", "e" * 64)]},
        format="json",
    )
    assert bad.status_code == 400 and list(bad.json()["fields"]) == ["answers.1"]
    assert "No document numbered INV/26-27/99999" in bad.json()["fields"]["answers.1"][0]
    with in_schema(tenant_alpha.schema_name):
        assert EInvoice.objects.count() == 1  # the other's only
    good = client.post(
        f"{API}/invoices/einvoice/import/",
        {"answers": [_answer(invoice.number, IRN)]},
        format="json",
    )
    assert good.status_code == 201, good.content
    assert good.json() == [{"number": invoice.number, "irn": IRN}]
    registered = client.get(f"{API}/invoices/", {"einvoice": "registered"}).json()["results"]
    assert {d["number"] for d in registered} == {invoice.number, other.number}
    with in_schema(tenant_alpha.schema_name):
        recorded = EInvoice.objects.get(irn=IRN)
    assert timezone.localtime(recorded.ack_date).strftime("%H:%M") == "12:00"  # IST, as written
    none = client.get(f"{API}/invoices/einvoice/json/")
    assert none.status_code == 400 and none.json()["code"] == "einvoice_none"


def test_a_bulk_file_is_refused_naming_each_invoice_that_cannot_go_yet(
    api_client, users, posted, tenant_alpha
):
    with in_schema(tenant_alpha.schema_name):
        books = posted["books"]
        no_address = make_raiser(books)("invoice", books.ka, [line(books.rate("GST18"))])

    response = api_client("alpha", users["owner_alpha"]).get(f"{API}/invoices/einvoice/json/")

    assert response.status_code == 400 and response.json()["code"] == "einvoice_incomplete"
    assert list(response.json()["fields"]) == [no_address.number]
    assert "Set Bengaluru Kitchens's billing address." in response.json()["detail"]


def test_the_bulk_file_reads_the_same_number_of_queries_for_one_invoice_or_five(
    api_client, users, posted, tenant_alpha
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_client("alpha", users["owner_alpha"])
    client.get(f"{API}/invoices/einvoice/json/")  # warm the session caches

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{API}/invoices/einvoice/json/").status_code == 200
        return len(captured)

    two = queries()  # the fixture's two invoices
    with in_schema(tenant_alpha.schema_name):
        books = posted["books"]
        for _ in range(3):
            make_raiser(books)(
                "invoice", books.mh, [line(books.rate("GST18")), line(books.rate("GST5"))]
            )
    assert queries() == two


def test_the_note_that_cancels_an_invoice_whose_irn_was_cancelled_waits_for_no_irn(
    api_client, users, posted, tenant_alpha
):
    from tenant_apps.core.exceptions import ApplicationError
    from tenant_apps.invoicing.einvoice import einvoice_json
    from tenant_apps.invoicing.models import Document, DocumentKind

    client = api_client("alpha", users["owner_alpha"])
    invoice, other = posted["invoice"], posted["other"]
    # the invoice's IRN cancelled on the IRP, then the invoice cancelled in the books
    assert _record(client, invoice).status_code == 201
    cancel = client.post(f"{API}/invoices/{invoice.pk}/einvoice/cancel/", {"reason": "2"})
    assert cancel.status_code == 200, cancel.content
    assert client.post(f"{API}/invoices/{invoice.pk}/cancel/", {}).status_code == 200
    # the other invoice, registered and cancelled in the books only: its note needs an IRN
    other_irn = "c" * 64
    assert (
        _record(
            client, other, irn=other_irn, signed_qr_code=signed_qr(other.number, irn=other_irn)
        ).status_code
        == 201
    )
    assert client.post(f"{API}/invoices/{other.pk}/cancel/", {}).status_code == 200

    waiting = client.get(f"{API}/notes/", {"einvoice": "pending"}).json()["results"]

    with in_schema(tenant_alpha.schema_name):
        notes = {n.original_id: n for n in Document.objects.filter(kind=DocumentKind.CREDIT_NOTE)}
        with pytest.raises(ApplicationError) as refused:
            einvoice_json(Document.objects.get(pk=notes[invoice.pk].pk))
    assert [d["number"] for d in waiting] == [notes[other.pk].number]
    assert f"The IRN of {invoice.number} was cancelled" in refused.value.detail
