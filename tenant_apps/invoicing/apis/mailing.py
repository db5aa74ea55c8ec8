"""E-mail a posted invoice or note, a receipt or payment advice, or a party's statement, with
its PDF (ADR 0049, 0051): GET the dialog's defaults and the sending history, POST to send.
`/invoices/<id>/email/`, `/notes/<id>/email/`, `/payments/<id>/email/` and
`/reports/statement/email/` (the statement's own query parameters)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.core.api.permissions import TenantPermission
from tenant_apps.core.exports.company import company_header
from tenant_apps.core.exports.pdf import report_pdf
from tenant_apps.invoicing import report_tables, reports
from tenant_apps.invoicing.apis.common import or_404
from tenant_apps.invoicing.apis.reports import StatementInput
from tenant_apps.invoicing.models import DocumentKind, InvoiceSettings, SentEmail
from tenant_apps.invoicing.selectors import (
    document_email_target,
    document_get,
    partner_contacts_load,
    payment_email_target,
    sent_emails,
)
from tenant_apps.invoicing.services import mailing
from tenant_apps.invoicing.services.reminders import (
    reminder_next_date,
    reminders_off_for_party,
)


class EmailDraftOutput(serializers.Serializer[Any]):
    to = serializers.ListField(child=serializers.EmailField())
    cc = serializers.ListField(child=serializers.EmailField())
    subject = serializers.CharField()
    message = serializers.CharField()
    attachment = serializers.CharField()


class EmailOutput(serializers.ModelSerializer[SentEmail]):
    sent_at = serializers.DateTimeField(source="created_at", read_only=True)
    sent_by = serializers.SerializerMethodField()
    automatic = serializers.SerializerMethodField(
        help_text="Sent by the payment-reminder schedule, not by a person (ADR 0052)"
    )
    cc = serializers.ListField(child=serializers.EmailField())
    document_number = serializers.CharField(
        source="document.number", read_only=True, default=None, allow_null=True
    )
    payment_number = serializers.CharField(
        source="payment.number", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = SentEmail
        fields = [
            "id",
            "to",
            "cc",
            "subject",
            "message",
            "attachment",
            "document",
            "document_number",
            "payment",
            "payment_number",
            "statement_side",
            "statement_from",
            "statement_to",
            "sent_at",
            "sent_by",
            "automatic",
        ]

    def get_sent_by(self, obj: SentEmail) -> str:
        user = obj.created_by
        if user is None:
            return ""
        return str(getattr(user, "full_name", "") or getattr(user, "email", ""))

    def get_automatic(self, obj: SentEmail) -> bool:
        return obj.created_by_id is None


class EmailsOutput(serializers.Serializer[Any]):
    draft = EmailDraftOutput(allow_null=True)
    sent = EmailOutput(many=True)
    next_reminder = serializers.DateField(
        allow_null=True,
        required=False,
        help_text="An overdue-able invoice: when its next automatic reminder goes (ADR 0052)",
    )
    reminders_off_for_party = serializers.BooleanField(
        required=False,
        help_text="Reminders are on for the company but this invoice's customer has them off "
        "(ADR 0058): no automatic reminder will go",
    )


class EmailInput(serializers.Serializer[Any]):
    # addresses are checked by the service (one message per bad address, with its index)
    to = serializers.ListField(
        child=serializers.CharField(max_length=254, trim_whitespace=True),
        min_length=1,
        max_length=mailing.MAX_RECIPIENTS,
    )
    cc = serializers.ListField(
        child=serializers.CharField(max_length=254, trim_whitespace=True),
        required=False,
        default=list,
        max_length=mailing.MAX_RECIPIENTS,
    )
    subject = serializers.CharField(max_length=200)
    message = serializers.CharField(max_length=5000, trim_whitespace=False)


class DocumentEmailBase(APIView):
    permission_classes = [TenantPermission]
    kinds: ClassVar[tuple[str, ...]] = ()

    @extend_schema(responses=EmailsOutput)
    def get(self, request: Request, document_id: int) -> Response:
        """What the e-mail dialog starts with (`draft`, null for a draft document) and what was
        sent before, newest first."""
        document = or_404(document_email_target, document_id=document_id, kinds=self.kinds)
        today = timezone.localdate()
        settings = InvoiceSettings.objects.filter(singleton=True).first()
        draft = (
            None
            if not document.number
            else mailing.document_email_draft(
                document=document, user=request.user, settings=settings, on=today
            )
        )
        next_reminder = (
            reminder_next_date(document=document, settings=settings, on=today)
            if draft and draft["to"]
            else None
        )
        body = {
            "draft": draft,
            "sent": sent_emails(document=document),
            "next_reminder": next_reminder,
            "reminders_off_for_party": reminders_off_for_party(
                document=document, settings=settings
            ),
        }
        return Response(EmailsOutput(body).data)

    @extend_schema(request=EmailInput, responses={201: EmailOutput})
    def post(self, request: Request, document_id: int) -> Response:
        """Send the posted document's PDF to `to` (and `cc`) with this subject and message."""
        document = or_404(document_get, document_id=document_id, kinds=self.kinds)
        data = EmailInput(data=request.data)
        data.is_valid(raise_exception=True)
        record = mailing.document_email_send(
            document=document, user=request.user, **data.validated_data
        )
        return Response(EmailOutput(record).data, status=status.HTTP_201_CREATED)


