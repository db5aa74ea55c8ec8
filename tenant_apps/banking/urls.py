from django.urls import path

from tenant_apps.banking import apis

app_name = "banking"

urlpatterns = [
    path("statements/", apis.StatementListApi.as_view(), name="statements"),
    path("statements/template/", apis.StatementTemplateApi.as_view(), name="statement-template"),
    path("statements/<int:statement_id>/", apis.StatementDetailApi.as_view(), name="statement"),
    path(
        "statements/<int:statement_id>/auto-match/",
        apis.AutoMatchApi.as_view(),
        name="statement-auto-match",
    ),
    path(
        "statements/<int:statement_id>/lines/<int:line_id>/match/",
        apis.LineMatchApi.as_view(),
        name="line-match",
    ),
    path(
        "statements/<int:statement_id>/lines/<int:line_id>/unmatch/",
        apis.LineUnmatchApi.as_view(),
        name="line-unmatch",
    ),
    path(
        "statements/<int:statement_id>/lines/<int:line_id>/create-entry/",
        apis.LineEntryCreateApi.as_view(),
        name="line-create-entry",
    ),
    path("reconciliation/", apis.ReconciliationApi.as_view(), name="reconciliation"),
    path(
        "reconciliation/export/",
        apis.ReconciliationExportApi.as_view(),
        name="reconciliation-export",
    ),
]
