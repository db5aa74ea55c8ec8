"""A hypothesis state machine of random post / cancel / pay / allocate / credit operations, in
rupees and in US dollars at random exchange rates (settling at another rate realises an exchange
difference, ADR 0043); payments sometimes carry deductions (TDS, a discount: ADR 0045). After
every step: the ledger balances; each party's base-currency ledger balance equals the sum of its
open items, as of several dates, whatever period-end revaluations were posted (ADR 0047: they
touch only their contra ledgers, which hold each one's differences on its date and nothing by the
year end); the exchange gain/loss account holds exactly the live allocations' realised
differences; the deduction accounts hold exactly the live payments' deductions; per document
paid + open = total and the status agrees; per payment allocated never exceeds the settled
amount (money + deductions); legal numbers are gapless per series."""

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
from tenant_apps.finance.models import JournalEntry, JournalLine
from tenant_apps.invoicing import reports
from tenant_apps.invoicing.models import (
    OPEN_STATUSES,
    Allocation,
    Document,
    DocumentStatus,
    Payment,
    PaymentDeduction,
    PaymentStatus,
    Revaluation,
)
from tenant_apps.invoicing.services.documents import document_cancel, note_apply
from tenant_apps.invoicing.services.payments import payment_allocate, payment_cancel, payment_create
from tenant_apps.invoicing.services.revaluation import revaluation_post
from tests.tenant_apps.invoicing.conftest import FY_DAY, line, make_raiser

RATES = ("GST0", "GST5", "GST12", "GST18", "GST28")
prices = st.decimals(min_value=D("0.01"), max_value=D("99999.99"), places=2)
quantities = st.integers(min_value=1, max_value=50)
days = st.integers(min_value=0, max_value=60)
fractions = st.sampled_from([D("0.1"), D("0.5"), D("1"), D("1.5")])
# None: rupees; else US dollars at that many rupees
currencies = st.sampled_from([None, D("83"), D("84.1"), D("82.3333")])
# The share of a payment's settled amount the party keeps back (mostly none), and whether a
# second deduction (a discount) comes with the TDS
cuts = st.sampled_from([D("0"), D("0"), D("0.02"), D("0.0333"), D("0.1"), D("0.999")])
# The deduction accounts of each side: TDS, and a discount
DEDUCTION_ROLES = {
    "receipt": ("tds_receivable", "discount_allowed"),
    "payment": ("tds_payable", "discount_received"),
}
# Party balances equal open items at the year end after every step, and at the end of each run
# as of these dates too (payments fall on days 60-120, cancellations on day 125, applications
# on day 130)
YEAR_END = dt.date(2027, 3, 31)
FY_START = dt.date(2026, 4, 1)
AS_OF = [FY_DAY + dt.timedelta(days=n) for n in (61, 100, 124, 125, 129, 130)]


def _money_terms(usd_rate):
    if usd_rate is None:
        return {}
    return {"currency": "USD", "exchange_rate": usd_rate}


def _party_balances_equal_open_items(as_of: dt.date) -> None:
    """Per party, the receivable/payable ledger balance in the base currency on `as_of` equals
    the sum of its open items' base amounts."""
    from tenant_apps.finance.selectors import account_by_role

    for side in ("receivable", "payable"):
        ledger: dict[int, D] = defaultdict(D)
        for partner_id, debit, credit in JournalLine.objects.filter(
            account=account_by_role(side), date__lte=as_of
        ).values_list("partner_id", "debit", "credit"):
            ledger[partner_id] += (debit - credit) if side == "receivable" else (credit - debit)
        items: dict[int, D] = defaultdict(D)
        for item in reports.open_items(side=side, as_of=as_of):
            items[item.partner_id] += item.open_base
        assert {k: v for k, v in ledger.items() if v} == {k: v for k, v in items.items() if v}, (
            as_of,
            side,
        )


