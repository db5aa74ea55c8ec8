from django.urls import path

from tenant_apps.invoicing.apis import (
    documents,
    einvoice,
    ewaybill,
    gst_payment,
    gstr2b,
    itc_reversal,
    mailing,
    opening,
    payments,
    recurring,
    reports,
    revaluation,
    settings,
    tds,
)

app_name = "invoicing"


def _documents(prefix: str, list_api, detail_api, post_api, cancel_api, pdf_api):  # type: ignore[no-untyped-def]
    return [
        path(f"{prefix}/", list_api.as_view(), name=prefix),
        path(f"{prefix}/export/", reports.document_export_view(list_api), name=f"{prefix}-export"),
        path(f"{prefix}/<int:document_id>/", detail_api.as_view(), name=f"{prefix}-detail"),
        path(f"{prefix}/<int:document_id>/post/", post_api.as_view(), name=f"{prefix}-post"),
        path(f"{prefix}/<int:document_id>/cancel/", cancel_api.as_view(), name=f"{prefix}-cancel"),
        path(f"{prefix}/<int:document_id>/pdf/", pdf_api.as_view(), name=f"{prefix}-pdf"),
    ]


urlpatterns = [
    path("tax-rates/", settings.TaxRateListApi.as_view(), name="tax-rates"),
    path("tax-rates/<int:tax_rate_id>/", settings.TaxRateDetailApi.as_view(), name="tax-rate"),
    path("settings/", settings.InvoiceSettingsApi.as_view(), name="settings"),
    path(
        "settings/reminder-letters/preview/",
        settings.ReminderLetterPreviewApi.as_view(),
        name="reminder-letter-preview",
    ),
    *_documents(
        "invoices",
        documents.InvoiceListApi,
        documents.InvoiceDetailApi,
        documents.InvoicePostApi,
        documents.InvoiceCancelApi,
        documents.InvoicePdfApi,
    ),
    path(
        "invoices/<int:document_id>/duplicate/",
        documents.InvoiceDuplicateApi.as_view(),
        name="invoice-duplicate",
    ),
    path(
        "bills/<int:document_id>/duplicate/",
        documents.BillDuplicateApi.as_view(),
        name="bill-duplicate",
    ),
    path(
        "invoices/<int:document_id>/credit/",
        documents.InvoiceCreditApi.as_view(),
        name="invoice-credit",
    ),
    *_documents(
        "bills",
        documents.BillListApi,
        documents.BillDetailApi,
        documents.BillPostApi,
        documents.BillCancelApi,
        documents.BillPdfApi,
    ),
    *_documents(
        "notes",
        documents.NoteListApi,
        documents.NoteDetailApi,
        documents.NotePostApi,
        documents.NoteCancelApi,
        documents.NotePdfApi,
    ),
    path("opening-balances/", opening.OpeningSummaryApi.as_view(), name="opening-balances"),
    path(
        "opening-balances/template/",
        opening.OpeningTemplateApi.as_view(),
        name="opening-balances-template",
    ),
    path(
        "opening-balances/import/",
        opening.OpeningImportApi.as_view(),
        name="opening-balances-import",
    ),
    path(
        "invoices/<int:document_id>/email/", mailing.InvoiceEmailApi.as_view(), name="invoice-email"
    ),
    path("notes/<int:document_id>/email/", mailing.NoteEmailApi.as_view(), name="note-email"),
    path("notes/<int:document_id>/apply/", documents.NoteApplyApi.as_view(), name="note-apply"),
    *[
        path(f"{prefix}/<int:document_id>/einvoice/{suffix}", api.as_view(), name=name)
        for prefix, suffix, api, name in (
            ("invoices", "", einvoice.InvoiceEInvoiceApi, "invoice-einvoice"),
            ("invoices", "json/", einvoice.InvoiceEInvoiceJsonApi, "invoice-einvoice-json"),
            ("invoices", "cancel/", einvoice.InvoiceEInvoiceCancelApi, "invoice-einvoice-cancel"),
            ("notes", "", einvoice.NoteEInvoiceApi, "note-einvoice"),
            ("notes", "json/", einvoice.NoteEInvoiceJsonApi, "note-einvoice-json"),
            ("notes", "cancel/", einvoice.NoteEInvoiceCancelApi, "note-einvoice-cancel"),
        )
    ],
    *[
        path(f"{prefix}/einvoice/{suffix}", view, name=f"{prefix}-einvoice-{suffix[:-1]}")
        for prefix, list_api in (
            ("invoices", documents.InvoiceListApi),
            ("notes", documents.NoteListApi),
        )
        for suffix, view in zip(
            ("json/", "import/"), einvoice.einvoice_bulk_views(list_api), strict=True
        )
    ],
    path(
        "invoices/<int:document_id>/ewaybill/",
        ewaybill.InvoiceEWayBillApi.as_view(),
        name="invoice-ewaybill",
    ),
    path(
        "invoices/<int:document_id>/ewaybill/cancel/",
        ewaybill.InvoiceEWayBillCancelApi.as_view(),
        name="invoice-ewaybill-cancel",
    ),
    path(
        "invoices/<int:document_id>/ewaybill/json/",
        ewaybill.InvoiceEWayBillJsonApi.as_view(),
        name="invoice-ewaybill-json",
    ),
    path("recurring/", recurring.RecurringListApi.as_view(), name="recurring"),
    path(
        "recurring/<int:schedule_id>/",
        recurring.RecurringDetailApi.as_view(),
        name="recurring-detail",
    ),
    path("payments/", payments.PaymentListApi.as_view(), name="payments"),
    path("payments/export/", reports.PaymentExportApi.as_view(), name="payments-export"),
    path("payments/accounts/", payments.CashAccountListApi.as_view(), name="cash-accounts"),
    path(
        "payments/deduction-accounts/",
        payments.DeductionAccountListApi.as_view(),
        name="deduction-accounts",
    ),
    path("payments/open-documents/", payments.OpenDocumentsApi.as_view(), name="open-documents"),
    path("payments/<int:payment_id>/", payments.PaymentDetailApi.as_view(), name="payment"),
    path("payments/<int:payment_id>/pdf/", payments.PaymentPdfApi.as_view(), name="payment-pdf"),
    path(
        "payments/<int:payment_id>/email/",
        mailing.PaymentEmailApi.as_view(),
        name="payment-email",
    ),
    path(
        "payments/<int:payment_id>/allocate/",
        payments.PaymentAllocateApi.as_view(),
        name="payment-allocate",
    ),
    path(
        "payments/<int:payment_id>/cancel/",
        payments.PaymentCancelApi.as_view(),
        name="payment-cancel",
    ),
    path("revaluations/", revaluation.RevaluationListApi.as_view(), name="revaluations"),
    path(
        "revaluations/preview/",
        revaluation.RevaluationPreviewApi.as_view(),
        name="revaluation-preview",
    ),
    path(
        "revaluations/currencies/",
        revaluation.RevaluationCurrenciesApi.as_view(),
        name="revaluation-currencies",
    ),
    path(
        "revaluations/<int:revaluation_id>/",
        revaluation.RevaluationDetailApi.as_view(),
        name="revaluation",
    ),
    path(
        "revaluations/<int:revaluation_id>/cancel/",
        revaluation.RevaluationCancelApi.as_view(),
        name="revaluation-cancel",
    ),
    path("reports/aged/", reports.AgedApi.as_view(), name="aged"),
    path("reports/statement/", reports.StatementApi.as_view(), name="statement"),
    path(
        "reports/statement/email/",
        mailing.StatementEmailApi.as_view(),
        name="statement-email",
    ),
    path("reports/gstr1/", reports.Gstr1Api.as_view(), name="gstr1"),
    path("reports/gstr1/json/", reports.Gstr1JsonApi.as_view(), name="gstr1-json"),
    path("reports/gstr3b/", reports.Gstr3bApi.as_view(), name="gstr3b"),
    path("gst-payments/", gst_payment.GstPaymentListApi.as_view(), name="gst-payments"),
    path(
        "gst-payments/preview/",
        gst_payment.GstPaymentPreviewApi.as_view(),
        name="gst-payment-preview",
    ),
    path(
        "gst-payments/<int:payment_id>/",
        gst_payment.GstPaymentDetailApi.as_view(),
        name="gst-payment",
    ),
    path(
        "gst-payments/<int:payment_id>/cancel/",
        gst_payment.GstPaymentCancelApi.as_view(),
        name="gst-payment-cancel",
    ),
    path("itc-reversals/", itc_reversal.ItcReversalListApi.as_view(), name="itc-reversals"),
    path(
        "itc-reversals/preview/",
        itc_reversal.ItcReversalPreviewApi.as_view(),
        name="itc-reversal-preview",
    ),
    path(
        "itc-reversals/<int:run_id>/",
        itc_reversal.ItcReversalDetailApi.as_view(),
        name="itc-reversal",
    ),
    path(
        "itc-reversals/<int:run_id>/cancel/",
        itc_reversal.ItcReversalCancelApi.as_view(),
        name="itc-reversal-cancel",
    ),
    path("gstr2b/", gstr2b.Gstr2bListApi.as_view(), name="gstr2b"),
    path("gstr2b/lines/<int:line_id>/", gstr2b.Gstr2bLineApi.as_view(), name="gstr2b-line"),
    path("gstr2b/<str:month>/", gstr2b.Gstr2bDetailApi.as_view(), name="gstr2b-month"),
    path("reports/tds/", reports.TdsRegisterApi.as_view(), name="tds-register"),
    path("reports/kpis/", reports.KpiApi.as_view(), name="kpis"),
    path("tds/challans/", tds.TdsChallanListApi.as_view(), name="tds-challans"),
    path("tds/challans/export/", tds.TdsChallanExportApi.as_view(), name="tds-challans-export"),
    path(
        "tds/challans/accounts/", tds.TdsChallanAccountsApi.as_view(), name="tds-challan-accounts"
    ),
    path("tds/challans/<int:challan_id>/", tds.TdsChallanDetailApi.as_view(), name="tds-challan"),
    path(
        "tds/challans/<int:challan_id>/cancel/",
        tds.TdsChallanCancelApi.as_view(),
        name="tds-challan-cancel",
    ),
    path("tds/returns/26q/", tds.Form26qApi.as_view(), name="tds-return-26q"),
    path("tds/pending/", tds.TdsPendingDeductionsApi.as_view(), name="tds-pending"),
    path("tds/certificates/", tds.TdsCertificateApi.as_view(), name="tds-certificates"),
    path(
        "tds/certificates/clear/",
        tds.TdsCertificateClearApi.as_view(),
        name="tds-certificates-clear",
    ),
]
