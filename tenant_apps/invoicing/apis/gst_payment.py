"""A month's GST set off against input credit and paid (ADR 0073): the preview, the payments,
one payment, its cancellation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.core.api.permissions import TenantPermission
from tenant_apps.invoicing import selectors
from tenant_apps.invoicing.apis.common import AccountField, money, or_404
from tenant_apps.invoicing.apis.documents import CancelInput
from tenant_apps.invoicing.apis.tds import LedgerBrief, LedgerField
from tenant_apps.invoicing.gst_payment import (
    SetOff,
    due_date,
    gst_payment_preview,
    late_fee,
    late_interest,
    month_end,
    turnover_before,
)
from tenant_apps.invoicing.models import GstPayment
from tenant_apps.invoicing.services import gst_payment as services

GST_START, GST_LAST = dt.date(2017, 7, 1), dt.date(2100, 12, 31)


class GstHeadsOutput(serializers.Serializer[Any]):
    igst = money()
    cgst = money()
    sgst = money()
    cess = money()


class GstCreditUsedOutput(serializers.Serializer[Any]):
    """Credit of each head (the key) used against each head of tax."""

    igst = GstHeadsOutput()
    cgst = GstHeadsOutput()
    sgst = GstHeadsOutput()
    cess = GstHeadsOutput()


class GstSetOffOutput(serializers.Serializer[Any]):
    liability = GstHeadsOutput(help_text="Output tax at the month's end")
    credit = GstHeadsOutput(help_text="Input credit at the month's end")
    reverse_charge = GstHeadsOutput(help_text="Tax on reverse charge: paid in cash")
    used = GstCreditUsedOutput(help_text="Credit used: credit head -> tax head")
    credit_used = GstHeadsOutput()
    cash = GstHeadsOutput(help_text="Output tax left after the credit: paid in cash")
    carried = GstHeadsOutput(help_text="Credit left for the next month")
    cash_total = money(help_text="All paid in cash: the output tax left and the reverse charge")


def _set_off(figures: SetOff) -> dict[str, Any]:
    return {
        "liability": figures.liability,
        "credit": figures.credit,
        "reverse_charge": figures.reverse_charge,
        "used": figures.used,
        "credit_used": figures.credit_used,
        "cash": figures.cash,
        "carried": figures.carried,
        "cash_total": figures.cash_total,
    }


class GstPaymentPreviewOutput(GstSetOffOutput):
    month = serializers.DateField()
    month_end = serializers.DateField()
    due_date = serializers.DateField(help_text="The 20th of the next month")
    days_late = serializers.IntegerField(help_text="Paid on `date`: days after the due date")
    interest = money(help_text="Interest at 18% a year on the cash for those days (s.50)")
    late_fee = money(
        help_text="Late fee for filing the return on `date` (s.47): CGST and SGST ₹25 a day "
        "each, capped by `turnover`'s band"
    )
    turnover = money(help_text="Outward supplies of the GST year before the month's")
    paid_from = LedgerBrief(many=True, help_text="Active bank and cash ledgers")
    expense = LedgerBrief(many=True, help_text="Active expense ledgers (the interest)")
    settled = serializers.IntegerField(
        allow_null=True, help_text="The posted payment of the month, if any"
    )


class GstPaymentOutput(serializers.ModelSerializer[GstPayment]):
    account = LedgerBrief()
    interest_account = LedgerBrief(allow_null=True)
    late_fee_account = LedgerBrief(allow_null=True)
    journal_entry_number = serializers.CharField(
        source="journal_entry.number", allow_null=True, default=None
    )
    set_off = serializers.SerializerMethodField()

    @extend_schema_field(GstSetOffOutput)
    def get_set_off(self, payment: GstPayment) -> dict[str, Any]:
        return GstSetOffOutput(_set_off(SetOff.from_json(payment.figures))).data

    class Meta:
        model = GstPayment
        fields = [
            "id",
            "month",
            "date",
            "status",
            "account",
            "reference",
            "cash_total",
            "interest",
            "interest_account",
            "late_fee",
            "late_fee_account",
            "journal_entry",
            "journal_entry_number",
            "cancelled_at",
            "cancel_date",
            "set_off",
            "created_at",
        ]


class GstMonthInput(serializers.Serializer[Any]):
    month = serializers.DateField(
        input_formats=["%Y-%m", "%Y-%m-%d"], help_text="The return month: YYYY-MM"
    )

    def validate_month(self, value: dt.date) -> dt.date:
        if not GST_START <= value <= GST_LAST:
            raise serializers.ValidationError("A month from July 2017 (GST) to 2100.")
        return value.replace(day=1)


class GstPreviewInput(GstMonthInput):
    date = serializers.DateField(
        required=False, help_text="The payment date the interest is computed for; default today"
    )


class GstPaymentInput(GstMonthInput):
    date = serializers.DateField(help_text="Date of the set-off and payment: after the month")
    account = AccountField(help_text="The bank or cash account paid from")
    reference = serializers.CharField(
        max_length=40, required=False, allow_blank=True, help_text="The challan's CPIN or CIN"
    )
    interest = money(required=False, help_text="Interest paid with it (s.50), if late")
    interest_account = LedgerField(
        required=False, allow_null=True, help_text="The expense ledger of the interest"
    )
    late_fee = money(required=False, help_text="Late fee paid with it (s.47), if filed late")
    late_fee_account = LedgerField(
        required=False, allow_null=True, help_text="The expense ledger of the late fee"
    )


class GstPaymentPreviewApi(APIView):
    """What paying a month's GST would do: the output tax, input credit and reverse-charge tax
    at its end, the credit set off head by head in the law's order, the cash to pay and the
    credit carried forward. Nothing is written."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.gst_payment.view"

    @extend_schema(parameters=[GstPreviewInput], responses=GstPaymentPreviewOutput)
    def get(self, request: Request) -> Response:
        data = GstPreviewInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        month: dt.date = data.validated_data["month"]  # its first day (validate_month)
        paid_on = data.validated_data.get("date") or timezone.localdate()
        settled = selectors.gst_payment_list().filter(month=month, status="posted").first()
        figures = (
            SetOff.from_json(settled.figures) if settled is not None else gst_payment_preview(month)
        )
        if settled is not None:
            paid_on = settled.date
        days, interest = late_interest(cash=figures.cash_total, month=month, paid_on=paid_on)
        turnover = turnover_before(month)
        ledgers = selectors.tds_challan_accounts()
        return Response(
            GstPaymentPreviewOutput(
                {
                    **_set_off(figures),
                    "month": month,
                    "month_end": month_end(month),
                    "due_date": due_date(month),
                    "days_late": days,
                    "interest": interest,
                    "late_fee": late_fee(days=days, turnover=turnover),
                    "turnover": turnover,
                    "paid_from": ledgers["paid_from"],
                    "expense": ledgers["expense"],
                    "settled": settled.pk if settled is not None else None,
                }
            ).data
        )


