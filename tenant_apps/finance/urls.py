from django.urls import path

from tenant_apps.finance import apis

app_name = "finance"

urlpatterns = [
    path("accounts/", apis.AccountListApi.as_view(), name="accounts"),
    path("accounts/<int:account_id>/", apis.AccountDetailApi.as_view(), name="account"),
    path("cost-centres/", apis.CostCentreListApi.as_view(), name="cost-centres"),
    path(
        "cost-centres/<int:cost_centre_id>/",
        apis.CostCentreDetailApi.as_view(),
        name="cost-centre",
    ),
    path(
        "cost-centres/<int:cost_centre_id>/budgets/<int:year_id>/",
        apis.CostCentreBudgetApi.as_view(),
        name="cost-centre-budget",
    ),
    path("fiscal-years/", apis.FiscalYearListApi.as_view(), name="fiscal-years"),
    path(
        "fiscal-years/<int:year_id>/close/",
        apis.FiscalYearCloseApi.as_view(),
        name="fiscal-year-close",
    ),
    path(
        "fiscal-years/<int:year_id>/reopen/",
        apis.FiscalYearReopenApi.as_view(),
        name="fiscal-year-reopen",
    ),
    path("periods/<int:period_id>/lock/", apis.PeriodLockApi.as_view(), name="period-lock"),
    path("periods/<int:period_id>/unlock/", apis.PeriodUnlockApi.as_view(), name="period-unlock"),
    path("journal-entries/", apis.JournalEntryListApi.as_view(), name="journal-entries"),
    path(
        "journal-entries/<int:entry_id>/",
        apis.JournalEntryDetailApi.as_view(),
        name="journal-entry",
    ),
    path(
        "journal-entries/<int:entry_id>/post/",
        apis.JournalEntryPostApi.as_view(),
        name="journal-entry-post",
    ),
    path(
        "journal-entries/<int:entry_id>/reverse/",
        apis.JournalEntryReverseApi.as_view(),
        name="journal-entry-reverse",
    ),
    path("reports/trial-balance/", apis.TrialBalanceApi.as_view(), name="trial-balance"),
    path(
        "reports/trial-balance/export/",
        apis.TrialBalanceExportApi.as_view(),
        name="trial-balance-export",
    ),
    path("reports/profit-and-loss/", apis.ProfitAndLossApi.as_view(), name="profit-and-loss"),
    path("reports/cash-flow/", apis.CashFlowApi.as_view(), name="cash-flow"),
    path("reports/cost-centres/", apis.CostCentreSummaryApi.as_view(), name="cost-centre-summary"),
    path("reports/budget-vs-actual/", apis.BudgetReportApi.as_view(), name="budget-vs-actual"),
    path(
        "reports/budget-vs-actual/export/",
        apis.BudgetReportExportApi.as_view(),
        name="budget-vs-actual-export",
    ),
    path(
        "reports/cost-centres/export/",
        apis.CostCentreSummaryExportApi.as_view(),
        name="cost-centre-summary-export",
    ),
    path("reports/cash-flow/export/", apis.CashFlowExportApi.as_view(), name="cash-flow-export"),
    path(
        "reports/profit-and-loss/export/",
        apis.ProfitAndLossExportApi.as_view(),
        name="profit-and-loss-export",
    ),
    path("reports/balance-sheet/", apis.BalanceSheetApi.as_view(), name="balance-sheet"),
    path(
        "reports/balance-sheet/export/",
        apis.BalanceSheetExportApi.as_view(),
        name="balance-sheet-export",
    ),
    path("reports/general-ledger/", apis.GeneralLedgerApi.as_view(), name="general-ledger"),
    path(
        "reports/general-ledger/export/",
        apis.GeneralLedgerExportApi.as_view(),
        name="general-ledger-export",
    ),
]
