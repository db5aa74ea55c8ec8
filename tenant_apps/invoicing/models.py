"""Invoicing: GST rates, customer invoices, vendor bills, credit/debit notes, payments and
their allocations. The ledger (tenant_apps.finance) holds the journal entries they post."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q

from tenant_apps.core.fields import (
    RATE_DECIMAL_PLACES,
    RATE_MAX_DIGITS,
    CurrencyField,
    MoneyField,
    QuantityField,
    round_money,
)
from tenant_apps.core.models import BaseModel
from tenant_apps.partners.models import Partner

# Place of supply: a GST state code, or 96 for a supply outside India (export).
FOREIGN_PLACE = "96"


class RateField(models.DecimalField):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max_digits", RATE_MAX_DIGITS)
        kwargs.setdefault("decimal_places", RATE_DECIMAL_PLACES)
        kwargs.setdefault("default", Decimal("0"))
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class TaxRate(BaseModel):
    """A GST rate (with compensation cess, if any) valid over a date range. Data, not code:
    seeded by a migration, edited by admins when the GST Council changes a slab."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=100)
    rate = RateField(help_text="GST percent (CGST + SGST, or IGST)")
    cess_rate = RateField(help_text="Compensation cess percent, ad valorem")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["rate", "cess_rate", "valid_from", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rate__gte=0, rate__lte=100, cess_rate__gte=0),
                name="tax_rate_range",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="tax_rate_validity_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, on: object) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)  # type: ignore[operator]


class DocumentKind(models.TextChoices):
    INVOICE = "invoice", "Customer invoice"
    BILL = "bill", "Vendor bill"
    CREDIT_NOTE = "credit_note", "Credit note"
    DEBIT_NOTE = "debit_note", "Debit note"


# Customer side: invoices raise what the customer owes, credit notes lower it.
# Vendor side: bills raise what we owe, debit notes lower it.
SALES_KINDS = (DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE)
PURCHASE_KINDS = (DocumentKind.BILL, DocumentKind.DEBIT_NOTE)
NOTE_KINDS = (DocumentKind.CREDIT_NOTE, DocumentKind.DEBIT_NOTE)
SERIES = {
    DocumentKind.INVOICE: ("inv", "INV"),
    DocumentKind.BILL: ("bill", "BILL"),
    DocumentKind.CREDIT_NOTE: ("cn", "CN"),
    DocumentKind.DEBIT_NOTE: ("dn", "DN"),
}
# Opening documents (balances brought forward from another system) are not tax documents:
# one series of their own, so the legal invoice and note series stay gapless.
OPENING_SERIES = ("ob", "OB")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    POSTED = "posted", "Posted"
    PARTLY_PAID = "partly_paid", "Partly paid"
    PAID = "paid", "Paid"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (DocumentStatus.POSTED, DocumentStatus.PARTLY_PAID)


