"""The ledger's APIs: chart of accounts, fiscal years and periods, journal entries, reports
(JSON, and Excel/PDF exports). Thin: parse, call one service or selector, render."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.core.api.export import ExportContentNegotiation
from tenant_apps.core.api.permissions import TenantPermission
from tenant_apps.core.exports.numbers import format_date, period_text
from tenant_apps.core.exports.responses import report_response
from tenant_apps.core.exports.tables import Column, Report, Row, Table
from tenant_apps.core.selectors import company_settings_get
from tenant_apps.finance import permissions as perms
from tenant_apps.finance import selectors, services
from tenant_apps.finance.filters import AccountFilter, JournalEntryFilter
from tenant_apps.finance.models import (
    Account,
    AccountRole,
    AccountType,
    CashFlowActivity,
    CostCentre,
    FiscalYear,
    JournalEntry,
    JournalLine,
    Period,
)
from tenant_apps.finance.registry import source_url


def money_field(**options: Any) -> serializers.DecimalField:
    """A base-currency amount, sent as a string."""
    return serializers.DecimalField(
        max_digits=20, decimal_places=4, coerce_to_string=True, **options
    )


def _or_404(read: Any, **kwargs: Any) -> Any:
    try:
        return read(**kwargs)
    except ObjectDoesNotExist as exc:
        raise NotFound() from exc


# ---------------------------------------------------------------------------------------------
# Chart of accounts
# ---------------------------------------------------------------------------------------------
class AccountOutput(serializers.ModelSerializer[Account]):
    has_postings = serializers.BooleanField(read_only=True)

    class Meta:
        model = Account
        fields = [
            "id",
            "code",
            "name",
            "type",
            "role",
            "is_group",
            "parent",
            "is_active",
            "description",
            "cash_flow",
            "has_postings",
        ]


def cash_flow_field() -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=CashFlowActivity.choices,
        required=False,
        allow_blank=True,
        help_text="The cash flow statement's activity; blank: as the parent group",
    )


class AccountCreateInput(serializers.Serializer[Any]):
    code = serializers.RegexField(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=20)
    name = serializers.CharField(max_length=200)
    parent = serializers.IntegerField(  # type: ignore[assignment]  # a field, not Field.parent
        required=False, allow_null=True, default=None
    )
    type = serializers.ChoiceField(choices=AccountType.choices, required=False)
    is_group = serializers.BooleanField(default=False)
    role = serializers.ChoiceField(choices=AccountRole.choices, required=False, allow_blank=True)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)
    cash_flow = cash_flow_field()


class AccountUpdateInput(serializers.Serializer[Any]):
    code = serializers.RegexField(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=20, required=False)
    name = serializers.CharField(max_length=200, required=False)
    parent = serializers.IntegerField(  # type: ignore[assignment]  # a field, not Field.parent
        required=False, allow_null=True
    )
    type = serializers.ChoiceField(choices=AccountType.choices, required=False)
    role = serializers.ChoiceField(choices=AccountRole.choices, required=False, allow_blank=True)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)
    cash_flow = cash_flow_field()


def _accounts_with_postings() -> Any:
    return selectors.account_list().annotate(
        has_postings=Exists(JournalLine.objects.filter(account_id=OuterRef("pk")))
    )


class AccountListApi(generics.ListAPIView[Account]):
    """The chart of accounts (groups and ledgers; `parent` links the tree)."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": perms.ACCOUNT_VIEW, "POST": perms.ACCOUNT_CREATE}
    serializer_class = AccountOutput
    filterset_class = AccountFilter
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name", "type"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return _accounts_with_postings()

    @extend_schema(request=AccountCreateInput, responses={201: AccountOutput})
    def post(self, request: Request) -> Response:
        data = AccountCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        account = services.account_create(
            user=request.user,
            code=values["code"],
            name=values["name"],
            parent_id=values["parent"],
            type=values.get("type"),
            is_group=values["is_group"],
            role=values.get("role", ""),
            description=values.get("description", ""),
            cash_flow=values.get("cash_flow", ""),
        )
        return Response(
            AccountOutput(_accounts_with_postings().get(pk=account.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class AccountDetailApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = {
        "GET": perms.ACCOUNT_VIEW,
        "PATCH": perms.ACCOUNT_CHANGE,
        "DELETE": perms.ACCOUNT_DELETE,
    }

    def _get(self, account_id: int) -> Account:
        return _or_404(_accounts_with_postings().get, pk=account_id)  # type: ignore[no-any-return]

    @extend_schema(responses=AccountOutput)
    def get(self, request: Request, account_id: int) -> Response:
        return Response(AccountOutput(self._get(account_id)).data)

    @extend_schema(request=AccountUpdateInput, responses=AccountOutput)
    def patch(self, request: Request, account_id: int) -> Response:
        self._get(account_id)
        data = AccountUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.account_update(account_id=account_id, user=request.user, data=data.validated_data)
        return Response(AccountOutput(self._get(account_id)).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, account_id: int) -> Response:
        self._get(account_id)
        services.account_delete(account_id=account_id, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------------------------------------
# Cost centres (ADR 0069): the chart of accounts' permissions
# ---------------------------------------------------------------------------------------------
class CostCentreOutput(serializers.ModelSerializer[CostCentre]):
    in_use = serializers.BooleanField(
        read_only=True, help_text="Journal lines name it: it stays what it is and is not deleted"
    )

    class Meta:
        model = CostCentre
        fields = ["id", "code", "name", "parent", "is_group", "is_active", "in_use"]


class CostCentreCreateInput(serializers.Serializer[Any]):
    code = serializers.RegexField(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=20)
    name = serializers.CharField(max_length=200)
    parent = serializers.IntegerField(  # type: ignore[assignment]  # a field, not Field.parent
        required=False, allow_null=True, default=None
    )
    is_group = serializers.BooleanField(default=False)


class CostCentreUpdateInput(serializers.Serializer[Any]):
    code = serializers.RegexField(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=20, required=False)
    name = serializers.CharField(max_length=200, required=False)
    parent = serializers.IntegerField(  # type: ignore[assignment]  # a field, not Field.parent
        required=False, allow_null=True
    )
    is_group = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)


def _cost_centres() -> Any:
    return selectors.cost_centre_list().annotate(
        in_use=Exists(JournalLine.objects.filter(cost_centre_id=OuterRef("pk")))
    )


class CostCentreListApi(generics.ListAPIView[CostCentre]):
    """Cost centres: projects, jobs, departments (leaves) and their groups (`parent` links the
    tree). Not paginated filters: `search` (code, name)."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": perms.ACCOUNT_VIEW, "POST": perms.ACCOUNT_CREATE}
    serializer_class = CostCentreOutput
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return _cost_centres()

    @extend_schema(request=CostCentreCreateInput, responses={201: CostCentreOutput})
    def post(self, request: Request) -> Response:
        data = CostCentreCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        centre = services.cost_centre_create(
            user=request.user,
            code=values["code"],
            name=values["name"],
            parent_id=values["parent"],
            is_group=values["is_group"],
        )
        return Response(
            CostCentreOutput(_cost_centres().get(pk=centre.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class CostCentreDetailApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = {
        "GET": perms.ACCOUNT_VIEW,
        "PATCH": perms.ACCOUNT_CHANGE,
        "DELETE": perms.ACCOUNT_DELETE,
    }

    def _get(self, cost_centre_id: int) -> CostCentre:
        return _or_404(_cost_centres().get, pk=cost_centre_id)  # type: ignore[no-any-return]

    @extend_schema(responses=CostCentreOutput)
    def get(self, request: Request, cost_centre_id: int) -> Response:
        return Response(CostCentreOutput(self._get(cost_centre_id)).data)

    @extend_schema(request=CostCentreUpdateInput, responses=CostCentreOutput)
    def patch(self, request: Request, cost_centre_id: int) -> Response:
        self._get(cost_centre_id)
        data = CostCentreUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.cost_centre_update(
            cost_centre_id=cost_centre_id, user=request.user, data=data.validated_data
        )
        return Response(CostCentreOutput(self._get(cost_centre_id)).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, cost_centre_id: int) -> Response:
        self._get(cost_centre_id)
        services.cost_centre_delete(cost_centre_id=cost_centre_id, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BudgetLineOutput(serializers.Serializer[Any]):
    account = serializers.IntegerField(source="account_id")
    account_code = serializers.CharField(source="account.code")
    account_name = serializers.CharField(source="account.name")
    account_type = serializers.CharField(source="account.type")
    amount = money_field()
    months = serializers.ListField(
        child=money_field(), help_text="By month of the year (ADR 0078); empty: spread evenly"
    )


class BudgetOutput(serializers.Serializer[Any]):
    cost_centre = serializers.IntegerField()
    fiscal_year = serializers.IntegerField()
    lines = BudgetLineOutput(many=True)


class BudgetLineInput(serializers.Serializer[Any]):
    account = serializers.IntegerField()
    # as the budget is read back (4 places); the service holds it to rupees and paise
    amount = serializers.DecimalField(max_digits=20, decimal_places=4)
    months = serializers.ListField(
        child=serializers.DecimalField(max_digits=20, decimal_places=4),
        required=False,
        max_length=24,
        help_text="One amount per month of the fiscal year, adding up to `amount`; "
        "omitted or empty: spread evenly",
    )


class BudgetInput(serializers.Serializer[Any]):
    lines = BudgetLineInput(many=True, max_length=500)  # type: ignore[call-arg]


class CostCentreBudgetApi(APIView):
    """A cost centre's budget for a fiscal year: an amount per income or expense account
    (ledger or group). PUT replaces it whole; no lines removes it (ADR 0070)."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": perms.ACCOUNT_VIEW, "PUT": perms.ACCOUNT_CHANGE}

    def _targets(self, cost_centre_id: int, year_id: int) -> tuple[CostCentre, FiscalYear]:
        centre = _or_404(CostCentre.objects.get, pk=cost_centre_id)
        year = _or_404(FiscalYear.objects.get, pk=year_id)
        return centre, year

    def _answer(self, centre: CostCentre, year: FiscalYear) -> Response:
        lines = selectors.budget_list(cost_centre=centre, fiscal_year=year)
        data = {"cost_centre": centre.pk, "fiscal_year": year.pk, "lines": lines}
        return Response(BudgetOutput(data).data)

    @extend_schema(responses=BudgetOutput)
    def get(self, request: Request, cost_centre_id: int, year_id: int) -> Response:
        return self._answer(*self._targets(cost_centre_id, year_id))

    @extend_schema(request=BudgetInput, responses=BudgetOutput)
    def put(self, request: Request, cost_centre_id: int, year_id: int) -> Response:
        centre, year = self._targets(cost_centre_id, year_id)
        data = BudgetInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.budget_set(
            user=request.user,
            cost_centre_id=centre.pk,
            fiscal_year_id=year.pk,
            lines=[
                services.BudgetLine(
                    account_id=line["account"],
                    amount=line["amount"],
                    months=tuple(line.get("months") or ()),
                )
                for line in data.validated_data["lines"]
            ],
        )
        return self._answer(centre, year)


# ---------------------------------------------------------------------------------------------
# Fiscal years and periods
# ---------------------------------------------------------------------------------------------
class PeriodOutput(serializers.ModelSerializer[Period]):
    class Meta:
        model = Period
        fields = ["id", "number", "name", "start_date", "end_date", "status"]


class FiscalYearOutput(serializers.ModelSerializer[FiscalYear]):
    periods = PeriodOutput(many=True, read_only=True)

    class Meta:
        model = FiscalYear
        fields = [
            "id",
            "name",
            "start_date",
            "end_date",
            "status",
            "closing_entry",
            "closed_at",
            "periods",
        ]


class FiscalYearCreateInput(serializers.Serializer[Any]):
    start_date = serializers.DateField()


class FiscalYearListApi(generics.ListAPIView[FiscalYear]):
    permission_classes = [TenantPermission]
    required_permission = {"GET": perms.PERIOD_VIEW, "POST": perms.PERIOD_CREATE}
    serializer_class = FiscalYearOutput
    ordering_fields = ["start_date"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.fiscal_year_list()

    @extend_schema(request=FiscalYearCreateInput, responses={201: FiscalYearOutput})
    def post(self, request: Request) -> Response:
        data = FiscalYearCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        year = services.fiscal_year_create(
            user=request.user, start_date=data.validated_data["start_date"]
        )
        year = selectors.fiscal_year_list().get(pk=year.pk)
        return Response(FiscalYearOutput(year).data, status=status.HTTP_201_CREATED)


class FiscalYearCloseApi(APIView):
    """Year-end close: the closing entry to retained earnings, then every period closed."""

    permission_classes = [TenantPermission]
    required_permission = {"POST": perms.PERIOD_APPROVE}

    @extend_schema(request=None, responses=FiscalYearOutput)
    def post(self, request: Request, year_id: int) -> Response:
        _or_404(FiscalYear.objects.get, pk=year_id)
        services.fiscal_year_close(
            fiscal_year_id=year_id,
            user=request.user,
            request=request,
        )
        return Response(FiscalYearOutput(selectors.fiscal_year_list().get(pk=year_id)).data)


class FiscalYearReopenInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=400)


class FiscalYearReopenApi(APIView):
    """Reopen the latest closed year: its closing entry reversed on the last day (that period
    open again, the others locked), the year open; who and why in the audit log."""

    permission_classes = [TenantPermission]
    required_permission = {"POST": perms.YEAR_REOPEN_APPROVE}

    @extend_schema(request=FiscalYearReopenInput, responses=FiscalYearOutput)
    def post(self, request: Request, year_id: int) -> Response:
        _or_404(FiscalYear.objects.get, pk=year_id)
        data = FiscalYearReopenInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.fiscal_year_reopen(
            fiscal_year_id=year_id,
            user=request.user,
            reason=data.validated_data["reason"],
            request=request,
        )
        return Response(FiscalYearOutput(selectors.fiscal_year_list().get(pk=year_id)).data)


class PeriodLockApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = {"POST": perms.PERIOD_CHANGE}
    action = "lock"

    @extend_schema(request=None, responses=PeriodOutput)
    def post(self, request: Request, period_id: int) -> Response:
        _or_404(selectors.period_get, period_id=period_id)
        change = services.period_lock if self.action == "lock" else services.period_unlock
        return Response(PeriodOutput(change(period_id=period_id, user=request.user)).data)


class PeriodUnlockApi(PeriodLockApi):
    action = "unlock"


# ---------------------------------------------------------------------------------------------
# Journal entries
# ---------------------------------------------------------------------------------------------
class JournalLineOutput(serializers.ModelSerializer[JournalLine]):
    account_code = serializers.CharField(source="account.code", read_only=True)
    account_name = serializers.CharField(source="account.name", read_only=True)
    partner_name = serializers.CharField(
        source="partner.name", read_only=True, allow_null=True, default=None
    )
    cost_centre_code = serializers.CharField(
        source="cost_centre.code", read_only=True, allow_null=True, default=None
    )
    debit = money_field()
    credit = money_field()
    amount_currency = money_field()

    class Meta:
        model = JournalLine
        fields = [
            "id",
            "line_no",
            "account",
            "account_code",
            "account_name",
            "partner",
            "partner_name",
            "cost_centre",
            "cost_centre_code",
            "description",
            "debit",
            "credit",
            "amount_currency",
        ]


class JournalEntryOutput(serializers.ModelSerializer[JournalEntry]):
    total = money_field()
    exchange_rate = serializers.DecimalField(max_digits=12, decimal_places=6, coerce_to_string=True)
    source_url = serializers.SerializerMethodField()
    reversed_by = serializers.SerializerMethodField()

    class Meta:
        model = JournalEntry
        fields = [
            "id",
            "number",
            "series",
            "date",
            "period",
            "narration",
            "status",
            "currency",
            "exchange_rate",
            "total",
            "source_type",
            "source_id",
            "source_url",
            "reversal_of",
            "reversed_by",
            "is_closing",
            "posted_at",
            "created_at",
        ]

    def get_source_url(self, entry: JournalEntry) -> str | None:
        return source_url(entry.source_type, entry.source_id)

    def get_reversed_by(self, entry: JournalEntry) -> int | None:
        return getattr(entry, "reversed_by_id", None)


class JournalEntryDetailOutput(JournalEntryOutput):
    lines = JournalLineOutput(many=True, read_only=True)

    class Meta(JournalEntryOutput.Meta):
        fields = [*JournalEntryOutput.Meta.fields, "lines"]


class DraftLineInput(serializers.Serializer[Any]):
    account = serializers.IntegerField()
    debit = serializers.DecimalField(
        max_digits=20, decimal_places=4, min_value=Decimal(0), default=Decimal(0)
    )
    credit = serializers.DecimalField(
        max_digits=20, decimal_places=4, min_value=Decimal(0), default=Decimal(0)
    )
    partner = serializers.IntegerField(required=False, allow_null=True, default=None)
    description = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )
    cost_centre = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A cost centre (an active leaf) the line belongs to",
    )


