"""Period-end exchange revaluation (ADR 0047): the currencies to rate, a preview of what would
post, posting it (the entry and its next-day reversal), and the revaluations posted."""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.core.api.permissions import TenantPermission
from tenant_apps.invoicing import selectors
from tenant_apps.invoicing.apis.common import money, or_404, rate
from tenant_apps.invoicing.models import Revaluation, RevaluationLine, RevaluationSide
from tenant_apps.invoicing.services import revaluation as services

CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
VIEW = "invoicing.revaluation.view"
APPROVE = "invoicing.revaluation.approve"


class RevaluationInput(serializers.Serializer[Any]):
    date = serializers.DateField(help_text="The revaluation date, normally a period end")
    rates = serializers.DictField(
        child=rate(),
        allow_empty=True,
        help_text="Closing rate (base currency per unit) for each foreign currency with open "
        'items, e.g. {"USD": "84.00"}',
    )

    def validate_rates(self, value: dict[str, Any]) -> dict[str, Any]:
        bad = [c for c in value if not CURRENCY_RE.match(c)]
        if bad:
            raise serializers.ValidationError(f"Not a currency code: {', '.join(bad)}.")
        return value


class CurrenciesInput(serializers.Serializer[Any]):
    date = serializers.DateField()


class PartyBrief(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class RevaluationLineOutput(serializers.Serializer[Any]):
    side = serializers.ChoiceField(choices=RevaluationSide.choices)
    partner = PartyBrief()
    kind = serializers.CharField(
        help_text="invoice, bill, credit_note, debit_note, receipt, payment"
    )
    item_id = serializers.IntegerField(help_text="The document's or payment's id (by kind)")
    number = serializers.CharField()
    currency = serializers.CharField()
    rate = rate(help_text="The closing rate")
    open_amount = money(help_text="In the item's currency; negative: a note or an advance")
    booked_base = money(help_text="Open base amount as booked")
    revalued_base = money(help_text="At the closing rate")
    difference = money()


class SideTotalOutput(serializers.Serializer[Any]):
    side = serializers.ChoiceField(choices=RevaluationSide.choices)
    currency = serializers.CharField()
    rate = rate()
    open_amount = money()
    booked_base = money()
    revalued_base = money()
    difference = money()


class PreviewOutput(serializers.Serializer[Any]):
    date = serializers.DateField()
    reversal_date = serializers.DateField()
    rates = serializers.DictField(child=rate())
    lines = RevaluationLineOutput(many=True)
    totals = SideTotalOutput(many=True, help_text="Per side and currency: what the entry posts")
    receivable_difference = money()
    payable_difference = money()


class CurrencyOutput(serializers.Serializer[Any]):
    currency = serializers.CharField()
    receivable_items = serializers.IntegerField()
    payable_items = serializers.IntegerField()
    last_rate = rate(allow_null=True, help_text="The last rate used on or before the date")


class EntryBrief(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.CharField()
    date = serializers.DateField()


class RevaluationOutput(serializers.ModelSerializer[Revaluation]):
    entry = EntryBrief(allow_null=True)
    reversal_entry = EntryBrief(allow_null=True)
    cancel_entry = EntryBrief(allow_null=True, help_text="A cancelled one: the entry's mirror")
    cancel_reversal_entry = EntryBrief(
        allow_null=True, help_text="A cancelled one: the reversal's reversal"
    )
    rates = serializers.DictField(child=rate())
    created_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Revaluation
        fields = [
            "id",
            "date",
            "reversal_date",
            "status",
            "rates",
            "receivable_difference",
            "payable_difference",
            "entry",
            "reversal_entry",
            "cancel_entry",
            "cancel_reversal_entry",
            "cancelled_at",
            "created_by_name",
            "created_at",
        ]

    def get_created_by_name(self, obj: Revaluation) -> str:
        user = obj.created_by
        return (getattr(user, "full_name", "") or getattr(user, "email", "")) if user else ""


class RevaluationDetailOutput(RevaluationOutput):
    lines = serializers.SerializerMethodField()

    class Meta(RevaluationOutput.Meta):
        fields = [*RevaluationOutput.Meta.fields, "lines"]

    @extend_schema_field(RevaluationLineOutput(many=True))
    def get_lines(self, obj: Revaluation) -> list[dict[str, Any]]:
        return RevaluationLineOutput([_stored(x) for x in obj.lines.all()], many=True).data  # type: ignore[return-value]


def _stored(line: RevaluationLine) -> dict[str, Any]:
    item: Any = line.document if line.document_id is not None else line.payment
    return {
        "side": line.side,
        "partner": line.partner,
        "kind": item.kind,
        "item_id": item.pk,
        "number": item.number,
        "currency": line.currency,
        "rate": line.rate,
        "open_amount": line.open_amount,
        "booked_base": line.booked_base,
        "revalued_base": line.revalued_base,
        "difference": line.difference,
    }


def _preview_data(preview: services.Preview) -> dict[str, Any]:
    return {
        "date": preview.date,
        "reversal_date": preview.reversal_date,
        "rates": preview.rates,
        "lines": [
            {
                **{k: getattr(x, k) for k in ("side", "kind", "item_id", "number", "currency")},
                "partner": {"id": x.partner_id, "code": x.partner_code, "name": x.partner_name},
                "rate": x.rate,
                "open_amount": x.open_amount,
                "booked_base": x.booked_base,
                "revalued_base": x.revalued_base,
                "difference": x.difference,
            }
            for x in preview.lines
        ],
        "totals": preview.totals,
        "receivable_difference": preview.side_total(RevaluationSide.RECEIVABLE),
        "payable_difference": preview.side_total(RevaluationSide.PAYABLE),
    }


class RevaluationListApi(generics.ListAPIView[Revaluation]):
    """Revaluations posted, latest date first. POST: revalue the open foreign-currency items on
    a date at closing rates (the entry and its reversal on the next day)."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": VIEW, "POST": APPROVE}
    serializer_class = RevaluationOutput
    filter_backends: list[Any] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.revaluation_list()

    @extend_schema(request=RevaluationInput, responses={201: RevaluationDetailOutput})
    def post(self, request: Request) -> Response:
        data = RevaluationInput(data=request.data)
        data.is_valid(raise_exception=True)
        revaluation = services.revaluation_post(user=request.user, **data.validated_data)
        return Response(
            RevaluationDetailOutput(selectors.revaluation_get(revaluation_id=revaluation.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class RevaluationPreviewApi(APIView):
    """What a revaluation would post, item by item, without posting it."""

    permission_classes = [TenantPermission]
    required_permission = VIEW

    @extend_schema(request=RevaluationInput, responses=PreviewOutput)
    def post(self, request: Request) -> Response:
        data = RevaluationInput(data=request.data)
        data.is_valid(raise_exception=True)
        preview = services.revaluation_preview(**data.validated_data)
        return Response(PreviewOutput(_preview_data(preview)).data)


class RevaluationCurrenciesApi(APIView):
    """The foreign currencies with open items on a date (each needs a closing rate)."""

    permission_classes = [TenantPermission]
    required_permission = VIEW

    @extend_schema(
        parameters=[OpenApiParameter("date", str, required=True)],
        responses=CurrencyOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        data = CurrenciesInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        rows = services.revaluation_currencies(date=data.validated_data["date"])
        return Response(CurrencyOutput(rows, many=True).data)


class RevaluationDetailApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = VIEW

    @extend_schema(responses=RevaluationDetailOutput)
    def get(self, request: Request, revaluation_id: int) -> Response:
        revaluation = or_404(selectors.revaluation_get, revaluation_id=revaluation_id)
        return Response(RevaluationDetailOutput(revaluation).data)


class RevaluationCancelApi(APIView):
    """Cancel a revaluation (e.g. a wrong rate): its entry is mirrored on its date and its
    reversal reversed on the next day; the date can then be revalued again."""

    permission_classes = [TenantPermission]
    required_permission = APPROVE

    @extend_schema(request=None, responses=RevaluationDetailOutput)
    def post(self, request: Request, revaluation_id: int) -> Response:
        or_404(selectors.revaluation_get, revaluation_id=revaluation_id)
        services.revaluation_cancel(revaluation_id=revaluation_id, user=request.user)
        return Response(
            RevaluationDetailOutput(selectors.revaluation_get(revaluation_id=revaluation_id)).data
        )
