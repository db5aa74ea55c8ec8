"""Reads of the invoicing app: lists and details. Reports are in `reports.py`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, Round

from tenant_apps.core.fields import AMOUNT_DECIMAL_PLACES, AMOUNT_MAX_DIGITS
from tenant_apps.invoicing.models import (
    OPEN_STATUSES,
    Allocation,
    Document,
    DocumentKind,
    DocumentLine,
    GstPayment,
    ItcReversal,
    ItcReversalLine,
    Payment,
    PaymentDeduction,
    PaymentKind,
    PaymentStatus,
    Revaluation,
    RevaluationLine,
    SentEmail,
    TaxRate,
    TdsChallan,
)
from tenant_apps.partners.models import Partner, PartnerContact

BASE_MONEY = DecimalField(max_digits=AMOUNT_MAX_DIGITS, decimal_places=AMOUNT_DECIMAL_PLACES)


def allocation_base(field: str, prefix: str = "") -> Combinable:
    """An allocation's base-currency value on one side (`amount_base`: the document's side,
    `source_amount_base`: the payment's or note's side). Rows from before realised exchange
    differences have null base amounts; they were settled at one rate, the document's, so
    their value is `round(amount x document rate, 2)` on both sides (ADR 0043)."""
    return Coalesce(
        F(f"{prefix}{field}"),
        Round(F(f"{prefix}amount") * F(f"{prefix}document__exchange_rate"), 2),
        output_field=BASE_MONEY,
    )


def tax_rate_list(*, on: dt.date | None = None) -> QuerySet[TaxRate]:
    rates = TaxRate.objects.all()
    if on is not None:
        rates = rates.filter(valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )
    return rates.order_by("rate", "cess_rate", "valid_from", "code")


def tax_rate_get(*, tax_rate_id: int) -> TaxRate:
    return TaxRate.objects.get(pk=tax_rate_id)


def document_list(*, kinds: tuple[str, ...]) -> QuerySet[Document]:
    return (
        Document.objects.filter(kind__in=kinds).select_related("partner").order_by("-date", "-id")
    )


def document_get(*, document_id: int, kinds: tuple[str, ...] | None = None) -> Document:
    documents = Document.objects.select_related(
        "partner", "original__einvoice", "einvoice"
    ).prefetch_related(
        "ewaybills",
        Prefetch(
            "lines",
            queryset=DocumentLine.objects.select_related(
                "tax_rate", "account", "cost_centre"
            ).order_by("position", "id"),
        ),
        Prefetch(
            "allocations",
            queryset=Allocation.objects.live()
            .select_related("payment", "note", "exchange_entry")
            .order_by("date", "id"),
        ),
        Prefetch(
            "applications",
            queryset=Allocation.objects.live()
            .select_related("document", "exchange_entry")
            .order_by("date", "id"),
        ),
    )
    if kinds is not None:
        documents = documents.filter(kind__in=kinds)
    return documents.get(pk=document_id)


def document_email_target(*, document_id: int, kinds: tuple[str, ...]) -> Document:
    """A document with its party and the party's contacts (the e-mail dialog's addresses)."""
    return (
        Document.objects.filter(kind__in=kinds)
        .select_related("partner")
        .prefetch_related(
            Prefetch(
                "partner__contacts", queryset=PartnerContact.objects.order_by("-is_primary", "id")
            )
        )
        .get(pk=document_id)
    )


def sent_emails(
    *,
    document: Document | None = None,
    payment: Payment | None = None,
    partner: Partner | None = None,
) -> QuerySet[SentEmail]:
    """What was e-mailed, newest first: a document's, a payment's, or everything sent to a
    party."""
    sent = SentEmail.objects.select_related("created_by", "document", "payment")
    if document is not None:
        sent = sent.filter(document=document)
    if payment is not None:
        sent = sent.filter(payment=payment)
    if partner is not None:
        sent = sent.filter(partner=partner)
    return sent


def partner_contacts_load(partner: Partner) -> Partner:
    """The party's contacts, primary first, loaded onto it (the e-mail dialog's addresses)."""
    prefetch_related_objects(
        [partner],
        Prefetch("contacts", queryset=PartnerContact.objects.order_by("-is_primary", "id")),
    )
    return partner


def _deductions() -> Prefetch:
    return Prefetch(
        "deductions",
        queryset=PaymentDeduction.objects.select_related("account", "cost_centre").order_by(
            "position", "id"
        ),
    )


def payment_list() -> QuerySet[Payment]:
    return (
        Payment.objects.select_related("partner", "account")
        .prefetch_related(_deductions())
        .order_by("-date", "-id")
    )


def payment_get(*, payment_id: int) -> Payment:
    return (
        Payment.objects.select_related("partner", "account")
        .prefetch_related(
            _deductions(),
            Prefetch(
                "allocations",
                queryset=Allocation.objects.select_related(
                    "document", "exchange_entry", "exchange_entry__reversed_by"
                ).order_by("date", "id"),
            ),
        )
        .get(pk=payment_id)
    )


def payment_email_target(*, payment_id: int) -> Payment:
    """A payment as `payment_get` loads it (what its PDF prints), with the party's contacts
    (the e-mail dialog's addresses)."""
    payment = payment_get(payment_id=payment_id)
    partner_contacts_load(payment.partner)
    return payment


def open_documents(*, partner_id: int, kinds: tuple[str, ...]) -> QuerySet[Document]:
    """A party's open invoices or bills, oldest first (what a payment can be allocated to)."""
    return Document.objects.filter(
        partner_id=partner_id, kind__in=kinds, status__in=OPEN_STATUSES
    ).order_by("date", "id")


# A deduction goes anywhere but the party's own control accounts (it would not leave them).
PARTY_CONTROL_ROLES = ("receivable", "payable")


def deduction_accounts(*, search: str = "") -> QuerySet[Any]:
    """Active ledgers that can take a payment's deduction (TDS, discount, charges), by code."""
    from tenant_apps.finance.models import Account

    accounts = Account.objects.filter(is_active=True, is_group=False).exclude(
        role__in=PARTY_CONTROL_ROLES
    )
    if search:
        accounts = accounts.filter(Q(code__icontains=search) | Q(name__icontains=search))
    return accounts.order_by("code")


def opening_balances_summary(*, as_of: dt.date) -> dict[str, Any]:
    """What has been brought forward (ADR 0046): the opening balance account's balance as of
    `as_of` (credit minus debit; zero once the opening trial balance and the opening invoices
    and bills agree), the opening invoices and bills (posted, not cancelled) with their totals
    and open amounts in the base currency, and the journal entries on that account that are not
    a document's (the opening trial balance)."""
    from django.db.models import Count, Sum

    from tenant_apps.finance.models import JournalEntry
    from tenant_apps.finance.selectors import account_by_role, balances_between
    from tenant_apps.invoicing.models import DocumentKind, DocumentStatus

    account = account_by_role("opening_balance")
    debit, credit = balances_between(None, as_of).get(account.pk, (Decimal(0), Decimal(0)))
    sides: dict[str, dict[str, Any]] = {}
    for kind in (DocumentKind.INVOICE, DocumentKind.BILL):
        totals = (
            Document.objects.filter(is_opening=True, kind=kind)
            .exclude(status__in=(DocumentStatus.DRAFT, DocumentStatus.CANCELLED))
            .aggregate(
                count=Count("id"),
                total_base=Sum("total_base"),
                open_base=Sum(
                    Round((F("total") - F("amount_settled")) * F("exchange_rate"), 2),
                    output_field=BASE_MONEY,
                ),
            )
        )
        drafts = Document.objects.filter(
            is_opening=True, kind=kind, status=DocumentStatus.DRAFT
        ).count()
        sides[str(kind)] = {
            "count": totals["count"],
            "drafts": drafts,
            "total_base": totals["total_base"] or Decimal(0),
            "open_base": totals["open_base"] or Decimal(0),
        }
    entries = (
        JournalEntry.objects.filter(lines__account=account)
        .exclude(source_type__startswith="invoicing.")
        .annotate(debit=Sum("lines__debit"), credit=Sum("lines__credit"))
        .order_by("date", "id")
    )
    return {
        "as_of": as_of,
        "account": account,
        "debit": debit,
        "credit": credit,
        "balance": credit - debit,
        "invoices": sides[DocumentKind.INVOICE],
        "bills": sides[DocumentKind.BILL],
        "entries": list(entries[:200]),
    }


# ---------------------------------------------------------------------------------------------
# TDS challans (ADR 0048)
# ---------------------------------------------------------------------------------------------
def tds_challan_list() -> QuerySet[TdsChallan]:
    return TdsChallan.objects.select_related("account").order_by("-date", "-id")


def tds_challan_get(*, challan_id: int) -> TdsChallan:
    return (
        TdsChallan.objects.select_related(
            "account", "interest_account", "late_fee_account", "journal_entry"
        )
        .prefetch_related(
            Prefetch(
                "deductions",
                queryset=PaymentDeduction.objects.select_related("payment__partner").order_by(
                    "payment__date", "payment__number", "position", "id"
                ),
            )
        )
        .get(pk=challan_id)
    )


def tds_pending_deductions(*, section: str = "") -> QuerySet[PaymentDeduction]:
    """TDS we deducted from vendors (TDS payable, live vendor payments) not yet deposited,
    oldest first; of one section when given."""
    rows = PaymentDeduction.objects.filter(
        account__role="tds_payable",
        payment__kind=PaymentKind.PAYMENT,
        payment__status=PaymentStatus.POSTED,
        challan__isnull=True,
    ).exclude(tds_section="")
    if section:
        rows = rows.filter(tds_section=section)
    return (
        rows.select_related("payment__partner")
        .prefetch_related(bills_settled_prefetch())
        .order_by("payment__date", "payment__number", "position", "id")
    )


def bills_settled_prefetch() -> Prefetch:
    """On a deduction's payment, `bills_settled`: the live allocations to bills, with the bill
    (its date is when it was credited to the vendor: TDS is deductible from then, ADR 0057)."""
    return Prefetch(
        "payment__allocations",
        queryset=Allocation.objects.filter(
            reversed_on__isnull=True, document__kind=DocumentKind.BILL
        )
        .select_related("document")
        .order_by("document__date", "id"),
        to_attr="bills_settled",
    )


def deduction_deductible_date(deduction: PaymentDeduction) -> dt.date:
    """When the deduction's TDS became deductible: the earliest of its payment's date and the
    dates of the bills the payment settled (needs `bills_settled_prefetch`)."""
    from tenant_apps.invoicing.services.tds import tds_deductible_date

    payment = deduction.payment
    bills = getattr(payment, "bills_settled", [])
    return tds_deductible_date(payment.date, [a.document.date for a in bills])


def tds_challan_accounts() -> dict[str, Any]:
    """Where a challan is paid from (active bank ledgers, then cash) and where its interest and
    late fee can go (active expense ledgers), by code."""
    from tenant_apps.finance.models import Account

    ledgers = Account.objects.filter(is_active=True, is_group=False).order_by("code")
    rows = list(ledgers.filter(Q(role__in=("bank", "cash")) | Q(type="expense")))
    return {
        # the bank first: it is what the form preselects (challans are paid at a bank)
        "paid_from": sorted(
            (a for a in rows if a.role in ("bank", "cash")),
            key=lambda a: (a.role != "bank", a.code),
        ),
        "expense": [a for a in rows if a.type == "expense"],
    }


def revaluation_list() -> QuerySet[Revaluation]:
    """Exchange revaluations, latest date first, with their two entries and who posted them."""
    return Revaluation.objects.select_related(
        "entry", "reversal_entry", "cancel_entry", "cancel_reversal_entry", "created_by"
    ).order_by("-date", "-id")


def revaluation_get(*, revaluation_id: int) -> Revaluation:
    """A revaluation with its lines (party, document or payment)."""
    lines = RevaluationLine.objects.select_related("partner", "document", "payment").order_by(
        "side", "currency", "partner__name", "id"
    )
    return (
        revaluation_list()
        .prefetch_related(Prefetch("lines", queryset=lines))
        .get(pk=revaluation_id)
    )


def gst_payment_list() -> QuerySet[GstPayment]:
    """The months' GST payments (ADR 0073), latest month first, with their account and entry."""
    return GstPayment.objects.select_related(
        "account", "interest_account", "late_fee_account", "journal_entry"
    ).order_by("-month", "-id")


def gst_payment_get(*, payment_id: int) -> GstPayment:
    return gst_payment_list().get(pk=payment_id)


def itc_reversal_list() -> QuerySet[ItcReversal]:
    """The months' ITC reversal runs (ADR 0074), latest month first, with their entry and the
    number of bills each changed."""
    return (
        ItcReversal.objects.select_related("journal_entry")
        .annotate(line_count=Count("lines"))
        .order_by("-month", "-id")
    )


def itc_reversal_get(*, run_id: int) -> ItcReversal:
    """A run with the bills it changed, by bill date."""
    lines = ItcReversalLine.objects.select_related("document").order_by("document__date", "id")
    return itc_reversal_list().prefetch_related(Prefetch("lines", queryset=lines)).get(pk=run_id)
