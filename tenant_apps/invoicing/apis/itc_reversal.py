"""Input credit on bills unpaid 180 days, reversed and reclaimed a month at a time (CGST Rule 37,
ADR 0074): the preview, the runs, one run with its bills, its cancellation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.core.api.permissions import TenantPermission
from tenant_apps.invoicing import selectors
from tenant_apps.invoicing.apis.common import money, or_404
from tenant_apps.invoicing.apis.gst_payment import GstHeadsOutput, GstMonthInput
from tenant_apps.invoicing.gst_payment import HEADS, month_end
from tenant_apps.invoicing.itc_reversal import cutoff, itc_reversal_preview, totals
from tenant_apps.invoicing.models import ItcReversal, ItcReversalLine
from tenant_apps.invoicing.services import itc_reversal as services


def _heads(values: dict[str, Any]) -> dict[str, Decimal]:
    return {h: Decimal(values[h]) for h in HEADS}


class ItcReversalRowOutput(serializers.Serializer[Any]):
    document = serializers.IntegerField(source="document_id")
    number = serializers.CharField()
    reference = serializers.CharField(help_text="The vendor's bill number")
    partner = serializers.IntegerField(source="partner_id")
    party_name = serializers.CharField()
    date = serializers.DateField()
    expiry = serializers.DateField(help_text="The 180th day after the bill's date")
    value = money(help_text="The bill's value less its debit notes, base currency")
    open = money(help_text="Unpaid at the month's end")
    share = serializers.DecimalField(max_digits=8, decimal_places=6, help_text="open / value")
    eligible = GstHeadsOutput(help_text="Input tax taken on the bill, less its debit notes'")
    should_be = GstHeadsOutput(help_text="Credit reversed at the month's end")
    before = GstHeadsOutput(help_text="Credit the earlier runs left reversed")
    change = GstHeadsOutput(help_text="+ reversed now, - reclaimed now")
    kind = serializers.ChoiceField(choices=["reversal", "reclaim"])


class ItcReversalPreviewOutput(serializers.Serializer[Any]):
    month = serializers.DateField()
    month_end = serializers.DateField()
    cutoff = serializers.DateField(help_text="Bills dated before this day are 180 days old")
    rows = ItcReversalRowOutput(many=True)
    reversed = GstHeadsOutput(help_text="Table 4(B)(2)")
    reclaimed = GstHeadsOutput(help_text="Tables 4(A)(5) and 4(D)(1)")
    done = serializers.IntegerField(allow_null=True, help_text="The month's posted run, if any")


class ItcReversalLineOutput(serializers.ModelSerializer[ItcReversalLine]):
    number = serializers.CharField(source="document.number")
    reference = serializers.CharField(source="document.reference")
    party_name = serializers.CharField(source="document.party_name")
    date = serializers.DateField(source="document.date")
    value = money()
    open = money()
    share = serializers.DecimalField(max_digits=8, decimal_places=6)
    change = serializers.SerializerMethodField()
    kind = serializers.SerializerMethodField()

    @extend_schema_field(GstHeadsOutput(help_text="+ reversed, - reclaimed"))
    def get_change(self, line: ItcReversalLine) -> dict[str, Any]:
        return dict(GstHeadsOutput({h: getattr(line, h) for h in HEADS}).data)

    @extend_schema_field(serializers.ChoiceField(choices=["reversal", "reclaim"]))
    def get_kind(self, line: ItcReversalLine) -> str:
        return "reversal" if sum(getattr(line, h) for h in HEADS) > 0 else "reclaim"

    class Meta:
        model = ItcReversalLine
        fields = [
            "id",
            "document",
            "number",
            "reference",
            "party_name",
            "date",
            "expiry",
            "value",
            "open",
            "share",
            "change",
            "kind",
        ]


class ItcReversalOutput(serializers.ModelSerializer[ItcReversal]):
    journal_entry_number = serializers.CharField(
        source="journal_entry.number", allow_null=True, default=None
    )
    reversed = serializers.SerializerMethodField()
    reclaimed = serializers.SerializerMethodField()
    bills = serializers.IntegerField(source="line_count", read_only=True)

    @extend_schema_field(GstHeadsOutput(help_text="Table 4(B)(2)"))
    def get_reversed(self, run: ItcReversal) -> dict[str, Any]:
        return dict(GstHeadsOutput(_heads(run.reversed)).data)

    @extend_schema_field(GstHeadsOutput(help_text="Tables 4(A)(5) and 4(D)(1)"))
    def get_reclaimed(self, run: ItcReversal) -> dict[str, Any]:
        return dict(GstHeadsOutput(_heads(run.reclaimed)).data)

    class Meta:
        model = ItcReversal
        fields = [
            "id",
            "month",
            "date",
            "status",
            "reversed",
            "reclaimed",
            "bills",
            "journal_entry",
            "journal_entry_number",
            "cancelled_at",
            "created_at",
        ]


class ItcReversalDetailOutput(ItcReversalOutput):
    lines = ItcReversalLineOutput(many=True)

    class Meta(ItcReversalOutput.Meta):
        fields = [*ItcReversalOutput.Meta.fields, "lines"]


class ItcReversalCancelInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class ItcReversalPreviewApi(APIView):
    """What a month's run would reverse and reclaim: each bill whose reversed credit changes at
    the month's end, and the totals per head. A month already done shows its run's figures."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.itc_reversal.view"

    @extend_schema(parameters=[GstMonthInput], responses=ItcReversalPreviewOutput)
    def get(self, request: Request) -> Response:
        data = GstMonthInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        month: dt.date = data.validated_data["month"]
        done = selectors.itc_reversal_list().filter(month=month, status="posted").first()
        rows = [] if done is not None else itc_reversal_preview(month)
        reversed_, reclaimed = (
            (_heads(done.reversed), _heads(done.reclaimed)) if done is not None else totals(rows)
        )
        return Response(
            ItcReversalPreviewOutput(
                {
                    "month": month,
                    "month_end": month_end(month),
                    "cutoff": cutoff(month),
                    "rows": rows,
                    "reversed": reversed_,
                    "reclaimed": reclaimed,
                    "done": done.pk if done is not None else None,
                }
            ).data
        )


