"""The fixed asset register's API (ADR 0075): categories, assets (register, read, dispose, undo a
disposal, delete), the monthly depreciation runs, and the register for a period with its
Excel/PDF export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import django_filters
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.assets import depreciation as dep
from tenant_apps.assets import imports, selectors, services, tax
from tenant_apps.assets.models import (
    Asset,
    AssetCategory,
    AssetStatus,
    DepreciationLine,
    DepreciationMethod,
    DepreciationRun,
)
from tenant_apps.assets.report_tables import register_report, tax_report
from tenant_apps.core.api.export import (
    Column,
    ExportContentNegotiation,
    export_format_of,
    export_response,
)
from tenant_apps.core.api.permissions import TenantPermission
from tenant_apps.core.exports.responses import (
    PDF_TYPE,
    XLSX_TYPE,
    report_format_of,
    report_response,
)
from tenant_apps.finance.models import CostCentre
from tenant_apps.invoicing.apis.common import money, or_404
from tenant_apps.invoicing.apis.reports import (
    EXPORT_FORMAT_PARAM,
    FILE_RESPONSES,
    FileContentNegotiation,
)

ZERO = Decimal("0")


def _account_label(account: Any) -> str | None:
    return f"{account.code} · {account.name}" if account is not None else None


@extend_schema_field(OpenApiTypes.INT)
class LedgerField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A ledger account by id; the service says why one does not fit."""

    def get_queryset(self):  # type: ignore[no-untyped-def]
        from tenant_apps.finance.models import Account

        return Account.objects.all()


@extend_schema_field(OpenApiTypes.INT)
class BillField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    def get_queryset(self):  # type: ignore[no-untyped-def]
        from tenant_apps.invoicing.models import Document

        return Document.objects.filter(kind="bill")


# ---------------------------------------------------------------------------------------------
# Categories
# ---------------------------------------------------------------------------------------------
class AssetCategoryOutput(serializers.ModelSerializer[AssetCategory]):
    asset_account_name = serializers.SerializerMethodField()
    accumulated_account_name = serializers.SerializerMethodField()
    depreciation_account_name = serializers.SerializerMethodField()
    asset_count = serializers.IntegerField(read_only=True)

    def get_asset_account_name(self, c: AssetCategory) -> str:
        return _account_label(c.asset_account) or ""

    def get_accumulated_account_name(self, c: AssetCategory) -> str:
        return _account_label(c.accumulated_account) or ""

    def get_depreciation_account_name(self, c: AssetCategory) -> str:
        return _account_label(c.depreciation_account) or ""

    class Meta:
        model = AssetCategory
        fields = [
            "id",
            "name",
            "method",
            "useful_life_months",
            "residual_percent",
            "asset_account",
            "asset_account_name",
            "accumulated_account",
            "accumulated_account_name",
            "depreciation_account",
            "depreciation_account_name",
            "is_active",
            "tax_block",
            "tax_rate",
            "tax_additional_rate",
            "asset_count",
        ]


def percent_field(**options: Any) -> serializers.DecimalField:
    """An optional percentage, 0 to 100 with two decimals (`options` override)."""
    kwargs: dict[str, Any] = {"min_value": Decimal(0), "required": False, **options}
    return serializers.DecimalField(
        max_digits=5, decimal_places=2, max_value=Decimal(100), **kwargs
    )


class AssetCategoryInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=100)
    method = serializers.ChoiceField(choices=DepreciationMethod.choices)
    useful_life_months = serializers.IntegerField(min_value=1, max_value=1200)
    residual_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal(0), max_value=Decimal("99.99")
    )
    asset_account = LedgerField(help_text="Where the assets' cost is (an asset ledger)")
    accumulated_account = LedgerField(help_text="Accumulated depreciation (an asset ledger)")
    depreciation_account = LedgerField(help_text="The expense ledger of the depreciation")
    is_active = serializers.BooleanField(required=False)
    tax_block = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="Income tax: the block of assets it joins, e.g. Plant and machinery 15%",
    )
    tax_rate = percent_field(
        min_value=Decimal("0.01"),
        allow_null=True,
        help_text="The block's rate (Appendix I), percent",
    )
    tax_additional_rate = percent_field(
        help_text="s.32(1)(iia): additional depreciation of new assets, percent of cost "
        "(20; 0: not eligible). The default of each asset registered in it",
    )