class Document(BaseModel):
    """An invoice, bill, credit note or debit note. Drafts are editable and carry no number;
    posting takes the legal number and writes the journal entry; then only payments change it."""

    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    status = models.CharField(
        max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    number = models.CharField(max_length=40, blank=True, default="")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="documents")
    date = models.DateField()
    due_date = models.DateField(null=True, blank=True)
    reference = models.CharField(max_length=60, blank=True, help_text="Vendor bill no., PO no.")
    place_of_supply = models.CharField(max_length=2)
    is_inter_state = models.BooleanField(default=False)
    currency = CurrencyField()
    exchange_rate = RateField(default=Decimal("1"))
    # The party as it was when posted (the PDF and GST returns must not change afterwards).
    party_name = models.CharField(max_length=200, blank=True)
    party_gstin = models.CharField(max_length=15, blank=True)
    party_address = models.TextField(blank=True)
    party_state = models.CharField(max_length=2, blank=True)
    taxable_total = MoneyField()
    cgst_total = MoneyField()
    sgst_total = MoneyField()
    igst_total = MoneyField()
    cess_total = MoneyField()
    round_off = MoneyField()
    total = MoneyField()
    total_base = MoneyField(help_text="Total in the base currency (what the ledger holds)")
    amount_settled = MoneyField(help_text="Paid or adjusted, in the document's currency")
    original = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adjustments",
        help_text="For a note: the invoice or bill it adjusts",
    )
    notes = models.TextField(blank=True)
    journal_entry = models.ForeignKey(
        "finance.JournalEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    posted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_date = models.DateField(null=True, blank=True, help_text="Date of the reversal")
    is_opening = models.BooleanField(
        default=False,
        db_default=False,
        help_text="A balance brought forward from another system: not a tax document; posts "
        "against the opening balance account, outside the GST returns",
    )
    # Reverse charge (ADR 0071): a purchase on which the company, not the vendor, pays the GST;
    # the vendor is owed the taxable value, the tax is computed as usual and posted both as
    # input credit and as the reverse-charge liability.
    reverse_charge = models.BooleanField(
        default=False,
        db_default=False,
        help_text="A bill or debit note under reverse charge: the company pays the GST",
    )

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["kind", "status", "date"], name="invoicing_doc_kind_status"),
            models.Index(fields=["partner", "kind", "date"], name="invoicing_doc_partner"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="invoicing_document_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(status=DocumentStatus.DRAFT) | ~Q(number=""),
                name="invoicing_document_posted_numbered",
            ),
            models.CheckConstraint(
                condition=Q(amount_settled__gte=0) & Q(amount_settled__lte=F("total")),
                name="invoicing_document_settled_range",
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="invoicing_document_total"),
            models.CheckConstraint(
                condition=Q(exchange_rate__gt=0), name="invoicing_document_rate_positive"
            ),
            models.CheckConstraint(
                condition=Q(status=DocumentStatus.DRAFT) | Q(journal_entry__isnull=False),
                name="invoicing_document_posted_has_entry",
            ),
            models.CheckConstraint(
                condition=Q(reverse_charge=False)
                | (Q(kind__in=("bill", "debit_note")) & Q(is_opening=False)),
                name="invoicing_document_reverse_charge_purchase",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"Draft {self.get_kind_display()} #{self.pk}"

    @property
    def amount_open(self) -> Decimal:
        return self.total - self.amount_settled

    def is_sales(self) -> bool:
        return self.kind in SALES_KINDS

    def is_note(self) -> bool:
        return self.kind in NOTE_KINDS

    def is_draft(self) -> bool:
        return self.status == DocumentStatus.DRAFT

    def can_edit(self) -> bool:
        return self.status == DocumentStatus.DRAFT

    @property
    def ewaybill(self) -> EWayBill | None:
        """The active e-way bill, else the last one cancelled (read from `ewaybills`, which
        `document_get` prefetches)."""
        bills = sorted(
            self.ewaybills.all(), key=lambda b: (b.status == EWayBillStatus.ACTIVE, b.date, b.pk)
        )
        return bills[-1] if bills else None


class DocumentLine(BaseModel):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    description = models.CharField(max_length=500)
    hsn_sac = models.CharField(max_length=8)
    quantity = QuantityField()
    unit = models.CharField(max_length=10, default="NOS")
    unit_price = MoneyField()
    discount_percent = RateField()
    tax_rate = models.ForeignKey(TaxRate, on_delete=models.PROTECT, related_name="+")
    gst_rate = RateField()
    cess_rate = RateField()
    taxable_value = MoneyField()
    cgst = MoneyField()
    sgst = MoneyField()
    igst = MoneyField()
    cess = MoneyField()
    total = MoneyField()
    # where the taxable value posts (ADR 0069); blank: the sales / export sales / purchase ledger
    account = models.ForeignKey(
        "finance.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cost_centre = models.ForeignKey(
        "finance.CostCentre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document_lines",
    )
    # Blocked credit (CGST Act s.17(5), ADR 0072): a purchase line whose input tax the law does
    # not let the company take (a car, food for staff, works on its building) posts its tax
    # with its cost, not to input tax
    itc_eligible = models.BooleanField(
        default=True,
        db_default=True,
        help_text="A purchase line's input tax may be taken as credit (blocked: part of the cost)",
    )

    class Meta:
        ordering = ["document", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0) & Q(unit_price__gte=0), name="invoicing_line_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.description


class PaymentKind(models.TextChoices):
    RECEIPT = "receipt", "Receipt (from a customer)"
    PAYMENT = "payment", "Payment (to a vendor)"


class PaymentMode(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", "Bank transfer (NEFT/RTGS/IMPS)"
    UPI = "upi", "UPI"
    CHEQUE = "cheque", "Cheque"
    CASH = "cash", "Cash"
    CARD = "card", "Card"


class PaymentStatus(models.TextChoices):
    POSTED = "posted", "Posted"
    CANCELLED = "cancelled", "Cancelled"


class Payment(BaseModel):
    """Money received from a customer or paid to a vendor through a bank or cash account. What
    is not allocated to documents is an advance on the party, applied later.

    The party may deduct part of what it owes (TDS, a discount, bank charges: `deductions`,
    ADR 0045): the payment then settles `amount + deductions_total` (`settled_amount`) of the
    party's documents, and its journal entry credits (debits) the party with that much."""

    kind = models.CharField(max_length=16, choices=PaymentKind.choices)
    status = models.CharField(
        max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.POSTED
    )
    number = models.CharField(max_length=40, unique=True)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="payments")
    date = models.DateField()
    mode = models.CharField(
        max_length=16, choices=PaymentMode.choices, default=PaymentMode.BANK_TRANSFER
    )
    reference = models.CharField(max_length=60, blank=True, help_text="UTR, cheque no.")
    amount = MoneyField()
    currency = CurrencyField()
    exchange_rate = RateField(default=Decimal("1"))
    base_amount_given = MoneyField(
        null=True,
        blank=True,
        help_text="The rupees the bank credited or debited for a foreign amount, when given: "
        "the money's line takes it instead of amount x rate (ADR 0054)",
    )
    amount_allocated = MoneyField(help_text="Of the settled amount, in the payment's currency")
    deductions_total = MoneyField(
        db_default=Decimal("0"),
        help_text="Deducted by the party (TDS, discount, charges), in the payment's currency",
    )
    deductions_base = MoneyField(
        db_default=Decimal("0"),
        help_text="The deductions in the base currency, as posted (each rounded to paise)",
    )
    account = models.ForeignKey(
        "finance.Account",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The bank or cash account the money moved through",
    )
    journal_entry = models.ForeignKey(
        "finance.JournalEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_date = models.DateField(null=True, blank=True, help_text="Date of the reversal")

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["partner", "date"], name="invoicing_payment_partner")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="invoicing_payment_positive"),
            models.CheckConstraint(
                condition=Q(amount_allocated__gte=0)
                & Q(amount_allocated__lte=F("amount") + F("deductions_total")),
                name="invoicing_payment_allocated_range",
            ),
            models.CheckConstraint(
                condition=Q(deductions_total__gte=0) & Q(deductions_base__gte=0),
                name="invoicing_payment_deductions_positive",
            ),
            models.CheckConstraint(
                condition=Q(exchange_rate__gt=0), name="invoicing_payment_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def settled_amount(self) -> Decimal:
        """What the payment settles of the party's documents: the money and the deductions."""
        return self.amount + self.deductions_total

    @property
    def amount_unallocated(self) -> Decimal:
        return self.settled_amount - self.amount_allocated

    @property
    def amount_base(self) -> Decimal:
        """The money's line (bank or cash) of the journal entry, in the base currency: the
        rupees the bank gave when recorded, otherwise amount x rate to paise."""
        if self.base_amount_given is not None:
            return self.base_amount_given
        return round_money(self.amount * self.exchange_rate)

    @property
    def settled_base(self) -> Decimal:
        """The party's line of the journal entry, in the base currency: the money's line plus
        each deduction's line (each rounded to paise on its own)."""
        return self.amount_base + self.deductions_base


class TdsSection(models.TextChoices):
    """The Income-tax Act section under which TDS was deducted (Form 26AS / 26Q group by it)."""

    S194C = "194C", "194C Contractors"
    S194J = "194J", "194J Professional / technical fees"
    S194Q = "194Q", "194Q Purchase of goods"
    S194H = "194H", "194H Commission / brokerage"
    S194I = "194I", "194I Rent"
    S194A = "194A", "194A Interest"
    OTHER = "other", "Other"


TDS_ROLES = ("tds_receivable", "tds_payable")


class PaymentDeduction(BaseModel):
    """Part of what the party owed that it kept back instead of paying: TDS deducted by a
    customer (to TDS receivable) or by us from a vendor (to TDS payable), a discount, bank
    charges, a round-off. Written with its payment, never changed; the payment's journal entry
    posts it to `account` at the payment's rate (`amount_base`). Only its TDS tracking changes
    afterwards (ADR 0048): the challan that deposited it, or the customer's Form 16A."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="deductions")
    position = models.PositiveSmallIntegerField(default=0)
    account = models.ForeignKey(
        "finance.Account",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A ledger: TDS receivable or payable, discount, bank charges, round-off",
    )
    amount = MoneyField(help_text="In the payment's currency")
    amount_base = MoneyField(help_text="In the base currency, as posted")
    description = models.CharField(max_length=200, blank=True)
    # the job a discount or bank charge belongs to (ADR 0069): on an income or expense ledger
    cost_centre = models.ForeignKey(
        "finance.CostCentre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payment_deductions",
    )
    tds_section = models.CharField(
        max_length=8,
        choices=TdsSection.choices,
        blank=True,
        default="",
        db_default="",
        help_text="The TDS section: set on a TDS receivable or payable account, blank otherwise",
    )
    # What the TDS was deducted on (ADR 0060): the taxable value GST excluded (CBDT circular
    # 23/2017), in the base currency. Set on deductions to a TDS account, null on the others;
    # Form 26Q reports it as the amount paid/credited.
    tds_base = MoneyField(
        null=True,
        blank=True,
        default=None,
        help_text="TDS deductions: the amount the TDS was deducted on, GST excluded, base "
        "currency; null on other deductions",
    )

    # TDS we deducted from a vendor, deposited with the government (ADR 0048): the posted
    # challan that carried it. One column, so a deduction is deposited at most once; set and
    # cleared only by the challan services, under row locks.
    challan = models.ForeignKey(
        "TdsChallan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deductions",
    )
    # TDS a customer deducted from us: the Form 16A certificate they issued (ADR 0048).
    certificate_number = models.CharField(
        max_length=20, blank=True, default="", db_default="", help_text="Form 16A number"
    )
    certificate_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["payment", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount_base__gte=0),
                name="invoicing_payment_deduction_positive",
            ),
            models.CheckConstraint(
                condition=Q(challan__isnull=True) | ~Q(tds_section=""),
                name="invoicing_deduction_challan_tds",
            ),
            models.CheckConstraint(
                condition=Q(tds_base__isnull=True) | Q(tds_base__gt=0),
                name="invoicing_deduction_tds_base_positive",
            ),
            models.CheckConstraint(
                condition=Q(certificate_number="", certificate_date__isnull=True)
                | (
                    ~Q(certificate_number="")
                    & Q(certificate_date__isnull=False)
                    & ~Q(tds_section="")
                ),
                name="invoicing_deduction_certificate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.description}".strip()


class GstPaymentStatus(models.TextChoices):
    POSTED = "posted", "Posted"
    CANCELLED = "cancelled", "Cancelled"


class GstPayment(BaseModel):
    """A month's GST set off against input credit and the rest paid in cash (ADR 0073): the
    figures as computed (`gst_payment.SetOff.as_json`), the bank or cash account paid from, the
    challan's reference, and the entry that clears the month's tax ledgers."""

    month = models.DateField(help_text="The return month (its first day)")
    date = models.DateField(help_text="Date of the set-off and payment")
    status = models.CharField(
        max_length=16, choices=GstPaymentStatus.choices, default=GstPaymentStatus.POSTED
    )
    account = models.ForeignKey(
        "finance.Account", on_delete=models.PROTECT, related_name="+", help_text="Paid from"
    )
    reference = models.CharField(
        max_length=40, blank=True, help_text="The challan's CPIN or CIN (PMT-06)"
    )
    figures = models.JSONField(help_text="The set-off as computed, per head")
    cash_total = MoneyField(help_text="Paid in cash: output tax left after credit, and RCM")
    interest = MoneyField(help_text="Interest on tax paid after the due date (s.50)")
    interest_account = models.ForeignKey(
        "finance.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    late_fee = MoneyField(help_text="Late fee for filing the return after its due date (s.47)")
    late_fee_account = models.ForeignKey(
        "finance.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    journal_entry = models.ForeignKey(
        "finance.JournalEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_date = models.DateField(null=True, blank=True, help_text="Date of the reversal")

    class Meta:
        ordering = ["-month", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["month"],
                condition=Q(status="posted"),
                name="invoicing_gst_payment_one_per_month",
            ),
            models.CheckConstraint(
                condition=Q(late_fee__gte=0) & (Q(late_fee=0) | Q(late_fee_account__isnull=False)),
                name="invoicing_gst_payment_late_fee_account",
            ),
        ]

    def __str__(self) -> str:
        return f"GST payment {self.month:%b %Y}"


class ChallanStatus(models.TextChoices):
    POSTED = "posted", "Posted"
    CANCELLED = "cancelled", "Cancelled"


class TdsChallan(BaseModel):
    """A deposit of TDS we deducted from vendors (challan ITNS 281), ADR 0048: the deductions it
    carries (`deductions`, all of one section) leave TDS payable, interest and late fee go to
    the expense ledgers chosen, and the bank or cash account pays the whole. Cancelling
    reverses the entry and releases the deductions (pending again)."""

    number = models.CharField(max_length=40, unique=True)
    status = models.CharField(
        max_length=16, choices=ChallanStatus.choices, default=ChallanStatus.POSTED
    )
    date = models.DateField(help_text="Date of deposit")
    section = models.CharField(max_length=8, choices=TdsSection.choices)
    bsr_code = models.CharField(max_length=7, help_text="BSR code of the bank branch (7 digits)")
    serial_number = models.CharField(max_length=5, help_text="Challan serial number (5 digits)")
    account = models.ForeignKey(
        "finance.Account",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The bank or cash account the deposit was paid from",
    )
    tds_amount = MoneyField(help_text="The deductions deposited, base currency")
    interest = MoneyField()
    interest_account = models.ForeignKey(
        "finance.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    late_fee = MoneyField()
    late_fee_account = models.ForeignKey(
        "finance.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    journal_entry = models.ForeignKey(
        "finance.JournalEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_date = models.DateField(null=True, blank=True, help_text="Date of the reversal")
    cancel_reason = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(bsr_code__regex=r"^[0-9]{7}$"), name="invoicing_challan_bsr"
            ),
            models.CheckConstraint(
                condition=Q(serial_number__regex=r"^[0-9]{5}$"), name="invoicing_challan_serial"
            ),
            models.CheckConstraint(
                condition=Q(tds_amount__gt=0) & Q(interest__gte=0) & Q(late_fee__gte=0),
                name="invoicing_challan_amounts",
            ),
            models.CheckConstraint(
                condition=Q(interest=0) | Q(interest_account__isnull=False),
                name="invoicing_challan_interest_account",
            ),
            models.CheckConstraint(
                condition=Q(late_fee=0) | Q(late_fee_account__isnull=False),
                name="invoicing_challan_late_fee_account",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def total(self) -> Decimal:
        """What left the bank: the TDS, interest and late fee."""
        return self.tds_amount + self.interest + self.late_fee

    def is_posted(self) -> bool:
        return self.status == ChallanStatus.POSTED


class AllocationQuerySet(models.QuerySet["Allocation"]):
    def live(self) -> AllocationQuerySet:
        """Allocations still in force (their payment or note is not cancelled)."""
        return self.filter(reversed_on__isnull=True)

    def live_on(self, on: object) -> AllocationQuerySet:
        """Allocations in force at the end of `on`: made by then, not yet reversed."""
        return self.filter(date__lte=on).filter(Q(reversed_on__isnull=True) | Q(reversed_on__gt=on))


class Allocation(BaseModel):
    """Settles part of an invoice or bill with a payment or with a note (credit note against an
    invoice, debit note against a bill). Append-only: cancelling the source sets `reversed_on`
    (and reverses the exchange-difference entry, if any); the row stays for history.

    In the base currency (ADR 0043) the allocation clears `amount_base` of the document (at the
    document's rate) and uses `source_amount_base` of the payment or note (at its own rate); the
    difference is the realised exchange gain (+) or loss (-), posted as `exchange_entry`. Rows
    written before realised differences existed have both base amounts null: they were settled
    at one rate, so each is `round(amount x rate)`."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="allocations")
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="allocations"
    )
    note = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="applications"
    )
    date = models.DateField()
    amount = MoneyField(help_text="In the document's currency")
    amount_base = MoneyField(
        null=True,
        blank=True,
        default=None,
        help_text="Base-currency value cleared from the document, at the document's rate",
    )
    source_amount_base = MoneyField(
        null=True,
        blank=True,
        default=None,
        help_text="Base-currency value used from the payment or note, at its own rate",
    )
    exchange_gain = MoneyField(
        db_default=Decimal("0"),
        help_text="Realised exchange gain (+) or loss (-) in the base currency",
    )
    exchange_entry = models.ForeignKey(
        "finance.JournalEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The journal entry that posted the exchange gain or loss",
    )
    reversed_on = models.DateField(
        null=True, blank=True, help_text="Date the payment or note was cancelled"
    )

    objects = AllocationQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="invoicing_allocation_positive"),
            models.CheckConstraint(
                condition=Q(payment__isnull=False, note__isnull=True)
                | Q(payment__isnull=True, note__isnull=False),
                name="invoicing_allocation_one_source",
            ),
            models.CheckConstraint(
                condition=Q(exchange_gain=0, exchange_entry__isnull=True)
                | (~Q(exchange_gain=0) & Q(exchange_entry__isnull=False)),
                name="invoicing_allocation_exchange_entry",
            ),
            models.CheckConstraint(
                condition=Q(reversed_on__isnull=True) | Q(reversed_on__gte=F("date")),
                name="invoicing_allocation_reversed_after",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} -> {self.document_id}"

    def is_live(self) -> bool:
        return self.reversed_on is None

    @property
    def amount_base_value(self) -> Decimal:
        """`amount_base`, or for an older row settled at one rate, amount x document rate."""
        if self.amount_base is not None:
            return self.amount_base
        return round_money(self.amount * self.document.exchange_rate)

    @property
    def source_amount_base_value(self) -> Decimal:
        if self.source_amount_base is not None:
            return self.source_amount_base
        return round_money(self.amount * self.document.exchange_rate)


