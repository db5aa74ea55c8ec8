"""Customer credit limits (ADR 0059): an invoice that takes its customer past the limit is
refused with nothing written, unless a user allowed to override posts it (audited); a zero limit
is no limit; payments and credit notes free credit; two invoices posted at once for one
customer cannot both slip under the limit."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal as D
from typing import Any

import pytest
from django.db import connections

from tenant_apps.audit.models import AuditEvent
from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.models import DocumentSequence
from tenant_apps.finance.models import JournalEntry
from tenant_apps.invoicing.models import Document, DocumentStatus, InvoiceSettings
from tenant_apps.invoicing.services.credit import HOLD_LISTED
from tenant_apps.invoicing.services.documents import (
    document_cancel,
    document_create,
    document_post,
)
from tenant_apps.invoicing.services.payments import payment_create
from tenant_apps.partners.models import Partner
from tests.conftest import in_schema
from tests.permission_matrix import member_with_permissions, tenant_client
from tests.tenant_apps.invoicing.conftest import FY_DAY, line

API = "/api/v1/invoicing"
POST_QUERIES = 27  # posting an invoice with no limit and no hold (measured before the hold)


def _limit(partner: Any, amount: str) -> None:
    Partner.objects.filter(pk=partner.pk).update(credit_limit=D(amount))


def _invoice(books: Any, partner: Any, price: str, *, post: bool = False) -> Document:
    # GST 18 % intra-state: 1,000.00 taxable is 1,180.00 owed
    document = document_create(
        user=books.user,
        kind="invoice",
        data={
            "partner": partner,
            "date": FY_DAY,
            "lines": [line(books.rate("GST18"), price=price)],
        },
    )
    return document_post(user=books.user, document=document) if post else document


def test_an_invoice_within_the_limit_posts(books):
    _limit(books.mh, "2360.00")
    _invoice(books, books.mh, "1000", post=True)  # owes 1,180
    second = _invoice(books, books.mh, "1000", post=True)  # owes exactly 2,360: at the limit
    assert second.status == DocumentStatus.POSTED


def test_an_invoice_past_the_limit_is_refused_and_writes_nothing(books):
    _limit(books.mh, "2000.00")
    _invoice(books, books.mh, "1000", post=True)  # owes 1,180.00
    draft = _invoice(books, books.mh, "1000")
    entries = JournalEntry.objects.count()
    sequences = list(DocumentSequence.objects.values_list("series", "last_value"))

    with pytest.raises(ApplicationError) as refused:
        document_post(user=books.user, document=draft)

    assert refused.value.code == "credit_limit_exceeded"
    assert refused.value.detail == (
        "Pune Fabricators owes ₹1,180.00 against a credit limit of ₹2,000.00; this invoice of "
        "₹1,180.00 would take it to ₹2,360.00, ₹360.00 over the limit."
    )
    draft.refresh_from_db()
    assert (draft.status, draft.number, draft.journal_entry_id) == (DocumentStatus.DRAFT, "", None)
    assert JournalEntry.objects.count() == entries
    assert list(DocumentSequence.objects.values_list("series", "last_value")) == sequences


def test_a_zero_limit_is_no_limit_and_other_customers_are_not_counted(books):
    _limit(books.ka, "1000.00")
    _invoice(books, books.ka, "800", post=True)  # Karnataka: IGST, owes 944.00
    assert _invoice(books, books.mh, "100000", post=True).status == DocumentStatus.POSTED


def test_a_payment_and_a_credit_note_free_credit(books):
    _limit(books.mh, "2000.00")
    first = _invoice(books, books.mh, "1000", post=True)  # owes 1,180.00
    with pytest.raises(ApplicationError):
        _invoice(books, books.mh, "1000", post=True)
    payment_create(
        user=books.user,
        kind="receipt",
        data={
            "partner": books.mh,
            "date": FY_DAY,
            "account": books.bank,
            "amount": D("500.00"),
            "allocations": [(first, D("500.00"))],
        },
    )  # owes 680.00
    assert _invoice(books, books.mh, "1000", post=True).status == DocumentStatus.POSTED  # 1,860
    with pytest.raises(ApplicationError):
        _invoice(books, books.mh, "200", post=True)  # 1,860 + 236 = 2,096
    document_post(
        user=books.user,
        document=document_create(
            user=books.user,
            kind="credit_note",
            data={
                "partner": books.mh,
                "date": FY_DAY,
                "lines": [line(books.rate("GST18"), price="100")],
            },
        ),
    )  # 1,860 - 118 = 1,742
    assert _invoice(books, books.mh, "200", post=True).status == DocumentStatus.POSTED  # 1,978


def test_an_advance_counts_against_what_is_owed(books):
    _limit(books.mh, "1000.00")
    payment_create(
        user=books.user,
        kind="receipt",
        data={"partner": books.mh, "date": FY_DAY, "account": books.bank, "amount": D("500.00")},
    )  # an advance: the customer owes -500
    assert _invoice(books, books.mh, "1200", post=True).status == DocumentStatus.POSTED  # 916


def test_override_posts_and_is_audited(books):
    _limit(books.mh, "1000.00")
    draft = _invoice(books, books.mh, "1000")

    posted = document_post(user=books.user, document=draft, credit_override=True)

    assert posted.status == DocumentStatus.POSTED
    event = AuditEvent.objects.get(action="invoicing.invoice.credit_limit_overridden")
    assert event.target_id == str(posted.pk)
    assert event.data == {
        "number": posted.number,
        "partner": books.mh.pk,
        "limit": "1000.00",
        "effective_limit": "1000.00",
        "owed": "0.00",
        "invoice": "1180.00",
        "over_by": "180.00",
    }


def test_bills_and_opening_balances_are_not_held_to_the_limit(books):
    _limit(books.mh, "100.00")
    opening = document_create(
        user=books.user,
        kind="invoice",
        data={
            "partner": books.mh,
            "date": FY_DAY,
            "is_opening": True,
            "lines": [line(books.rate("GST0"), price="5000", hsn="")],
        },
    )
    assert document_post(user=books.user, document=opening).status == DocumentStatus.POSTED
    _limit(books.vendor, "100.00")
    bill = document_create(
        user=books.user,
        kind="bill",
        data={"partner": books.vendor, "date": FY_DAY, "lines": [line(books.rate("GST18"))]},
    )
    assert document_post(user=books.user, document=bill).status == DocumentStatus.POSTED


# --------------------------------------------------------------------------------------------
# Credit control: grace margin and overdue hold
# --------------------------------------------------------------------------------------------
def _settings(**values: Any) -> None:
    InvoiceSettings.objects.update_or_create(singleton=True, defaults=values)


def _dated(books: Any, price: str, *, date: dt.date, due: dt.date, post: bool = True) -> Document:
    document = document_create(
        user=books.user,
        kind="invoice",
        data={
            "partner": books.mh,
            "date": date,
            "due_date": due,
            "lines": [line(books.rate("GST18"), price=price)],
        },
    )
    return document_post(user=books.user, document=document) if post else document


def test_the_grace_margin_stretches_the_limit_to_the_paisa(books):
    _limit(books.mh, "100000.00")
    _settings(credit_limit_grace_percent=D("10"))

    def untaxed(price: str) -> Document:  # GST 0 %: the price is the total
        return document_create(
            user=books.user,
            kind="invoice",
            data={
                "partner": books.mh,
                "date": FY_DAY,
                "lines": [line(books.rate("GST0"), price=price)],
            },
        )

    def advance(amount: str) -> None:
        payment_create(
            user=books.user,
            kind="receipt",
            data={"partner": books.mh, "date": FY_DAY, "account": books.bank, "amount": D(amount)},
        )

    # invoices round to the rupee: an advance sets the paisa
    document_post(user=books.user, document=untaxed("100000"))
    advance("0.99")  # owes 99,999.01
    draft = untaxed("10001")
    with pytest.raises(ApplicationError) as refused:
        document_post(user=books.user, document=draft)  # would owe 1,10,000.01
    assert refused.value.code == "credit_limit_exceeded"
    assert refused.value.detail == (
        "Pune Fabricators owes ₹99,999.01 against a credit limit of ₹100,000.00 "
        "(₹110,000.00 with the grace); this invoice of ₹10,001.00 would take it to "
        "₹110,000.01, ₹0.01 over the limit."
    )
    advance("0.01")  # owes 99,999.00
    # 1,10,000.00 owed: the limit with 10 % grace, exactly
    assert document_post(user=books.user, document=draft).status == DocumentStatus.POSTED


def test_an_overdue_invoice_holds_the_next_and_nothing_is_written(books):
    _settings(credit_hold_overdue_days=30)
    old = _dated(books, "1000", date=dt.date(2026, 4, 1), due=dt.date(2026, 5, 15))  # 31 days
    draft = _invoice(books, books.mh, "100")
    entries = JournalEntry.objects.count()
    sequences = list(DocumentSequence.objects.values_list("series", "last_value"))

    with pytest.raises(ApplicationError) as refused:
        document_post(user=books.user, document=draft)

    assert refused.value.code == "credit_hold_overdue"
    assert refused.value.detail == (
        "Pune Fabricators is on credit hold: invoices more than 30 days overdue "
        f"({old.number} due 2026-05-15, INR 1,180.00 open, 31 days overdue)."
    )
    draft.refresh_from_db()
    assert (draft.status, draft.number, draft.journal_entry_id) == (DocumentStatus.DRAFT, "", None)
    assert JournalEntry.objects.count() == entries
    assert list(DocumentSequence.objects.values_list("series", "last_value")) == sequences
    # the number went back: the next invoice posted takes the one the refused draft had taken
    _settings(credit_hold_overdue_days=None)
    posted = document_post(user=books.user, document=draft)
    assert int(posted.number[-4:]) == int(old.number[-4:]) + 1


def test_exactly_n_days_overdue_is_not_held_n_plus_one_is(books):
    _settings(credit_hold_overdue_days=31)
    _dated(books, "1000", date=dt.date(2026, 4, 1), due=dt.date(2026, 5, 15))  # 31 on FY_DAY
    assert _invoice(books, books.mh, "100", post=True).status == DocumentStatus.POSTED
    later = document_create(
        user=books.user,
        kind="invoice",
        data={
            "partner": books.mh,
            "date": FY_DAY + dt.timedelta(days=1),
            "lines": [line(books.rate("GST18"))],
        },
    )
    with pytest.raises(ApplicationError) as refused:
        document_post(user=books.user, document=later)  # 32 days on its date
    assert refused.value.code == "credit_hold_overdue"


def test_paid_cancelled_and_not_yet_due_invoices_do_not_hold(books):
    _settings(credit_hold_overdue_days=10)
    paid = _dated(books, "1000", date=dt.date(2026, 4, 1), due=dt.date(2026, 4, 10))
    payment_create(
        user=books.user,
        kind="receipt",
        data={
            "partner": books.mh,
            "date": FY_DAY,
            "account": books.bank,
            "amount": D("1180.00"),
            "allocations": [(paid, D("1180.00"))],
        },
    )
    cancelled = _dated(books, "1000", date=dt.date(2026, 4, 1), due=dt.date(2026, 4, 10))
    document_cancel(user=books.user, document=cancelled, date=dt.date(2026, 4, 2))
    _dated(books, "1000", date=dt.date(2026, 6, 1), due=dt.date(2026, 6, 30))  # not yet due
    _dated(books, "1000", date=dt.date(2026, 4, 1), due=dt.date(2026, 4, 10), post=False)  # draft
    assert _invoice(books, books.mh, "100", post=True).status == DocumentStatus.POSTED


def test_the_hold_applies_without_a_limit_and_an_approver_overrides_it(books):
    assert books.mh.credit_limit == 0
    _settings(credit_hold_overdue_days=0)  # zero is off
    old = _dated(books, "1000", date=dt.date(2026, 4, 1), due=dt.date(2026, 4, 10))
    assert _invoice(books, books.mh, "100", post=True).status == DocumentStatus.POSTED
    _settings(credit_hold_overdue_days=7)
    draft = _invoice(books, books.mh, "100")
    with pytest.raises(ApplicationError):
        document_post(user=books.user, document=draft)

    posted = document_post(user=books.user, document=draft, credit_override=True)

    assert posted.status == DocumentStatus.POSTED
    event = AuditEvent.objects.get(action="invoicing.invoice.credit_hold_overridden")
    assert event.target_id == str(posted.pk)
    assert event.data == {
        "number": posted.number,
        "partner": books.mh.pk,
        "days": 7,
        "invoices": [
            {
                "id": old.pk,
                "number": old.number,
                "due_date": "2026-04-10",
                "amount_open": "1180.00",
                "days_overdue": 66,
            }
        ],
    }
    assert not AuditEvent.objects.filter(action="invoicing.invoice.credit_limit_overridden")


def test_posting_with_no_limit_and_the_hold_off_costs_no_extra_query(
    books, django_assert_num_queries
):
    _settings(credit_hold_overdue_days=None, credit_limit_grace_percent=D("10"))
    _dated(books, "1000", date=dt.date(2026, 4, 1), due=dt.date(2026, 4, 10))  # overdue
    draft = _invoice(books, books.mh, "100")
    # the same count as before credit control (the settings ride on the company-row query)
    with django_assert_num_queries(POST_QUERIES):
        document_post(user=books.user, document=draft)


def test_an_exempt_customer_is_never_held_but_its_limit_still_is(books, django_assert_num_queries):
    _settings(credit_hold_overdue_days=7)
    _dated(books, "1000", date=dt.date(2026, 4, 1), due=dt.date(2026, 4, 10))  # 66 days overdue
    with pytest.raises(ApplicationError) as held:
        document_post(user=books.user, document=_invoice(books, books.mh, "100"))
    assert held.value.code == "credit_hold_overdue"
    Partner.objects.filter(pk=books.mh.pk).update(credit_hold_exempt=True)

    # no limit and exempt: the same queries as with the hold off (no lock, no overdue query)
    draft = _invoice(books, books.mh, "100")
    with django_assert_num_queries(POST_QUERIES):
        assert document_post(user=books.user, document=draft).status == DocumentStatus.POSTED
    assert not AuditEvent.objects.filter(action="invoicing.invoice.credit_hold_overridden")

    # the limit is not waived: owes 1,180 + 118, a limit of 1,300 refuses another 118
    _limit(books.mh, "1300.00")
    with pytest.raises(ApplicationError) as refused:
        document_post(user=books.user, document=_invoice(books, books.mh, "100"))
    assert refused.value.code == "credit_limit_exceeded"


def test_a_minimum_overdue_amount_holds_only_from_that_amount(books):
    _settings(credit_hold_overdue_days=7, credit_hold_min_amount=D("2360.00"))
    _dated(books, "1000", date=dt.date(2026, 4, 1), due=dt.date(2026, 4, 10))  # 1,180 overdue
    # 1,180 overdue is under 2,360: not held
    assert _invoice(books, books.mh, "100", post=True).status == DocumentStatus.POSTED
    _dated(books, "1000", date=dt.date(2026, 4, 2), due=dt.date(2026, 4, 11))  # 2,360: held
    with pytest.raises(ApplicationError) as refused:
        document_post(user=books.user, document=_invoice(books, books.mh, "100"))
    assert refused.value.code == "credit_hold_overdue"
    # a rupee more than what is overdue: not held (what is not yet overdue does not count)
    _settings(credit_hold_min_amount=D("2361.00"))
    assert _invoice(books, books.mh, "100", post=True).status == DocumentStatus.POSTED
    # the check is on every overdue invoice, not only the ones a refusal lists
    for day in range(3, 3 + HOLD_LISTED):
        _dated(books, "100", date=dt.date(2026, 4, day), due=dt.date(2026, 4, 12))
    _settings(credit_hold_min_amount=D("2360.00") + 118 * HOLD_LISTED)
    with pytest.raises(ApplicationError):
        document_post(user=books.user, document=_invoice(books, books.mh, "100"))


# --------------------------------------------------------------------------------------------
# Over HTTP
# --------------------------------------------------------------------------------------------
def test_over_http_the_position_the_refusal_and_the_override(tenant_alpha, books):
    _limit(books.mh, "1000.00")
    draft = _invoice(books, books.mh, "1000")
    clerk = member_with_permissions(
        tenant=tenant_alpha,
        permissions=["invoicing.invoice.view", "invoicing.invoice.approve"],
        label="clerk",
    )
    controller = member_with_permissions(
        tenant=tenant_alpha,
        permissions=[
            "invoicing.invoice.view",
            "invoicing.invoice.approve",
            "invoicing.credit_limit.approve",
        ],
        label="controller",
    )
    clerk_client = tenant_client(tenant_alpha, clerk)

    position = clerk_client.get(f"{API}/invoices/{draft.pk}/credit/")
    assert position.status_code == 200
    assert position.json() == {
        "partner": books.mh.pk,
        "limit": "1000.0000",
        "grace_percent": "0.00",
        "effective_limit": "1000.0000",
        "owed": "0.0000",
        "invoice": "1180.0000",
        "owed_after": "1180.0000",
        "over_by": "180.0000",
        "hold": None,
    }
    refused = clerk_client.post(f"{API}/invoices/{draft.pk}/post/", {}, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "credit_limit_exceeded"
    assert refused.json()["fields"] == {}
    denied = clerk_client.post(
        f"{API}/invoices/{draft.pk}/post/", {"override_credit_limit": True}, format="json"
    )
    assert denied.status_code == 403
    assert denied.json()["code"] == "permission_denied"
    bad = clerk_client.post(
        f"{API}/invoices/{draft.pk}/post/", {"override_credit_limit": "perhaps"}, format="json"
    )
    assert bad.status_code == 400
    assert "override_credit_limit" in bad.json()["fields"]
    with in_schema(tenant_alpha.schema_name):
        assert Document.objects.get(pk=draft.pk).status == DocumentStatus.DRAFT

    posted = tenant_client(tenant_alpha, controller).post(
        f"{API}/invoices/{draft.pk}/post/", {"override_credit_limit": True}, format="json"
    )
    assert posted.status_code == 200, posted.json()
    assert posted.json()["status"] == "posted"
    after = clerk_client.get(f"{API}/invoices/{draft.pk}/credit/").json()
    assert (after["owed"], after["invoice"], after["over_by"]) == (
        "1180.0000",
        "0.0000",
        "180.0000",
    )


# --------------------------------------------------------------------------------------------
# Concurrency
# --------------------------------------------------------------------------------------------
def test_two_invoices_posted_at_once_cannot_both_fit_under_the_limit(world, committed_books):
    books = committed_books
    with in_schema(world.alpha_schema):
        _limit(books.mh, "2000.00")
        drafts = [_invoice(books, books.mh, "1000").pk for _ in range(2)]  # 1,180 each
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def worker(pk: int) -> None:
        try:
            with in_schema(world.alpha_schema):
                barrier.wait()
                try:
                    document_post(user=books.user, document=Document.objects.get(pk=pk))
                    outcomes.append("posted")
                except ApplicationError as exc:
                    outcomes.append(exc.code)
        except BaseException as exc:  # noqa: BLE001 - surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(pk,)) for pk in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert sorted(outcomes) == ["credit_limit_exceeded", "posted"]
    with in_schema(world.alpha_schema):
        assert Document.objects.filter(status=DocumentStatus.POSTED).count() == 1


def test_over_http_the_hold_is_shown_refused_and_overridden_only_by_an_approver(
    tenant_alpha, books
):
    _settings(credit_hold_overdue_days=30, credit_limit_grace_percent=D("12.5"))
    _limit(books.mh, "100000.00")
    old = _dated(books, "1000", date=dt.date(2026, 4, 1), due=dt.date(2026, 4, 30))  # 46 days
    draft = _invoice(books, books.mh, "100")
    clerk = member_with_permissions(
        tenant=tenant_alpha,
        permissions=["invoicing.invoice.view", "invoicing.invoice.approve"],
        label="clerk",
    )
    controller = member_with_permissions(
        tenant=tenant_alpha,
        permissions=[
            "invoicing.invoice.view",
            "invoicing.invoice.approve",
            "invoicing.credit_limit.approve",
        ],
        label="controller",
    )
    clerk_client = tenant_client(tenant_alpha, clerk)

    position = clerk_client.get(f"{API}/invoices/{draft.pk}/credit/").json()
    assert (position["grace_percent"], position["effective_limit"]) == ("12.50", "112500.0000")
    assert position["over_by"] == "0.0000"
    assert position["hold"] == {
        "days": 30,
        "invoices": [
            {
                "id": old.pk,
                "number": old.number,
                "due_date": "2026-04-30",
                "currency": "INR",
                "amount_open": "1180.0000",
                "days_overdue": 46,
            }
        ],
    }
    refused = clerk_client.post(f"{API}/invoices/{draft.pk}/post/", {}, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "credit_hold_overdue"
    denied = clerk_client.post(
        f"{API}/invoices/{draft.pk}/post/", {"override_credit_limit": True}, format="json"
    )
    assert denied.status_code == 403
    with in_schema(tenant_alpha.schema_name):
        assert Document.objects.get(pk=draft.pk).status == DocumentStatus.DRAFT
        assert not AuditEvent.objects.filter(action="invoicing.invoice.credit_hold_overridden")

    posted = tenant_client(tenant_alpha, controller).post(
        f"{API}/invoices/{draft.pk}/post/", {"override_credit_limit": True}, format="json"
    )
    assert posted.status_code == 200, posted.json()
    with in_schema(tenant_alpha.schema_name):
        assert (
            AuditEvent.objects.filter(action="invoicing.invoice.credit_hold_overridden").count()
            == 1
        )
    # a posted invoice shows no hold
    assert clerk_client.get(f"{API}/invoices/{draft.pk}/credit/").json()["hold"] is None
    # nor does a draft of an exempt customer
    with in_schema(tenant_alpha.schema_name):
        Partner.objects.filter(pk=books.mh.pk).update(credit_hold_exempt=True)
        exempt = _invoice(books, books.mh, "100")
    assert clerk_client.get(f"{API}/invoices/{exempt.pk}/credit/").json()["hold"] is None