class CategoryListApi(generics.ListAPIView[AssetCategory]):
    """Asset categories (Schedule II classes), by name. Few: not paginated."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": "assets.category.view", "POST": "assets.category.create"}
    serializer_class = AssetCategoryOutput
    pagination_class = None
    filter_backends: list[Any] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.category_list()

    @extend_schema(request=AssetCategoryInput, responses={201: AssetCategoryOutput})
    def post(self, request: Request) -> Response:
        data = AssetCategoryInput(data=request.data)
        data.is_valid(raise_exception=True)
        category = services.category_create(user=request.user, data=dict(data.validated_data))
        return Response(
            AssetCategoryOutput(selectors.category_get(category_id=category.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class CategoryDetailApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = {"GET": "assets.category.view", "PATCH": "assets.category.change"}

    @extend_schema(responses=AssetCategoryOutput)
    def get(self, request: Request, category_id: int) -> Response:
        return Response(
            AssetCategoryOutput(or_404(selectors.category_get, category_id=category_id)).data
        )

    @extend_schema(request=AssetCategoryInput(partial=True), responses=AssetCategoryOutput)
    def patch(self, request: Request, category_id: int) -> Response:
        """Change a category; its assets keep their method, life and residual value."""
        category = or_404(selectors.category_get, category_id=category_id)
        data = AssetCategoryInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.category_update(
            user=request.user, category=category, data=dict(data.validated_data)
        )
        return Response(AssetCategoryOutput(selectors.category_get(category_id=category.pk)).data)


# ---------------------------------------------------------------------------------------------
# Assets
# ---------------------------------------------------------------------------------------------
def _accumulated(asset: Asset) -> Decimal:
    """Opening depreciation, what posted runs charged, and a disposal's own charge."""
    return (
        asset.opening_depreciation
        + getattr(asset, "charged", ZERO)
        + (asset.disposal_depreciation or ZERO)
    )


class AssetListOutput(serializers.ModelSerializer[Asset]):
    category_name = serializers.CharField(source="category.name")
    cost_centre_name = serializers.SerializerMethodField()

    def get_cost_centre_name(self, asset: Asset) -> str | None:
        return str(asset.cost_centre) if asset.cost_centre_id else None

    cost = money()
    accumulated = serializers.SerializerMethodField()
    book_value = serializers.SerializerMethodField()

    @extend_schema_field(money(help_text="Depreciation charged, opening included"))
    def get_accumulated(self, asset: Asset) -> str:
        return f"{_accumulated(asset):.4f}"

    @extend_schema_field(money(help_text="Cost less accumulated depreciation"))
    def get_book_value(self, asset: Asset) -> str:
        return f"{asset.cost - _accumulated(asset):.4f}"

    class Meta:
        model = Asset
        fields = [
            "id",
            "number",
            "name",
            "category",
            "category_name",
            "cost_centre",
            "cost_centre_name",
            "purchase_date",
            "in_use_date",
            "cost",
            "method",
            "useful_life_months",
            "accumulated",
            "book_value",
            "status",
            "disposal_date",
        ]