def default_reminder_days() -> list[int]:
    return [7, 30]


class InvoiceSettings(BaseModel):
    """What the company prints on its documents besides core's company settings: address,
    contact, bank details for payment, terms. One row per tenant (created on first read)."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    address = models.TextField(blank=True)
    # The address's city and PIN code: the e-invoice names them apart (ADR 0062)
    city = models.CharField(max_length=50, blank=True, default="", db_default="")
    pincode = models.CharField(max_length=6, blank=True, default="", db_default="")
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    bank_name = models.CharField(max_length=100, blank=True)
    bank_account_name = models.CharField(max_length=200, blank=True)
    bank_account_number = models.CharField(max_length=34, blank=True)
    bank_ifsc = models.CharField(max_length=11, blank=True)
    bank_branch = models.CharField(max_length=100, blank=True)
    upi_id = models.CharField(max_length=100, blank=True)
    terms = models.TextField(blank=True)
    # Payment reminders (ADR 0052): off until the company turns them on
    reminders_enabled = models.BooleanField(default=False)
    reminder_days = ArrayField(
        models.PositiveSmallIntegerField(),
        size=5,
        default=default_reminder_days,
        help_text="Days after the due date at which a reminder goes, ascending",
    )
    # The letter of each stage, by position in `reminder_days` (ADR 0058): a list of
    # {"subject", "message"} with {placeholders}; a stage past the list's end gets the default
    # letter of its position (services.reminders.reminder_letter_default).
    reminder_letters = models.JSONField(
        default=list,
        db_default=[],
        blank=True,
        help_text="Subject and message of each reminder stage, in the order of reminder_days",
    )
    # Credit control (ADR 0059): hold a customer with an invoice open more than N days past
    # its due date (null: off), and let the credit limit stretch by a grace percentage.
    credit_hold_overdue_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        default=None,
        help_text="Refuse invoices for a customer with an invoice open more than this many days "
        "past its due date (empty or 0: off)",
    )
    credit_limit_grace_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        db_default=Decimal("0"),
        help_text="How far past its credit limit a customer may go, in percent of the limit",
    )
    # ... and hold only when what is that far overdue adds up to at least this much (0: any
    # amount), so a short payment of a few rupees does not stop a customer's next order
    credit_hold_min_amount = MoneyField(
        db_default=Decimal("0"),
        help_text="Hold only when the invoices that far overdue have at least this much open, "
        "in the base currency (0: any amount)",
    )
    # E-invoicing (ADR 0062): a company whose turnover passed the threshold (₹5 crore) reports
    # its B2B invoices and exports to the IRP; on, the documents show their e-invoice card
    einvoicing_enabled = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Report B2B invoices, credit notes and exports to the IRP (e-invoicing)",
    )

    class Meta:
        verbose_name_plural = "invoice settings"
        constraints = [
            models.CheckConstraint(condition=Q(singleton=True), name="invoice_settings_singleton"),
            models.CheckConstraint(
                condition=Q(credit_limit_grace_percent__gte=0)
                & Q(credit_limit_grace_percent__lte=100),
                name="invoice_settings_grace_percent",
            ),
            models.CheckConstraint(
                condition=Q(credit_hold_min_amount__gte=0),
                name="invoice_settings_hold_min_amount",
            ),
            models.CheckConstraint(
                condition=Q(pincode="") | Q(pincode__regex=r"^[1-9][0-9]{5}$"),
                name="invoice_settings_pincode",
            ),
        ]

    def __str__(self) -> str:
        return "Invoice settings"


class EInvoiceStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CANCELLED = "cancelled", "Cancelled"


class EInvoiceCancelReason(models.TextChoices):
    """The IRP's cancellation reason codes."""

    DUPLICATE = "1", "Duplicate"
    DATA_ENTRY = "2", "Data entry mistake"
    ORDER_CANCELLED = "3", "Order cancelled"
    OTHERS = "4", "Others"