class JournalEntryInput(serializers.Serializer[Any]):
    date = serializers.DateField()
    narration = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    currency = serializers.RegexField(r"^[A-Z]{3}$", required=False)
    exchange_rate = serializers.DecimalField(
        max_digits=12, decimal_places=6, min_value=Decimal("0.000001"), required=False
    )
    lines = DraftLineInput(many=True, allow_empty=False, max_length=500)  # type: ignore[call-arg]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """An entry in a foreign currency names its rate (left out, it would count at 1); in the
        base currency the rate is 1 when left out. Line amounts are in the entry's currency."""
        currency = attrs.get("currency")
        if currency is not None and "exchange_rate" not in attrs:
            if currency != company_settings_get().base_currency:
                raise serializers.ValidationError(
                    {"exchange_rate": [f"Give the exchange rate for {currency}."]}
                )
            attrs["exchange_rate"] = Decimal(1)
        return attrs


class JournalEntryUpdateInput(JournalEntryInput):
    """A draft's changes: every field is optional and what is left out keeps its value;
    `lines`, when given, replaces every line (each line as on create)."""

    date = serializers.DateField(required=False)
    narration = serializers.CharField(max_length=500, required=False, allow_blank=True)
    lines = DraftLineInput(  # type: ignore[call-arg]
        many=True, allow_empty=False, max_length=500, required=False
    )