class InvoiceEmailApi(DocumentEmailBase):
    kinds = (DocumentKind.INVOICE,)
    required_permission = {"GET": "invoicing.invoice.view", "POST": "invoicing.invoice.send"}


class NoteEmailApi(DocumentEmailBase):
    kinds = (DocumentKind.CREDIT_NOTE, DocumentKind.DEBIT_NOTE)
    required_permission = {"GET": "invoicing.note.view", "POST": "invoicing.note.send"}


class PaymentEmailApi(APIView):
    """E-mail a receipt (receipt voucher or payment receipt) or a payment advice with its PDF
    (ADR 0051); a cancelled one goes marked CANCELLED."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": "invoicing.payment.view", "POST": "invoicing.payment.send"}

    @extend_schema(responses=EmailsOutput)
    def get(self, request: Request, payment_id: int) -> Response:
        """What the e-mail dialog starts with and what was sent before, newest first."""
        payment = or_404(payment_email_target, payment_id=payment_id)
        draft = mailing.payment_email_draft(payment=payment, user=request.user)
        body = {"draft": draft, "sent": sent_emails(payment=payment)}
        return Response(EmailsOutput(body).data)

    @extend_schema(request=EmailInput, responses={201: EmailOutput})
    def post(self, request: Request, payment_id: int) -> Response:
        """Send the payment's PDF to `to` (and `cc`) with this subject and message."""
        payment = or_404(payment_email_target, payment_id=payment_id)
        data = EmailInput(data=request.data)
        data.is_valid(raise_exception=True)
        record = mailing.payment_email_send(
            payment=payment, user=request.user, **data.validated_data
        )
        return Response(EmailOutput(record).data, status=status.HTTP_201_CREATED)


STATEMENT_PARAMETERS = [
    OpenApiParameter("partner", int, required=True),
    OpenApiParameter("side", str, required=False, enum=["receivable", "payable"]),
    OpenApiParameter("date_from", OpenApiTypes.DATE, required=False),
    OpenApiParameter("date_to", OpenApiTypes.DATE, required=False),
]


class StatementEmailApi(APIView):
    """E-mail a party's statement of account (the PDF of `/reports/statement/` for the same
    partner, side and period) and read what was e-mailed to the party before."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": "invoicing.report.view", "POST": "invoicing.report.send"}

    def _statement(self, request: Request) -> tuple[Any, dict[str, Any]]:
        params = StatementInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        values = dict(params.validated_data)
        partner = partner_contacts_load(values["partner"])
        return partner, reports.statement(**{**values, "partner": partner})

    @extend_schema(parameters=STATEMENT_PARAMETERS, responses=EmailsOutput)
    def get(self, request: Request) -> Response:
        """The dialog's defaults for this statement and everything e-mailed to the party."""
        partner, statement = self._statement(request)
        draft = mailing.statement_email_draft(
            statement=statement, partner=partner, user=request.user
        )
        body = {"draft": draft, "sent": sent_emails(partner=partner)}
        return Response(EmailsOutput(body).data)

    @extend_schema(
        parameters=STATEMENT_PARAMETERS, request=EmailInput, responses={201: EmailOutput}
    )
    def post(self, request: Request) -> Response:
        """Send the statement's PDF to `to` (and `cc`) with this subject and message."""
        partner, statement = self._statement(request)
        data = EmailInput(data=request.data)
        data.is_valid(raise_exception=True)
        record = mailing.statement_email_send(
            statement=statement,
            render=lambda: report_pdf(
                report_tables.statement_report(statement), company=company_header()
            ),
            partner=partner,
            user=request.user,
            **data.validated_data,
        )
        return Response(EmailOutput(record).data, status=status.HTTP_201_CREATED)
