"""The double-entry ledger: chart of accounts, fiscal years and periods, journal entries.

The database keeps the ledger honest (migrations 0002_ledger_enforcement): a deferred constraint
trigger refuses a commit that leaves a posted entry unbalanced, posted lines are immutable, a
locked or closed period refuses postings, and statement-level triggers keep the per-account
period and day totals (`AccountPeriodBalance`, `AccountDayBalance`) in the posting transaction.
See docs/adr/0030-ledger-enforcement-in-the-database.md.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from tenant_apps.core.fields import (
    RATE_DECIMAL_PLACES,
    RATE_MAX_DIGITS,
    CurrencyField,
    MoneyField,
)
from tenant_apps.core.models import BaseModel


class AccountType(models.TextChoices):
    ASSET = "asset", "Asset"
    LIABILITY = "liability", "Liability"
    EQUITY = "equity", "Equity"
    INCOME = "income", "Income"
    EXPENSE = "expense", "Expense"


DEBIT_NORMAL_TYPES = frozenset({AccountType.ASSET, AccountType.EXPENSE})
PROFIT_AND_LOSS_TYPES = frozenset({AccountType.INCOME, AccountType.EXPENSE})


class AccountRole(models.TextChoices):
    """What other modules post to. At most one account holds a role, except `bank` and `cash`:
    a company keeps several bank accounts and cash boxes (ADR 0055)."""

    BANK = "bank", "Bank"
    CASH = "cash", "Cash"
    RECEIVABLE = "receivable", "Trade receivables"
    PAYABLE = "payable", "Trade payables"
    # period-end restatement of foreign-currency receivables/payables (ADR 0047): contra
    # ledgers beside the party control accounts, which the revaluation never touches
    RECEIVABLE_REVALUATION = "receivable_revaluation", "Receivables - FX revaluation"
    PAYABLE_REVALUATION = "payable_revaluation", "Payables - FX revaluation"
    SALES = "sales", "Sales"
    SALES_EXPORT = "sales_export", "Export sales"
    SALES_RETURN = "sales_return", "Sales returns"
    PURCHASE = "purchase", "Purchases"
    PURCHASE_RETURN = "purchase_return", "Purchase returns"
    TAX_OUTPUT_CGST = "tax_output_cgst", "Output CGST"
    TAX_OUTPUT_SGST = "tax_output_sgst", "Output SGST"
    TAX_OUTPUT_IGST = "tax_output_igst", "Output IGST"
    TAX_OUTPUT_CESS = "tax_output_cess", "Output cess"
    TAX_INPUT_CGST = "tax_input_cgst", "Input CGST"
    TAX_INPUT_SGST = "tax_input_sgst", "Input SGST"
    TAX_INPUT_IGST = "tax_input_igst", "Input IGST"
    TAX_INPUT_CESS = "tax_input_cess", "Input cess"
    # GST the company owes on what it buys under reverse charge (ADR 0071): paid in cash,
    # never set off against input credit, so kept apart from the output tax
    TAX_RCM_CGST = "tax_rcm_cgst", "CGST payable - reverse charge"
    TAX_RCM_SGST = "tax_rcm_sgst", "SGST payable - reverse charge"
    TAX_RCM_IGST = "tax_rcm_igst", "IGST payable - reverse charge"
    TAX_RCM_CESS = "tax_rcm_cess", "Cess payable - reverse charge"
    # input credit on bills unpaid 180 days, reversed until they are paid (Rule 37, ADR 0074)
    ITC_REVERSED = "itc_reversed", "Input credit reversed (Rule 37)"
    TDS_PAYABLE = "tds_payable", "TDS payable"
    TDS_RECEIVABLE = "tds_receivable", "TDS receivable"
    ADVANCE_FROM_CUSTOMER = "advance_from_customer", "Advances from customers"
    ADVANCE_TO_VENDOR = "advance_to_vendor", "Advances to vendors"
    STOCK = "stock", "Stock in hand"
    WORK_IN_PROGRESS = "work_in_progress", "Work in progress"
    COGS = "cogs", "Cost of goods sold"
    # the fixed asset register (ADR 0075): defaults of its categories, and where a disposal
    # books its profit or loss
    ACCUMULATED_DEPRECIATION = "accumulated_depreciation", "Accumulated depreciation"
    DEPRECIATION = "depreciation", "Depreciation"
    ASSET_DISPOSAL = "asset_disposal", "Profit/loss on sale of fixed assets"
    # assets being built or installed, capitalised into the register when put to use (ADR
    # 0077); a company keeps one ledger per project, so several ledgers may hold it
    CAPITAL_WIP = "capital_wip", "Capital work in progress"
    ROUND_OFF = "round_off", "Round off"
    DISCOUNT_ALLOWED = "discount_allowed", "Discount allowed"
    DISCOUNT_RECEIVED = "discount_received", "Discount received"
    EXCHANGE_DIFFERENCE = "exchange_difference", "Exchange gain/loss"
    EXCHANGE_UNREALISED = "exchange_unrealised", "Unrealised exchange gain/loss"
    CAPITAL = "capital", "Capital"
    RETAINED_EARNINGS = "retained_earnings", "Retained earnings"
    OPENING_BALANCE = "opening_balance", "Opening balance adjustment"


# roles several ledgers may hold (ADR 0055, 0077); "" (no role) is among them for the constraint
MULTI_ROLES = ("", AccountRole.BANK.value, AccountRole.CASH.value, AccountRole.CAPITAL_WIP.value)
MONEY_ROLES = (AccountRole.BANK.value, AccountRole.CASH.value)


class CashFlowActivity(models.TextChoices):
    """Where the cash flow statement puts the cash an account's postings move (ADR 0066)."""

    OPERATING = "operating", "Operating"
    INVESTING = "investing", "Investing"
    FINANCING = "financing", "Financing"


