"""The bank reconciliation statement as a report (core/exports, ADR 0013): the same figures as
the JSON form, one description for both the Excel and the PDF file."""

from __future__ import annotations

from typing import Any

from tenant_apps.banking.selectors import Reconciliation
from tenant_apps.core.exports.numbers import format_date
from tenant_apps.core.exports.tables import Column, Report, Row, Table

COLUMNS = [
    Column("Date", "date"),
    Column("Reference"),
    Column("Description"),
    Column("Amount", "money"),
]


def _book_rows(lines: list[Any], sign: int) -> list[Row]:
    return [
        Row(
            [
                j.date,
                j.entry.number,
                j.description or j.entry.narration,
                sign * (j.debit - j.credit),
            ],
            depth=1,
        )
        for j in lines
    ]


def reconciliation_report(report: Reconciliation) -> Report:
    """Balance per books, the items not yet through (each with its total), the balance per bank
    it comes to, the bank's own balance and the difference."""
    rows: list[Row] = [
        Row([report.date, "", "Balance per books", report.balance_books], style="group"),
        Row(
            [
                None,
                "",
                "Add: payments not yet debited by the bank",
                report.uncleared_payments_total,
            ],
            style="group",
        ),
        *_book_rows(report.uncleared_payments, -1),
        Row(
            [
                None,
                "",
                "Less: receipts not yet credited by the bank",
                -report.uncleared_receipts_total,
            ],
            style="group",
        ),
        *_book_rows(report.uncleared_receipts, -1),
        Row(
            [None, "", "Add/less: statement lines not in the books", report.bank_only_total],
            style="group",
        ),
        *(
            Row(
                [
                    line.date,
                    line.reference,
                    line.description,
                    line.amount,
                ],
                depth=1,
            )
            for line in report.bank_only
        ),
    ]
    totals: list[list[Any]] = [
        [report.date, "", "Balance per bank (computed)", report.balance_bank_computed],
        [report.date, "", "Balance per bank statement", report.balance_bank_statement],
        [None, "", "Difference", report.difference],
    ]
    account = report.account
    return Report(
        title="Bank reconciliation statement",
        subtitle=f"{account.code} {account.name} · as on {format_date(report.date)}",
        tables=[Table(columns=COLUMNS, rows=rows, totals=totals, sheet="Reconciliation")],
        notes=[
            "Balance per bank = balance per books + payments not yet debited by the bank "
            "- receipts not yet credited by the bank + statement lines not in the books.",
            *(
                ["No statement covers the date: the bank's balance is not known."]
                if report.balance_bank_statement is None
                else []
            ),
        ],
    )