def _split(kind: str, settled: D, cut: D, two: bool) -> tuple[D, list[dict]]:
    """(money, deductions) settling `settled`: `cut` of it kept back as TDS (and, if `two`, a
    third of that again as a discount); all the money when the cut leaves nothing or all."""
    from tenant_apps.finance.selectors import account_by_role

    tds = (settled * cut).quantize(D("0.01"))
    discount = (tds / 3).quantize(D("0.01")) if two else D("0")
    money = settled - tds - discount
    if not tds or money <= 0:
        return settled, []
    tds_role, discount_role = DEDUCTION_ROLES[kind]
    deductions = [
        {
            "account": account_by_role(tds_role),
            "amount": tds,
            "description": "TDS",
            "tds_section": "194Q",
        }
    ]
    if discount:
        deductions.append(
            {"account": account_by_role(discount_role), "amount": discount, "description": "Disc"}
        )
    return money, deductions


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
            try:
                # as-of reports of the past agree with the ledger too (cancellations and
                # applications are dated; their exchange differences are reversed with them)
                for as_of in AS_OF:
                    _party_balances_equal_open_items(as_of)
            finally:
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
            usd=currencies,
        )
        def post_invoice(self, customer, rate, qty, price, offset, usd):
            return raise_document(
                "invoice",
                getattr(books, customer),
                [line(books.rate(rate), qty=str(qty), price=str(price))],
                day=self._day(offset),
                **(_money_terms(usd) | ({"place_of_supply": "96"} if usd else {})),
            ).pk

        @rule(
            target=bills,
            rate=st.sampled_from(RATES),
            qty=quantities,
            price=prices,
            offset=days,
            usd=currencies,
        )
        def post_bill(self, rate, qty, price, offset, usd):
            return raise_document(
                "bill",
                books.vendor,
                [line(books.rate(rate), qty=str(qty), price=str(price))],
                day=self._day(offset),
                **_money_terms(usd),
            ).pk

        @rule(
            target=invoices,
            customer=st.sampled_from(["mh", "ka", "retail"]),
            price=prices,
            usd=currencies,
        )
        def bring_forward_invoice(self, customer, price, usd):
            # a customer's balance from the previous books, on the first day of the year
            return raise_document(
                "invoice",
                getattr(books, customer),
                [line(books.rate("GST0"), price=str(price))],
                day=FY_START,
                is_opening=True,
                **_money_terms(usd),
            ).pk

        @rule(target=bills, price=prices)
        def bring_forward_bill(self, price):
            return raise_document(
                "bill",
                books.vendor,
                [line(books.rate("GST0"), price=str(price))],
                day=FY_START,
                is_opening=True,
            ).pk

        def _pay(self, kind, partner, document_id, fraction, offset, account, usd, cut, two):
            allocations = []
            amount = D("0")
            terms = {}
            if document_id is not None:
                document = Document.objects.get(pk=document_id)
                amount = (document.total * fraction).quantize(D("0.01"))
                # money in the document's currency, at the rule's rate (another rate than the
                # document's, often)
                if document.currency == "USD":
                    terms = _money_terms(usd or document.exchange_rate)
                if document.partner_id == partner.pk and document.status in OPEN_STATUSES:
                    allocations = [(document, min(amount, document.amount_open))]
            # the party pays `amount` (or 1) less what it keeps back: the payment settles it all
            money, deductions = _split(kind, max(amount, D("1")), cut, two)
            try:
                return payment_create(
                    user=books.user,
                    kind=kind,
                    data={
                        "partner": partner,
                        "date": self._day(offset + 60),
                        "account": account,
                        "amount": money,
                        "deductions": deductions,
                        "allocations": [a for a in allocations if a[1] > 0],
                        **terms,
                    },
                ).pk
            except ApplicationError:
                return None

        @rule(
            target=payments,
            invoice=invoices,
            fraction=fractions,
            offset=days,
            cash=st.booleans(),
            usd=currencies,
            cut=cuts,
            two=st.booleans(),
        )
        def receive(self, invoice, fraction, offset, cash, usd, cut, two):
            partner = Document.objects.get(pk=invoice).partner
            return self._pay(
                "receipt",
                partner,
                invoice,
                fraction,
                offset,
                books.cash if cash else books.bank,
                usd,
                cut,
                two,
            )

        @rule(
            target=payments,
            bill=bills,
            fraction=fractions,
            offset=days,
            usd=currencies,
            cut=cuts,
            two=st.booleans(),
        )
        def pay_vendor(self, bill, fraction, offset, usd, cut, two):
            return self._pay(
                "payment", books.vendor, bill, fraction, offset, books.bank, usd, cut, two
            )

        @rule(
            target=payments,
            customer=st.sampled_from(["mh", "ka"]),
            amount=prices,
            offset=days,
            usd=currencies,
            cut=cuts,
        )
        def receive_advance(self, customer, amount, offset, usd, cut):
            money, deductions = _split("receipt", amount, cut, False)
            return payment_create(
                user=books.user,
                kind="receipt",
                data={
                    "partner": getattr(books, customer),
                    "date": self._day(offset + 60),
                    "account": books.bank,
                    "amount": money,
                    "deductions": deductions,
                    **_money_terms(usd),
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

        @rule(target=notes, invoice=invoices, qty=quantities, usd=currencies)
        def credit(self, invoice, qty, usd):
            original = Document.objects.get(pk=invoice)
            if original.status == DocumentStatus.CANCELLED:
                return None
            source = original.lines.first()
            terms = {}
            if original.currency == "USD":  # a note is in its original's currency
                terms = _money_terms(usd or original.exchange_rate) | {"place_of_supply": "96"}
            return raise_document(
                "credit_note",
                original.partner,
                [line(source.tax_rate, qty=str(qty), price=str(source.unit_price))],
                day=self._day(61),
                original=original,
                **terms,
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

        @rule(offset=st.integers(min_value=0, max_value=130), rate=currencies)
        def revalue(self, offset, rate):
            # a period-end revaluation (ADR 0047) at a closing rate: it must move no party's
            # balance (checked by every invariant after it); refused when nothing differs
            with contextlib.suppress(ApplicationError):
                revaluation_post(
                    date=self._day(offset), rates={"USD": rate or D("84.55")}, user=books.user
                )

        @invariant()
        def revaluation_ledgers_hold_only_the_days_revaluation(self):
            # as of a revaluation's date its contra ledgers hold exactly its differences (every
            # earlier one is reversed by then); by the year end they are back at nothing
            from tenant_apps.finance.selectors import account_by_role

            def balance(role, as_of):
                totals = JournalLine.objects.filter(
                    account=account_by_role(role), date__lte=as_of
                ).aggregate(d=Sum("debit"), c=Sum("credit"))
                return (totals["d"] or D("0")) - (totals["c"] or D("0"))

            for r in Revaluation.objects.filter(status="posted"):
                assert balance("receivable_revaluation", r.date) == r.receivable_difference
                assert -balance("payable_revaluation", r.date) == r.payable_difference
            for role in ("receivable_revaluation", "payable_revaluation", "exchange_unrealised"):
                assert balance(role, YEAR_END) == 0, role

        @invariant()
        def ledger_balances(self):
            totals = JournalLine.objects.aggregate(d=Sum("debit"), c=Sum("credit"))
            assert totals["d"] == totals["c"]

        @invariant()
        def party_balances_equal_open_items(self):
            _party_balances_equal_open_items(YEAR_END)

        @invariant()
        def exchange_account_holds_the_realised_differences(self):
            from tenant_apps.finance.selectors import account_by_role

            totals = JournalLine.objects.filter(
                account=account_by_role("exchange_difference")
            ).aggregate(d=Sum("debit"), c=Sum("credit"))
            balance = (totals["d"] or D("0")) - (totals["c"] or D("0"))
            gains = D("0")
            for a in Allocation.objects.live().select_related("document"):
                difference = a.source_amount_base - a.amount_base
                assert a.exchange_gain == (difference if a.document.is_sales() else -difference)
                assert (a.exchange_entry_id is not None) == (a.exchange_gain != 0)
                if a.document.currency == "INR":
                    assert a.amount_base == a.source_amount_base == a.amount
                gains += a.exchange_gain
            assert balance == -gains  # a gain is a credit

        @invariant()
        def documents_add_up(self):
            applied = defaultdict(D)
            live = Allocation.objects.live()
            for document_id, amount in live.values_list("document_id", "amount"):
                applied[document_id] += amount
            for note_id, amount in live.filter(note__isnull=False).values_list("note_id", "amount"):
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
            for p in Payment.objects.prefetch_related("deductions"):
                allocated = Allocation.objects.live().filter(payment=p).aggregate(s=Sum("amount"))[
                    "s"
                ] or D("0")
                assert p.amount_allocated == allocated <= p.settled_amount
                if p.status == PaymentStatus.CANCELLED:
                    assert allocated == 0
                deductions = list(p.deductions.all())
                assert p.deductions_total == sum((d.amount for d in deductions), D("0"))
                assert p.deductions_base == sum((d.amount_base for d in deductions), D("0"))
                # the party's line of the payment's entry is the money plus the deductions
                party = JournalLine.objects.get(
                    entry_id=p.journal_entry_id, account__role__in=("receivable", "payable")
                )
                assert party.debit + party.credit == p.settled_base
                assert abs(party.amount_currency) == p.settled_amount

        @invariant()
        def deduction_accounts_hold_the_live_deductions(self):
            from tenant_apps.finance.selectors import account_by_role

            for roles in DEDUCTION_ROLES.values():
                for role in roles:
                    account = account_by_role(role)
                    totals = JournalLine.objects.filter(account=account).aggregate(
                        d=Sum("debit"), c=Sum("credit")
                    )
                    balance = (totals["d"] or D("0")) - (totals["c"] or D("0"))
                    expected = D("0")
                    for kind, base in PaymentDeduction.objects.filter(
                        account=account, payment__status=PaymentStatus.POSTED
                    ).values_list("payment__kind", "amount_base"):
                        # a receipt debits what the customer kept back, a payment credits it
                        expected += base if kind == "receipt" else -base
                    assert balance == expected, role

        @invariant()
        def opening_account_holds_the_balances_brought_forward(self):
            from tenant_apps.finance.selectors import account_by_role

            totals = JournalLine.objects.filter(
                account=account_by_role("opening_balance")
            ).aggregate(d=Sum("debit"), c=Sum("credit"))
            credit = (totals["c"] or D("0")) - (totals["d"] or D("0"))
            expected = D("0")
            sign = {"invoice": 1, "credit_note": -1, "bill": -1, "debit_note": 1}
            opening = Document.objects.filter(is_opening=True).exclude(status=DocumentStatus.DRAFT)
            for kind, base in opening.values_list("kind", "total_base"):
                expected += sign[kind] * base
            assert credit == expected

        @invariant()
        def numbers_are_gapless(self):
            legal = Document.objects.filter(is_opening=False).exclude(number="")
            for kind, prefix in (("invoice", "INV"), ("bill", "BILL"), ("credit_note", "CN")):
                numbers = sorted(
                    int(n.rsplit("/", 1)[1])
                    for n in legal.filter(kind=kind).values_list("number", flat=True)
                )
                assert numbers == list(range(1, len(numbers) + 1)), (prefix, numbers)
            brought = sorted(
                int(n.rsplit("/", 1)[1])
                for n in Document.objects.filter(is_opening=True)
                .exclude(number="")
                .values_list("number", flat=True)
            )
            assert brought == list(range(1, len(brought) + 1)), ("OB", brought)
            fx = sorted(
                int(n.rsplit("/", 1)[1])
                for n in JournalEntry.objects.filter(series="FX").values_list("number", flat=True)
            )
            assert fx == list(range(1, len(fx) + 1)), ("FX", fx)
            fxr = sorted(
                int(n.rsplit("/", 1)[1])
                for n in JournalEntry.objects.filter(series="FXR").values_list("number", flat=True)
            )
            assert fxr == list(range(1, len(fxr) + 1)), ("FXR", fxr)

    run_state_machine_as_test(
        Books,
        settings=settings(
            max_examples=10,
            stateful_step_count=20,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