class Account(BaseModel):
    """A node of the chart of accounts: a group (`is_group`) or a ledger that takes postings."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=10, choices=AccountType.choices)
    role = models.CharField(max_length=32, choices=AccountRole.choices, blank=True, default="")
    is_group = models.BooleanField(default=False)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    is_active = models.BooleanField(default=True)
    description = models.CharField(max_length=500, blank=True, default="")
    cash_flow = models.CharField(
        max_length=10,
        choices=CashFlowActivity.choices,
        blank=True,
        default="",
        db_default="",
        help_text="Cash flow activity; blank: as the parent group (at the top: financing for "
        "equity, operating otherwise)",
    )

    class Meta:
        ordering = ["code"]
        constraints = [
            # bank and cash ledgers may be many (ADR 0055); every other role is what other
            # modules post to, so it stays on one account
            models.UniqueConstraint(
                fields=["role"],
                condition=~models.Q(role__in=MULTI_ROLES),
                name="finance_account_role_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(is_group=False) | models.Q(role=""),
                name="finance_account_group_has_no_role",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="finance_account_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_debit_normal(self) -> bool:
        return self.type in DEBIT_NORMAL_TYPES


class CostCentre(BaseModel):
    """Where income and expense belong beyond their ledger: a project, a job, a department
    (ADR 0069). A tree of groups and leaves; journal lines name an active leaf, or none."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    is_group = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")),
                name="finance_cost_centre_not_own_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class FiscalYearStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class FiscalYear(BaseModel):
    name = models.CharField(max_length=9, unique=True, help_text="2026-27, or 2026")
    start_date = models.DateField(unique=True)
    end_date = models.DateField(unique=True)
    status = models.CharField(
        max_length=8, choices=FiscalYearStatus.choices, default=FiscalYearStatus.OPEN
    )
    closing_entry = models.OneToOneField(
        "JournalEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="finance_fiscal_year_dates",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PeriodStatus(models.TextChoices):
    OPEN = "open", "Open"
    LOCKED = "locked", "Locked"
    CLOSED = "closed", "Closed"


class Period(BaseModel):
    """A month of a fiscal year. Only an open period takes postings (a trigger checks)."""

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT, related_name="periods")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=20)
    start_date = models.DateField(unique=True)
    end_date = models.DateField(unique=True)
    status = models.CharField(max_length=8, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "number"], name="finance_period_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="finance_period_dates",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class JournalStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    POSTED = "posted", "Posted"
    REVERSED = "reversed", "Reversed"