class GstPaymentListApi(generics.ListAPIView[GstPayment]):
    """The months' GST payments, latest month first."""

    permission_classes = [TenantPermission]
    required_permission = {
        "GET": "invoicing.gst_payment.view",
        "POST": "invoicing.gst_payment.create",
    }
    serializer_class = GstPaymentOutput

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.gst_payment_list()

    @extend_schema(request=GstPaymentInput, responses={201: GstPaymentOutput})
    def post(self, request: Request) -> Response:
        """Set off the month's GST against the input credit and pay the rest (and the tax on
        reverse charge) from a bank or cash account: posted at once."""
        data = GstPaymentInput(data=request.data)
        data.is_valid(raise_exception=True)
        payment = services.gst_payment_create(user=request.user, data=dict(data.validated_data))
        return Response(
            GstPaymentOutput(selectors.gst_payment_get(payment_id=payment.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class GstPaymentDetailApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = "invoicing.gst_payment.view"

    @extend_schema(responses=GstPaymentOutput)
    def get(self, request: Request, payment_id: int) -> Response:
        return Response(
            GstPaymentOutput(or_404(selectors.gst_payment_get, payment_id=payment_id)).data
        )


class GstPaymentCancelApi(APIView):
    """Cancel a month's payment (the latest month first): its entry is reversed on `date`
    (default today) and the month's tax is owed again."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.gst_payment.delete"

    @extend_schema(request=CancelInput, responses=GstPaymentOutput)
    def post(self, request: Request, payment_id: int) -> Response:
        payment = or_404(selectors.gst_payment_get, payment_id=payment_id)
        data = CancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.gst_payment_cancel(user=request.user, payment=payment, **data.validated_data)
        return Response(GstPaymentOutput(selectors.gst_payment_get(payment_id=payment.pk)).data)