class JournalEntryReverseInput(serializers.Serializer[Any]):
    date = serializers.DateField()
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


def _draft_lines(lines: list[dict[str, Any]]) -> list[services.DraftLine]:
    return [
        services.DraftLine(
            account_id=line["account"],
            debit=line["debit"],
            credit=line["credit"],
            partner_id=line["partner"],
            description=line["description"],
            cost_centre_id=line["cost_centre"],
        )
        for line in lines
    ]


def _entry_list() -> Any:
    return selectors.journal_entry_list().annotate(
        reversed_by_id=JournalEntry.objects.filter(reversal_of=OuterRef("pk")).values("id")[:1]
    )


class JournalEntryListApi(generics.ListAPIView[JournalEntry]):
    permission_classes = [TenantPermission]
    required_permission = {"GET": perms.JOURNAL_VIEW, "POST": perms.JOURNAL_CREATE}
    serializer_class = JournalEntryOutput
    filterset_class = JournalEntryFilter
    search_fields = ["number", "narration"]
    ordering_fields = ["date", "number", "total", "id"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return _entry_list()

    @extend_schema(request=JournalEntryInput, responses={201: JournalEntryDetailOutput})
    def post(self, request: Request) -> Response:
        data = JournalEntryInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        entry = services.journal_entry_create(
            user=request.user,
            date=values["date"],
            narration=values["narration"],
            lines=_draft_lines(values["lines"]),
            currency=values.get("currency"),
            exchange_rate=values.get("exchange_rate", Decimal(1)),
        )
        return Response(
            JournalEntryDetailOutput(_entry_detail(entry.pk)).data, status=status.HTTP_201_CREATED
        )


def _entry_detail(entry_id: int) -> JournalEntry:
    return _or_404(  # type: ignore[no-any-return]
        _entry_list()
        .prefetch_related("lines__account", "lines__partner", "lines__cost_centre")
        .get,
        pk=entry_id,
    )


class JournalEntryDetailApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = {
        "GET": perms.JOURNAL_VIEW,
        "PATCH": perms.JOURNAL_CHANGE,
        "DELETE": perms.JOURNAL_DELETE,
    }

    @extend_schema(responses=JournalEntryDetailOutput)
    def get(self, request: Request, entry_id: int) -> Response:
        return Response(JournalEntryDetailOutput(_entry_detail(entry_id)).data)

    @extend_schema(request=JournalEntryUpdateInput, responses=JournalEntryDetailOutput)
    def patch(self, request: Request, entry_id: int) -> Response:
        _entry_detail(entry_id)
        # Validated whole, not `partial=True`: under `partial` DRF also skips the lines' defaults
        # and `required`, and a line without `credit` or `account` reached the service as a 500.
        # The update input has no top-level defaults, so what is left out stays left out.
        data = JournalEntryUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        lines = values.pop("lines", None)
        services.journal_entry_update(
            entry_id=entry_id,
            user=request.user,
            data=values,
            lines=_draft_lines(lines) if lines is not None else None,
        )
        return Response(JournalEntryDetailOutput(_entry_detail(entry_id)).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, entry_id: int) -> Response:
        _entry_detail(entry_id)
        services.journal_entry_delete(entry_id=entry_id, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class JournalEntryPostApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = {"POST": perms.JOURNAL_APPROVE}

    @extend_schema(request=None, responses=JournalEntryDetailOutput)
    def post(self, request: Request, entry_id: int) -> Response:
        _entry_detail(entry_id)
        services.journal_entry_post(entry_id=entry_id, user=request.user)
        return Response(JournalEntryDetailOutput(_entry_detail(entry_id)).data)


class JournalEntryReverseApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = {"POST": perms.JOURNAL_APPROVE}

    @extend_schema(request=JournalEntryReverseInput, responses={201: JournalEntryDetailOutput})
    def post(self, request: Request, entry_id: int) -> Response:
        _entry_detail(entry_id)
        data = JournalEntryReverseInput(data=request.data)
        data.is_valid(raise_exception=True)
        reversal = services.journal_entry_reversal_create(
            entry_id=entry_id,
            date=data.validated_data["date"],
            reason=data.validated_data["reason"],
            user=request.user,
        )
        return Response(
            JournalEntryDetailOutput(_entry_detail(reversal.pk)).data,
            status=status.HTTP_201_CREATED,
        )


# ---------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------
class ReportRowOutput(serializers.Serializer[Any]):
    account_id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    type = serializers.CharField()
    is_group = serializers.BooleanField()
    parent_id = serializers.IntegerField(allow_null=True)
    depth = serializers.IntegerField()
    values = serializers.DictField(child=money_field())


class TrialBalanceOutput(serializers.Serializer[Any]):
    from_date = serializers.DateField()
    to_date = serializers.DateField()
    rows = ReportRowOutput(many=True)
    totals = serializers.DictField(child=money_field())


class StatementOutput(serializers.Serializer[Any]):
    columns = serializers.ListField(child=serializers.DictField())
    rows = ReportRowOutput(many=True)
    totals = serializers.DictField(child=serializers.DictField(child=money_field()))


class ProfitAndLossOutput(StatementOutput):
    cost_centre = CostCentreOutput(allow_null=True, required=False)


class CostCentreRowOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField(allow_null=True)
    code = serializers.CharField()
    name = serializers.CharField()
    is_group = serializers.BooleanField()
    parent_id = serializers.IntegerField(allow_null=True)
    depth = serializers.IntegerField()
    income = money_field()
    expense = money_field()
    profit = money_field()


class BudgetRowOutput(serializers.Serializer[Any]):
    account_id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    type = serializers.CharField()
    is_group = serializers.BooleanField()
    budget = money_field()
    actual = money_field()
    variance = money_field()
    budget_to_date = money_field(help_text="The budget's months to the date (ADR 0078)")
    variance_to_date = money_field()
    phased = serializers.BooleanField(help_text="Entered by month; else spread evenly")


class BudgetReportOutput(serializers.Serializer[Any]):
    cost_centre = CostCentreOutput()
    fiscal_year = serializers.IntegerField(source="fiscal_year.pk")
    fiscal_year_name = serializers.CharField(source="fiscal_year.name")
    from_date = serializers.DateField()
    to_date = serializers.DateField()
    rows = BudgetRowOutput(many=True)
    totals = serializers.DictField(child=serializers.DictField(child=money_field()))
    not_budgeted = serializers.DictField(child=money_field())


class CostCentreSummaryOutput(serializers.Serializer[Any]):
    from_date = serializers.DateField()
    to_date = serializers.DateField()
    rows = CostCentreRowOutput(many=True)
    unallocated = CostCentreRowOutput()
    totals = serializers.DictField(child=money_field())


class GeneralLedgerLineOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    date = serializers.DateField()
    entry_id = serializers.IntegerField()
    entry_number = serializers.CharField()
    narration = serializers.CharField()
    source_type = serializers.CharField()
    source_id = serializers.IntegerField(allow_null=True)
    source_url = serializers.CharField(allow_null=True)
    description = serializers.CharField()
    partner_id = serializers.IntegerField(allow_null=True)
    debit = money_field()
    credit = money_field()
    balance = money_field()


class GeneralLedgerOutput(serializers.Serializer[Any]):
    account = AccountOutput()
    cost_centre = CostCentreOutput(allow_null=True, required=False)
    from_date = serializers.DateField()
    to_date = serializers.DateField()
    opening = money_field()
    page_opening = money_field()
    closing = money_field()
    lines = GeneralLedgerLineOutput(many=True)
    next_cursor = serializers.CharField(allow_null=True)


class TrialBalanceQuery(serializers.Serializer[Any]):
    to_date = serializers.DateField()
    from_date = serializers.DateField(required=False)


def _cost_centre_of(attrs: dict[str, Any]) -> None:
    """A report's `cost_centre` id, replaced by the cost centre (400 when unknown)."""
    if "cost_centre" in attrs:
        centre = CostCentre.objects.filter(pk=attrs["cost_centre"]).first()
        if centre is None:
            raise serializers.ValidationError({"cost_centre": ["Unknown cost centre."]})
        attrs["cost_centre"] = centre


class ProfitAndLossQuery(serializers.Serializer[Any]):
    from_date = serializers.DateField()
    to_date = serializers.DateField()
    compare_from = serializers.DateField(required=False)
    compare_to = serializers.DateField(required=False)
    cost_centre = serializers.IntegerField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _cost_centre_of(attrs)
        if ("compare_from" in attrs) != ("compare_to" in attrs):
            raise serializers.ValidationError("Give both compare_from and compare_to, or neither.")
        if attrs["from_date"] > attrs["to_date"]:
            raise serializers.ValidationError({"from_date": ["After to_date."]})
        return attrs


class DateRangeQuery(serializers.Serializer[Any]):
    from_date = serializers.DateField()
    to_date = serializers.DateField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["from_date"] > attrs["to_date"]:
            raise serializers.ValidationError({"from_date": ["After to_date."]})
        return attrs


class BudgetReportQuery(serializers.Serializer[Any]):
    cost_centre = serializers.IntegerField()
    fiscal_year = serializers.IntegerField()
    to_date = serializers.DateField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _cost_centre_of(attrs)
        year = FiscalYear.objects.filter(pk=attrs["fiscal_year"]).first()
        if year is None:
            raise serializers.ValidationError({"fiscal_year": ["Unknown fiscal year."]})
        attrs["fiscal_year"] = year
        return attrs


class CashFlowRowOutput(serializers.Serializer[Any]):
    account_id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    amount = money_field()


class CashFlowSectionOutput(serializers.Serializer[Any]):
    key = serializers.ChoiceField(choices=CashFlowActivity.choices)
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    rows = CashFlowRowOutput(many=True)
    total = money_field()


class CashFlowOutput(serializers.Serializer[Any]):
    from_date = serializers.DateField()
    to_date = serializers.DateField()
    opening_cash = money_field()
    sections = CashFlowSectionOutput(many=True)
    net_change = money_field()
    closing_cash = money_field()


class BalanceSheetQuery(serializers.Serializer[Any]):
    as_of = serializers.DateField()
    compare_as_of = serializers.DateField(required=False)


class GeneralLedgerQuery(serializers.Serializer[Any]):
    account = serializers.IntegerField()
    from_date = serializers.DateField()
    to_date = serializers.DateField()
    cursor = serializers.CharField(required=False, allow_blank=True, max_length=40)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=1000, default=100)
    cost_centre = serializers.IntegerField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _cost_centre_of(attrs)
        if attrs["from_date"] > attrs["to_date"]:
            raise serializers.ValidationError({"from_date": ["After to_date."]})
        return attrs


class ExportQuery(serializers.Serializer[Any]):
    format = serializers.ChoiceField(choices=["xlsx", "pdf"])


def _query(serializer_class: type[serializers.Serializer[Any]], request: Request) -> dict[str, Any]:
    data = serializer_class(data=request.query_params)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def _rows_data(rows: list[selectors.ReportRow]) -> list[dict[str, Any]]:
    return [row.__dict__ for row in rows]


def _trial_balance(request: Request) -> selectors.TrialBalance:
    query = _query(TrialBalanceQuery, request)
    return selectors.trial_balance(to_date=query["to_date"], from_date=query.get("from_date"))


def _profit_and_loss(request: Request) -> tuple[selectors.Statement, CostCentre | None]:
    query = _query(ProfitAndLossQuery, request)
    compare = (query["compare_from"], query["compare_to"]) if "compare_from" in query else None
    centre = query.get("cost_centre")
    report = selectors.profit_and_loss(
        from_date=query["from_date"],
        to_date=query["to_date"],
        compare=compare,
        cost_centre=centre.pk if centre is not None else None,
    )
    return report, centre


def _budget_report(request: Request) -> selectors.BudgetReport:
    return selectors.budget_vs_actual(**_query(BudgetReportQuery, request))


def _budget_data(report: selectors.BudgetReport) -> dict[str, Any]:
    return report.__dict__ | {
        "cost_centre": _cost_centres().get(pk=report.cost_centre.pk),
        "rows": [
            row.__dict__ | {"variance": row.variance, "variance_to_date": row.variance_to_date}
            for row in report.rows
        ],
    }


def _cost_centre_summary(request: Request) -> selectors.CostCentreSummary:
    return selectors.cost_centre_summary(**_query(DateRangeQuery, request))


def _balance_sheet(request: Request) -> selectors.Statement:
    query = _query(BalanceSheetQuery, request)
    return selectors.balance_sheet(as_of=query["as_of"], compare_as_of=query.get("compare_as_of"))


def _general_ledger(request: Request) -> tuple[selectors.LedgerPage, CostCentre | None]:
    query = _query(GeneralLedgerQuery, request)
    account = Account.objects.filter(pk=query["account"]).first()
    if account is None:
        raise serializers.ValidationError({"account": ["Unknown account."]})
    centre = query.get("cost_centre")
    page = selectors.general_ledger(
        account=account,
        from_date=query["from_date"],
        to_date=query["to_date"],
        cursor=query.get("cursor") or None,
        limit=query["limit"],
        cost_centres=selectors.cost_centre_subtree(centre.pk) if centre is not None else None,
    )
    return page, centre


def _cash_flow(request: Request) -> selectors.CashFlow:
    return selectors.cash_flow(**_query(DateRangeQuery, request))


DATE_PARAMS = {
    "cash-flow": [
        OpenApiParameter("from_date", OpenApiTypes.DATE, required=True),
        OpenApiParameter("to_date", OpenApiTypes.DATE, required=True),
    ],
    "trial-balance": [
        OpenApiParameter("to_date", OpenApiTypes.DATE, required=True),
        OpenApiParameter("from_date", OpenApiTypes.DATE, description="Default: fiscal year start"),
    ],
    "profit-and-loss": [
        OpenApiParameter("from_date", OpenApiTypes.DATE, required=True),
        OpenApiParameter("to_date", OpenApiTypes.DATE, required=True),
        OpenApiParameter("compare_from", OpenApiTypes.DATE),
        OpenApiParameter("compare_to", OpenApiTypes.DATE),
        OpenApiParameter(
            "cost_centre", OpenApiTypes.INT, description="Only this cost centre and those under it"
        ),
    ],
    "budget-vs-actual": [
        OpenApiParameter("cost_centre", OpenApiTypes.INT, required=True),
        OpenApiParameter("fiscal_year", OpenApiTypes.INT, required=True),
        OpenApiParameter("to_date", OpenApiTypes.DATE, description="Default: the year's end"),
    ],
    "cost-centres": [
        OpenApiParameter("from_date", OpenApiTypes.DATE, required=True),
        OpenApiParameter("to_date", OpenApiTypes.DATE, required=True),
    ],
    "balance-sheet": [
        OpenApiParameter("as_of", OpenApiTypes.DATE, required=True),
        OpenApiParameter("compare_as_of", OpenApiTypes.DATE),
    ],
    "general-ledger": [
        OpenApiParameter("account", OpenApiTypes.INT, required=True),
        OpenApiParameter("from_date", OpenApiTypes.DATE, required=True),
        OpenApiParameter("to_date", OpenApiTypes.DATE, required=True),
        OpenApiParameter("cursor", OpenApiTypes.STR),
        OpenApiParameter("limit", OpenApiTypes.INT),
        OpenApiParameter(
            "cost_centre", OpenApiTypes.INT, description="Only this cost centre and those under it"
        ),
    ],
}
FORMAT_PARAM = OpenApiParameter("format", OpenApiTypes.STR, required=True, enum=["xlsx", "pdf"])
FILE_RESPONSE = {
    (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="File")
}


class TrialBalanceApi(APIView):
    """Opening, movements and closing per account (groups summed), from the period totals."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": perms.REPORT_VIEW}

    @extend_schema(parameters=DATE_PARAMS["trial-balance"], responses=TrialBalanceOutput)
    def get(self, request: Request) -> Response:
        report = _trial_balance(request)
        data = report.__dict__ | {"rows": _rows_data(report.rows)}
        return Response(TrialBalanceOutput(data).data)


class ProfitAndLossApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = {"GET": perms.REPORT_VIEW}

    @extend_schema(parameters=DATE_PARAMS["profit-and-loss"], responses=ProfitAndLossOutput)
    def get(self, request: Request) -> Response:
        report, centre = _profit_and_loss(request)
        data = report.__dict__ | {"rows": _rows_data(report.rows), "cost_centre": centre}
        return Response(ProfitAndLossOutput(data).data)


def _cost_centre_row(row: selectors.CostCentreRow) -> dict[str, Any]:
    return row.__dict__ | {"profit": row.profit}


class CostCentreSummaryApi(APIView):
    """Income, expense and profit per cost centre for a date range (groups sum their
    children), and what no cost centre carries (`unallocated`)."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": perms.REPORT_VIEW}

    @extend_schema(parameters=DATE_PARAMS["cost-centres"], responses=CostCentreSummaryOutput)
    def get(self, request: Request) -> Response:
        report = _cost_centre_summary(request)
        data = report.__dict__ | {
            "rows": [_cost_centre_row(row) for row in report.rows],
            "unallocated": _cost_centre_row(report.unallocated),
        }
        return Response(CostCentreSummaryOutput(data).data)