class EInvoice(BaseModel):
    """The IRP's answer for a posted document (ADR 0062): its Invoice Reference Number,
    acknowledgement and signed QR code (printed on the PDF). One per document: a cancelled
    IRN stays, since the IRP never registers the same document number again."""

    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="einvoice")
    irn = models.CharField(max_length=64, unique=True)
    ack_number = models.CharField(max_length=20)
    ack_date = models.DateTimeField()
    signed_qr_code = models.TextField()
    status = models.CharField(
        max_length=10, choices=EInvoiceStatus.choices, default=EInvoiceStatus.ACTIVE
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(
        max_length=1, choices=EInvoiceCancelReason.choices, blank=True, default=""
    )
    cancel_remark = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(irn__regex=r"^[0-9a-f]{64}$"), name="invoicing_einvoice_irn"
            ),
            models.CheckConstraint(
                condition=Q(ack_number__regex=r"^[0-9]{1,20}$"), name="invoicing_einvoice_ack"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=EInvoiceStatus.ACTIVE, cancelled_at__isnull=True, cancel_reason="")
                    | (
                        Q(status=EInvoiceStatus.CANCELLED, cancelled_at__isnull=False)
                        & ~Q(cancel_reason="")
                    )
                ),
                name="invoicing_einvoice_cancel_state",
            ),
        ]

    def __str__(self) -> str:
        return self.irn


class EWayBillStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CANCELLED = "cancelled", "Cancelled"


class EWayBillCancelReason(models.TextChoices):
    """The e-way bill portal's cancellation reason codes."""

    DUPLICATE = "1", "Duplicate"
    ORDER_CANCELLED = "2", "Order cancelled"
    DATA_ENTRY = "3", "Data entry mistake"
    OTHERS = "4", "Others"


class EWayBill(BaseModel):
    """The e-way bill portal's answer for the goods an invoice moves (ADR 0063): its number,
    date and validity (none while only Part A is filed), printed on the PDF. An invoice has at
    most one active e-way bill; one cancelled on the portal (within 24 hours) stays on record
    and a new one may be recorded (ADR 0067)."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="ewaybills")
    number = models.CharField(max_length=12, unique=True)
    date = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10,
        choices=EWayBillStatus.choices,
        default=EWayBillStatus.ACTIVE,
        db_default=EWayBillStatus.ACTIVE,
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(
        max_length=1, choices=EWayBillCancelReason.choices, blank=True, default="", db_default=""
    )
    cancel_remark = models.CharField(max_length=100, blank=True, default="", db_default="")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(number__regex=r"^[0-9]{12}$"), name="invoicing_ewaybill_number"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=F("date")),
                name="invoicing_ewaybill_validity",
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status=EWayBillStatus.ACTIVE),
                name="invoicing_ewaybill_one_active",
            ),
            models.CheckConstraint(
                condition=Q(status=EWayBillStatus.ACTIVE, cancelled_at__isnull=True)
                | Q(status=EWayBillStatus.CANCELLED, cancelled_at__isnull=False),
                name="invoicing_ewaybill_cancelled_when",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    HALF_YEARLY = "half_yearly", "Half-yearly"
    YEARLY = "yearly", "Yearly"


FREQUENCY_MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.HALF_YEARLY: 6,
    Frequency.YEARLY: 12,
}


class RecurringInvoice(BaseModel):
    """An invoice raised again on a schedule (ADR 0064): each occurrence copies `template` (its
    party, lines, currency) into a draft dated that day, posted too when `auto_post`. The nth
    occurrence falls n periods after `start_date`, on its day of the month (or the month's
    last day)."""

    template = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="schedules")
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    next_date = models.DateField(null=True, blank=True, help_text="Empty: the schedule is over")
    occurrences = models.PositiveIntegerField(default=0)
    auto_post = models.BooleanField(default=False)
    auto_email = models.BooleanField(
        default=False, db_default=False, help_text="E-mail each posted occurrence to the customer"
    )
    is_active = models.BooleanField(default=True)
    last_error = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["next_date", "id"]
        indexes = [models.Index(fields=["is_active", "next_date"], name="invoicing_recurring_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="invoicing_recurring_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(next_date__isnull=True) | Q(next_date__gte=F("start_date")),
                name="invoicing_recurring_next_after_start",
            ),
            # a draft has no number to send: only posted occurrences are e-mailed
            models.CheckConstraint(
                condition=Q(auto_email=False) | Q(auto_post=True),
                name="invoicing_recurring_email_posted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} from {self.template}"


class RecurringRun(BaseModel):
    """One occurrence of a schedule and the invoice it raised. Unique per schedule and date, so
    two sweeps at once never raise the same occurrence twice."""

    schedule = models.ForeignKey(RecurringInvoice, on_delete=models.CASCADE, related_name="runs")
    date = models.DateField()
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="recurring")

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "date"], name="invoicing_recurring_run_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.schedule_id} on {self.date}"


class SentEmail(BaseModel):
    """A posted invoice or note, a receipt or payment (ADR 0051), or a party's statement, sent
    by e-mail with its PDF (ADR 0049):
    to whom, with what subject and message, by whom and when. Written in the transaction that
    hands the mail to the backend (on commit), never changed."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="emails")
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="emails"
    )
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="emails"
    )
    statement_side = models.CharField(
        max_length=10, blank=True, help_text="receivable or payable, for a statement"
    )
    statement_from = models.DateField(null=True, blank=True)
    statement_to = models.DateField(null=True, blank=True)
    to = ArrayField(models.EmailField(), help_text="Recipients")
    cc = ArrayField(models.EmailField(), default=list, blank=True)
    subject = models.CharField(max_length=200)
    message = models.TextField(max_length=5000)
    attachment = models.CharField(max_length=100, help_text="File name of the attached PDF")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to__len__gte=1), name="invoicing_sent_email_has_recipient"
            ),
            # a document, a payment, or a statement's side and period: exactly one of the three
            models.CheckConstraint(
                condition=(
                    Q(
                        document__isnull=False,
                        payment__isnull=True,
                        statement_side="",
                        statement_from__isnull=True,
                        statement_to__isnull=True,
                    )
                    | Q(
                        document__isnull=True,
                        payment__isnull=False,
                        statement_side="",
                        statement_from__isnull=True,
                        statement_to__isnull=True,
                    )
                    | Q(
                        document__isnull=True,
                        payment__isnull=True,
                        statement_side__in=["receivable", "payable"],
                        statement_from__isnull=False,
                        statement_to__isnull=False,
                    )
                ),
                name="invoicing_sent_email_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} to {', '.join(self.to)}"


class RevaluationStatus(models.TextChoices):
    POSTED = "posted", "Posted"
    CANCELLED = "cancelled", "Cancelled"


class RevaluationSide(models.TextChoices):
    RECEIVABLE = "receivable", "Receivable"
    PAYABLE = "payable", "Payable"


class Revaluation(BaseModel):
    """A period-end restatement of the open foreign-currency items at closing rates (ADR 0047):
    one entry (series FXR) dated `date` on the revaluation contra ledgers against unrealised
    exchange gain/loss, and its reversal dated `reversal_date` (the next day), both posted in
    the same transaction. At most one posted revaluation per date (a partial unique index: the
    gate two concurrent runs meet); a cancelled one frees its date."""

    date = models.DateField()
    reversal_date = models.DateField()
    status = models.CharField(
        max_length=16, choices=RevaluationStatus.choices, default=RevaluationStatus.POSTED
    )
    entry = models.ForeignKey(
        "finance.JournalEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reversal_entry = models.ForeignKey(
        "finance.JournalEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Cancelling (a wrong rate): the entry's mirror dated `date` and the reversal's reversal
    # dated `reversal_date`, so neither day keeps anything of it
    cancel_entry = models.ForeignKey(
        "finance.JournalEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reversal_entry = models.ForeignKey(
        "finance.JournalEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    rates = models.JSONField(default=dict, help_text="Closing rate per currency, as strings")
    receivable_difference = MoneyField(help_text="Sum of the receivable side's differences")
    payable_difference = MoneyField(help_text="Sum of the payable side's differences")

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"],
                condition=Q(status="posted"),
                name="invoicing_revaluation_one_posted_per_date",
            ),
            models.CheckConstraint(
                condition=Q(reversal_date__gt=F("date")),
                name="invoicing_revaluation_reversed_after",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled")
                | Q(cancel_entry__isnull=False, cancel_reversal_entry__isnull=False),
                name="invoicing_revaluation_cancelled_entries",
            ),
        ]

    def __str__(self) -> str:
        return f"Revaluation {self.date:%d %b %Y}"


class RevaluationLine(BaseModel):
    """One open item restated: its open amount in its currency, its open base amount as booked
    (reports.open_items), its value at the closing rate and the difference. Signed as the open
    items are: + raises the party's balance (an invoice, a bill), - lowers it (a note, an
    advance)."""

    revaluation = models.ForeignKey(Revaluation, on_delete=models.CASCADE, related_name="lines")
    side = models.CharField(max_length=10, choices=RevaluationSide.choices)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    currency = CurrencyField()
    rate = RateField()
    open_amount = MoneyField(help_text="In the item's currency, signed")
    booked_base = MoneyField(help_text="Open base amount as booked, signed")
    revalued_base = MoneyField(help_text="round(open amount x closing rate, 2), signed")
    difference = MoneyField(help_text="revalued - booked")

    class Meta:
        ordering = ["revaluation", "side", "currency", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(document__isnull=False, payment__isnull=True)
                | Q(document__isnull=True, payment__isnull=False),
                name="invoicing_revaluation_line_one_item",
            ),
            models.CheckConstraint(
                condition=Q(rate__gt=0), name="invoicing_revaluation_line_rate_positive"
            ),
            models.CheckConstraint(
                condition=Q(difference=F("revalued_base") - F("booked_base")),
                name="invoicing_revaluation_line_difference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.open_amount} at {self.rate}"


class InvoiceReminder(BaseModel):
    """A payment reminder e-mailed automatically for an overdue invoice at one of the company's
    stages (ADR 0052). The unique (document, stage_days) makes each stage go at most once, even
    when two sweeps run at the same time: the second insert fails and its mail never leaves."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="reminders")
    stage_days = models.PositiveSmallIntegerField()
    sent_email = models.ForeignKey(SentEmail, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField()

    class Meta:
        ordering = ["document", "stage_days"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "stage_days"], name="invoicing_reminder_once_per_stage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage_days}-day reminder of document {self.document_id}"


class Gstr2bDocType(models.TextChoices):
    INVOICE = "invoice", "Invoice"
    CREDIT_NOTE = "credit_note", "Credit note"
    DEBIT_NOTE = "debit_note", "Debit note"


class Gstr2bReturn(BaseModel):
    """A month's GSTR-2B as imported from the GST portal's file (ADR 0065); importing the
    month again replaces its rows."""

    period = models.DateField(unique=True, help_text="The return period's first day")
    gstin = models.CharField(max_length=15)
    generated_on = models.DateField(null=True, blank=True, help_text="When the portal made it")
    file_name = models.CharField(max_length=200, blank=True, default="")
    skipped = models.JSONField(
        default=dict, blank=True, help_text="Sections counted, not reconciled: {section: count}"
    )

    class Meta:
        ordering = ["-period"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period__day=1), name="invoicing_gstr2b_period_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"GSTR-2B {self.period:%m-%Y}"


class Gstr2bLine(BaseModel):
    """One document a supplier reported (B2B invoice, credit or debit note, or an amendment),
    linked to at most one posted purchase document; a document to at most one row."""

    statement = models.ForeignKey(Gstr2bReturn, on_delete=models.CASCADE, related_name="lines")
    section = models.CharField(max_length=8, help_text="b2b, b2ba, cdnr, cdnra")
    doc_type = models.CharField(max_length=16, choices=Gstr2bDocType.choices)
    supplier_gstin = models.CharField(max_length=15)
    supplier_name = models.CharField(max_length=200, blank=True, default="")
    number = models.CharField(max_length=40)
    number_key = models.CharField(max_length=40, help_text="The number as the match compares it")
    date = models.DateField()
    taxable_value = MoneyField()
    igst = MoneyField()
    cgst = MoneyField()
    sgst = MoneyField()
    cess = MoneyField()
    value = MoneyField()
    place_of_supply = models.CharField(max_length=2, blank=True, default="")
    reverse_charge = models.BooleanField(default=False)
    itc_available = models.CharField(max_length=1, default="Y", help_text="Y, N or T(emporary)")
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="gstr2b_lines"
    )
    linked_by_hand = models.BooleanField(default=False)

    class Meta:
        ordering = ["statement", "supplier_gstin", "date", "id"]
        indexes = [
            models.Index(fields=["statement", "supplier_gstin"], name="invoicing_gstr2b_supplier"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(document__isnull=False),
                name="invoicing_gstr2b_document_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier_gstin} {self.number}"


class ItcReversalStatus(models.TextChoices):
    POSTED = "posted", "Posted"
    CANCELLED = "cancelled", "Cancelled"


class ItcReversal(BaseModel):
    """A month's reversal and reclaim of input credit on bills unpaid 180 days after their date
    (CGST Rule 37, ADR 0074): per head what is reversed (table 4(B)(2)) and reclaimed (4(A)(5),
    4(D)(1)), the bills it changed (`lines`) and the entry, dated the month's end."""

    month = models.DateField(help_text="The return month (its first day)")
    date = models.DateField(help_text="The month's end: the date of the entry")
    status = models.CharField(
        max_length=16, choices=ItcReversalStatus.choices, default=ItcReversalStatus.POSTED
    )
    reversed = models.JSONField(help_text="Credit reversed per head (4(B)(2))")
    reclaimed = models.JSONField(help_text="Credit reclaimed per head (4(A)(5), 4(D)(1))")
    journal_entry = models.ForeignKey(
        "finance.JournalEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-month", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["month"],
                condition=Q(status="posted"),
                name="invoicing_itc_reversal_one_per_month",
            ),
            models.CheckConstraint(
                condition=Q(date__gte=F("month")), name="invoicing_itc_reversal_date_in_month"
            ),
        ]

    def __str__(self) -> str:
        return f"ITC reversal {self.month:%b %Y}"


class ItcReversalLine(models.Model):
    """One bill's change in a run: per head, + credit reversed, - credit reclaimed."""

    run = models.ForeignKey(ItcReversal, on_delete=models.CASCADE, related_name="lines")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    expiry = models.DateField(help_text="The 180th day after the bill's date")
    value = MoneyField(help_text="The bill's value less its debit notes, base currency")
    open = MoneyField(help_text="Unpaid at the month's end, base currency")
    share = models.DecimalField(max_digits=8, decimal_places=6, help_text="open / value, at most 1")
    igst = MoneyField()
    cgst = MoneyField()
    sgst = MoneyField()
    cess = MoneyField()

    class Meta:
        ordering = ["run", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "document"], name="invoicing_itc_rev_line_bill"),
            models.CheckConstraint(
                condition=Q(share__gte=0) & Q(share__lte=1), name="invoicing_itc_rev_line_share"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run}: bill {self.document_id}"
