"""A hypothesis state machine of random post / cancel / pay / allocate / credit operations.
After every step: the ledger balances; each party's ledger balance equals the sum of its open
items; per document paid + open = total and the status agrees; per payment allocated never
exceeds the amount; legal numbers are gapless per series."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from decimal import Decimal as D

from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
    run_state_machine_as_test,
)

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.finance.models import JournalLine
from tenant_apps.invoicing import reports
from tenant_apps.invoicing.models import (
    OPEN_STATUSES,
    Allocation,
    Document,
    DocumentStatus,
    Payment,
    PaymentStatus,
)
from tenant_apps.invoicing.services.documents import document_cancel, note_apply
from tenant_apps.invoicing.services.payments import payment_allocate, payment_cancel, payment_create
from tests.tenant_apps.invoicing.conftest import FY_DAY, line, make_raiser

RATES = ("GST0", "GST5", "GST12", "GST18", "GST28")
prices = st.decimals(min_value=D("0.01"), max_value=D("99999.99"), places=2)
quantities = st.integers(min_value=1, max_value=50)
days = st.integers(min_value=0, max_value=60)
fractions = st.sampled_from([D("0.1"), D("0.5"), D("1"), D("1.5")])


def test_random_documents_and_payments_keep_every_invariant(books):
    raise_document = make_raiser(books)

    class Books(RuleBasedStateMachine):
        invoices = Bundle("invoices")
        bills = Bundle("bills")
        payments = Bundle("payments")
        notes = Bundle("notes")

        def __init__(self) -> None:
            super().__init__()
            # each example starts from the same books: its writes roll back in teardown
            self._savepoint = transaction.savepoint()

        def teardown(self) -> None:
            transaction.savepoint_rollback(self._savepoint)

        def _day(self, offset: int) -> dt.date:
            return FY_DAY + dt.timedelta(days=offset)

        @rule(
            target=invoices,
            customer=st.sampled_from(["mh", "ka", "retail"]),
            rate=st.sampled_from(RATES),
            qty=quantities,
            price=prices,
            offset=days,
        )
        def post_invoice(self, customer, rate, qty, price, offset):
            return raise_document(
                "invoice",
                getattr(books, customer),
                [line(books.rate(rate), qty=str(qty), price=str(price))],
                day=self._day(offset),
            ).pk

        @rule(target=bills, rate=st.sampled_from(RATES), qty=quantities, price=prices, offset=days)
        def post_bill(self, rate, qty, price, offset):
            return raise_document(
                "bill",
                books.vendor,
                [line(books.rate(rate), qty=str(qty), price=str(price))],
                day=self._day(offset),
            ).pk

        def _pay(self, kind, partner, document_id, fraction, offset, account):
            allocations = []
            amount = D("0")
            if document_id is not None:
                document = Document.objects.get(pk=document_id)
                amount = (document.total * fraction).quantize(D("0.01"))
                if document.partner_id == partner.pk and document.status in OPEN_STATUSES:
                    allocations = [(document, min(amount, document.amount_open))]
            try:
                return payment_create(
                    user=books.user,
                    kind=kind,
                    data={
                        "partner": partner,
                        "date": self._day(offset + 60),
                        "account": account,
                        "amount": max(amount, D("1")),
                        "allocations": [a for a in allocations if a[1] > 0],
                    },
                ).pk
            except ApplicationError:
                return None

        @rule(
            target=payments, invoice=invoices, fraction=fractions, offset=days, cash=st.booleans()
        )
        def receive(self, invoice, fraction, offset, cash):
            partner = Document.objects.get(pk=invoice).partner
            return self._pay(
                "receipt", partner, invoice, fraction, offset, books.cash if cash else books.bank
            )

        @rule(target=payments, bill=bills, fraction=fractions, offset=days)
        def pay_vendor(self, bill, fraction, offset):
            return self._pay("payment", books.vendor, bill, fraction, offset, books.bank)

        @rule(target=payments, customer=st.sampled_from(["mh", "ka"]), amount=prices, offset=days)
        def receive_advance(self, customer, amount, offset):
            return payment_create(
                user=books.user,
                kind="receipt",
                data={
                    "partner": getattr(books, customer),
                    "date": self._day(offset + 60),
                    "account": books.bank,
                    "amount": amount,
                },
            ).pk

        @rule(payment=payments, invoice=invoices, fraction=fractions)
        def allocate(self, payment, invoice, fraction):
            if payment is None:
                return
            target = Document.objects.get(pk=invoice)
            amount = (target.amount_open * fraction).quantize(D("0.01"))
            with contextlib.suppress(ApplicationError):
                payment_allocate(
                    user=books.user,
                    payment=Payment.objects.get(pk=payment),
                    allocations=[(target, amount)],
                    date=self._day(130),
                )

        @rule(target=notes, invoice=invoices, qty=quantities)
        def credit(self, invoice, qty):
            original = Document.objects.get(pk=invoice)
            if original.status == DocumentStatus.CANCELLED:
                return None
            source = original.lines.first()
            return raise_document(
                "credit_note",
                original.partner,
                [line(source.tax_rate, qty=str(qty), price=str(source.unit_price))],
                day=self._day(61),
                original=original,
            ).pk

        @rule(note=notes, invoice=invoices)
        def apply_note(self, note, invoice):
            if note is None:
                return
            note_doc = Document.objects.get(pk=note)
            target = Document.objects.get(pk=invoice)
            with contextlib.suppress(ApplicationError):
                note_apply(
                    user=books.user,
                    note=note_doc,
                    allocations=[(target, min(note_doc.amount_open, target.amount_open))],
                    date=self._day(130),
                )

        @rule(document=consumes(invoices) | consumes(bills) | consumes(notes))
        def cancel(self, document):
            if document is None:
                return
            with contextlib.suppress(ApplicationError):
                document_cancel(
                    user=books.user, document=Document.objects.get(pk=document), date=self._day(125)
                )

        @rule(payment=consumes(payments))
        def cancel_payment(self, payment):
            if payment is None:
                return
            with contextlib.suppress(ApplicationError):
                payment_cancel(
                    user=books.user, payment=Payment.objects.get(pk=payment), date=self._day(125)
                )

        @invariant()
        def ledger_balances(self):
            totals = JournalLine.objects.aggregate(d=Sum("debit"), c=Sum("credit"))
            assert totals["d"] == totals["c"]

        @invariant()
        def party_balances_equal_open_items(self):
            from tenant_apps.finance.selectors import account_by_role

            for side in ("receivable", "payable"):
                ledger: dict[int, D] = defaultdict(D)
                for partner_id, debit, credit in JournalLine.objects.filter(
                    account=account_by_role(side)
                ).values_list("partner_id", "debit", "credit"):
                    ledger[partner_id] += (
                        (debit - credit) if side == "receivable" else (credit - debit)
                    )
                items: dict[int, D] = defaultdict(D)
                for item in reports.open_items(side=side, as_of=dt.date(2027, 3, 31)):
                    items[item.partner_id] += item.open_base
                assert {k: v for k, v in ledger.items() if v} == {
                    k: v for k, v in items.items() if v
                }

        @invariant()
        def documents_add_up(self):
            applied = defaultdict(D)
            for document_id, amount in Allocation.objects.values_list("document_id", "amount"):
                applied[document_id] += amount
            for note_id, amount in Allocation.objects.filter(note__isnull=False).values_list(
                "note_id", "amount"
            ):
                applied[note_id] += amount
            for d in Document.objects.exclude(status=DocumentStatus.DRAFT):
                assert d.amount_settled == applied[d.pk]
                assert d.amount_settled + d.amount_open == d.total
                assert D("0") <= d.amount_open <= d.total
                if d.status != DocumentStatus.CANCELLED:
                    expected = (
                        DocumentStatus.POSTED
                        if d.amount_settled == 0
                        else DocumentStatus.PAID
                        if d.amount_open == 0
                        else DocumentStatus.PARTLY_PAID
                    )
                    assert d.status == expected, (d.number, d.status, d.amount_settled, d.total)

        @invariant()
        def payments_add_up(self):
            for p in Payment.objects.all():
                allocated = Allocation.objects.filter(payment=p).aggregate(s=Sum("amount"))[
                    "s"
                ] or D("0")
                assert p.amount_allocated == allocated <= p.amount
                if p.status == PaymentStatus.CANCELLED:
                    assert allocated == 0

        @invariant()
        def numbers_are_gapless(self):
            for kind, prefix in (("invoice", "INV"), ("bill", "BILL"), ("credit_note", "CN")):
                numbers = sorted(
                    int(n.rsplit("/", 1)[1])
                    for n in Document.objects.filter(kind=kind)
                    .exclude(number="")
                    .values_list("number", flat=True)
                )
                assert numbers == list(range(1, len(numbers) + 1)), (prefix, numbers)

    run_state_machine_as_test(
        Books,
        settings=settings(
            max_examples=8,
            stateful_step_count=15,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
