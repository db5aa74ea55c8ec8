"""Receipts and payments with allocations; open items to allocate to."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.core.api.permissions import TenantPermission
from tenant_apps.finance.models import CostCentre
from tenant_apps.invoicing import pdf, selectors
from tenant_apps.invoicing.apis.common import (
    AccountField,
    DeductionAccountField,
    PartnerBrief,
    money,
    or_404,
    rate,
)
from tenant_apps.invoicing.apis.documents import (
    EXCHANGE_FIELDS,
    PDF,
    AllocationInput,
    CancelInput,
    DocumentListOutput,
    ExchangeFields,
)
from tenant_apps.invoicing.filters import PaymentFilter
from tenant_apps.invoicing.models import (
    Allocation,
    DocumentKind,
    Payment,
    PaymentDeduction,
    PaymentKind,
    PaymentMode,
    TdsSection,
)
from tenant_apps.invoicing.services import payments as services
from tenant_apps.partners.models import Partner


class AccountBrief(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class DeductionAccountBrief(AccountBrief):
    role = serializers.CharField()
    type = serializers.CharField(help_text="Income or expense ledgers may carry a cost centre")


class PaymentDeductionOutput(serializers.ModelSerializer[PaymentDeduction]):
    """What the party kept back (TDS, discount, charges): posted to `account` at the payment's
    rate (`amount_base`)."""

    account = DeductionAccountBrief()
    cost_centre_name = serializers.SerializerMethodField()

    def get_cost_centre_name(self, deduction: PaymentDeduction) -> str | None:
        return str(deduction.cost_centre) if deduction.cost_centre_id else None

    class Meta:
        model = PaymentDeduction
        fields = [
            "id",
            "account",
            "amount",
            "amount_base",
            "description",
            "cost_centre",
            "cost_centre_name",
            "tds_section",
            "tds_base",
        ]


class PaymentAllocationOutput(ExchangeFields, serializers.ModelSerializer[Allocation]):
    """One allocation of the payment, with its realised exchange gain (+) or loss (-) and the
    journal entry that posted it; a cancelled payment's allocations carry `reversed_on`."""

    document_number = serializers.CharField(source="document.number", read_only=True)
    document_kind = serializers.CharField(source="document.kind", read_only=True)
    document_exchange_rate = rate(source="document.exchange_rate", read_only=True)

    class Meta:
        model = Allocation
        fields = [
            "id",
            "date",
            "amount",
            "document",
            "document_number",
            "document_kind",
            "document_exchange_rate",
            *EXCHANGE_FIELDS,
        ]


PAYMENT_FIELDS = [
    "id",
    "kind",
    "status",
    "number",
    "partner",
    "date",
    "mode",
    "reference",
    "account",
    "amount",
    "deductions_total",
    "settled_amount",
    "currency",
    "exchange_rate",
    "amount_allocated",
    "amount_unallocated",
    "notes",
    "cancelled_at",
    "created_at",
    "deductions",
]


class PaymentListOutput(serializers.ModelSerializer[Payment]):
    partner = PartnerBrief()
    account = AccountBrief()
    amount_unallocated = money(read_only=True, help_text="Of the settled amount: an advance")
    settled_amount = money(
        read_only=True, help_text="What the payment settles: the amount plus the deductions"
    )
    deductions = PaymentDeductionOutput(many=True, read_only=True)

    class Meta:
        model = Payment
        fields = PAYMENT_FIELDS


class PaymentOutput(PaymentListOutput):
    allocations = PaymentAllocationOutput(many=True, read_only=True)
    journal_entry = serializers.IntegerField(
        source="journal_entry_id", read_only=True, allow_null=True
    )
    amount_base = money(read_only=True, help_text="The amount in the base currency")
    settled_base = money(
        read_only=True, help_text="The settled amount in the base currency (the party's line)"
    )

    class Meta:
        model = Payment
        fields = [
            *PAYMENT_FIELDS,
            "amount_base",
            "deductions_base",
            "settled_base",
            "journal_entry",
            "allocations",
        ]


class DeductionInput(serializers.Serializer[Any]):
    account = DeductionAccountField()
    amount = money(min_value=Decimal("0.01"))  # type: ignore[arg-type]
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    cost_centre = serializers.PrimaryKeyRelatedField(
        queryset=CostCentre.objects.all(),
        required=False,
        allow_null=True,
        help_text="The cost centre (job) a discount or charge belongs to: income or expense "
        "ledgers only",
    )
    tds_section = serializers.ChoiceField(
        choices=TdsSection.choices,
        required=False,
        allow_blank=True,
        help_text="Required on a TDS receivable or payable account, refused on any other",
    )
    tds_base = money(
        required=False,
        allow_null=True,
        help_text="TDS only: the amount the TDS was deducted on, GST excluded, in rupees (more "
        "than zero, to the paisa). Left out: the taxable value of what the payment settles, "
        "advances at face value (ADR 0060)",
    )


class PaymentInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=PaymentKind.choices)
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.all())
    date = serializers.DateField()
    account = AccountField()
    amount = money(min_value=Decimal("0.01"))  # type: ignore[arg-type]
    mode = serializers.ChoiceField(choices=PaymentMode.choices, required=False)
    reference = serializers.CharField(max_length=60, required=False, allow_blank=True)
    currency = serializers.RegexField(r"^[A-Z]{3}$", required=False)
    exchange_rate = rate(min_value=Decimal("0.000001"), required=False)  # type: ignore[arg-type]
    amount_base = money(
        required=False,
        help_text="For a foreign-currency payment: the rupees the bank credited (debited), kept "
        "to the paisa; the rate must be this over the amount to its 6 places (ADR 0054)",
    )
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    deductions = DeductionInput(  # type: ignore[call-arg]
        many=True,
        required=False,
        max_length=services.MAX_DEDUCTIONS,
        help_text="What the party kept back (TDS, discount, charges), in the payment's currency: "
        "the payment settles the amount plus these",
    )
    allocations = AllocationInput(many=True, required=False, max_length=200)  # type: ignore[call-arg]