class BudgetReportApi(APIView):
    """A cost centre's budget for a fiscal year beside its actual income and expense to a date
    (groups count the ledgers under them; the cost centre includes those under it)."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": perms.REPORT_VIEW}

    @extend_schema(parameters=DATE_PARAMS["budget-vs-actual"], responses=BudgetReportOutput)
    def get(self, request: Request) -> Response:
        return Response(BudgetReportOutput(_budget_data(_budget_report(request))).data)


class BudgetReportExportApi(APIView):
    permission_classes = [TenantPermission]
    content_negotiation_class = ExportContentNegotiation  # `?format=` is the file type
    required_permission = {"GET": perms.REPORT_EXPORT}

    @extend_schema(
        parameters=[*DATE_PARAMS["budget-vs-actual"], FORMAT_PARAM], responses=FILE_RESPONSE
    )
    def get(self, request: Request) -> HttpResponse:
        report = _budget_report(request)
        budget, actual = report.totals["budget"], report.totals["actual"]
        to_date = report.totals["budget_to_date"]
        table = Table(
            columns=[
                Column("Account"),
                Column("Budget for the year", "money"),
                Column("Budget to date", "money"),
                Column("Actual", "money"),
                Column("Variance to date", "money"),
            ],
            rows=[
                Row(
                    [
                        f"{row.code} {row.name}",
                        row.budget,
                        row.budget_to_date,
                        row.actual,
                        row.variance_to_date,
                    ],
                    style="group" if row.is_group else "",
                )
                for row in report.rows
            ],
            totals=[
                [
                    f"Total {key}",
                    budget[key],
                    to_date[key],
                    actual[key],
                    actual[key] - to_date[key],
                ]
                for key in ("income", "expense", "profit")
            ],
            notes=[
                "Budget to date: the months to the date, the last by its days; a budget not "
                "phased by month is spread evenly. Variance: actual less budget to date. "
                "Actual totals are the cost centre's whole income "
                f"and expense, {report.not_budgeted['income']} income and "
                f"{report.not_budgeted['expense']} expense on accounts without a budget."
            ],
        )
        centre = report.cost_centre
        file = Report(
            title=f"Budget vs actual: {centre.code} {centre.name}",
            subtitle=f"{report.fiscal_year.name}, {period_text(report.from_date, report.to_date)}",
            tables=[table],
        )
        return _export(file, request, f"budget-{centre.code}-{report.fiscal_year.name}")


class CostCentreSummaryExportApi(APIView):
    permission_classes = [TenantPermission]
    content_negotiation_class = ExportContentNegotiation  # `?format=` is the file type
    required_permission = {"GET": perms.REPORT_EXPORT}

    @extend_schema(parameters=[*DATE_PARAMS["cost-centres"], FORMAT_PARAM], responses=FILE_RESPONSE)
    def get(self, request: Request) -> HttpResponse:
        report = _cost_centre_summary(request)
        rows = [
            Row(
                [f"{row.code} {row.name}", row.income, row.expense, row.profit],
                style="group" if row.is_group else "",
                depth=row.depth,
            )
            for row in [*report.rows, report.unallocated]
        ]
        table = Table(
            columns=[
                Column("Cost centre"),
                Column("Income", "money"),
                Column("Expense", "money"),
                Column("Profit", "money"),
            ],
            rows=rows,
            totals=[
                [
                    "Total",
                    report.totals["income"],
                    report.totals["expense"],
                    report.totals["profit"],
                ]
            ],
            notes=["Groups include the cost centres under them; year-end closing left out."],
        )
        file = Report(
            title="Profit by cost centre",
            subtitle=period_text(report.from_date, report.to_date),
            tables=[table],
        )
        return _export(file, request, f"cost-centres-{report.from_date}-{report.to_date}")


class CashFlowApi(APIView):
    """The cash flow statement (direct method, ADR 0066): the cash the period's entries moved,
    by operating, investing and financing activity and account, between opening and closing
    cash."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": perms.REPORT_VIEW}

    @extend_schema(parameters=DATE_PARAMS["cash-flow"], responses=CashFlowOutput)
    def get(self, request: Request) -> Response:
        return Response(CashFlowOutput(_cash_flow(request)).data)