class DepreciationYearOutput(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()
    opening = money(help_text="Book value at the year's start")
    depreciation = money()
    closing = money()


class DepreciationHistoryOutput(serializers.ModelSerializer[DepreciationLine]):
    month = serializers.DateField(source="run.month")
    date = serializers.DateField(source="run.date")
    journal_entry = serializers.IntegerField(source="run.journal_entry_id", allow_null=True)
    journal_entry_number = serializers.CharField(
        source="run.journal_entry.number", allow_null=True, default=None
    )
    amount = money()
    accumulated = money()
    book_value = money()

    class Meta:
        model = DepreciationLine
        fields = [
            "run",
            "month",
            "date",
            "amount",
            "accumulated",
            "book_value",
            "journal_entry",
            "journal_entry_number",
        ]


class AssetOutput(AssetListOutput):
    bill_number = serializers.CharField(source="bill.number", allow_null=True, default=None)

    residual_value = money()
    opening_depreciation = money()
    rate = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    life_end = serializers.SerializerMethodField()
    disposal_proceeds = money(allow_null=True)
    disposal_depreciation = money(allow_null=True)
    disposal_gain = money(allow_null=True, help_text="+ profit, - loss")
    disposal_account_name = serializers.SerializerMethodField()
    disposal_entry_number = serializers.CharField(
        source="disposal_entry.number", allow_null=True, default=None
    )
    cwip_account_name = serializers.SerializerMethodField()
    capitalisation_entry_number = serializers.CharField(
        source="capitalisation_entry.number", allow_null=True, default=None
    )
    schedule = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()
    can_delete = serializers.SerializerMethodField()

    def get_can_delete(self, asset: Asset) -> bool:
        """In use and in no run, not even a cancelled one (deleting is for mistakes)."""
        return asset.status == AssetStatus.ACTIVE and not asset.depreciation_lines.exists()

    def get_life_end(self, asset: Asset) -> dt.date:
        return dep.life_end(asset.in_use_date, asset.useful_life_months)

    def get_disposal_account_name(self, asset: Asset) -> str | None:
        return _account_label(asset.disposal_account)

    def get_cwip_account_name(self, asset: Asset) -> str | None:
        return _account_label(asset.cwip_account)

    @extend_schema_field(DepreciationYearOutput(many=True))
    def get_schedule(self, asset: Asset) -> list[dict[str, Any]]:
        """Each fiscal year of the life as the formula gives it (posted or still to come)."""
        rows = dep.schedule(services.basis_of(asset), services.year_start())
        return list(DepreciationYearOutput(rows, many=True).data)

    @extend_schema_field(DepreciationHistoryOutput(many=True))
    def get_history(self, asset: Asset) -> list[dict[str, Any]]:
        return list(DepreciationHistoryOutput(selectors.asset_history(asset), many=True).data)

    class Meta(AssetListOutput.Meta):
        fields = [
            *AssetListOutput.Meta.fields,
            "description",
            "bill",
            "bill_number",
            "residual_value",
            "rate",
            "life_end",
            "opening_date",
            "opening_depreciation",
            "disposal_proceeds",
            "disposal_account",
            "disposal_account_name",
            "disposal_depreciation",
            "disposal_gain",
            "disposal_entry",
            "disposal_entry_number",
            "disposal_reason",
            "cwip_account",
            "cwip_account_name",
            "capitalisation_entry",
            "capitalisation_entry_number",
            "tax_additional_rate",
            "schedule",
            "history",
            "can_delete",
        ]


TAX_ADDITIONAL_RATE = percent_field(
    help_text="Income tax, s.32(1)(iia): additional depreciation, percent of cost (default: the "
    "category's; 0 for a second-hand asset, one in an office, a road vehicle)",
)


class AssetInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    category = serializers.PrimaryKeyRelatedField(queryset=AssetCategory.objects.all())
    bill = BillField(required=False, allow_null=True, help_text="The vendor bill it came on")
    cwip_account = LedgerField(
        required=False,
        allow_null=True,
        help_text="The capital work-in-progress ledger its cost comes out of: registering "
        "posts the move to the category's asset ledger on the day it is put to use",
    )
    cost_centre = serializers.PrimaryKeyRelatedField(
        queryset=CostCentre.objects.all(),
        required=False,
        allow_null=True,
        help_text="The job or department its depreciation belongs to",
    )
    purchase_date = serializers.DateField()
    in_use_date = serializers.DateField(required=False, help_text="Default: the purchase date")
    cost = money(min_value=Decimal("0.01"))
    residual_value = money(
        required=False, min_value=Decimal(0), help_text="Default: the category's percentage"
    )
    method = serializers.ChoiceField(choices=DepreciationMethod.choices, required=False)
    useful_life_months = serializers.IntegerField(min_value=1, max_value=1200, required=False)
    opening_date = serializers.DateField(
        required=False, allow_null=True, help_text="Brought forward: the books' first day"
    )
    opening_depreciation = money(
        required=False, min_value=Decimal(0), help_text="Charged before the opening day"
    )
    tax_additional_rate = TAX_ADDITIONAL_RATE


class AssetFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=AssetStatus.choices)
    category = django_filters.NumberFilter()
    cost_centre = django_filters.NumberFilter(help_text="Assets of this job or department")

    class Meta:
        model = Asset
        fields = ["status", "category", "cost_centre"]