class JournalEntry(BaseModel):
    """A journal entry. Drafts carry no number and do not count; posted entries are immutable
    (their lines cannot change; a reversal is the correction)."""

    number = models.CharField(max_length=40, blank=True, default="")
    series = models.CharField(max_length=32, default="JV")
    date = models.DateField()
    # (status, date) and the totals serve period reads; periods are never deleted with entries
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="entries", db_index=False
    )
    narration = models.CharField(max_length=500, blank=True, default="")
    status = models.CharField(
        max_length=8, choices=JournalStatus.choices, default=JournalStatus.DRAFT
    )
    currency = CurrencyField()
    exchange_rate = models.DecimalField(
        max_digits=RATE_MAX_DIGITS, decimal_places=RATE_DECIMAL_PLACES, default=Decimal(1)
    )
    total = MoneyField(help_text="Sum of debits in the base currency")
    source_type = models.CharField(max_length=50, blank=True, default="")
    source_id = models.BigIntegerField(null=True, blank=True)
    reversal_of = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    is_closing = models.BooleanField(default=False)
    posted_at = models.DateTimeField(null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                condition=~models.Q(number=""),
                name="finance_entry_number_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | ~models.Q(number=""),
                name="finance_entry_posted_has_number",
            ),
            models.CheckConstraint(
                condition=models.Q(exchange_rate__gt=0), name="finance_entry_rate_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["source_type", "source_id"], name="finance_entry_source_idx"),
            models.Index(fields=["status", "date"], name="finance_entry_status_date_idx"),
            # year-end closing entries, which the P&L leaves out (a few per year)
            models.Index(
                fields=["date"],
                name="finance_entry_closing_idx",
                condition=models.Q(is_closing=True),
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"Draft #{self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.status == JournalStatus.DRAFT

    def can_reverse(self) -> bool:
        return self.status == JournalStatus.POSTED and not self.is_closing


class JournalLine(models.Model):
    """One debit or credit of an entry, in the base currency (`amount_currency`: the signed
    amount in the entry's currency, debit positive). `date` and `period` copy the entry's, so
    the general ledger and the totals need no join (a trigger checks they agree)."""

    id = models.BigAutoField(primary_key=True)
    # The biggest table: no index the composite ones below already give (entry -> the
    # (entry, line_no) unique index; account -> (account, date, id); partner -> (partner, date)).
    entry = models.ForeignKey(
        JournalEntry, on_delete=models.PROTECT, related_name="lines", db_index=False
    )
    line_no = models.PositiveSmallIntegerField()
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="lines", db_index=False
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="journal_lines",
        db_index=False,
    )
    description = models.CharField(max_length=500, blank=True, default="")
    debit = MoneyField()
    credit = MoneyField()
    amount_currency = MoneyField()
    date = models.DateField()
    # periods are never deleted once they hold lines; a (period, account) read goes to the totals
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+", db_index=False)
    cost_centre = models.ForeignKey(
        CostCentre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lines",
        db_index=False,
    )

    class Meta:
        ordering = ["entry_id", "line_no"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(debit__gt=0) & models.Q(credit=0))
                | (models.Q(debit=0) & models.Q(credit__gt=0)),
                name="finance_line_one_side_positive",
            ),
            models.UniqueConstraint(fields=["entry", "line_no"], name="finance_line_number_unique"),
        ]
        indexes = [
            models.Index(fields=["account", "date", "id"], name="finance_line_account_date_idx"),
            # party lines only (most lines have no partner: no index entry to write for them)
            models.Index(
                fields=["partner", "date"],
                name="finance_line_partner_date_idx",
                condition=models.Q(partner__isnull=False),
            ),
            # lines with a cost centre only: the P&L of a cost centre reads these (ADR 0069)
            models.Index(
                fields=["cost_centre", "date"],
                name="finance_line_cost_centre_idx",
                condition=models.Q(cost_centre__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}/{self.line_no}"


class Budget(BaseModel):
    """What a cost centre is expected to earn or spend on an income or expense account (a
    ledger or a group) in a fiscal year: an estimate against which its actuals are read
    (ADR 0070)."""

    cost_centre = models.ForeignKey(CostCentre, on_delete=models.PROTECT, related_name="budgets")
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    amount = MoneyField()
    # phased by month (ADR 0078): one amount per month of the fiscal year, in order, adding up
    # to `amount`; empty: spread evenly
    months = ArrayField(MoneyField(), default=list, blank=True)

    class Meta:
        ordering = ["cost_centre", "fiscal_year", "account__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["cost_centre", "fiscal_year", "account"], name="finance_budget_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="finance_budget_amount_positive"
            ),
            # (each month zero or more: a CHECK in migration 0024, beyond what Q can say)
        ]

    def __str__(self) -> str:
        return f"{self.cost_centre_id}/{self.fiscal_year_id}/{self.account_id}: {self.amount}"


class AccountPeriodBalance(models.Model):
    """Posted debits and credits per account and period. Written only by the line triggers."""

    id = models.BigAutoField(primary_key=True)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    debit = MoneyField()
    credit = MoneyField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "period"], name="finance_period_balance_unique"
            )
        ]
        indexes = [models.Index(fields=["period", "account"], name="finance_apb_period_idx")]

    def __str__(self) -> str:
        return f"{self.account_id}@{self.period_id}: {self.debit} / {self.credit}"


class AccountDayBalance(models.Model):
    """Posted debits and credits per account and day: a trial balance as of a date inside a
    period adds the partial period's days instead of scanning its lines."""

    id = models.BigAutoField(primary_key=True)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    debit = MoneyField()
    credit = MoneyField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "date"], name="finance_day_balance_unique")
        ]
        indexes = [models.Index(fields=["date", "account"], name="finance_adb_date_idx")]

    def __str__(self) -> str:
        return f"{self.account_id}@{self.date}: {self.debit} / {self.credit}"
