"""Drafts, posting (exact journal lines, legal numbers), immutability, cancellation by the
reversing note, notes applied to their original."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.finance.models import JournalEntry, JournalLine
from tenant_apps.invoicing.models import Allocation, Document, DocumentStatus
from tenant_apps.invoicing.services.documents import (
    document_cancel,
    document_create,
    document_delete,
    document_post,
    document_update,
)
from tests.tenant_apps.invoicing.conftest import FY_DAY, journal_of, line


def test_a_draft_has_taxes_but_no_number_and_no_journal_entry(books, raise_document):
    # when
    draft = raise_document(
        "invoice", books.mh, [line(books.rate("GST18"), qty="10", price="1250")], post=False
    )

    # then
    stored = Document.objects.get(pk=draft.pk)
    assert (stored.status, stored.number, stored.journal_entry_id) == ("draft", "", None)
    assert (stored.taxable_total, stored.cgst_total, stored.sgst_total, stored.total) == (
        D("12500.00"),
        D("1125.00"),
        D("1125.00"),
        D("14750.00"),
    )
    assert stored.place_of_supply == "27" and stored.is_inter_state is False
    assert stored.due_date == FY_DAY + dt.timedelta(days=30)  # the partner's payment terms
    assert stored.party_gstin == books.mh.gstin
    assert JournalEntry.objects.count() == 0


def test_posting_an_intra_state_invoice_writes_the_exact_journal(books, raise_document):
    # given 10 x 1,250 at 18% + 1 x 999.99 at 5%, within Maharashtra
    lines = [
        line(books.rate("GST18"), qty="10", price="1250"),
        line(books.rate("GST5"), qty="1", price="999.99", hsn="7308"),
    ]

    # when
    invoice = raise_document("invoice", books.mh, lines)

    # then taxable 13,499.99; CGST 1,125.00 + 25.00; SGST the same; 15,799.99 -> 15,800 (+0.01)
    assert invoice.number == "INV/26-27/00001"
    assert invoice.status == DocumentStatus.POSTED
    assert journal_of(invoice) == [
        ("receivable", D("15800.0000"), D("0"), books.mh.pk),
        ("sales", D("0"), D("13499.9900"), None),
        ("tax_output_cgst", D("0"), D("1150.0000"), None),
        ("tax_output_sgst", D("0"), D("1150.0000"), None),
        ("round_off", D("0"), D("0.0100"), None),
    ]
    entry = JournalEntry.objects.get(pk=invoice.journal_entry_id)
    assert (entry.source_type, entry.source_id, entry.total) == (
        "invoicing.invoice",
        invoice.pk,
        D("15800"),
    )


def test_an_inter_state_vendor_bill_debits_purchases_and_input_igst(books, raise_document):
    # given a bill from the Gujarat vendor: 3 x 333.33 at 18%; IGST 179.9982 -> 180.00
    bill = raise_document(
        "bill",
        books.vendor,
        [line(books.rate("GST18"), qty="3", price="333.33")],
        reference="SS/778",
    )

    # then 999.99 + 180.00 = 1,179.99 -> 1,180 (+0.01 round-off, a debit on a bill)
    assert (bill.number, bill.is_inter_state, bill.total) == ("BILL/26-27/00001", True, D("1180"))
    assert journal_of(bill) == [
        ("payable", D("0"), D("1180.0000"), books.vendor.pk),
        ("purchase", D("999.9900"), D("0"), None),
        ("tax_input_igst", D("180.0000"), D("0"), None),
        ("round_off", D("0.0100"), D("0"), None),
    ]


def test_a_negative_round_off_is_a_debit_on_an_invoice(books, raise_document):
    # given 100.49 at 0%: rounds down to 100 (-0.49)
    invoice = raise_document(
        "invoice", books.retail, [line(books.rate("GST0"), price="100.49", hsn="1001")]
    )

    assert journal_of(invoice) == [
        ("receivable", D("100.0000"), D("0"), books.retail.pk),
        ("sales", D("0"), D("100.4900"), None),
        ("round_off", D("0.4900"), D("0"), None),
    ]


def test_an_export_in_dollars_posts_base_amounts_at_its_rate_to_export_sales(books, raise_document):
    # given an export of 2 units at USD 500.00, IGST 0% (LUT), at 83.25
    invoice = raise_document(
        "invoice",
        books.ka,
        [line(books.rate("GST0"), qty="2", price="500")],
        currency="USD",
        exchange_rate=D("83.25"),
        place_of_supply="96",
    )

    # then USD 1,000.00 (no rupee rounding) = INR 83,250.00
    assert (invoice.total, invoice.total_base, invoice.round_off) == (
        D("1000.00"),
        D("83250.00"),
        D("0"),
    )
    assert journal_of(invoice) == [
        ("receivable", D("83250.0000"), D("0"), books.ka.pk),
        ("sales_export", D("0"), D("83250.0000"), None),
    ]


def test_numbers_are_sequential_per_series_and_drafts_take_none(books, raise_document):
    rate = books.rate("GST18")
    first = raise_document("invoice", books.mh, [line(rate)])
    raise_document("invoice", books.mh, [line(rate)], post=False)
    second = raise_document("invoice", books.ka, [line(rate)])
    bill = raise_document("bill", books.vendor, [line(rate)])
    assert [first.number, second.number, bill.number] == [
        "INV/26-27/00001",
        "INV/26-27/00002",
        "BILL/26-27/00001",
    ]


def test_a_posted_document_is_immutable(books, raise_document):
    invoice = raise_document("invoice", books.mh, [line(books.rate("GST18"))])
    before = Document.objects.filter(pk=invoice.pk).values().get()

    with pytest.raises(ApplicationError) as changed:
        document_update(user=books.user, document=invoice, data={"reference": "changed"})
    with pytest.raises(ApplicationError) as deleted:
        document_delete(user=books.user, document=invoice)
    with pytest.raises(ApplicationError) as reposted:
        document_post(user=books.user, document=invoice)

    assert (changed.value.code, deleted.value.code, reposted.value.code) == ("not_draft",) * 3
    assert Document.objects.filter(pk=invoice.pk).values().get() == before


def test_updating_a_draft_replaces_its_lines_and_recomputes(books, raise_document):
    draft = raise_document("invoice", books.mh, [line(books.rate("GST18"))], post=False)

    draft = document_update(
        user=books.user,
        document=draft,
        data={"partner": books.ka, "lines": [line(books.rate("GST12"), qty="2", price="50")]},
    )

    # then to Karnataka: IGST 12% of 100 = 12.00
    stored = Document.objects.get(pk=draft.pk)
    assert (stored.partner_id, stored.place_of_supply, stored.igst_total, stored.total) == (
        books.ka.pk,
        "29",
        D("12.00"),
        D("112.00"),
    )
    assert list(stored.lines.values_list("quantity", "gst_rate")) == [(D("2"), D("12"))]


def test_an_expired_rate_is_refused_on_a_new_document(books):
    # given the 28% + 12% cess rate, which ended on 2025-09-21
    with pytest.raises(ApplicationError) as refused:
        document_create(
            user=books.user,
            kind="invoice",
            data={"partner": books.mh, "date": FY_DAY, "lines": [line(books.rate("GST28_CESS12"))]},
        )
    assert refused.value.fields == {
        "lines.0.tax_rate": ["GST 28% + cess 12% (aerated waters) is not valid on 2026-06-15."]
    }
    assert Document.objects.count() == 0


def test_a_vendor_is_not_invoiced_and_a_customer_sends_no_bill(books):
    for kind, partner in (("invoice", books.vendor), ("bill", books.mh)):
        with pytest.raises(ApplicationError) as refused:
            document_create(
                user=books.user, kind=kind, data={"partner": partner, "date": FY_DAY, "lines": []}
            )
        assert list(refused.value.fields) == ["partner"]
    assert Document.objects.count() == 0


def test_a_document_without_lines_does_not_post(books, raise_document):
    draft = raise_document("invoice", books.mh, [], post=False)
    with pytest.raises(ApplicationError) as refused:
        document_post(user=books.user, document=draft)
    assert refused.value.code == "no_lines"
    assert Document.objects.get(pk=draft.pk).number == ""


def test_posting_without_a_fiscal_year_is_refused_and_takes_no_number(books, raise_document):
    draft = raise_document(
        "invoice", books.mh, [line(books.rate("GST18"))], post=False, day=dt.date(2031, 5, 1)
    )

    with pytest.raises(ApplicationError) as refused:
        document_post(user=books.user, document=draft)

    assert refused.value.code == "no_fiscal_year"
    stored = Document.objects.get(pk=draft.pk)
    assert (stored.status, stored.number) == ("draft", "")


def test_cancelling_an_invoice_posts_its_credit_note_and_closes_it(books, raise_document):
    # given an invoice of 1,180 (1,000 + 18% intra)
    invoice = raise_document("invoice", books.mh, [line(books.rate("GST18"), qty="10")])

    # when
    note = document_cancel(user=books.user, document=invoice, date=FY_DAY, reason="Wrong item")

    # then the credit note mirrors the invoice's journal
    invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_settled) == (DocumentStatus.CANCELLED, D("1180.00"))
    assert (note.kind, note.number, note.original_id, note.total, note.status) == (
        "credit_note",
        "CN/26-27/00001",
        invoice.pk,
        D("1180.00"),
        DocumentStatus.PAID,
    )
    assert journal_of(note) == [
        ("receivable", D("0"), D("1180.0000"), books.mh.pk),
        ("sales", D("1000.0000"), D("0"), None),
        ("tax_output_cgst", D("90.0000"), D("0"), None),
        ("tax_output_sgst", D("90.0000"), D("0"), None),
    ]
    assert list(Allocation.objects.values_list("document_id", "note_id", "amount")) == [
        (invoice.pk, note.pk, D("1180.0000"))
    ]


def test_cancelling_an_export_reverses_export_sales_not_domestic(books, raise_document):
    # given an export invoice (place of supply 96) of INR 10 x 100, IGST 0%
    export = raise_document(
        "invoice", books.ka, [line(books.rate("GST0"), qty="10")], place_of_supply="96"
    )
    assert journal_of(export) == [
        ("receivable", D("1000.0000"), D("0"), books.ka.pk),
        ("sales_export", D("0"), D("1000.0000"), None),
    ]

    # when it is cancelled
    note = document_cancel(user=books.user, document=export, date=FY_DAY, reason="Not shipped")

    # then its credit note takes the value back out of export sales
    assert note.place_of_supply == "96"
    assert journal_of(note) == [
        ("receivable", D("0"), D("1000.0000"), books.ka.pk),
        ("sales_export", D("1000.0000"), D("0"), None),
    ]


def test_a_credit_note_naming_its_invoice_is_applied_to_it(books, raise_document):
    invoice = raise_document("invoice", books.mh, [line(books.rate("GST18"), qty="10")])

    # when a partial return of 2 units is credited
    note = raise_document(
        "credit_note", books.mh, [line(books.rate("GST18"), qty="2")], original=invoice
    )

    invoice.refresh_from_db()
    assert (note.total, note.status) == (D("236.00"), DocumentStatus.PAID)
    assert (invoice.amount_settled, invoice.status, invoice.amount_open) == (
        D("236.00"),
        DocumentStatus.PARTLY_PAID,
        D("944.00"),
    )


def test_cancelling_a_note_reverses_its_entry_and_reopens_the_invoice(books, raise_document):
    invoice = raise_document("invoice", books.mh, [line(books.rate("GST18"), qty="10")])
    note = raise_document(
        "credit_note", books.mh, [line(books.rate("GST18"), qty="2")], original=invoice
    )

    cancelled = document_cancel(user=books.user, document=note, date=FY_DAY)

    invoice.refresh_from_db()
    assert cancelled.status == DocumentStatus.CANCELLED
    assert (invoice.amount_settled, invoice.status) == (D("0"), DocumentStatus.POSTED)
    reversal = JournalEntry.objects.get(reversal_of_id=note.journal_entry_id)
    assert sorted(
        JournalLine.objects.filter(entry=reversal).values_list("debit", "credit")
    ) == sorted((x[2], x[1]) for x in journal_of(note))
    # the application is kept, marked reversed on the cancel date (ADR 0043)
    assert Allocation.objects.live().count() == 0
    assert list(Allocation.objects.values_list("note_id", "reversed_on")) == [(note.pk, FY_DAY)]
