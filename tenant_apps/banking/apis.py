"""Bank statements and reconciliation API (ADR 0053)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.banking import selectors, services
from tenant_apps.banking.models import BankStatement, BankStatementLine
from tenant_apps.banking.report_tables import reconciliation_report
from tenant_apps.core.api.export import ExportContentNegotiation
from tenant_apps.core.api.permissions import TenantPermission
from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.exports.responses import (
    PDF_TYPE,
    XLSX_TYPE,
    report_format_of,
    report_response,
)
from tenant_apps.finance.models import Account, AccountRole, CostCentre, JournalLine
from tenant_apps.invoicing.apis.common import money

TEMPLATE_CSV = (
    "Date,Description,Reference,Debit,Credit,Balance\n"
    "01/04/2025,NEFT from customer,UTR123456,,10000.00,110000.00\n"
    "02/04/2025,Bank charges,,118.00,,109882.00\n"
)


class BankAccountBrief(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class BankStatementOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    account = BankAccountBrief()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    opening_balance = money()
    closing_balance = money()
    file_name = serializers.CharField()
    created_at = serializers.DateTimeField()
    line_count = serializers.IntegerField()
    matched_count = serializers.IntegerField()


class BankJournalLineBrief(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    entry_id = serializers.IntegerField()
    entry_number = serializers.CharField(source="entry.number")
    date = serializers.DateField()
    narration = serializers.CharField(source="entry.narration")
    description = serializers.CharField()
    amount = serializers.SerializerMethodField(help_text="Debit - credit")

    def get_amount(self, obj: JournalLine) -> str:
        return str(obj.debit - obj.credit)


class BankStatementLineOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    line_no = serializers.IntegerField()
    date = serializers.DateField()
    description = serializers.CharField()
    reference = serializers.CharField()
    amount = money(help_text="+ money in, - money out")
    balance = money(allow_null=True)
    matched = serializers.BooleanField()
    journal_lines = BankJournalLineBrief(many=True, help_text="The journal lines it is matched to")
    suggestions = BankJournalLineBrief(many=True, help_text="Candidates when unmatched, best first")


class BankStatementDetailOutput(BankStatementOutput):
    lines = BankStatementLineOutput(many=True)


class BankStatementImportInput(serializers.Serializer[Any]):
    account = serializers.PrimaryKeyRelatedField(
        queryset=Account.objects.filter(role=AccountRole.BANK, is_group=False)
    )
    file = serializers.FileField()
    opening_balance = money(required=False, allow_null=True)
    closing_balance = money(required=False, allow_null=True)


def _statement(statement_id: int) -> BankStatement:
    return get_object_or_404(selectors.statement_list(), pk=statement_id)


def _line(statement_id: int, line_id: int) -> BankStatementLine:
    return get_object_or_404(
        BankStatementLine.objects.select_related("statement__account"),
        pk=line_id,
        statement_id=statement_id,
    )


def _detail(statement: BankStatement) -> dict[str, Any]:
    lines = selectors.statement_lines(statement)
    suggestions = selectors.statement_suggestions(statement)
    data = BankStatementOutput(statement).data
    data["lines"] = [
        BankStatementLineOutput(
            {
                **{
                    f: getattr(line, f)
                    for f in (
                        "id",
                        "line_no",
                        "date",
                        "description",
                        "reference",
                        "amount",
                        "balance",
                    )
                },
                **selectors.statement_match_state(line),
                "suggestions": suggestions.get(line.pk, []),
            }
        ).data
        for line in lines
    ]
    return data


class StatementListApi(APIView):
    """Statements, newest first (`?account=` one bank account); POST imports a CSV/.xlsx."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": "banking.statement.view", "POST": "banking.statement.create"}
    parser_classes = [MultiPartParser]

    @extend_schema(
        parameters=[OpenApiParameter("account", OpenApiTypes.INT)],
        responses=BankStatementOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        account = request.query_params.get("account")
        qs = selectors.statement_list(int(account) if account and account.isdigit() else None)
        return Response(BankStatementOutput(qs, many=True).data)

    @extend_schema(
        request={"multipart/form-data": BankStatementImportInput},
        responses={201: BankStatementDetailOutput},
    )
    def post(self, request: Request) -> Response:
        form = BankStatementImportInput(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        statement = services.statement_import(
            user=request.user,
            account=form.validated_data["account"],
            file=upload,
            file_name=upload.name or "",
            opening_balance=form.validated_data.get("opening_balance"),
            closing_balance=form.validated_data.get("closing_balance"),
        )
        return Response(_detail(_statement(statement.pk)), status=status.HTTP_201_CREATED)


class StatementTemplateApi(APIView):
    """The import template (CSV): the columns and two example lines."""

    permission_classes = [TenantPermission]
    required_permission = "banking.statement.create"

    @extend_schema(responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request: Request) -> HttpResponse:
        response = HttpResponse(TEMPLATE_CSV, content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="bank-statement.csv"'
        return response


class StatementDetailApi(APIView):
    """A statement with its lines, their matches and, for unmatched lines, suggestions.
    DELETE removes the statement and its matches."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": "banking.statement.view", "DELETE": "banking.statement.delete"}

    @extend_schema(responses=BankStatementDetailOutput)
    def get(self, request: Request, statement_id: int) -> Response:
        return Response(_detail(_statement(statement_id)))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, statement_id: int) -> Response:
        services.statement_delete(statement=_statement(statement_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class BankMatchInput(serializers.Serializer[Any]):
    journal_lines = serializers.ListField(child=serializers.IntegerField(), min_length=1)


class LineMatchApi(APIView):
    """Match a statement line to journal lines of its bank account adding up to its amount."""

    permission_classes = [TenantPermission]
    required_permission = "banking.reconciliation.change"

    @extend_schema(request=BankMatchInput, responses=BankStatementDetailOutput)
    def post(self, request: Request, statement_id: int, line_id: int) -> Response:
        form = BankMatchInput(data=request.data)
        form.is_valid(raise_exception=True)
        line = _line(statement_id, line_id)
        services.line_match(
            user=request.user, line=line, journal_line_ids=form.validated_data["journal_lines"]
        )
        return Response(_detail(_statement(statement_id)))


class LineUnmatchApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = "banking.reconciliation.change"

    @extend_schema(request=None, responses=BankStatementDetailOutput)
    def post(self, request: Request, statement_id: int, line_id: int) -> Response:
        services.line_unmatch(line=_line(statement_id, line_id))
        return Response(_detail(_statement(statement_id)))


class BankAutoMatchOutput(BankStatementDetailOutput):
    matched_now = serializers.IntegerField()


class AutoMatchApi(APIView):
    """Match every line with exactly one suggestion (not shared with another line)."""

    permission_classes = [TenantPermission]
    required_permission = "banking.reconciliation.change"

    @extend_schema(request=None, responses=BankAutoMatchOutput)
    def post(self, request: Request, statement_id: int) -> Response:
        statement = _statement(statement_id)
        count = services.statement_auto_match(user=request.user, statement=statement)
        data = _detail(_statement(statement_id))
        data["matched_now"] = count
        return Response(data)


class BankCreateEntryInput(serializers.Serializer[Any]):
    ledger = serializers.PrimaryKeyRelatedField(
        queryset=Account.objects.filter(is_group=False, is_active=True)
    )
    narration = serializers.CharField(max_length=500, required=False, allow_blank=True)
    cost_centre = serializers.PrimaryKeyRelatedField(
        queryset=CostCentre.objects.all(),
        required=False,
        allow_null=True,
        help_text="The job or department an income or expense ledger's line belongs to",
    )


class LineEntryCreateApi(APIView):
    """Post the entry the books lack (bank charges, interest) against a ledger and match it."""

    permission_classes = [TenantPermission]
    required_permission = "banking.reconciliation.change"

    @extend_schema(request=BankCreateEntryInput, responses={201: BankStatementDetailOutput})
    def post(self, request: Request, statement_id: int, line_id: int) -> Response:
        form = BankCreateEntryInput(data=request.data)
        form.is_valid(raise_exception=True)
        services.line_entry_create(
            user=request.user,
            line=_line(statement_id, line_id),
            ledger=form.validated_data["ledger"],
            narration=form.validated_data.get("narration", ""),
            cost_centre=form.validated_data.get("cost_centre"),
        )
        return Response(_detail(_statement(statement_id)), status=status.HTTP_201_CREATED)


class BankReconciliationOutput(serializers.Serializer[Any]):
    account = BankAccountBrief()
    date = serializers.DateField()
    balance_books = money()
    uncleared_payments = BankJournalLineBrief(many=True)
    uncleared_payments_total = money()
    uncleared_receipts = BankJournalLineBrief(many=True)
    uncleared_receipts_total = money()
    bank_only = BankStatementLineOutput(many=True, help_text="Statement lines not in the books")
    bank_only_total = money()
    balance_bank_computed = money(
        help_text="books + uncleared payments - uncleared receipts + bank-only lines"
    )
    balance_bank_statement = money(allow_null=True, help_text="The bank's balance on the date")
    difference = money(allow_null=True, help_text="Statement minus computed; zero when done")
    statement_id = serializers.IntegerField(allow_null=True)


def _reconciliation_params(request: Request) -> tuple[Account, dt.date]:
    """The bank account (`?account=`, any ledger with the role bank) and the date (`?date=`)."""
    account_id = request.query_params.get("account", "")
    account = Account.objects.filter(
        pk=int(account_id) if account_id.isdigit() else 0, role=AccountRole.BANK, is_group=False
    ).first()
    if account is None:
        raise ApplicationError(
            "Choose the bank account.", code="invalid", fields={"account": ["Required."]}
        )
    try:
        date = dt.date.fromisoformat(request.query_params.get("date", ""))
    except ValueError as exc:
        raise ApplicationError(
            "Give the date (yyyy-mm-dd).", code="invalid", fields={"date": ["Not a date."]}
        ) from exc
    return account, date


class ReconciliationApi(APIView):
    """The bank reconciliation statement of a bank account on a date."""

    permission_classes = [TenantPermission]
    required_permission = "banking.statement.view"

    @extend_schema(
        parameters=[
            OpenApiParameter("account", OpenApiTypes.INT, required=True),
            OpenApiParameter("date", OpenApiTypes.DATE, required=True),
        ],
        responses=BankReconciliationOutput,
    )
    def get(self, request: Request) -> Response:
        account, date = _reconciliation_params(request)
        report = selectors.reconciliation(account, date)
        bank_only = [
            {
                **{
                    f: getattr(line, f)
                    for f in (
                        "id",
                        "line_no",
                        "date",
                        "description",
                        "reference",
                        "amount",
                        "balance",
                    )
                },
                "matched": False,
                "journal_lines": [],
                "suggestions": [],
            }
            for line in report.bank_only
        ]
        data = {
            "account": account,
            "date": date,
            "balance_books": report.balance_books,
            "uncleared_payments": report.uncleared_payments,
            "uncleared_payments_total": report.uncleared_payments_total,
            "uncleared_receipts": report.uncleared_receipts,
            "uncleared_receipts_total": report.uncleared_receipts_total,
            "bank_only": bank_only,
            "bank_only_total": report.bank_only_total,
            "balance_bank_computed": report.balance_bank_computed,
            "balance_bank_statement": report.balance_bank_statement,
            "difference": report.difference,
            "statement_id": report.statement_id,
        }
        return Response(BankReconciliationOutput(data).data)


class ReconciliationExportApi(APIView):
    """The bank reconciliation statement as an Excel workbook or a PDF (the one report
    exporter, ADR 0013)."""

    permission_classes = [TenantPermission]
    required_permission = "banking.reconciliation.export"
    content_negotiation_class = ExportContentNegotiation  # `?format=` is the file type

    @extend_schema(
        parameters=[
            OpenApiParameter("account", OpenApiTypes.INT, required=True),
            OpenApiParameter("date", OpenApiTypes.DATE, required=True),
            OpenApiParameter("format", str, required=True, enum=["xlsx", "pdf"]),
        ],
        responses={
            (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY),
            (200, PDF_TYPE): OpenApiResponse(OpenApiTypes.BINARY),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        fmt = report_format_of(request)
        account, date = _reconciliation_params(request)
        report = selectors.reconciliation(account, date)
        return report_response(
            reconciliation_report(report),
            fmt=fmt,
            filename=f"bank-reconciliation-{account.code}-{date.isoformat()}",
        )
