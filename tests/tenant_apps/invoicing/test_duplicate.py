"""Duplicating an invoice or bill into a new draft: what is copied and what is not, and a rate
no longer in force refused with nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from tests.tenant_apps.invoicing.conftest import FY_DAY, line

LATER = FY_DAY + dt.timedelta(days=20)


def test_an_invoice_is_copied_into_a_draft_of_today_with_its_party_lines_and_rate(
    books, raise_document
):
    from tenant_apps.invoicing.services.documents import document_duplicate

    original = raise_document(
        "invoice",
        books.ka,
        [
            line(books.rate("GST18"), qty="2", price="14250", unit="nos", discount_percent=D("5")),
            line(books.rate("GST12"), qty="50", price="212.50", hsn="7219", unit="kg"),
        ],
        notes="Delivery at site",
        reference="PO-778",
    )

    copy = document_duplicate(user=books.user, document=original, date=LATER)

    assert (copy.kind, copy.status, copy.number, copy.date) == ("invoice", "draft", "", LATER)
    assert copy.due_date == LATER  # Bengaluru Kitchens has no payment terms
    assert (copy.partner_id, copy.place_of_supply, copy.is_inter_state) == (books.ka.pk, "29", True)
    assert (copy.notes, copy.reference) == ("Delivery at site", "")  # the PO is the old order's
    assert copy.total == original.total and copy.igst_total == original.igst_total
    fields = (
        "description",
        "hsn_sac",
        "quantity",
        "unit",
        "unit_price",
        "discount_percent",
        "tax_rate_id",
    )

    def rows(document):  # type: ignore[no-untyped-def]
        return list(document.lines.order_by("position").values_list(*fields))

    assert rows(copy) == rows(original)
    original.refresh_from_db()
    assert original.status == "posted"


def test_opening_balances_and_notes_are_not_duplicated(books, raise_document):
    from tenant_apps.core.exceptions import ApplicationError
    from tenant_apps.invoicing.services.documents import document_duplicate

    invoice = raise_document("invoice", books.mh, [line(books.rate("GST18"))])
    note = raise_document("credit_note", books.mh, [line(books.rate("GST18"))], original=invoice)

    with pytest.raises(ApplicationError) as refused:
        document_duplicate(user=books.user, document=note, date=LATER)

    assert refused.value.code == "not_duplicable"


def test_a_rate_no_longer_in_force_on_the_new_date_is_refused_and_nothing_is_written(
    books, raise_document
):
    from tenant_apps.core.exceptions import ApplicationError
    from tenant_apps.invoicing.models import Document, TaxRate
    from tenant_apps.invoicing.services.documents import document_duplicate

    rate = TaxRate.objects.create(
        code="GST28OLD", name="GST 28% (old)", rate=D("28"), valid_from=dt.date(2017, 7, 1)
    )
    original = raise_document("invoice", books.mh, [line(rate)])
    rate.valid_to = FY_DAY + dt.timedelta(days=1)
    rate.save(update_fields=["valid_to"])
    count = Document.objects.count()

    with pytest.raises(ApplicationError):
        document_duplicate(user=books.user, document=original, date=LATER)

    assert Document.objects.count() == count


def test_the_api_answers_the_new_draft(api_client, users, tenant_alpha, db):
    from tests.conftest import in_schema
    from tests.tenant_apps.invoicing.conftest import _books, make_raiser

    with in_schema(tenant_alpha.schema_name):
        books = _books(users["owner_alpha"])
        bill = make_raiser(books)(
            "bill", books.vendor, [line(books.rate("GST18"), qty="5")], reference="SS/4471"
        )

    response = api_client("alpha", users["owner_alpha"]).post(
        f"/api/v1/invoicing/bills/{bill.pk}/duplicate/", {"date": "2026-07-05"}, format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["date"], body["reference"]) == ("draft", "2026-07-05", "")
    assert D(body["total"]) == bill.total