class _AssetQuery(generics.ListAPIView[Asset]):
    permission_classes = [TenantPermission]
    serializer_class = AssetListOutput
    filterset_class = AssetFilter
    search_fields = ["number", "name"]
    ordering_fields = ["number", "name", "purchase_date", "cost"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.asset_list().order_by("-number")


class AssetListApi(_AssetQuery):
    """The register: assets, newest number first. Filters: status, category; search by number
    or name."""

    required_permission = {"GET": "assets.asset.view", "POST": "assets.asset.create"}

    @extend_schema(request=AssetInput, responses={201: AssetOutput})
    def post(self, request: Request) -> Response:
        """Register an asset whose cost is in the books (nothing is posted)."""
        data = AssetInput(data=request.data)
        data.is_valid(raise_exception=True)
        asset = services.asset_create(user=request.user, data=dict(data.validated_data))
        return Response(
            AssetOutput(selectors.asset_get(asset_id=asset.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class CwipLedgerOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    is_active = serializers.BooleanField()
    balance = money(help_text="What it holds now, to be capitalised")


class CwipListApi(APIView):
    """Capital work in progress: each ledger and what it holds (ADR 0077). Few: not paginated."""

    permission_classes = [TenantPermission]
    required_permission = "assets.asset.view"

    @extend_schema(responses=CwipLedgerOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(CwipLedgerOutput(selectors.cwip_ledgers(), many=True).data)


ASSET_EXPORT = [
    Column("Number", "number"),
    Column("Name", "name"),
    Column("Category", "category.name"),
    Column("Cost centre", lambda a: str(a.cost_centre) if a.cost_centre_id else ""),
    Column("Bought", "purchase_date", kind="date"),
    Column("Put to use", "in_use_date", kind="date"),
    Column("Cost", "cost", kind="money"),
    Column("Method", lambda a: a.get_method_display()),
    Column("Life (months)", "useful_life_months"),
    Column("Accumulated depreciation", _accumulated, kind="money"),
    Column("Book value", lambda a: a.cost - _accumulated(a), kind="money"),
    Column("Status", lambda a: a.get_status_display()),
    Column("Disposed", "disposal_date", kind="date"),
]


class AssetExportApi(_AssetQuery):
    """The register list's current filter as an Excel (or CSV) file."""

    required_permission = "assets.asset.export"
    content_negotiation_class = FileContentNegotiation
    pagination_class = None

    @extend_schema(parameters=[EXPORT_FORMAT_PARAM], responses=FILE_RESPONSES)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return export_response(
            request=request,
            queryset=self.filter_queryset(self.get_queryset()),
            columns=ASSET_EXPORT,
            basename="fixed-assets",
            fmt=export_format_of(request, default="xlsx") or "xlsx",
        )


class AssetChangeInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    cost_centre = serializers.PrimaryKeyRelatedField(
        queryset=CostCentre.objects.all(), required=False, allow_null=True
    )
    tax_additional_rate = TAX_ADDITIONAL_RATE


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AssetImportTemplateApi(APIView):
    """The import template (.xlsx): the columns and two example rows."""

    permission_classes = [TenantPermission]
    required_permission = "assets.asset.create"

    @extend_schema(responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request: Request) -> HttpResponse:
        response = HttpResponse(imports.asset_template(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="fixed-assets.xlsx"'
        return response


class AssetImportInput(serializers.Serializer[Any]):
    file = serializers.FileField()


class AssetImportOutput(serializers.Serializer[Any]):
    created = serializers.IntegerField()
    numbers = serializers.ListField(child=serializers.CharField())


class AssetImportApi(APIView):
    """Register one asset per row of an .xlsx (columns as in the template; categories by name,
    cost centres by code). All rows or none: every row's errors come back as
    `fields["rows.<row number>.<column>"]`."""

    permission_classes = [TenantPermission]
    required_permission = "assets.asset.create"
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": AssetImportInput}, responses={201: AssetImportOutput}
    )
    def post(self, request: Request) -> Response:
        upload = AssetImportInput(data=request.data)
        upload.is_valid(raise_exception=True)
        rows, errors = imports.asset_rows_read(upload.validated_data["file"])
        created = services.assets_import(user=request.user, rows=rows, errors=errors)
        return Response(
            AssetImportOutput(
                {"created": len(created), "numbers": [a.number for a in created]}
            ).data,
            status=status.HTTP_201_CREATED,
        )


class AssetDetailApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = {
        "GET": "assets.asset.view",
        "PATCH": "assets.asset.change",
        "DELETE": "assets.asset.delete",
    }

    @extend_schema(responses=AssetOutput)
    def get(self, request: Request, asset_id: int) -> Response:
        return Response(AssetOutput(or_404(selectors.asset_get, asset_id=asset_id)).data)

    @extend_schema(request=AssetChangeInput, responses=AssetOutput)
    def patch(self, request: Request, asset_id: int) -> Response:
        """Change the name, the description or the cost centre (the figures stay)."""
        asset = or_404(selectors.asset_get, asset_id=asset_id)
        data = AssetChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.asset_update(user=request.user, asset=asset, data=dict(data.validated_data))
        return Response(AssetOutput(selectors.asset_get(asset_id=asset.pk)).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, asset_id: int) -> Response:
        """Delete an asset registered by mistake (never depreciated, not disposed)."""
        asset = or_404(selectors.asset_get, asset_id=asset_id)
        services.asset_delete(user=request.user, asset=asset)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AssetDisposalPreviewInput(serializers.Serializer[Any]):
    date = serializers.DateField()
    proceeds = money(required=False, min_value=Decimal(0), default=ZERO)


class AssetDisposalOutput(serializers.Serializer[Any]):
    date = serializers.DateField()
    proceeds = money()
    charged_before = money(help_text="Opening depreciation and posted runs")
    depreciation = money(help_text="Charged from the last run to the day")
    accumulated = money()
    book_value = money()
    gain = money(help_text="+ profit, - loss")


class AssetDisposalInput(AssetDisposalPreviewInput):
    account = LedgerField(
        required=False, allow_null=True, help_text="Where the money it fetched is booked"
    )
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class AssetCancelInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class AssetDisposalApi(APIView):
    """GET: what disposing of the asset on a day for some proceeds would book. POST: dispose
    of it (one entry on the day)."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": "assets.asset.view", "POST": "assets.asset.change"}

    @extend_schema(parameters=[AssetDisposalPreviewInput], responses=AssetDisposalOutput)
    def get(self, request: Request, asset_id: int) -> Response:
        asset = or_404(selectors.asset_get, asset_id=asset_id)
        data = AssetDisposalPreviewInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        if asset.status == AssetStatus.ACTIVE:
            services.disposal_day_check(asset, data.validated_data["date"])
        figures = services.disposal_figures(
            asset, data.validated_data["date"], data.validated_data["proceeds"]
        )
        return Response(AssetDisposalOutput(figures).data)

    @extend_schema(request=AssetDisposalInput, responses=AssetOutput)
    def post(self, request: Request, asset_id: int) -> Response:
        asset = or_404(selectors.asset_get, asset_id=asset_id)
        data = AssetDisposalInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.asset_dispose(user=request.user, asset=asset, **data.validated_data)
        return Response(AssetOutput(selectors.asset_get(asset_id=asset.pk)).data)


class AssetDisposalCancelApi(APIView):
    """Undo a disposal: its entry is reversed on its day; the asset is in use again."""

    permission_classes = [TenantPermission]
    required_permission = "assets.asset.change"

    @extend_schema(request=AssetCancelInput, responses=AssetOutput)
    def post(self, request: Request, asset_id: int) -> Response:
        asset = or_404(selectors.asset_get, asset_id=asset_id)
        data = AssetCancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.asset_disposal_cancel(user=request.user, asset=asset, **data.validated_data)
        return Response(AssetOutput(selectors.asset_get(asset_id=asset.pk)).data)


# ---------------------------------------------------------------------------------------------
# Monthly depreciation
# ---------------------------------------------------------------------------------------------
class DepreciationMonthInput(serializers.Serializer[Any]):
    month = serializers.DateField(input_formats=["%Y-%m", "%Y-%m-%d"], help_text="YYYY-MM")

    def validate_month(self, value: dt.date) -> dt.date:
        if not dt.date(2000, 1, 1) <= value <= dt.date(2100, 12, 31):
            raise serializers.ValidationError("A month from 2000 to 2100.")
        return value.replace(day=1)


class DepreciationRowOutput(serializers.Serializer[Any]):
    asset = serializers.IntegerField(source="asset.pk")
    number = serializers.CharField(source="asset.number")
    name = serializers.CharField(source="asset.name")
    category_name = serializers.CharField(source="asset.category.name")
    amount = money()
    accumulated = money(help_text="To the month's end, opening included")
    book_value = money()


class DepreciationPreviewOutput(serializers.Serializer[Any]):
    month = serializers.DateField()
    month_end = serializers.DateField()
    rows = DepreciationRowOutput(many=True)
    total = money()
    done = serializers.IntegerField(allow_null=True, help_text="The month's posted run, if any")


class DepreciationRunOutput(serializers.ModelSerializer[DepreciationRun]):
    total = money()
    assets = serializers.IntegerField(source="asset_count", read_only=True)
    journal_entry_number = serializers.CharField(
        source="journal_entry.number", allow_null=True, default=None
    )

    class Meta:
        model = DepreciationRun
        fields = [
            "id",
            "month",
            "date",
            "status",
            "total",
            "assets",
            "journal_entry",
            "journal_entry_number",
            "cancelled_at",
            "created_at",
        ]


class DepreciationRunDetailOutput(DepreciationRunOutput):
    lines = DepreciationRowOutput(many=True)

    class Meta(DepreciationRunOutput.Meta):
        fields = [*DepreciationRunOutput.Meta.fields, "lines"]


class RunPreviewApi(APIView):
    """What a month's run would charge each asset. A month done already shows its run."""

    permission_classes = [TenantPermission]
    required_permission = "assets.depreciation.view"

    @extend_schema(parameters=[DepreciationMonthInput], responses=DepreciationPreviewOutput)
    def get(self, request: Request) -> Response:
        data = DepreciationMonthInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        month: dt.date = data.validated_data["month"]
        done = selectors.run_list().filter(month=month, status="posted").first()
        rows: list[Any] = (
            list(done.lines.select_related("asset__category"))
            if done is not None
            else services.depreciation_preview(month)
        )
        return Response(
            DepreciationPreviewOutput(
                {
                    "month": month,
                    "month_end": dep.month_end(month),
                    "rows": rows,
                    "total": sum((r.amount for r in rows), ZERO),
                    "done": done.pk if done is not None else None,
                }
            ).data
        )


class RunListApi(generics.ListAPIView[DepreciationRun]):
    """The months' runs, latest month first."""

    permission_classes = [TenantPermission]
    required_permission = {
        "GET": "assets.depreciation.view",
        "POST": "assets.depreciation.create",
    }
    serializer_class = DepreciationRunOutput
    filter_backends: list[Any] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.run_list()

    @extend_schema(request=DepreciationMonthInput, responses={201: DepreciationRunDetailOutput})
    def post(self, request: Request) -> Response:
        """Charge the month's depreciation as the preview shows it: one entry dated the month's
        end."""
        data = DepreciationMonthInput(data=request.data)
        data.is_valid(raise_exception=True)
        run = services.depreciation_run_create(
            user=request.user, month=data.validated_data["month"]
        )
        return Response(
            DepreciationRunDetailOutput(selectors.run_get(run_id=run.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class AssetSettingsOutput(serializers.Serializer[Any]):
    auto_depreciate = serializers.BooleanField(
        help_text="Post last month's depreciation each morning until it is done"
    )


class AssetSettingsApi(APIView):
    """Whether each month's depreciation is posted by itself early in the next month."""

    permission_classes = [TenantPermission]
    required_permission = {
        "GET": "assets.depreciation.view",
        "PATCH": "assets.depreciation.create",
    }

    @extend_schema(responses=AssetSettingsOutput)
    def get(self, request: Request) -> Response:
        return Response(AssetSettingsOutput(services.asset_settings_get()).data)

    @extend_schema(request=AssetSettingsOutput, responses=AssetSettingsOutput)
    def patch(self, request: Request) -> Response:
        data = AssetSettingsOutput(data=request.data)
        data.is_valid(raise_exception=True)
        settings = services.asset_settings_update(
            user=request.user, auto_depreciate=data.validated_data["auto_depreciate"]
        )
        return Response(AssetSettingsOutput(settings).data)


class TaxSettingsSerializer(serializers.Serializer[Any]):
    claim_additional = serializers.BooleanField(
        source="tax_additional",
        help_text="Claim additional depreciation of new plant (s.32(1)(iia)); not under the "
        "s.115BAA rates",
    )


class TaxSettingsApi(APIView):
    """Whether the income-tax working claims additional depreciation."""

    permission_classes = [TenantPermission]
    required_permission = "assets.category.change"

    @extend_schema(request=TaxSettingsSerializer, responses=TaxSettingsSerializer)
    def put(self, request: Request) -> Response:
        data = TaxSettingsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        settings = services.asset_settings_update(
            user=request.user, tax_additional=data.validated_data["tax_additional"]
        )
        return Response(TaxSettingsSerializer(settings).data)


class RunDetailApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = "assets.depreciation.view"

    @extend_schema(responses=DepreciationRunDetailOutput)
    def get(self, request: Request, run_id: int) -> Response:
        return Response(DepreciationRunDetailOutput(or_404(selectors.run_get, run_id=run_id)).data)


class RunCancelApi(APIView):
    """Cancel the latest month's run: its entry is reversed on the month's end."""

    permission_classes = [TenantPermission]
    required_permission = "assets.depreciation.delete"

    @extend_schema(request=AssetCancelInput, responses=DepreciationRunDetailOutput)
    def post(self, request: Request, run_id: int) -> Response:
        run = or_404(selectors.run_get, run_id=run_id)
        data = AssetCancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.depreciation_run_cancel(user=request.user, run=run, **data.validated_data)
        return Response(DepreciationRunDetailOutput(selectors.run_get(run_id=run.pk)).data)


# ---------------------------------------------------------------------------------------------
# The register for a period
# ---------------------------------------------------------------------------------------------
class AssetRegisterPeriodInput(serializers.Serializer[Any]):
    date_from = serializers.DateField(required=False, help_text="Default: the fiscal year's start")
    date_to = serializers.DateField(required=False, help_text="Default: the fiscal year's end")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = dep.YearStart(*_year()).bounds(timezone.localdate())
        attrs.setdefault("date_from", start)
        attrs.setdefault("date_to", end)
        if attrs["date_from"] > attrs["date_to"]:
            raise serializers.ValidationError({"date_to": ["The period ends after it starts."]})
        return attrs


def _year() -> tuple[int, int]:
    year = services.year_start()
    return year.month, year.day


class AssetBlockOutput(serializers.Serializer[Any]):
    cost_open = money()
    additions = money()
    disposals = money()
    cost_close = money()
    depreciation_open = money()
    depreciation = money()
    written_back = money()
    depreciation_close = money()
    net_open = money()
    net_close = money()


class AssetRegisterRowOutput(serializers.Serializer[Any]):
    asset = serializers.IntegerField(source="asset.pk")
    number = serializers.CharField(source="asset.number")
    name = serializers.CharField(source="asset.name")
    in_use_date = serializers.DateField(source="asset.in_use_date")
    status = serializers.CharField(source="asset.status")
    block = AssetBlockOutput()


class AssetRegisterGroupOutput(serializers.Serializer[Any]):
    category = serializers.IntegerField(source="category.pk")
    category_name = serializers.CharField(source="category.name")
    rows = AssetRegisterRowOutput(many=True)
    total = AssetBlockOutput()


class AssetLedgerCheckOutput(serializers.Serializer[Any]):
    account = serializers.IntegerField(source="account.pk")
    account_name = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(choices=["cost", "accumulated"])
    register = money(help_text="What the register holds for the ledger at the period's end")
    books = money(help_text="The ledger's balance on the period's last day")
    difference = money(help_text="books - register")

    def get_account_name(self, check: Any) -> str:
        return _account_label(check.account) or ""


class AssetRegisterOutput(serializers.Serializer[Any]):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    groups = AssetRegisterGroupOutput(many=True)
    total = AssetBlockOutput()
    ledgers = AssetLedgerCheckOutput(
        many=True, help_text="The register against the books, ledger by ledger"
    )


class RegisterApi(APIView):
    """The register for a period: per category and asset, the gross block (cost at the start,
    added, disposed of), the depreciation (at the start, charged, written back) and the net
    block, as posted."""

    permission_classes = [TenantPermission]
    required_permission = "assets.asset.view"

    @extend_schema(parameters=[AssetRegisterPeriodInput], responses=AssetRegisterOutput)
    def get(self, request: Request) -> Response:
        data = AssetRegisterPeriodInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        register = selectors.asset_register(**data.validated_data)
        return Response(AssetRegisterOutput(register).data)


class RegisterExportApi(APIView):
    """The register as an Excel workbook or a PDF (the one report exporter, ADR 0013)."""

    permission_classes = [TenantPermission]
    required_permission = "assets.asset.export"
    content_negotiation_class = ExportContentNegotiation  # `?format=` is the file type

    @extend_schema(
        parameters=[
            AssetRegisterPeriodInput,
            OpenApiParameter("format", str, required=True, enum=["xlsx", "pdf"]),
        ],
        responses={
            (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY),
            (200, PDF_TYPE): OpenApiResponse(OpenApiTypes.BINARY),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        fmt = report_format_of(request)
        data = AssetRegisterPeriodInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        register = selectors.asset_register(**data.validated_data)
        return report_response(
            register_report(register),
            fmt=fmt,
            filename=f"fixed-asset-register-{register.date_from}-{register.date_to}",
        )


# ---------------------------------------------------------------------------------------------
# Income-tax depreciation by block
# ---------------------------------------------------------------------------------------------
class TaxYearInput(serializers.Serializer[Any]):
    year = serializers.DateField(
        required=False, help_text="A day of the previous year, April-March (default: today's)"
    )


class TaxItemOutput(serializers.Serializer[Any]):
    asset = serializers.IntegerField(source="asset.pk")
    number = serializers.CharField(source="asset.number")
    name = serializers.CharField(source="asset.name")
    date = serializers.DateField(help_text="Put to use (an addition) or disposed of (a sale)")
    amount = money()
    half_rate = serializers.BooleanField()
    additional = money(help_text="Additional depreciation (s.32(1)(iia)) on it in the year")


class TaxBlockOutput(serializers.Serializer[Any]):
    block = serializers.CharField()
    rate = serializers.DecimalField(max_digits=5, decimal_places=2)
    opening = money()
    opening_entered = serializers.BooleanField(
        help_text="Entered for the year; otherwise the previous year's closing"
    )
    additions_full = money(help_text="Put to use 180 days or more in the year")
    additions_half = money(help_text="Put to use under 180 days: half the rate")
    sales = money()
    depreciation_full = money()
    depreciation_half = money()
    additional = money(help_text="Additional depreciation (s.32(1)(iia))")
    depreciation = money(help_text="Normal and additional")
    ceased = serializers.BooleanField(
        help_text="Every asset of the block sold or scrapped by the year's end (s.50(2))"
    )
    capital_gain = money(help_text="Sales beyond the block: short-term capital gain (s.50)")
    capital_loss = money(help_text="The block ceased with value left: short-term capital loss")
    closing = money()
    additions = TaxItemOutput(many=True)
    disposals = TaxItemOutput(many=True)
    carried = TaxItemOutput(
        many=True,
        help_text="Last year's additions used under 180 days: the other half of their "
        "additional depreciation",
    )


class TaxDepreciationOutput(serializers.Serializer[Any]):
    year_start = serializers.DateField()
    year_end = serializers.DateField()
    claim_additional = serializers.BooleanField(
        help_text="Whether additional depreciation (s.32(1)(iia)) is claimed"
    )
    blocks = TaxBlockOutput(many=True)


class TaxOpeningInput(serializers.Serializer[Any]):
    block = serializers.CharField(max_length=100)
    year_start = serializers.DateField(help_text="The previous year's first day (1 April)")
    wdv = money(
        min_value=Decimal(0),
        allow_null=True,
        help_text="Written-down value at the year's start; null removes the one entered",
    )


def _tax_working(day: dt.date) -> dict[str, Any]:
    """The previous year containing `day`, its blocks and whether additional depreciation is
    claimed (read once, for the figures and the answer alike)."""
    fiscal = tax.TAX_YEAR
    first, last = fiscal.bounds(day)
    claim = tax.claims_additional()
    return {
        "year_start": first,
        "year_end": last,
        "claim_additional": claim,
        "blocks": tax.tax_depreciation(first, fiscal, claim=claim),
    }


def _tax_year(request: Request) -> dict[str, Any]:
    data = TaxYearInput(data=request.query_params)
    data.is_valid(raise_exception=True)
    return _tax_working(data.validated_data.get("year") or timezone.localdate())


class TaxDepreciationApi(APIView):
    """Income-tax depreciation of the fiscal year, block by block (s.32; a report, nothing is
    posted)."""

    permission_classes = [TenantPermission]
    required_permission = "assets.asset.view"

    @extend_schema(parameters=[TaxYearInput], responses=TaxDepreciationOutput)
    def get(self, request: Request) -> Response:
        return Response(TaxDepreciationOutput(_tax_year(request)).data)


class TaxOpeningApi(APIView):
    """Enter a block's written-down value at a previous year's start (from the last return), or
    remove it (`wdv`: null)."""

    permission_classes = [TenantPermission]
    required_permission = "assets.category.change"

    @extend_schema(request=TaxOpeningInput, responses=TaxDepreciationOutput)
    def put(self, request: Request) -> Response:
        data = TaxOpeningInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.tax_opening_set(user=request.user, **data.validated_data)
        working = _tax_working(data.validated_data["year_start"])
        return Response(TaxDepreciationOutput(working).data)


class TaxDepreciationExportApi(APIView):
    """Income-tax depreciation as an Excel workbook or a PDF."""

    permission_classes = [TenantPermission]
    required_permission = "assets.asset.export"
    content_negotiation_class = ExportContentNegotiation

    @extend_schema(
        parameters=[
            TaxYearInput,
            OpenApiParameter("format", str, required=True, enum=["xlsx", "pdf"]),
        ],
        responses={
            (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY),
            (200, PDF_TYPE): OpenApiResponse(OpenApiTypes.BINARY),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        fmt = report_format_of(request)
        working = _tax_year(request)
        first, last = working["year_start"], working["year_end"]
        return report_response(
            tax_report(first, last, working["blocks"], working["claim_additional"]),
            fmt=fmt,
            filename=f"income-tax-depreciation-{first.year}-{last.year % 100:02d}",
        )
