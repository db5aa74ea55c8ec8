"""TDS challans (deposit of the TDS we deducted from vendors) and Form 16A certificates
(recorded on the TDS customers deducted from us), ADR 0048."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.core.api.export import Column, export_format_of, export_response
from tenant_apps.core.api.permissions import TenantPermission
from tenant_apps.core.exports.responses import report_response
from tenant_apps.invoicing import selectors, tds_return
from tenant_apps.invoicing.apis.common import AccountField, money, or_404
from tenant_apps.invoicing.apis.documents import CancelInput
from tenant_apps.invoicing.apis.reports import (
    EXPORT_FORMAT_PARAM,
    FILE_RESPONSES,
    FileContentNegotiation,
    _ReportApi,
)
from tenant_apps.invoicing.filters import TdsChallanFilter
from tenant_apps.invoicing.models import PaymentDeduction, TdsChallan, TdsSection
from tenant_apps.invoicing.services import tds as services


class LedgerBrief(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


@extend_schema_field(OpenApiTypes.INT)
class LedgerField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A ledger account by id; the service says why it cannot take the posting."""

    def get_queryset(self):  # type: ignore[no-untyped-def]
        from tenant_apps.finance.models import Account

        return Account.objects.all()


class TdsPartnerBrief(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    pan = serializers.CharField()


class TdsDeductionOutput(serializers.ModelSerializer[PaymentDeduction]):
    """A TDS deduction of a vendor payment: what a challan deposits."""

    payment_id = serializers.IntegerField(read_only=True)
    payment_number = serializers.CharField(source="payment.number", read_only=True)
    payment_date = serializers.DateField(source="payment.date", read_only=True)
    partner = TdsPartnerBrief(source="payment.partner", read_only=True)
    amount = money(source="amount_base", read_only=True, help_text="In the base currency")
    due_date = serializers.SerializerMethodField(
        help_text="Due to the government: the 7th of the next month (30 April for March)"
    )

    class Meta:
        model = PaymentDeduction
        fields = [
            "id",
            "payment_id",
            "payment_number",
            "payment_date",
            "partner",
            "tds_section",
            "description",
            "amount",
            "due_date",
        ]

    def get_due_date(self, obj: PaymentDeduction) -> str:
        return services.deposit_due_date(obj.payment.date).isoformat()


class TdsPendingDeductionOutput(TdsDeductionOutput):
    """A pending deduction with the interest (section 201(1A)) if deposited on `?date=`."""

    interest_months = serializers.SerializerMethodField(
        help_text="Months of interest at 1.5% if deposited on the given date (0: on time)"
    )
    interest = serializers.SerializerMethodField(
        help_text="Interest to the paisa if deposited on the given date; a challan's total is "
        "the sum rounded to the rupee"
    )

    deductible_date = serializers.SerializerMethodField(
        help_text="When the TDS became deductible: the earliest of the payment and the bills it "
        "settled (credited to the vendor)"
    )
    late_deduction_months = serializers.SerializerMethodField(
        help_text="Months of interest at 1% for deducting after it was deductible (201(1A)(i))"
    )
    late_deduction_interest = serializers.SerializerMethodField(
        help_text="Interest for late deduction, to the paisa"
    )

    class Meta(TdsDeductionOutput.Meta):
        fields = [
            *TdsDeductionOutput.Meta.fields,
            "interest_months",
            "interest",
            "deductible_date",
            "late_deduction_months",
            "late_deduction_interest",
        ]

    def get_deductible_date(self, obj: PaymentDeduction) -> dt.date:
        return selectors.deduction_deductible_date(obj)

    def get_late_deduction_months(self, obj: PaymentDeduction) -> int:
        return services.tds_late_deduction_months(
            selectors.deduction_deductible_date(obj), obj.payment.date
        )

    @extend_schema_field(serializers.DecimalField(max_digits=18, decimal_places=2))
    def get_late_deduction_interest(self, obj: PaymentDeduction) -> str:
        value = services.tds_late_deduction_interest(
            obj.amount_base, selectors.deduction_deductible_date(obj), obj.payment.date
        )
        return f"{value:.2f}"

    def _deposit(self) -> Any:
        return self.context["deposit_date"]

    def get_interest_months(self, obj: PaymentDeduction) -> int:
        return services.tds_interest_months(obj.payment.date, self._deposit())

    @extend_schema_field(serializers.DecimalField(max_digits=18, decimal_places=2))
    def get_interest(self, obj: PaymentDeduction) -> str:
        value = services.tds_deduction_interest(obj.amount_base, obj.payment.date, self._deposit())
        return f"{value:.2f}"


CHALLAN_FIELDS = [
    "id",
    "number",
    "status",
    "date",
    "section",
    "bsr_code",
    "serial_number",
    "account",
    "tds_amount",
    "interest",
    "late_fee",
    "total",
    "created_at",
]


class TdsChallanListOutput(serializers.ModelSerializer[TdsChallan]):
    account = LedgerBrief()
    total = money(read_only=True, help_text="TDS + interest + late fee: what left the bank")

    class Meta:
        model = TdsChallan
        fields = CHALLAN_FIELDS


class TdsChallanOutput(TdsChallanListOutput):
    interest_account = LedgerBrief(allow_null=True)
    late_fee_account = LedgerBrief(allow_null=True)
    journal_entry = serializers.IntegerField(source="journal_entry_id", allow_null=True)
    journal_entry_number = serializers.CharField(
        source="journal_entry.number", allow_null=True, default=None
    )
    deductions = TdsDeductionOutput(many=True, read_only=True)

    class Meta:
        model = TdsChallan
        fields = [
            *CHALLAN_FIELDS,
            "interest_account",
            "late_fee_account",
            "journal_entry",
            "journal_entry_number",
            "notes",
            "cancelled_at",
            "cancel_date",
            "cancel_reason",
            "deductions",
        ]


class TdsChallanInput(serializers.Serializer[Any]):
    section = serializers.ChoiceField(choices=TdsSection.choices)
    date = serializers.DateField(help_text="Date of deposit")
    bsr_code = serializers.CharField(max_length=20, help_text="7 digits")
    serial_number = serializers.CharField(max_length=20, help_text="5 digits")
    account = AccountField(help_text="The bank or cash account paid from")
    deductions = serializers.ListField(
        child=serializers.IntegerField(), max_length=services.MAX_CHALLAN_DEDUCTIONS
    )
    interest = money(required=False)
    interest_account = LedgerField(required=False, allow_null=True)
    late_fee = money(required=False)
    late_fee_account = LedgerField(required=False, allow_null=True)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class TdsChallanListApi(generics.ListAPIView[TdsChallan]):
    """TDS challans, newest first. Filters: status, section, date_from, date_to."""

    permission_classes = [TenantPermission]
    required_permission = {
        "GET": "invoicing.tds_challan.view",
        "POST": "invoicing.tds_challan.create",
    }
    serializer_class = TdsChallanListOutput
    filterset_class = TdsChallanFilter
    search_fields = ["number", "bsr_code", "serial_number"]
    ordering_fields = ["date", "number", "tds_amount", "created_at"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.tds_challan_list()

    @extend_schema(request=TdsChallanInput, responses={201: TdsChallanOutput})
    def post(self, request: Request) -> Response:
        """Deposit the TDS of the chosen deductions (one section) through a challan: posted at
        once (Dr TDS payable, Dr interest / late fee, Cr bank or cash)."""
        data = TdsChallanInput(data=request.data)
        data.is_valid(raise_exception=True)
        challan = services.tds_challan_create(user=request.user, data=dict(data.validated_data))
        return Response(
            TdsChallanOutput(selectors.tds_challan_get(challan_id=challan.pk)).data,
            status=status.HTTP_201_CREATED,
        )


CHALLAN_EXPORT = [
    Column("Number", "number"),
    Column("Status", lambda c: c.get_status_display()),
    Column("Date of deposit", "date", kind="date"),
    Column("Section", "section"),
    Column("BSR code", "bsr_code"),
    Column("Challan serial", "serial_number"),
    Column("Paid from", "account.name"),
    Column("TDS", "tds_amount", kind="money"),
    Column("Interest", "interest", kind="money"),
    Column("Late fee", "late_fee", kind="money"),
    Column("Paid", "total", kind="money"),
]


class TdsChallanExportApi(generics.ListAPIView[TdsChallan]):
    """The challan list's current filter as an Excel file (or CSV)."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.tds_challan.export"
    content_negotiation_class = FileContentNegotiation
    filterset_class = TdsChallanFilter
    search_fields = ["number", "bsr_code", "serial_number"]
    ordering_fields = ["date", "number", "tds_amount", "created_at"]
    pagination_class = None

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.tds_challan_list()

    @extend_schema(parameters=[EXPORT_FORMAT_PARAM], responses=FILE_RESPONSES)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return export_response(
            request=request,
            queryset=self.filter_queryset(self.get_queryset()),
            columns=CHALLAN_EXPORT,
            basename="tds-challans",
            fmt=export_format_of(request, default="xlsx") or "xlsx",
        )


class TdsChallanDetailApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = "invoicing.tds_challan.view"

    @extend_schema(responses=TdsChallanOutput)
    def get(self, request: Request, challan_id: int) -> Response:
        challan = or_404(selectors.tds_challan_get, challan_id=challan_id)
        return Response(TdsChallanOutput(challan).data)


class TdsChallanCancelApi(APIView):
    """Cancel a challan: its entry is reversed (on `date`, default today) and its deductions
    are pending again."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.tds_challan.delete"

    @extend_schema(request=CancelInput, responses=TdsChallanOutput)
    def post(self, request: Request, challan_id: int) -> Response:
        challan = or_404(selectors.tds_challan_get, challan_id=challan_id)
        data = CancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.tds_challan_cancel(user=request.user, challan=challan, **data.validated_data)
        return Response(TdsChallanOutput(selectors.tds_challan_get(challan_id=challan.pk)).data)


class TdsPendingInput(serializers.Serializer[Any]):
    section = serializers.ChoiceField(choices=TdsSection.choices, required=False)
    date = serializers.DateField(required=False, help_text="Date of deposit; default today")


class TdsPendingDeductionsApi(generics.ListAPIView[PaymentDeduction]):
    """TDS deducted from vendors and not yet deposited (oldest first), of one section when
    `?section=` is given: what a new challan can carry."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.tds_challan.view"
    serializer_class = TdsPendingDeductionOutput
    filter_backends: list[Any] = []
    pagination_class = None

    def _input(self) -> dict[str, Any]:
        data = TdsPendingInput(data=self.request.query_params)
        data.is_valid(raise_exception=True)
        return dict(data.validated_data)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "deposit_date": self._deposit_date}

    def get_queryset(self):  # type: ignore[no-untyped-def]
        data = self._input()
        self._deposit_date = data.get("date") or timezone.localdate()
        return selectors.tds_pending_deductions(section=data.get("section", ""))

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "section", str, required=False, enum=[c for c, _ in TdsSection.choices]
            ),
            OpenApiParameter(
                "date",
                OpenApiTypes.DATE,
                required=False,
                description="Date of deposit the interest is computed for; default today",
            ),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class TdsChallanAccountsOutput(serializers.Serializer[Any]):
    paid_from = LedgerBrief(many=True, help_text="Active bank and cash ledgers")
    expense = LedgerBrief(many=True, help_text="Active expense ledgers (interest, late fee)")


class TdsChallanAccountsApi(APIView):
    """The ledgers a challan's form offers: paid from (bank, cash) and interest / late fee
    (expense ledgers)."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.tds_challan.view"

    @extend_schema(responses=TdsChallanAccountsOutput)
    def get(self, request: Request) -> Response:
        return Response(TdsChallanAccountsOutput(selectors.tds_challan_accounts()).data)


class TdsCertificateInput(serializers.Serializer[Any]):
    deductions = serializers.ListField(
        child=serializers.IntegerField(),
        max_length=services.MAX_CERTIFICATE_DEDUCTIONS,
        help_text="TDS deductions of one customer's receipts",
    )
    certificate_number = serializers.CharField(max_length=20, help_text="Form 16A number")
    certificate_date = serializers.DateField()


class TdsCertificateClearInput(serializers.Serializer[Any]):
    deductions = serializers.ListField(
        child=serializers.IntegerField(), max_length=services.MAX_CERTIFICATE_DEDUCTIONS
    )


class TdsCertificateOutput(serializers.ModelSerializer[PaymentDeduction]):
    payment_number = serializers.CharField(source="payment.number", read_only=True)

    class Meta:
        model = PaymentDeduction
        fields = ["id", "payment_number", "tds_section", "certificate_number", "certificate_date"]


class TdsCertificateApi(APIView):
    """Record the Form 16A a customer issued on TDS it deducted from its payments to us (one
    or more deductions of that customer); recording again corrects it."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.tds_certificate.change"

    @extend_schema(request=TdsCertificateInput, responses=TdsCertificateOutput(many=True))
    def post(self, request: Request) -> Response:
        data = TdsCertificateInput(data=request.data)
        data.is_valid(raise_exception=True)
        rows = services.tds_certificate_record(
            user=request.user,
            deductions=data.validated_data["deductions"],
            number=data.validated_data["certificate_number"],
            date=data.validated_data["certificate_date"],
        )
        return Response(TdsCertificateOutput(_reread(rows), many=True).data)


class TdsCertificateClearApi(APIView):
    """Clear the certificate of customer TDS deductions: pending again."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.tds_certificate.change"

    @extend_schema(request=TdsCertificateClearInput, responses=TdsCertificateOutput(many=True))
    def post(self, request: Request) -> Response:
        data = TdsCertificateClearInput(data=request.data)
        data.is_valid(raise_exception=True)
        rows = services.tds_certificate_clear(
            user=request.user, deductions=data.validated_data["deductions"]
        )
        return Response(TdsCertificateOutput(_reread(rows), many=True).data)


def _reread(rows: list[PaymentDeduction]) -> list[PaymentDeduction]:
    return list(
        PaymentDeduction.objects.filter(pk__in=[d.pk for d in rows])
        .select_related("payment")
        .order_by("payment__date", "id")
    )


# ---------------------------------------------------------------------------------------------
# Form 26Q (ADR 0057)
# ---------------------------------------------------------------------------------------------
class Form26qInput(serializers.Serializer[Any]):
    fy = serializers.CharField(max_length=7, help_text='Financial year, e.g. "2026-27"')
    quarter = serializers.ChoiceField(choices=["Q1", "Q2", "Q3", "Q4"])


class Form26qChallanOutput(serializers.Serializer[Any]):
    serial = serializers.IntegerField(help_text="Row of the challan table the deductees cite")
    id = serializers.IntegerField()
    number = serializers.CharField()
    section = serializers.ChoiceField(choices=TdsSection.choices)
    tds = money()
    surcharge = money()
    cess = money()
    interest = money()
    fee = money()
    others = money()
    total = money(help_text="Total tax deposited")
    bsr_code = serializers.CharField()
    date = serializers.DateField(help_text="Date on which tax deposited")
    serial_number = serializers.CharField(help_text="Challan serial number (5 digits)")
    minor_head = serializers.CharField()
    allotted = money(help_text="TDS of this quarter's deductions allotted to it")
    deductee_count = serializers.IntegerField()


class Form26qDeducteeOutput(serializers.Serializer[Any]):
    serial = serializers.IntegerField()
    deduction_id = serializers.IntegerField()
    payment_id = serializers.IntegerField()
    payment_number = serializers.CharField()
    challan_serial = serializers.IntegerField(
        allow_null=True, help_text="Row of the challan table; null: not yet deposited"
    )
    challan_number = serializers.CharField()
    section = serializers.ChoiceField(choices=TdsSection.choices)
    section_label = serializers.CharField()
    deductee_code = serializers.CharField(help_text="01 company, 02 other than company")
    partner_id = serializers.IntegerField()
    pan = serializers.CharField(help_text="PANNOTAVBL when the deductee has no valid PAN")
    pan_valid = serializers.BooleanField()
    name = serializers.CharField()
    credit_date = serializers.DateField(
        help_text="Date of payment/credit: when the TDS became deductible"
    )
    amount_paid = money(
        help_text="Amount paid/credited: what the TDS was deducted on, GST excluded (ADR 0060)"
    )
    tds = money()
    surcharge = money()
    cess = money()
    total_deducted = money()
    total_deposited = money()
    deduction_date = serializers.DateField()
    deposit_date = serializers.DateField(allow_null=True)
    rate = serializers.DecimalField(max_digits=9, decimal_places=4, help_text="In percent")
    reason = serializers.CharField(help_text='"C": higher rate for want of a PAN (206AA)')
    higher_rate = serializers.BooleanField(help_text="Section 206AA: no valid PAN, 20%")
    late_deduction_months = serializers.IntegerField()
    late_deduction_interest = money(help_text="Section 201(1A)(i), 1% a month, to the paisa")


class Form26qWarningOutput(serializers.Serializer[Any]):
    code = serializers.ChoiceField(choices=["not_deposited", "no_pan", "challan_mismatch"])
    message = serializers.CharField()
    deduction_id = serializers.IntegerField(allow_null=True)
    challan_id = serializers.IntegerField(allow_null=True)
    partner_id = serializers.IntegerField(allow_null=True, required=False, default=None)


class Form26qOutput(serializers.Serializer[Any]):
    fy = serializers.CharField()
    quarter = serializers.CharField()
    name = serializers.CharField()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    challans = Form26qChallanOutput(many=True)
    deductees = Form26qDeducteeOutput(many=True)
    warnings = Form26qWarningOutput(many=True)
    tds_total = money()
    deposited_total = money()
    late_deduction_interest = money()


class Form26qApi(_ReportApi):
    """Form 26Q of a quarter: the challans that deposited the TDS we deducted from vendors in
    it, one deductee row per deduction, and warnings (not deposited, no valid PAN, a challan
    whose TDS differs from what is allotted to it). `?format=xlsx` is the workbook for the
    Return Preparation Utility (sheets "Challan details" and "Deductee details")."""

    view_permission = "invoicing.tds_challan.view"
    export_permission = "invoicing.tds_challan.export"
    formats = ("json", "xlsx")

    @extend_schema(
        parameters=[
            OpenApiParameter("fy", str, required=True, description='e.g. "2026-27"'),
            OpenApiParameter("quarter", str, required=True, enum=["Q1", "Q2", "Q3", "Q4"]),
            OpenApiParameter("format", str, required=False, enum=["json", "xlsx"]),
        ],
        responses={200: Form26qOutput, **FILE_RESPONSES},
    )
    def get(self, request: Request) -> Any:
        fmt = self.format_of(request)
        data = Form26qInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        r = tds_return.form_26q(**data.validated_data)
        if fmt == "xlsx":
            return report_response(
                tds_return.form_26q_report(r),
                fmt="xlsx",
                filename=f"form-26q-{r['fy']}-{r['quarter']}",
            )
        return Response(Form26qOutput(r).data)