class CashFlowExportApi(APIView):
    permission_classes = [TenantPermission]
    content_negotiation_class = ExportContentNegotiation  # `?format=` is the file type
    required_permission = {"GET": perms.REPORT_EXPORT}

    @extend_schema(parameters=[*DATE_PARAMS["cash-flow"], FORMAT_PARAM], responses=FILE_RESPONSE)
    def get(self, request: Request) -> HttpResponse:
        report = _cash_flow(request)
        rows: list[Row] = [Row(["Opening cash and bank", report.opening_cash], style="total")]
        for section in report.sections:
            rows.append(Row([section.label, None], style="group"))
            rows += [Row([f"{r.code} {r.name}", r.amount], depth=1) for r in section.rows]
            rows.append(Row([f"Net cash from {section.label.lower()}", section.total]))
        table = Table(
            columns=[Column("Activity / account"), Column("Amount", "money")],
            rows=rows,
            totals=[
                ["Net change in cash", report.net_change],
                ["Closing cash and bank", report.closing_cash],
            ],
            notes=["Inflows positive, outflows negative (direct method)."],
        )
        file = Report(
            title="Cash flow statement",
            subtitle=period_text(report.from_date, report.to_date),
            tables=[table],
        )
        return _export(file, request, f"cash-flow-{report.from_date}-{report.to_date}")


class BalanceSheetApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = {"GET": perms.REPORT_VIEW}

    @extend_schema(parameters=DATE_PARAMS["balance-sheet"], responses=StatementOutput)
    def get(self, request: Request) -> Response:
        report = _balance_sheet(request)
        return Response(StatementOutput(report.__dict__ | {"rows": _rows_data(report.rows)}).data)


class GeneralLedgerApi(APIView):
    """One account's posted lines with a running balance (debit minus credit); keyset pages:
    pass `next_cursor` back as `cursor`."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": perms.REPORT_VIEW}

    @extend_schema(parameters=DATE_PARAMS["general-ledger"], responses=GeneralLedgerOutput)
    def get(self, request: Request) -> Response:
        page, centre = _general_ledger(request)
        data = page.__dict__ | {
            "cost_centre": centre,
            "lines": [
                line | {"source_url": source_url(line["source_type"], line["source_id"])}
                for line in page.lines
            ],
        }
        return Response(GeneralLedgerOutput(data).data)


def _export(report: Report, request: Request, filename: str) -> HttpResponse:
    fmt = _query(ExportQuery, request)["format"]
    return report_response(report, fmt=fmt, filename=filename)


def _tree_rows(rows: list[selectors.ReportRow], keys: list[str]) -> list[Row]:
    """The account tree: groups bold, each level indented."""
    return [
        Row(
            [f"{row.code} {row.name}", *(row.values.get(key, Decimal(0)) for key in keys)],
            style="group" if row.is_group else "",
            depth=row.depth,
        )
        for row in rows
    ]


def _tree_report(
    title: str,
    subtitle: str,
    rows: list[selectors.ReportRow],
    columns: list[tuple[str, str]],
    totals: list[list[Any]],
) -> Report:
    keys = [key for key, _ in columns]
    table = Table(
        columns=[Column("Account"), *(Column(label, "money") for _, label in columns)],
        rows=_tree_rows(rows, keys),
        totals=totals,
    )
    return Report(title=title, subtitle=subtitle, tables=[table], landscape=len(columns) > 4)


class TrialBalanceExportApi(APIView):
    permission_classes = [TenantPermission]
    content_negotiation_class = ExportContentNegotiation  # `?format=` is the file type
    required_permission = {"GET": perms.REPORT_EXPORT}

    @extend_schema(
        parameters=[*DATE_PARAMS["trial-balance"], FORMAT_PARAM], responses=FILE_RESPONSE
    )
    def get(self, request: Request) -> HttpResponse:
        report = _trial_balance(request)
        columns = [
            ("opening_debit", "Opening Dr"),
            ("opening_credit", "Opening Cr"),
            ("debit", "Debit"),
            ("credit", "Credit"),
            ("closing_debit", "Closing Dr"),
            ("closing_credit", "Closing Cr"),
        ]
        file = _tree_report(
            "Trial balance",
            period_text(report.from_date, report.to_date),
            report.rows,
            columns,
            totals=[["Total", *(report.totals[k] for k, _ in columns)]],
        )
        return _export(file, request, f"trial-balance-{report.to_date}")


def _statement_columns(report: selectors.Statement) -> list[tuple[str, str]]:
    out = []
    for column in report.columns:
        if "as_of" in column:
            out.append((column["key"], f"As of {format_date(column['as_of'])}"))
        else:
            out.append((column["key"], period_text(column["from_date"], column["to_date"])))
    return out


def _statement_export(
    request: Request,
    report: Any,
    title: str,
    totals: tuple[tuple[str, str], ...],
    name: str,
    *,
    subtitle: str = "",
) -> HttpResponse:
    """A comparative statement (P&L, balance sheet) as a file: its tree, then its total rows."""
    columns = _statement_columns(report)
    file = _tree_report(
        title,
        columns[0][1] + subtitle,
        report.rows,
        columns,
        totals=[[label, *(report.totals[c][key] for c, _ in columns)] for key, label in totals],
    )
    return _export(file, request, name)


class ProfitAndLossExportApi(APIView):
    permission_classes = [TenantPermission]
    content_negotiation_class = ExportContentNegotiation  # `?format=` is the file type
    required_permission = {"GET": perms.REPORT_EXPORT}

    @extend_schema(
        parameters=[*DATE_PARAMS["profit-and-loss"], FORMAT_PARAM], responses=FILE_RESPONSE
    )
    def get(self, request: Request) -> HttpResponse:
        totals = (
            ("income", "Total income"),
            ("expense", "Total expenses"),
            ("net_profit", "Net profit"),
        )
        report, centre = _profit_and_loss(request)
        return _statement_export(
            request,
            report,
            "Profit and loss",
            totals,
            "profit-and-loss" + (f"-{centre.code}" if centre is not None else ""),
            subtitle=f" · cost centre {centre.code} {centre.name}" if centre is not None else "",
        )


class BalanceSheetExportApi(APIView):
    permission_classes = [TenantPermission]
    content_negotiation_class = ExportContentNegotiation  # `?format=` is the file type
    required_permission = {"GET": perms.REPORT_EXPORT}

    @extend_schema(
        parameters=[*DATE_PARAMS["balance-sheet"], FORMAT_PARAM], responses=FILE_RESPONSE
    )
    def get(self, request: Request) -> HttpResponse:
        totals = (
            ("assets", "Total assets"),
            ("liabilities", "Total liabilities"),
            ("equity", "Total equity"),
            ("current_profit", "Profit not yet closed"),
            ("liabilities_and_equity", "Liabilities and equity"),
        )
        return _statement_export(
            request, _balance_sheet(request), "Balance sheet", totals, "balance-sheet"
        )


class GeneralLedgerExportApi(APIView):
    permission_classes = [TenantPermission]
    content_negotiation_class = ExportContentNegotiation  # `?format=` is the file type
    required_permission = {"GET": perms.REPORT_EXPORT}

    @extend_schema(
        parameters=[*DATE_PARAMS["general-ledger"], FORMAT_PARAM], responses=FILE_RESPONSE
    )
    def get(self, request: Request) -> HttpResponse:
        page, centre = _general_ledger(request)
        first_page = not request.query_params.get("cursor")
        notes = []
        if page.next_cursor:
            notes.append(
                f"The first {len(page.lines)} lines of the period: ask for a shorter period or a "
                "larger limit (up to 1000) for the rest."
            )
        table = Table(
            columns=[
                Column("Date", "date"),
                Column("Entry"),
                Column("Narration"),
                Column("Debit", "money"),
                Column("Credit", "money"),
                Column("Balance", "money"),
            ],
            rows=[
                Row(
                    # a later page (`cursor`) opens with the balance brought forward to it
                    [page.from_date, "", "Opening balance", None, None, page.page_opening]
                    if first_page
                    else [None, "", "Brought forward", None, None, page.page_opening],
                    style="group",
                ),
                *(
                    [
                        line["date"],
                        line["entry_number"],
                        line["description"] or line["narration"],
                        line["debit"],
                        line["credit"],
                        line["balance"],
                    ]
                    for line in page.lines
                ),
            ],
        )
        report = Report(
            title=f"Ledger: {page.account.code} {page.account.name}",
            subtitle=period_text(page.from_date, page.to_date)
            + (f" · cost centre {centre.code} {centre.name}" if centre is not None else ""),
            tables=[table],
            notes=notes,
            landscape=True,
        )
        return _export(report, request, f"ledger-{page.account.code}")