class ItcReversalListApi(generics.ListAPIView[ItcReversal]):
    """The months' runs, latest month first."""

    permission_classes = [TenantPermission]
    required_permission = {
        "GET": "invoicing.itc_reversal.view",
        "POST": "invoicing.itc_reversal.create",
    }
    serializer_class = ItcReversalOutput

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.itc_reversal_list()

    @extend_schema(request=GstMonthInput, responses={201: ItcReversalDetailOutput})
    def post(self, request: Request) -> Response:
        """Reverse and reclaim the month's credit as the preview shows it: one entry dated the
        month's end."""
        data = GstMonthInput(data=request.data)
        data.is_valid(raise_exception=True)
        run = services.itc_reversal_create(user=request.user, month=data.validated_data["month"])
        return Response(
            ItcReversalDetailOutput(selectors.itc_reversal_get(run_id=run.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class ItcReversalDetailApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = "invoicing.itc_reversal.view"

    @extend_schema(responses=ItcReversalDetailOutput)
    def get(self, request: Request, run_id: int) -> Response:
        return Response(
            ItcReversalDetailOutput(or_404(selectors.itc_reversal_get, run_id=run_id)).data
        )


class ItcReversalCancelApi(APIView):
    """Cancel the latest month's run (not once that month's GST is paid): its entry is reversed
    on the month's end."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.itc_reversal.delete"

    @extend_schema(request=ItcReversalCancelInput, responses=ItcReversalDetailOutput)
    def post(self, request: Request, run_id: int) -> Response:
        run = or_404(selectors.itc_reversal_get, run_id=run_id)
        data = ItcReversalCancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.itc_reversal_cancel(user=request.user, run=run, **data.validated_data)
        return Response(ItcReversalDetailOutput(selectors.itc_reversal_get(run_id=run.pk)).data)
