"""Permission codes of the ledger.

- account: the chart of accounts (view, create, change, delete, export)
- journal: journal entries (view, create/change/delete drafts, approve = post and reverse)
- period: fiscal years and periods (view, create a year, change = lock/unlock, approve = close)
- year_reopen: reopening a closed fiscal year (approve), apart from closing it
- report: trial balance, P&L, balance sheet, general ledger (view, export)
"""

from __future__ import annotations

ACCOUNT_VIEW = "finance.account.view"
ACCOUNT_CREATE = "finance.account.create"
ACCOUNT_CHANGE = "finance.account.change"
ACCOUNT_DELETE = "finance.account.delete"
ACCOUNT_EXPORT = "finance.account.export"
JOURNAL_VIEW = "finance.journal.view"
JOURNAL_CREATE = "finance.journal.create"
JOURNAL_CHANGE = "finance.journal.change"
JOURNAL_DELETE = "finance.journal.delete"
JOURNAL_APPROVE = "finance.journal.approve"
JOURNAL_EXPORT = "finance.journal.export"
PERIOD_VIEW = "finance.period.view"
PERIOD_CREATE = "finance.period.create"
PERIOD_CHANGE = "finance.period.change"
PERIOD_APPROVE = "finance.period.approve"
# `<module>.<resource>.<action>` with the registry's fixed actions: reopening is its own resource
YEAR_REOPEN_APPROVE = "finance.year_reopen.approve"
REPORT_VIEW = "finance.report.view"
REPORT_EXPORT = "finance.report.export"

PERMISSIONS = [
    ACCOUNT_VIEW,
    ACCOUNT_CREATE,
    ACCOUNT_CHANGE,
    ACCOUNT_DELETE,
    ACCOUNT_EXPORT,
    JOURNAL_VIEW,
    JOURNAL_CREATE,
    JOURNAL_CHANGE,
    JOURNAL_DELETE,
    JOURNAL_APPROVE,
    JOURNAL_EXPORT,
    PERIOD_VIEW,
    PERIOD_CREATE,
    PERIOD_CHANGE,
    PERIOD_APPROVE,
    YEAR_REOPEN_APPROVE,
    REPORT_VIEW,
    REPORT_EXPORT,
]