class PaymentAllocateInput(serializers.Serializer[Any]):
    date = serializers.DateField(required=False)
    allocations = AllocationInput(many=True, min_length=1, max_length=200)  # type: ignore[call-arg]


def _pairs(rows: list[dict[str, Any]]) -> list[tuple[Any, Any]]:
    return [(row["document"], row["amount"]) for row in rows]


class PaymentListApi(generics.ListAPIView[Payment]):
    """Receipts and payments. Filters: kind, status, partner, mode, dates."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": "invoicing.payment.view", "POST": "invoicing.payment.create"}
    serializer_class = PaymentListOutput
    filterset_class = PaymentFilter
    search_fields = ["number", "reference", "partner__name", "partner__code"]
    ordering_fields = ["date", "number", "amount", "created_at"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.payment_list()

    @extend_schema(request=PaymentInput, responses={201: PaymentOutput})
    def post(self, request: Request) -> Response:
        """Record a receipt or payment (posted at once) and allocate it to invoices or bills;
        the rest stays on the party as an advance."""
        data = PaymentInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        kind = values.pop("kind")
        values["allocations"] = _pairs(values.get("allocations", []))
        payment = services.payment_create(user=request.user, kind=kind, data=values)
        return Response(
            PaymentOutput(selectors.payment_get(payment_id=payment.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class PaymentDetailApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = "invoicing.payment.view"

    @extend_schema(responses=PaymentOutput)
    def get(self, request: Request, payment_id: int) -> Response:
        return Response(PaymentOutput(or_404(selectors.payment_get, payment_id=payment_id)).data)


class PaymentPdfApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = "invoicing.payment.view"

    @extend_schema(responses={(200, PDF): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request: Request, payment_id: int) -> HttpResponse:
        """The receipt voucher, payment receipt or payment advice as a PDF attachment (a
        cancelled payment is marked CANCELLED). Payments have no drafts."""
        payment = or_404(selectors.payment_get, payment_id=payment_id)
        response = HttpResponse(pdf.payment_pdf(payment), content_type=PDF)
        name = payment.number.replace("/", "-")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response


class PaymentAllocateApi(APIView):
    """Apply a payment's unallocated amount (an advance) to invoices or bills."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.payment.create"

    @extend_schema(request=PaymentAllocateInput, responses=PaymentOutput)
    def post(self, request: Request, payment_id: int) -> Response:
        payment = or_404(selectors.payment_get, payment_id=payment_id)
        data = PaymentAllocateInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.payment_allocate(
            user=request.user,
            payment=payment,
            allocations=_pairs(data.validated_data["allocations"]),
            date=data.validated_data.get("date"),
        )
        return Response(PaymentOutput(selectors.payment_get(payment_id=payment.pk)).data)


class PaymentCancelApi(APIView):
    """Cancel a payment: its entry is reversed and the documents it paid reopen."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.payment.delete"

    @extend_schema(request=CancelInput, responses=PaymentOutput)
    def post(self, request: Request, payment_id: int) -> Response:
        payment = or_404(selectors.payment_get, payment_id=payment_id)
        data = CancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.payment_cancel(user=request.user, payment=payment, **data.validated_data)
        return Response(PaymentOutput(selectors.payment_get(payment_id=payment.pk)).data)


class OpenDocumentsInput(serializers.Serializer[Any]):
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.all())
    kind = serializers.ChoiceField(choices=PaymentKind.choices)


class OpenDocumentsApi(generics.ListAPIView[Any]):
    """A party's open invoices (for a receipt) or bills (for a payment), oldest first."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.payment.view"
    serializer_class = DocumentListOutput
    filter_backends: list[Any] = []
    pagination_class = None

    def get_queryset(self):  # type: ignore[no-untyped-def]
        data = OpenDocumentsInput(data=self.request.query_params)
        data.is_valid(raise_exception=True)
        kind = (
            DocumentKind.INVOICE
            if data.validated_data["kind"] == PaymentKind.RECEIPT
            else DocumentKind.BILL
        )
        return selectors.open_documents(
            partner_id=data.validated_data["partner"].pk, kinds=(kind,)
        ).select_related("partner")

    @extend_schema(
        parameters=[
            OpenApiParameter("partner", int, required=True),
            OpenApiParameter("kind", str, required=True, enum=["receipt", "payment"]),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class CashAccountOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField()


class CashAccountListApi(APIView):
    """The ledger's active bank and cash accounts: where a payment's money can move."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.payment.view"

    @extend_schema(responses=CashAccountOutput(many=True))
    def get(self, request: Request) -> Response:
        accounts = AccountField().get_queryset().order_by("code")
        return Response(CashAccountOutput(accounts, many=True).data)


class DeductionAccountOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    type = serializers.CharField()
    role = serializers.CharField()


class DeductionAccountListApi(APIView):
    """The ledgers a payment's deduction can go to: every active non-group account except the
    party control accounts (receivable, payable). TDS receivable and payable are the usual ones;
    `?search=` matches code or name."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.payment.view"

    @extend_schema(
        parameters=[OpenApiParameter("search", str, required=False)],
        responses=DeductionAccountOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        accounts = selectors.deduction_accounts(search=request.query_params.get("search", ""))
        return Response(DeductionAccountOutput(accounts, many=True).data)
