"""Reports: aged receivables/payables, party statement (JSON, Excel, PDF), GSTR-1, GSTR-3B,
the TDS register, finance KPIs; Excel exports of the document and payment lists.

`?format=xlsx` or `?format=pdf` returns a file and needs
`invoicing.report.export` (`invoicing.<resource>.export` for lists); JSON needs `.view`."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.core.api.export import Column, export_format_of, export_response
from tenant_apps.core.api.permissions import TenantPermission
from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.exports.responses import PDF_TYPE, XLSX_TYPE, attachment, report_response
from tenant_apps.invoicing import gstr1_json, report_tables, reports, selectors
from tenant_apps.invoicing.apis.common import money
from tenant_apps.invoicing.filters import PaymentFilter
from tenant_apps.invoicing.models import Payment, TdsSection
from tenant_apps.partners.models import Partner

FILE_RESPONSES = {
    (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY),
    (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
}
EXPORT_FORMAT_PARAM = OpenApiParameter("format", str, required=False, enum=["xlsx", "csv"])


class FileContentNegotiation(DefaultContentNegotiation):
    """Leaves `?format=` to the view (DRF would read it as a renderer name)."""

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        renderer = renderers[0]
        return renderer, renderer.media_type


FORMAT_PARAM = OpenApiParameter(
    "format",
    str,
    required=False,
    enum=["json", "xlsx", "pdf"],
    description="xlsx: an Excel file; pdf: a PDF (both need the export permission)",
)
PDF_RESPONSES = {**FILE_RESPONSES, (200, PDF_TYPE): OpenApiResponse(OpenApiTypes.BINARY)}


class _ReportApi(APIView):
    """JSON with `.view`, a file with `.export`."""

    permission_classes = [TenantPermission]
    content_negotiation_class = FileContentNegotiation
    view_permission = "invoicing.report.view"
    export_permission = "invoicing.report.export"
    formats: tuple[str, ...] = ("json", "xlsx", "pdf")

    @property
    def required_permission(self) -> str:
        fmt = self.request.query_params.get("format") or "json"
        return self.view_permission if fmt == "json" else self.export_permission

    def format_of(self, request: Request) -> str:
        fmt = request.query_params.get("format") or "json"
        if fmt not in self.formats:
            raise ApplicationError(
                f"Choose a format: {', '.join(self.formats)}.",
                code="invalid",
                fields={"format": [f"{fmt!r} is not one of {', '.join(self.formats)}."]},
            )
        return fmt


# ---------------------------------------------------------------------------------------------
# Aged receivables / payables
# ---------------------------------------------------------------------------------------------
class AgedInput(serializers.Serializer[Any]):
    side = serializers.ChoiceField(choices=["receivable", "payable"])
    as_of = serializers.DateField(required=False)


class BucketsOutput(serializers.Serializer[Any]):
    d0_30 = money(source="0-30")
    d31_60 = money(source="31-60")
    d61_90 = money(source="61-90")
    d90_plus = money(source="90+")


class AgedRowOutput(serializers.Serializer[Any]):
    partner_id = serializers.IntegerField()
    partner_code = serializers.CharField()
    partner_name = serializers.CharField()
    buckets = BucketsOutput()
    unapplied = money(help_text="Credit notes and advances not yet applied (negative)")
    total = money()


class AgedTotalsOutput(serializers.Serializer[Any]):
    buckets = BucketsOutput()
    unapplied = money()
    total = money()


class AgedOutput(serializers.Serializer[Any]):
    side = serializers.CharField()
    as_of = serializers.DateField()
    rows = AgedRowOutput(many=True)
    totals = AgedTotalsOutput()


class AgedApi(_ReportApi):
    """Open items per party in buckets of days since the document date: 0-30, 31-60, 61-90,
    90+, as of a date (default today), in the base currency."""

    @extend_schema(
        parameters=[
            OpenApiParameter("side", str, required=True, enum=["receivable", "payable"]),
            OpenApiParameter("as_of", OpenApiTypes.DATE, required=False),
            FORMAT_PARAM,
        ],
        responses={200: AgedOutput, **PDF_RESPONSES},
    )
    def get(self, request: Request) -> Any:
        fmt = self.format_of(request)
        data = AgedInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        side = data.validated_data["side"]
        as_of = data.validated_data.get("as_of") or timezone.localdate()
        result = reports.aged(side=side, as_of=as_of)
        if fmt in ("xlsx", "pdf"):
            return report_response(
                report_tables.aged_report(result),
                fmt=fmt,
                filename=f"aged-{side}s-{as_of.isoformat()}",
            )
        return Response(AgedOutput(result).data)


# ---------------------------------------------------------------------------------------------
# Party statement
# ---------------------------------------------------------------------------------------------
class StatementInput(serializers.Serializer[Any]):
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.all())
    side = serializers.ChoiceField(choices=["receivable", "payable"], required=False)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        today = timezone.localdate()
        attrs.setdefault("date_to", today)
        attrs.setdefault("date_from", attrs["date_to"].replace(month=1, day=1))
        if attrs["date_from"] > attrs["date_to"]:
            raise serializers.ValidationError({"date_from": ["After date_to."]})
        partner = attrs["partner"]
        attrs.setdefault("side", "receivable" if partner.is_customer else "payable")
        return attrs


class PartyStatementLineOutput(serializers.Serializer[Any]):
    date = serializers.DateField()
    kind = serializers.CharField()
    number = serializers.CharField()
    description = serializers.CharField()
    debit = money()
    credit = money()
    balance = money()
    document_id = serializers.IntegerField(allow_null=True)
    payment_id = serializers.IntegerField(allow_null=True)


class PartyStatementOutput(serializers.Serializer[Any]):
    partner_id = serializers.IntegerField()
    partner_code = serializers.CharField()
    partner_name = serializers.CharField()
    side = serializers.CharField()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    opening_balance = money()
    lines = PartyStatementLineOutput(many=True)
    debit_total = money()
    credit_total = money()
    closing_balance = money()


class StatementApi(_ReportApi):
    """A party's ledger: opening balance, documents and payments with a running balance,
    closing balance (what the party owes us, or we owe them). `?format=xlsx|pdf` for a file."""

    formats = ("json", "xlsx", "pdf")

    @extend_schema(
        parameters=[
            OpenApiParameter("partner", int, required=True),
            OpenApiParameter("side", str, required=False, enum=["receivable", "payable"]),
            OpenApiParameter("date_from", OpenApiTypes.DATE, required=False),
            OpenApiParameter("date_to", OpenApiTypes.DATE, required=False),
            OpenApiParameter("format", str, required=False, enum=["json", "xlsx", "pdf"]),
        ],
        responses={
            200: PartyStatementOutput,
            **FILE_RESPONSES,
            (200, PDF_TYPE): OpenApiResponse(OpenApiTypes.BINARY),
        },
    )
    def get(self, request: Request) -> Any:
        fmt = self.format_of(request)
        data = StatementInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        result = reports.statement(**data.validated_data)
        name = f"statement-{result['partner_code']}-{result['date_to'].isoformat()}"
        if fmt in ("xlsx", "pdf"):
            return report_response(report_tables.statement_report(result), fmt=fmt, filename=name)
        return Response(PartyStatementOutput(result).data)


# ---------------------------------------------------------------------------------------------
# GST returns
# ---------------------------------------------------------------------------------------------
class PeriodInput(serializers.Serializer[Any]):
    date_from = serializers.DateField()
    date_to = serializers.DateField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["date_from"] > attrs["date_to"]:
            raise serializers.ValidationError({"date_from": ["After date_to."]})
        if (attrs["date_to"] - attrs["date_from"]).days > 366:
            raise serializers.ValidationError({"date_to": ["At most a year."]})
        return attrs


PERIOD_PARAMS = [
    OpenApiParameter("date_from", OpenApiTypes.DATE, required=True),
    OpenApiParameter("date_to", OpenApiTypes.DATE, required=True),
    FORMAT_PARAM,
]


class InvoiceRowOutput(serializers.Serializer[Any]):
    document_id = serializers.IntegerField()
    number = serializers.CharField()
    date = serializers.DateField()
    gstin = serializers.CharField()
    party = serializers.CharField()
    place_of_supply = serializers.CharField()
    invoice_value = money()
    gst_rate = money()
    taxable = money()
    igst = money()
    cgst = money()
    sgst = money()
    cess = money()


class B2csRowOutput(serializers.Serializer[Any]):
    place_of_supply = serializers.CharField()
    gst_rate = money()
    taxable = money()
    igst = money()
    cgst = money()
    sgst = money()
    cess = money()


class HsnRowOutput(serializers.Serializer[Any]):
    hsn_sac = serializers.CharField()
    unit = serializers.CharField()
    gst_rate = money()
    quantity = serializers.DecimalField(max_digits=20, decimal_places=6)
    value = money()
    taxable = money()
    igst = money()
    cgst = money()
    sgst = money()
    cess = money()


class Gstr1Output(serializers.Serializer[Any]):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    b2b = InvoiceRowOutput(many=True)
    b2cl = InvoiceRowOutput(many=True)
    b2cs = B2csRowOutput(many=True)
    exports = InvoiceRowOutput(many=True)
    cdnr = InvoiceRowOutput(many=True)
    cdnur = InvoiceRowOutput(many=True)
    hsn = HsnRowOutput(many=True)


class Gstr1Api(_ReportApi):
    """Outward supplies as GSTR-1 wants them: B2B, B2C large, B2C small, exports, credit notes
    (registered / unregistered) and the HSN summary."""

    @extend_schema(parameters=PERIOD_PARAMS, responses={200: Gstr1Output, **PDF_RESPONSES})
    def get(self, request: Request) -> Any:
        fmt = self.format_of(request)
        data = PeriodInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        result = reports.gstr1(**data.validated_data)
        if fmt in ("xlsx", "pdf"):
            return report_response(
                report_tables.gstr1_report(result),
                fmt=fmt,
                filename=f"gstr1-{result['date_from']}-{result['date_to']}",
            )
        return Response(Gstr1Output(result).data)


class Gstr1JsonInput(serializers.Serializer[Any]):
    """One calendar month: `month=YYYY-MM`, or `date_from`/`date_to` on its first and last day
    (what the GST report page holds); or, for a quarterly (QRMP) filer, `date_from`/`date_to`
    on the first and last day of a GST quarter (Apr-Jun, Jul-Sep, Oct-Dec, Jan-Mar)."""

    month = serializers.RegexField(
        r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        error_messages={"invalid": "A month as YYYY-MM."},
    )
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("month"):
            year, number = (int(x) for x in attrs["month"].split("-"))
            first, last = gstr1_json.month_bounds(dt.date(year, number, 1))
            return {"date_from": first, "date_to": last}
        if "date_from" not in attrs or "date_to" not in attrs:
            raise serializers.ValidationError({"month": ["Give the month (YYYY-MM)."]})
        period = (attrs["date_from"], attrs["date_to"])
        month = gstr1_json.month_bounds(attrs["date_from"])
        quarter = gstr1_json.quarter_bounds(attrs["date_from"])
        if period not in (month, quarter):
            raise serializers.ValidationError(
                {
                    "date_to": [
                        "GSTR-1 is filed for one calendar month, or one quarter (QRMP): choose "
                        f"its first and last day (e.g. {month[0].isoformat()} to "
                        f"{month[1].isoformat()}, or {quarter[0].isoformat()} to "
                        f"{quarter[1].isoformat()})."
                    ]
                }
            )
        return {"date_from": period[0], "date_to": period[1]}


class Gstr1JsonApi(APIView):
    """GSTR-1 of one month (or one QRMP quarter) as the JSON the GST portal accepts
    (Returns > GSTR-1 > Prepare offline > Upload): B2B, B2C large and small, exports, credit
    notes, HSN summary and documents issued, in rupees. A download named
    `GSTR1_<gstin>_<MMYYYY>.json`. 400 when the period is not one calendar month or GST
    quarter, the company has no GSTIN, or a registered party's GSTIN is invalid."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.report.export"

    @extend_schema(
        parameters=[
            OpenApiParameter("month", str, required=False, description="YYYY-MM"),
            OpenApiParameter("date_from", OpenApiTypes.DATE, required=False),
            OpenApiParameter("date_to", OpenApiTypes.DATE, required=False),
        ],
        responses={(200, "application/json"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request: Request) -> Any:
        data = Gstr1JsonInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        body = gstr1_json.gstr1_portal_json(**data.validated_data)
        content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        return attachment(
            content,
            filename=f"GSTR1_{body['gstin']}_{body['fp']}.json",
            content_type="application/json",
        )


class TaxSumsOutput(serializers.Serializer[Any]):
    taxable = money()
    igst = money()
    cgst = money()
    sgst = money()
    cess = money()


class Gstr2bItcOutput(TaxSumsOutput):
    months = serializers.ListField(child=serializers.CharField(), help_text="YYYY-MM")


class TaxOnlyOutput(serializers.Serializer[Any]):
    igst = money()
    cgst = money()
    sgst = money()
    cess = money()


class InterStateOutput(serializers.Serializer[Any]):
    place_of_supply = serializers.CharField()
    taxable = money()
    igst = money()


class Gstr3bOutput(serializers.Serializer[Any]):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    outward_taxable = TaxSumsOutput(help_text="3.1(a)")
    outward_zero_rated = TaxSumsOutput(help_text="3.1(b)")
    outward_nil_exempt = TaxSumsOutput(help_text="3.1(c)")
    inward_reverse_charge = TaxSumsOutput(
        help_text="3.1(d): inward supplies under reverse charge (ADR 0071)"
    )
    inter_state_unregistered = InterStateOutput(many=True, help_text="3.2")
    itc_reverse_charge = TaxSumsOutput(
        help_text="4(A)(3): the credit of the tax paid on reverse charge"
    )
    itc_available = TaxSumsOutput(help_text="4(A)(5), from the books (not reverse charge)")
    itc_reversed = TaxSumsOutput(
        help_text="4(B)(1): credit blocked by section 17(5), reversed (ADR 0072)"
    )
    itc_reversed_others = TaxOnlyOutput(
        help_text="4(B)(2): credit on bills unpaid 180 days reversed (Rule 37, ADR 0074)"
    )
    itc_net = TaxOnlyOutput(help_text="4(C): 4(A) less 4(B)")
    itc_reclaimed = TaxOnlyOutput(
        help_text="4(D)(1): credit reversed under 4(B)(2) earlier, reclaimed (in 4(A)(5) too)"
    )
    itc_gstr2b = Gstr2bItcOutput(
        allow_null=True,
        help_text="4(A)(5) as the imported GSTR-2B of the period's months shows it (ADR 0065); "
        "null when none was imported",
    )
    tax_payable = TaxOnlyOutput(
        help_text="Tax other than reverse charge: output tax less the net ITC (4(C)), per "
        "component, before set-off; negative is credit left over"
    )
    reverse_charge_cash = TaxOnlyOutput(
        help_text="Tax on reverse charge (3.1(d)): paid in cash, never set off against credit"
    )


class Gstr3bApi(_ReportApi):
    """The GSTR-3B summary: 3.1 outward supplies, 3.2 inter-state supplies to unregistered
    persons, 4 eligible ITC, and the tax payable per component (before set-off rules)."""

    @extend_schema(parameters=PERIOD_PARAMS, responses={200: Gstr3bOutput, **PDF_RESPONSES})
    def get(self, request: Request) -> Any:
        fmt = self.format_of(request)
        data = PeriodInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        r = reports.gstr3b(**data.validated_data)
        if fmt in ("xlsx", "pdf"):
            return report_response(
                report_tables.gstr3b_report(r),
                fmt=fmt,
                filename=f"gstr3b-{r['date_from']}-{r['date_to']}",
            )
        return Response(Gstr3bOutput(r).data)


# ---------------------------------------------------------------------------------------------
# TDS register
# ---------------------------------------------------------------------------------------------
class TdsRegisterInput(PeriodInput):
    side = serializers.ChoiceField(choices=["receivable", "payable"])
    status = serializers.ChoiceField(
        choices=["pending", "deposited", "received"], required=False, allow_blank=True
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        status = attrs.get("status") or ""
        if status and status not in ("pending", reports.TDS_DONE_STATUS[attrs["side"]]):
            raise serializers.ValidationError(
                {
                    "status": [
                        f"On the {attrs['side']} side: pending or "
                        f"{reports.TDS_DONE_STATUS[attrs['side']]}."
                    ]
                }
            )
        attrs["status"] = status
        return attrs


class TdsChallanBrief(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.CharField()
    date = serializers.DateField()
    bsr_code = serializers.CharField()
    serial_number = serializers.CharField()


class TdsDocumentOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.CharField()


class TdsRowOutput(serializers.Serializer[Any]):
    date = serializers.DateField()
    payment_id = serializers.IntegerField()
    payment_number = serializers.CharField()
    partner_id = serializers.IntegerField()
    partner_name = serializers.CharField()
    partner_pan = serializers.CharField()
    section = serializers.ChoiceField(choices=TdsSection.choices)
    section_label = serializers.CharField()
    quarter = serializers.CharField(help_text='The Indian fiscal quarter, e.g. "2026-27 Q1"')
    documents = TdsDocumentOutput(many=True, help_text="What the payment settled")
    description = serializers.CharField()
    settled_base = money(
        help_text="What the payment settled (money + deductions), GST included, base currency"
    )
    tds_base = money(
        help_text="What the TDS was deducted on, GST excluded (ADR 0060); base currency"
    )
    rate = serializers.DecimalField(
        max_digits=9, decimal_places=4, help_text="TDS / tds_base, in percent (as in Form 26Q)"
    )
    amount = money(help_text="The TDS deducted, in the base currency")
    deduction_id = serializers.IntegerField()
    status = serializers.ChoiceField(
        choices=["pending", "deposited", "received"],
        help_text="payable: deposited through a challan; receivable: Form 16A received",
    )
    challan = TdsChallanBrief(allow_null=True, help_text="Payable side: the deposit's challan")
    certificate_number = serializers.CharField(help_text="Receivable side: Form 16A number")
    certificate_date = serializers.DateField(allow_null=True)


class TdsSectionTotalOutput(serializers.Serializer[Any]):
    section = serializers.ChoiceField(choices=TdsSection.choices)
    name = serializers.CharField()
    count = serializers.IntegerField()
    base = money(help_text="What the TDS was deducted on, GST excluded")
    amount = money()


class TdsQuarterTotalOutput(serializers.Serializer[Any]):
    quarter = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()
    base = money(help_text="What the TDS was deducted on, GST excluded")
    amount = money()


class TdsRegisterOutput(serializers.Serializer[Any]):
    side = serializers.CharField()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    rows = TdsRowOutput(many=True)
    by_section = TdsSectionTotalOutput(many=True)
    by_quarter = TdsQuarterTotalOutput(many=True)
    total = money()
    base_total = money(help_text="What the rows' TDS was deducted on, GST excluded")
    status = serializers.CharField(help_text="The status filter applied, blank for all")
    pending_total = money(help_text="Of the rows: not yet deposited / no certificate yet")


class TdsRegisterApi(_ReportApi):
    """The TDS register: each deduction to TDS receivable (side=receivable: deducted by
    customers, to match with Form 26AS) or TDS payable (side=payable: deducted from vendors, to
    deposit and file in Form 26Q) of the live payments dated in the period, with the party's
    PAN, the section and the documents settled; totals by section and by fiscal quarter."""

    @extend_schema(
        parameters=[
            OpenApiParameter("side", str, required=True, enum=["receivable", "payable"]),
            OpenApiParameter(
                "status",
                str,
                required=False,
                enum=["pending", "deposited", "received"],
                description="payable: pending|deposited; receivable: pending|received",
            ),
            *PERIOD_PARAMS,
        ],
        responses={200: TdsRegisterOutput, **PDF_RESPONSES},
    )
    def get(self, request: Request) -> Any:
        fmt = self.format_of(request)
        data = TdsRegisterInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        r = reports.tds_register(**data.validated_data)
        if fmt in ("xlsx", "pdf"):
            return report_response(
                report_tables.tds_register_report(r),
                fmt=fmt,
                filename=f"tds-{r['side']}-{r['date_from']}-{r['date_to']}"
                + (f"-{r['status']}" if r["status"] else ""),
            )
        return Response(TdsRegisterOutput(r).data)


# ---------------------------------------------------------------------------------------------
# KPIs
# ---------------------------------------------------------------------------------------------
class RevenueMonthOutput(serializers.Serializer[Any]):
    month = serializers.CharField()
    revenue = money()


class KpiOutput(serializers.Serializer[Any]):
    as_of = serializers.DateField()
    receivables = money()
    payables = money()
    bank_balance = money()
    cash_balance = money()
    revenue_by_month = RevenueMonthOutput(many=True)


class KpiApi(APIView):
    """Finance KPIs for the dashboard: receivables, payables, bank and cash balances, and
    revenue (taxable value of invoices less credit notes) for the last twelve months."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.report.view"

    @extend_schema(
        parameters=[OpenApiParameter("as_of", OpenApiTypes.DATE, required=False)],
        responses=KpiOutput,
    )
    def get(self, request: Request) -> Response:
        as_of = (
            serializers.DateField(required=False, allow_null=True).run_validation(
                request.query_params.get("as_of") or None
            )
            or timezone.localdate()
        )
        return Response(KpiOutput(reports.finance_kpis(as_of=as_of)).data)


# ---------------------------------------------------------------------------------------------
# List exports
# ---------------------------------------------------------------------------------------------
DOCUMENT_EXPORT = [
    Column("Number", lambda d: d.number),
    Column("Type", lambda d: d.get_kind_display()),
    Column("Status", lambda d: d.get_status_display()),
    Column("Date", lambda d: d.date, kind="date"),
    Column("Due date", lambda d: d.due_date, kind="date"),
    Column("Party code", lambda d: d.partner.code),
    Column("Party", lambda d: d.party_name or d.partner.name),
    Column("GSTIN", lambda d: d.party_gstin),
    Column("Place of supply", lambda d: d.place_of_supply),
    Column("Currency", lambda d: d.currency),
    Column("Taxable value", lambda d: d.taxable_total, kind="money"),
    Column("CGST", lambda d: d.cgst_total, kind="money"),
    Column("SGST", lambda d: d.sgst_total, kind="money"),
    Column("IGST", lambda d: d.igst_total, kind="money"),
    Column("Cess", lambda d: d.cess_total, kind="money"),
    Column("Round off", lambda d: d.round_off, kind="money"),
    Column("Total", lambda d: d.total, kind="money"),
    Column("Settled", lambda d: d.amount_settled, kind="money"),
    Column("Open", lambda d: d.amount_open, kind="money"),
]


def document_export_view(list_api: Any) -> Any:
    """`<prefix>/export/`: the list's current filter as an Excel file."""

    class DocumentExportApi(list_api):  # type: ignore[valid-type,misc]
        __doc__ = "The list's current filter (whole, not one page) as an Excel file."
        required_permission = f"invoicing.{list_api.resource}.export"
        pagination_class = None
        content_negotiation_class = FileContentNegotiation

        @extend_schema(
            parameters=[EXPORT_FORMAT_PARAM],
            responses=FILE_RESPONSES,
            operation_id=f"invoicing_{list_api.resource}s_export",
        )
        def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
            return export_response(
                request=request,
                queryset=self.filter_queryset(self.get_queryset()),
                columns=DOCUMENT_EXPORT,
                basename=f"{list_api.resource}s",
                fmt=export_format_of(request, default="xlsx") or "xlsx",
            )

    DocumentExportApi.__name__ = f"{list_api.__name__.replace('List', '')}ExportApi"
    DocumentExportApi.post = None  # type: ignore[assignment]
    return DocumentExportApi.as_view(http_method_names=["get", "head", "options"])


class PaymentExportApi(generics.ListAPIView[Payment]):
    """The payment list's current filter as an Excel file."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.payment.export"
    content_negotiation_class = FileContentNegotiation
    filterset_class = PaymentFilter
    search_fields = ["number", "reference", "partner__name", "partner__code"]
    ordering_fields = ["date", "number", "amount", "created_at"]
    pagination_class = None

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.payment_list()

    @extend_schema(parameters=[EXPORT_FORMAT_PARAM], responses=FILE_RESPONSES)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return export_response(
            request=request,
            queryset=self.filter_queryset(self.get_queryset()),
            columns=PAYMENT_EXPORT,
            basename="payments",
            fmt=export_format_of(request, default="xlsx") or "xlsx",
        )


PAYMENT_EXPORT = [
    Column("Number", "number"),
    Column("Type", lambda p: p.get_kind_display()),
    Column("Status", lambda p: p.get_status_display()),
    Column("Date", "date", kind="date"),
    Column("Party code", "partner.code"),
    Column("Party", "partner.name"),
    Column("Mode", lambda p: p.get_mode_display()),
    Column("Reference", "reference"),
    Column("Account", "account.name"),
    Column("Currency", "currency"),
    Column("Amount", "amount", kind="money"),
    Column("Deductions", "deductions_total", kind="money"),
    Column("Settled", "settled_amount", kind="money"),
    Column("Allocated", "amount_allocated", kind="money"),
    Column("Unallocated", "amount_unallocated", kind="money"),
]
