"""E-way bills (ADR 0063): the portal's bulk JSON in a worked example (lines grouped by HSN and
rate, rupees, the transport), the 400s, the answer recorded and printed."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import in_schema
from tests.tenant_apps.invoicing.conftest import _books, line, make_raiser
from tests.tenant_apps.invoicing.test_einvoice import COMPANY_GSTIN, set_up_company

API = "/api/v1/invoicing"


def _json(document: Any, **transport: Any) -> dict[str, Any]:
    from tenant_apps.invoicing.ewaybill import Transport, ewaybill_json

    return json.loads(json.dumps(ewaybill_json(document, Transport(**transport))))


def test_an_inter_state_invoice_is_the_portals_json_grouped_by_hsn_with_its_transport(books):
    set_up_company(books)
    books.ka.billing_address = "88 Residency Road"
    books.ka.billing_city = "Bengaluru"
    books.ka.billing_pincode = "560025"
    books.ka.billing_state = "29"
    books.ka.save(
        update_fields=["billing_address", "billing_city", "billing_pincode", "billing_state"]
    )
    gst18, gst12 = books.rate("GST18"), books.rate("GST12")
    # two lines of one HSN at 18 % (grouped), one of another at 12 %, and installation (SAC)
    invoice = make_raiser(books)(
        "invoice",
        books.ka,
        [
            line(gst18, qty="2", price="20000", hsn="8419", unit="nos", description="Range"),
            line(gst18, qty="1", price="15000", hsn="8419", unit="nos", description="Hood"),
            line(gst12, qty="50", price="212.50", hsn="7219", unit="kg", description="Sheet"),
            line(gst18, qty="1", price="6000", hsn="998719", unit="nos", description="Install"),
        ],
    )
    # 55,000 + 9,900; 10,625 + 1,275; 6,000 + 1,080: 83,880
    assert invoice.total == D("83880.00")

    body = _json(invoice, mode="road", distance_km=842, vehicle_number="MH12AB1234")

    assert body["version"] == "1.0.0621"
    (bill,) = body["billLists"]
    items = bill.pop("itemList")
    assert bill == {
        "userGstin": COMPANY_GSTIN,
        "supplyType": "O",
        "subSupplyType": 1,
        "subSupplyDesc": "",
        "docType": "INV",
        "docNo": invoice.number,
        "docDate": "15/06/2026",
        "transType": 1,
        "fromGstin": COMPANY_GSTIN,
        "fromTrdName": "Alpha Kitchens Pvt Ltd",
        "fromAddr1": "Plot 42, MIDC Bhosari",
        "fromAddr2": "Near Telco Road",
        "fromPlace": "Pune",
        "fromPincode": 411026,
        "fromStateCode": 27,
        "actualFromStateCode": 27,
        "toGstin": "29AABCT1332L1ZA",
        "toTrdName": "Bengaluru Kitchens",
        "toAddr1": "88 Residency Road",
        "toAddr2": "",
        "toPlace": "Bengaluru",
        "toPincode": 560025,
        "toStateCode": 29,
        "actualToStateCode": 29,
        "totalValue": 71625.0,
        "cgstValue": 0.0,
        "sgstValue": 0.0,
        "igstValue": 12255.0,
        "cessValue": 0.0,
        "TotNonAdvolVal": 0,
        "OthValue": 0.0,
        "totInvValue": 83880.0,
        "transMode": 1,
        "transDistance": 842,
        "transporterId": "",
        "transporterName": "",
        "transDocNo": "",
        "transDocDate": "",
        "vehicleNo": "MH12AB1234",
        "vehicleType": "R",
        "mainHsnCode": 8419,
    }
    assert [(i["hsnCode"], i["quantity"], i["qtyUnit"], i["taxableAmount"]) for i in items] == [
        (8419, 3.0, "NOS", 55000.0),
        (7219, 50.0, "KGS", 10625.0),
        (998719, 1.0, "OTH", 6000.0),  # a service: the portal has no "NA"
    ]
    assert [(i["igstRate"], i["cgstRate"], i["sgstRate"]) for i in items] == [
        (18, 0, 0),
        (12, 0, 0),
        (18, 0, 0),
    ]


def test_an_intra_state_invoice_splits_its_rates_and_a_part_a_only_bill_names_the_transporter(
    books, raise_document
):
    set_up_company(books)
    invoice = raise_document(
        "invoice", books.mh, [line(books.rate("GST18"), qty="1", price="60000")]
    )

    (bill,) = _json(invoice, transporter_id="27AAPFU0939F1ZV", transporter_name="Deccan Roadways")[
        "billLists"
    ]

    (item,) = bill["itemList"]
    assert (item["cgstRate"], item["sgstRate"], item["igstRate"]) == (9, 9, 0)
    assert (bill["cgstValue"], bill["sgstValue"], bill["totInvValue"]) == (5400.0, 5400.0, 70800.0)
    assert (bill["transMode"], bill["transporterId"], bill["vehicleNo"]) == (
        "",
        "27AAPFU0939F1ZV",
        "",
    )


@pytest.mark.parametrize(
    ("transport", "field"),
    [
        ({"mode": "road"}, "vehicle_number"),  # by road: a vehicle or a transporter
        ({"mode": "rail"}, "doc_number"),  # by rail: the railway receipt
        ({}, "transporter_id"),  # Part A only: the transporter fills Part B
        ({"mode": "road", "vehicle_number": "MH-12"}, "vehicle_number"),
        (
            {"mode": "road", "vehicle_number": "MH12AB1234", "transporter_id": "XYZ"},
            "transporter_id",
        ),
    ],
)
def test_transport_that_the_portal_would_refuse_is_a_400_on_its_field(
    books, raise_document, transport, field
):
    from tenant_apps.core.exceptions import ApplicationError

    set_up_company(books)
    invoice = raise_document("invoice", books.mh, [line(books.rate("GST18"), price="60000")])

    with pytest.raises(ApplicationError) as refused:
        _json(invoice, **transport)

    assert field in refused.value.fields


def test_services_exports_drafts_and_missing_addresses_get_no_e_way_bill(books, raise_document):
    from tenant_apps.core.exceptions import ApplicationError
    from tenant_apps.partners.services import partner_create

    set_up_company(books)
    rate = books.rate("GST18")
    abroad = partner_create(user=books.user, data={"name": "Gulf LLC", "is_customer": True})
    road = {"mode": "road", "vehicle_number": "MH12AB1234"}
    cases = [
        (
            raise_document("invoice", books.mh, [line(rate, hsn="998719")]),
            "ewaybill_not_applicable",
        ),
        (
            raise_document("invoice", abroad, [line(rate)], place_of_supply="96"),
            "ewaybill_not_applicable",
        ),
        (raise_document("invoice", books.mh, [line(rate)], post=False), "ewaybill_not_applicable"),
        (raise_document("invoice", books.ka, [line(rate)]), "ewaybill_incomplete"),  # no address
    ]
    for document, code in cases:
        with pytest.raises(ApplicationError) as refused:
            _json(document, **road)
        assert refused.value.code == code, document


def test_the_answer_is_recorded_once_shown_on_the_invoice_and_printed(
    api_client, users, tenant_alpha, db
):
    from tenant_apps.invoicing.models import Document, EWayBill
    from tenant_apps.invoicing.pdf import document_html

    with in_schema(tenant_alpha.schema_name):
        books = _books(users["owner_alpha"])
        set_up_company(books)
        rate = books.rate("GST18")
        invoice = make_raiser(books)("invoice", books.mh, [line(rate, price="60000")])
        small = make_raiser(books)("invoice", books.mh, [line(rate, price="100")])
    client = api_client("alpha", users["owner_alpha"])

    # the card shows on an invoice of goods above ₹50,000, not on a small one
    assert client.get(f"{API}/invoices/{invoice.pk}/").json()["ewaybill_applicable"] is True
    assert client.get(f"{API}/invoices/{small.pk}/").json()["ewaybill_applicable"] is False
    # the JSON, with the transport as query parameters
    file = client.get(
        f"{API}/invoices/{invoice.pk}/ewaybill/json/",
        {"mode": "road", "distance_km": "12", "vehicle_number": "mh 12 ab 1234"},
    )
    assert file.status_code == 200, file.content
    assert json.loads(file.content)["billLists"][0]["vehicleNo"] == "MH12AB1234"
    bad = client.get(f"{API}/invoices/{invoice.pk}/ewaybill/json/", {"mode": "road"})
    assert bad.status_code == 400 and list(bad.json()["fields"]) == ["vehicle_number"]

    # recorded
    now = timezone.now()
    body = {
        "number": "3410 1234 5678",
        "date": now.isoformat(),
        "valid_until": (now + dt.timedelta(days=1)).isoformat(),
    }
    recorded = client.post(f"{API}/invoices/{invoice.pk}/ewaybill/", body, format="json")
    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["number"] == "341012345678"
    assert (
        client.get(f"{API}/invoices/{invoice.pk}/").json()["ewaybill"]["number"] == "341012345678"
    )
    with in_schema(tenant_alpha.schema_name):
        html = document_html(Document.objects.get(pk=invoice.pk))
    assert "341012345678" in html and "E-way bill" in html

    # once per invoice; a bad number or validity is a 400 and nothing is written
    again = client.post(f"{API}/invoices/{invoice.pk}/ewaybill/", body, format="json")
    assert again.status_code == 409
    for changes, field in (
        ({"number": "12345"}, "number"),
        ({"valid_until": (now - dt.timedelta(hours=1)).isoformat()}, "valid_until"),
    ):
        response = client.post(
            f"{API}/invoices/{small.pk}/ewaybill/", {**body, **changes}, format="json"
        )
        assert response.status_code == 400 and list(response.json()["fields"]) == [field]
    with in_schema(tenant_alpha.schema_name):
        assert EWayBill.objects.count() == 1


def test_a_cancelled_e_way_bill_stays_on_record_and_a_new_one_is_recorded(
    api_client, users, tenant_alpha, db, time_machine
):
    """Cancelled within 24 hours on the portal (ADR 0067): it stays, marked, off the PDF; a new
    one is then recorded; the new one's cancellation after 24 hours is refused; the database
    keeps one active e-way bill per invoice."""
    from django.db import IntegrityError, transaction

    from tenant_apps.invoicing.models import Document, EWayBill
    from tenant_apps.invoicing.pdf import document_html

    with in_schema(tenant_alpha.schema_name):
        books = _books(users["owner_alpha"])
        set_up_company(books)
        invoice = make_raiser(books)(
            "invoice", books.mh, [line(books.rate("GST18"), price="60000")]
        )
    client = api_client("alpha", users["owner_alpha"])
    url = f"{API}/invoices/{invoice.pk}/ewaybill/"
    first = timezone.now()
    client.post(url, {"number": "341012345678", "date": first.isoformat()}, format="json")

    none_yet = client.post(f"{url}cancel/", {"reason": "9"}, format="json")
    cancelled = client.post(
        f"{url}cancel/", {"reason": "3", "remark": "Wrong vehicle"}, format="json"
    )
    twice = client.post(f"{url}cancel/", {"reason": "3"}, format="json")

    assert none_yet.status_code == 400 and list(none_yet.json()["fields"]) == ["reason"]
    assert cancelled.status_code == 200, cancelled.content
    assert (cancelled.json()["status"], cancelled.json()["cancel_reason"]) == ("cancelled", "3")
    assert twice.status_code == 400 and twice.json()["code"] == "ewaybill_missing"
    shown = client.get(f"{API}/invoices/{invoice.pk}/").json()["ewaybill"]
    assert (shown["number"], shown["status"]) == ("341012345678", "cancelled")
    with in_schema(tenant_alpha.schema_name):
        assert "341012345678" not in document_html(Document.objects.get(pk=invoice.pk))

    # a new one for the same invoice
    again = client.post(url, {"number": "341012345679", "date": first.isoformat()}, format="json")
    assert again.status_code == 201, again.content
    shown = client.get(f"{API}/invoices/{invoice.pk}/").json()["ewaybill"]
    assert (shown["number"], shown["status"]) == ("341012345679", "active")

    # past 24 hours the portal no longer cancels it
    time_machine.move_to(first + dt.timedelta(hours=24, minutes=1))
    late = client.post(f"{url}cancel/", {"reason": "2"}, format="json")
    assert late.status_code == 400 and late.json()["code"] == "ewaybill_cancel_window"

    with in_schema(tenant_alpha.schema_name):
        assert list(EWayBill.objects.order_by("pk").values_list("status", flat=True)) == [
            "cancelled",
            "active",
        ]
        with pytest.raises(IntegrityError), transaction.atomic():
            EWayBill.objects.filter(number="341012345678").update(
                status="active", cancelled_at=None
            )
