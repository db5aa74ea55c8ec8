"""Bank statements and their reconciliation with the ledger (ADR 0053).

Posted journal lines are immutable (a trigger refuses updates), so whether a line has cleared
the bank lives here, in `BankMatch`, never as a column on the journal line."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tenant_apps.core.fields import MoneyField
from tenant_apps.core.models import BaseModel


class BankStatement(BaseModel):
    """One statement of a bank account as the bank issued it; closing = opening + sum(lines)."""

    account = models.ForeignKey(
        "finance.Account", on_delete=models.PROTECT, related_name="bank_statements"
    )
    date_from = models.DateField()
    date_to = models.DateField()
    opening_balance = MoneyField()
    closing_balance = MoneyField()
    file_name = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["-date_to", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_from__lte=models.F("date_to")),
                name="banking_statement_period_ordered",
            ),
        ]


class BankStatementLine(models.Model):
    """One line of a statement: + money in (a deposit), - money out (a withdrawal)."""

    id = models.BigAutoField(primary_key=True)
    statement = models.ForeignKey(BankStatement, on_delete=models.CASCADE, related_name="lines")
    line_no = models.PositiveIntegerField()
    date = models.DateField()
    description = models.CharField(max_length=500, blank=True, default="")
    reference = models.CharField(max_length=100, blank=True, default="")
    amount = MoneyField()
    balance = MoneyField(null=True, blank=True)

    class Meta:
        ordering = ["statement_id", "line_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "line_no"], name="banking_line_number_unique"
            ),
            models.CheckConstraint(condition=~models.Q(amount=0), name="banking_line_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.description} {self.amount}"


class BankMatch(models.Model):
    """A journal line of the bank account cleared by a statement line. A statement line takes
    one or more journal lines whose (debit - credit) add up to its amount (checked by the
    service); a journal line clears at most once (UNIQUE)."""

    id = models.BigAutoField(primary_key=True)
    statement_line = models.ForeignKey(
        BankStatementLine, on_delete=models.CASCADE, related_name="matches"
    )
    journal_line = models.OneToOneField(
        "finance.JournalLine", on_delete=models.PROTECT, related_name="bank_match"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    def __str__(self) -> str:
        return f"{self.statement_line_id} <- {self.journal_line_id}"
