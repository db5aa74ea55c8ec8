"""Invoices, bills and notes: list (status filters), draft create/update/delete, post, cancel,
apply a note, PDF. One set of views per URL prefix (`/invoices/`, `/bills/`, `/notes/`), each
guarded by its resource's permission codes (`invoicing.<invoice|bill|note>.<action>`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.core.api.partial import partial_values
from tenant_apps.core.api.permissions import TenantPermission, member_access_require
from tenant_apps.core.fields import round_money
from tenant_apps.finance.models import Account, CostCentre
from tenant_apps.invoicing import einvoice, ewaybill, pdf, selectors
from tenant_apps.invoicing.apis.common import (
    PLACE_CHOICES,
    PartnerBrief,
    money,
    or_404,
    quantity,
    rate,
)
from tenant_apps.invoicing.apis.einvoice import EInvoiceOutput
from tenant_apps.invoicing.apis.ewaybill import EWayBillOutput
from tenant_apps.invoicing.filters import DocumentFilter
from tenant_apps.invoicing.models import (
    Allocation,
    Document,
    DocumentKind,
    DocumentLine,
    InvoiceSettings,
    TaxRate,
)
from tenant_apps.invoicing.services import credit
from tenant_apps.invoicing.services import documents as services
from tenant_apps.partners.models import Partner

PDF = "application/pdf"


# ---------------------------------------------------------------------------------------------
# Serializers
# ---------------------------------------------------------------------------------------------
class LineOutput(serializers.ModelSerializer[DocumentLine]):
    tax_rate_name = serializers.CharField(source="tax_rate.name", read_only=True)
    account_name = serializers.SerializerMethodField()
    cost_centre_name = serializers.SerializerMethodField()

    def get_account_name(self, line: DocumentLine) -> str | None:
        return str(line.account) if line.account_id else None

    def get_cost_centre_name(self, line: DocumentLine) -> str | None:
        return str(line.cost_centre) if line.cost_centre_id else None

    class Meta:
        model = DocumentLine
        fields = [
            "id",
            "position",
            "description",
            "hsn_sac",
            "quantity",
            "unit",
            "unit_price",
            "discount_percent",
            "tax_rate",
            "tax_rate_name",
            "gst_rate",
            "cess_rate",
            "taxable_value",
            "cgst",
            "sgst",
            "igst",
            "cess",
            "total",
            "account",
            "account_name",
            "cost_centre",
            "cost_centre_name",
            "itc_eligible",
        ]


EXCHANGE_FIELDS = [
    "amount_base",
    "source_amount_base",
    "exchange_gain",
    "exchange_entry",
    "exchange_entry_number",
    "exchange_reversal",
    "reversed_on",
]


ZERO = Decimal("0")


class ExchangeFields(serializers.Serializer[Any]):
    """An allocation in the base currency (ADR 0043): the value cleared from the document at
    its rate, the value used from the payment or note at its own, the realised gain (+) or
    loss (-), its journal entry and, once the source is cancelled, that entry's reversal."""

    amount_base = money(read_only=True, source="amount_base_value")
    source_amount_base = money(read_only=True, source="source_amount_base_value")
    exchange_gain = money(read_only=True)
    exchange_entry = serializers.IntegerField(
        source="exchange_entry_id", read_only=True, allow_null=True
    )
    exchange_entry_number = serializers.CharField(
        source="exchange_entry.number", read_only=True, default=None, allow_null=True
    )
    exchange_reversal = serializers.SerializerMethodField()
    reversed_on = serializers.DateField(read_only=True, allow_null=True)

    def get_exchange_reversal(self, obj: Allocation) -> int | None:
        entry = obj.exchange_entry
        if entry is None or obj.reversed_on is None:
            return None
        reversal = getattr(entry, "reversed_by", None)
        return reversal.pk if reversal is not None else None


class SettlementOutput(ExchangeFields, serializers.ModelSerializer[Allocation]):
    source_number = serializers.SerializerMethodField()
    source_type = serializers.SerializerMethodField()

    class Meta:
        model = Allocation
        fields = [
            "id",
            "date",
            "amount",
            "payment",
            "note",
            "source_type",
            "source_number",
            *EXCHANGE_FIELDS,
        ]

    def get_source_number(self, obj: Allocation) -> str:
        return obj.payment.number if obj.payment_id else obj.note.number  # type: ignore[union-attr]

    def get_source_type(self, obj: Allocation) -> str:
        return "payment" if obj.payment_id else "note"


class ApplicationOutput(ExchangeFields, serializers.ModelSerializer[Allocation]):
    document_number = serializers.CharField(source="document.number", read_only=True)

    class Meta:
        model = Allocation
        fields = ["id", "date", "amount", "document", "document_number", *EXCHANGE_FIELDS]


DOCUMENT_FIELDS = [
    "id",
    "kind",
    "status",
    "number",
    "partner",
    "date",
    "due_date",
    "reference",
    "place_of_supply",
    "is_inter_state",
    "currency",
    "exchange_rate",
    "party_name",
    "party_gstin",
    "taxable_total",
    "cgst_total",
    "sgst_total",
    "igst_total",
    "cess_total",
    "round_off",
    "total",
    "total_base",
    "amount_settled",
    "amount_open",
    "original",
    "is_opening",
    "reverse_charge",
    "posted_at",
    "cancelled_at",
    "created_at",
]


class DocumentListOutput(serializers.ModelSerializer[Document]):
    partner = PartnerBrief()
    amount_open = money(read_only=True)

    class Meta:
        model = Document
        fields = DOCUMENT_FIELDS


class DocumentOutput(DocumentListOutput):
    lines = LineOutput(many=True, read_only=True)
    settlements = SettlementOutput(source="allocations", many=True, read_only=True)
    applications = ApplicationOutput(many=True, read_only=True)
    original_number = serializers.CharField(source="original.number", read_only=True, default=None)
    party_address = serializers.CharField(read_only=True)
    party_state = serializers.CharField(read_only=True)
    notes = serializers.CharField(read_only=True)
    journal_entry = serializers.IntegerField(
        source="journal_entry_id", read_only=True, allow_null=True
    )
    einvoice = EInvoiceOutput(
        read_only=True, allow_null=True, help_text="The IRP's answer, once recorded (ADR 0062)"
    )
    einvoice_applicable = serializers.SerializerMethodField(
        help_text="E-invoicing is on and the IRP takes this document once posted"
    )
    ewaybill = EWayBillOutput(
        read_only=True,
        allow_null=True,
        help_text="The active e-way bill, else the last one cancelled (ADR 0063, 0067)",
    )
    ewaybill_applicable = serializers.SerializerMethodField(
        help_text="An invoice moving goods within India worth more than ₹50,000"
    )

    def get_ewaybill_applicable(self, obj: Document) -> bool:
        return ewaybill.shown(obj)

    def get_einvoice_applicable(self, obj: Document) -> bool:
        return einvoice.shown(obj)

    class Meta:
        model = Document
        fields = [
            *DOCUMENT_FIELDS,
            "original_number",
            "party_address",
            "party_state",
            "notes",
            "journal_entry",
            "einvoice",
            "einvoice_applicable",
            "ewaybill",
            "ewaybill_applicable",
            "lines",
            "settlements",
            "applications",
        ]


class LineInput(serializers.Serializer[Any]):
    description = serializers.CharField(max_length=500)
    hsn_sac = serializers.RegexField(
        r"^(\d{4}(\d{2}(\d{2})?)?)?$",
        required=False,
        allow_blank=True,
        help_text="HSN (goods) or SAC (services): 4, 6 or 8 digits; required on every document "
        "except an opening balance (`is_opening`)",
        error_messages={"invalid": "An HSN/SAC code has 4, 6 or 8 digits."},
    )
    quantity = quantity(min_value=Decimal("0.000001"))  # type: ignore[arg-type]
    unit = serializers.CharField(max_length=10, required=False)
    unit_price = money(min_value=0)  # type: ignore[arg-type]
    discount_percent = rate(min_value=0, max_value=100, required=False)  # type: ignore[arg-type]
    tax_rate = serializers.PrimaryKeyRelatedField(queryset=TaxRate.objects.all())
    account = serializers.PrimaryKeyRelatedField(
        queryset=Account.objects.all(),
        required=False,
        allow_null=True,
        help_text="The ledger the line's taxable value posts to: income on a sale, expense or "
        "asset on a purchase; blank: the sales (export sales) or purchase ledger",
    )
    cost_centre = serializers.PrimaryKeyRelatedField(
        queryset=CostCentre.objects.all(),
        required=False,
        allow_null=True,
        help_text="The cost centre (project, job) the line's taxable value belongs to",
    )
    itc_eligible = serializers.BooleanField(
        required=False,
        help_text="On a purchase: false when the input tax is blocked (CGST Act s.17(5), ADR "
        "0072) and posts with the line's cost; default true",
    )


class DocumentInput(serializers.Serializer[Any]):
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.all())
    date = serializers.DateField()
    due_date = serializers.DateField(required=False, allow_null=True)
    reference = serializers.CharField(max_length=60, required=False, allow_blank=True)
    place_of_supply = serializers.ChoiceField(choices=PLACE_CHOICES, required=False)
    currency = serializers.RegexField(r"^[A-Z]{3}$", required=False)
    exchange_rate = rate(min_value=Decimal("0.000001"), required=False)  # type: ignore[arg-type]
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    is_opening = serializers.BooleanField(
        required=False,
        help_text="A balance brought forward from another system (invoices and bills): no GST, "
        "numbered OB/…, posted against the opening balance account, outside the GST returns",
    )
    reverse_charge = serializers.BooleanField(
        required=False,
        help_text="A bill or debit note under reverse charge (ADR 0071): the company pays the "
        "GST, the vendor is owed the taxable value. A new bill takes the vendor's default, a "
        "note its bill's",
    )
    lines = LineInput(many=True, required=False, max_length=500)  # type: ignore[call-arg]


class NoteInput(DocumentInput):
    kind = serializers.ChoiceField(choices=[DocumentKind.CREDIT_NOTE, DocumentKind.DEBIT_NOTE])
    original = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.filter(kind__in=(DocumentKind.INVOICE, DocumentKind.BILL)),
        required=False,
        allow_null=True,
    )


class CancelInput(serializers.Serializer[Any]):
    date = serializers.DateField(required=False)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class AllocationInput(serializers.Serializer[Any]):
    document = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.filter(kind__in=(DocumentKind.INVOICE, DocumentKind.BILL))
    )
    amount = money(min_value=Decimal("0.01"))  # type: ignore[arg-type]


class ApplyInput(serializers.Serializer[Any]):
    date = serializers.DateField(required=False)
    allocations = AllocationInput(many=True, min_length=1, max_length=200)  # type: ignore[call-arg]


# ---------------------------------------------------------------------------------------------
# Views: one family per URL prefix
# ---------------------------------------------------------------------------------------------
class _Family:
    kinds: ClassVar[tuple[str, ...]] = ()
    resource: ClassVar[str] = ""
    kind: ClassVar[str | None] = None  # the kind created here (None: from the body, for notes)
    input_class: ClassVar[type[serializers.Serializer[Any]]] = DocumentInput

    def _document(self, document_id: int) -> Document:
        return or_404(selectors.document_get, document_id=document_id, kinds=self.kinds)

    def _render(self, document: Document) -> dict[str, Any]:
        return dict(DocumentOutput(self._document(document.pk)).data)


class DocumentListBase(_Family, generics.ListAPIView[Document]):
    permission_classes = [TenantPermission]
    serializer_class = DocumentListOutput
    filterset_class = DocumentFilter
    search_fields = ["number", "party_name", "party_gstin", "reference", "partner__code"]
    ordering_fields = ["date", "number", "total", "due_date", "status", "created_at"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.document_list(kinds=self.kinds)

    @extend_schema(request=DocumentInput, responses={201: DocumentOutput})
    def post(self, request: Request) -> Response:
        data = self.input_class(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        kind = str(values.pop("kind", None) or self.kind)
        document = services.document_create(user=request.user, kind=kind, data=values)
        return Response(self._render(document), status=status.HTTP_201_CREATED)


class DocumentDetailBase(_Family, APIView):
    permission_classes = [TenantPermission]

    @extend_schema(responses=DocumentOutput)
    def get(self, request: Request, document_id: int) -> Response:
        return Response(DocumentOutput(self._document(document_id)).data)

    @extend_schema(request=DocumentInput(partial=True), responses=DocumentOutput)
    def patch(self, request: Request, document_id: int) -> Response:
        """Change a draft (header fields given; `lines`, when given, replace all lines)."""
        document = self._document(document_id)
        data = self.input_class(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = partial_values(data, replacing={"lines": LineInput})
        values.pop("kind", None)
        document = services.document_update(user=request.user, document=document, data=values)
        return Response(self._render(document))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, document_id: int) -> Response:
        """Delete a draft."""
        services.document_delete(user=request.user, document=self._document(document_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PostInput(serializers.Serializer[Any]):
    override_credit_limit = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Post an invoice that takes its customer past its credit limit, or for a "
        "customer on credit hold for overdue invoices (needs "
        f"`{credit.OVERRIDE_PERMISSION}`; recorded in the audit log)",
    )


class DocumentPostBase(_Family, APIView):
    permission_classes = [TenantPermission]

    @extend_schema(request=PostInput, responses=DocumentOutput)
    def post(self, request: Request, document_id: int) -> Response:
        """Post a draft: legal number, journal entry, frozen. An invoice that would take its
        customer past its credit limit is refused (`credit_limit_exceeded`), and one for a
        customer on credit hold (`credit_hold_overdue`), unless `override_credit_limit` is
        given by a user allowed to."""
        data = PostInput(data=request.data)
        data.is_valid(raise_exception=True)
        override = bool(data.validated_data["override_credit_limit"])
        if override and not member_access_require(request).has(credit.OVERRIDE_PERMISSION):
            raise PermissionDenied("You may not post past a customer's credit limit.")
        document = services.document_post(
            user=request.user, document=self._document(document_id), credit_override=override
        )
        return Response(self._render(document))


class OverdueInvoiceOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.CharField()
    due_date = serializers.DateField()
    currency = serializers.CharField()
    amount_open = money()
    days_overdue = serializers.IntegerField()


class CreditHoldOutput(serializers.Serializer[Any]):
    days = serializers.IntegerField(help_text="The company's overdue-days hold")
    invoices = OverdueInvoiceOutput(many=True, help_text="The oldest overdue invoices")


class CreditOutput(serializers.Serializer[Any]):
    partner = serializers.IntegerField()
    limit = money(help_text="Zero: no limit is set")
    grace_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    effective_limit = money(help_text="The limit with the company's grace percentage")
    owed = money(help_text="The customer's receivable balance now, in the base currency")
    invoice = money(help_text="This invoice's total in the base currency")
    owed_after = money()
    over_by = money(
        help_text="How far posting takes the customer past its effective limit (0: within)"
    )
    hold = CreditHoldOutput(
        allow_null=True,
        help_text="The customer is on credit hold: invoices open more than `days` past due on "
        "this draft's date (null: no hold, the customer is exempt, or the invoice is posted)",
    )


class InvoiceCreditApi(APIView):
    """The customer's credit before and after this invoice (ADR 0059), for the warning shown
    before posting a draft. A draft adds its total at its rate, to the paisa; a posted invoice
    adds nothing (it is in what the customer owes)."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.invoice.view"

    @extend_schema(responses=CreditOutput)
    def get(self, request: Request, document_id: int) -> Response:
        document = or_404(selectors.document_get, document_id=document_id, kinds=("invoice",))
        # a posted invoice is already in what the customer owes: it adds nothing more
        adding = (
            round_money(document.total * document.exchange_rate) if document.is_draft() else ZERO
        )
        settings = InvoiceSettings.objects.filter(singleton=True).first() or InvoiceSettings()
        position = credit.credit_position(
            partner=document.partner,
            adding=adding,
            grace_percent=settings.credit_limit_grace_percent,
        )
        hold = None
        days = settings.credit_hold_overdue_days
        if days and document.is_draft():
            invoices = credit.customer_hold(
                partner=document.partner,
                on=document.date,
                days=days,
                min_amount=settings.credit_hold_min_amount,
            )
            if invoices:
                hold = {"days": days, "invoices": [vars(i) for i in invoices]}
        return Response(
            CreditOutput(
                {
                    "partner": document.partner_id,
                    "limit": position.limit,
                    "grace_percent": position.grace_percent,
                    "effective_limit": position.effective_limit,
                    "owed": position.owed,
                    "invoice": position.adding,
                    "owed_after": position.owed_after,
                    "over_by": position.over_by,
                    "hold": hold,
                }
            ).data
        )


class DuplicateInput(serializers.Serializer[Any]):
    date = serializers.DateField(required=False, help_text="The copy's date (default: today)")


class DocumentDuplicateBase(_Family, APIView):
    permission_classes = [TenantPermission]

    @extend_schema(request=DuplicateInput, responses={201: DocumentOutput})
    def post(self, request: Request, document_id: int) -> Response:
        """A new draft like this invoice or bill: party, place of supply, currency and rate,
        notes and lines, dated today (or `date`), due by the party's terms."""
        data = DuplicateInput(data=request.data)
        data.is_valid(raise_exception=True)
        copy = services.document_duplicate(
            user=request.user,
            document=self._document(document_id),
            date=data.validated_data.get("date") or timezone.localdate(),
        )
        return Response(self._render(copy), status=status.HTTP_201_CREATED)


class DocumentCancelBase(_Family, APIView):
    permission_classes = [TenantPermission]

    @extend_schema(request=CancelInput, responses=DocumentOutput)
    def post(self, request: Request, document_id: int) -> Response:
        """Cancel a posted document: an invoice/bill by its reversing note (returned), a note by
        reversing its entry."""
        data = CancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.document_cancel(
            user=request.user, document=self._document(document_id), **data.validated_data
        )
        return Response(DocumentOutput(selectors.document_get(document_id=result.pk)).data)


class DocumentPdfBase(_Family, APIView):
    permission_classes = [TenantPermission]

    @extend_schema(responses={(200, PDF): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request: Request, document_id: int) -> HttpResponse:
        """The document as a PDF attachment (drafts are marked DRAFT)."""
        document = self._document(document_id)
        name = (document.number or f"draft-{document.pk}").replace("/", "-")
        response = HttpResponse(pdf.document_pdf(document), content_type=PDF)
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response


# Customer invoices ----------------------------------------------------------------------------
class _Invoices(_Family):
    kinds = (DocumentKind.INVOICE,)
    resource = "invoice"
    kind = DocumentKind.INVOICE


class InvoiceListApi(_Invoices, DocumentListBase):
    """Customer invoices. Filters: status (repeatable), partner, dates, open; search by
    number, party, GSTIN."""

    required_permission = {"GET": "invoicing.invoice.view", "POST": "invoicing.invoice.create"}


class InvoiceDetailApi(_Invoices, DocumentDetailBase):
    required_permission = {
        "GET": "invoicing.invoice.view",
        "PATCH": "invoicing.invoice.change",
        "DELETE": "invoicing.invoice.delete",
    }


class InvoicePostApi(_Invoices, DocumentPostBase):
    required_permission = "invoicing.invoice.approve"


class InvoiceCancelApi(_Invoices, DocumentCancelBase):
    required_permission = "invoicing.invoice.approve"


class InvoiceDuplicateApi(_Invoices, DocumentDuplicateBase):
    required_permission = "invoicing.invoice.create"


class InvoicePdfApi(_Invoices, DocumentPdfBase):
    required_permission = "invoicing.invoice.view"


# Vendor bills -------------------------------------------------------------------------------
class _Bills(_Family):
    kinds = (DocumentKind.BILL,)
    resource = "bill"
    kind = DocumentKind.BILL


class BillListApi(_Bills, DocumentListBase):
    """Vendor bills (`reference`: the vendor's own bill number)."""

    required_permission = {"GET": "invoicing.bill.view", "POST": "invoicing.bill.create"}


class BillDetailApi(_Bills, DocumentDetailBase):
    required_permission = {
        "GET": "invoicing.bill.view",
        "PATCH": "invoicing.bill.change",
        "DELETE": "invoicing.bill.delete",
    }


class BillPostApi(_Bills, DocumentPostBase):
    required_permission = "invoicing.bill.approve"


class BillCancelApi(_Bills, DocumentCancelBase):
    required_permission = "invoicing.bill.approve"


class BillDuplicateApi(_Bills, DocumentDuplicateBase):
    required_permission = "invoicing.bill.create"


class BillPdfApi(_Bills, DocumentPdfBase):
    required_permission = "invoicing.bill.view"


# Credit and debit notes ---------------------------------------------------------------------
NOTE_KINDS = (DocumentKind.CREDIT_NOTE, DocumentKind.DEBIT_NOTE)


class _Notes(_Family):
    kinds = NOTE_KINDS
    resource = "note"
    kind = None
    input_class = NoteInput


class NoteListApi(_Notes, DocumentListBase):
    """Credit notes (to customers) and debit notes (to vendors); `original` is the invoice or
    bill a note adjusts (posting applies the note to it)."""

    required_permission = {"GET": "invoicing.note.view", "POST": "invoicing.note.create"}

    @extend_schema(request=NoteInput, responses={201: DocumentOutput})
    def post(self, request: Request) -> Response:
        return super().post(request)


class NoteDetailApi(_Notes, DocumentDetailBase):
    required_permission = {
        "GET": "invoicing.note.view",
        "PATCH": "invoicing.note.change",
        "DELETE": "invoicing.note.delete",
    }

    @extend_schema(request=NoteInput(partial=True), responses=DocumentOutput)
    def patch(self, request: Request, document_id: int) -> Response:
        return super().patch(request, document_id)


class NotePostApi(_Notes, DocumentPostBase):
    required_permission = "invoicing.note.approve"


class NoteCancelApi(_Notes, DocumentCancelBase):
    required_permission = "invoicing.note.approve"


class NotePdfApi(_Notes, DocumentPdfBase):
    required_permission = "invoicing.note.view"


class NoteApplyApi(APIView):
    """Apply a posted credit note to the customer's invoices (a debit note to the vendor's
    bills), partly or wholly."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.note.approve"

    @extend_schema(request=ApplyInput, responses=DocumentOutput)
    def post(self, request: Request, document_id: int) -> Response:
        note = or_404(selectors.document_get, document_id=document_id, kinds=NOTE_KINDS)
        data = ApplyInput(data=request.data)
        data.is_valid(raise_exception=True)
        note = services.note_apply(
            user=request.user,
            note=note,
            allocations=[(a["document"], a["amount"]) for a in data.validated_data["allocations"]],
            date=data.validated_data.get("date") or timezone.localdate(),
        )
        return Response(DocumentOutput(selectors.document_get(document_id=note.pk)).data)
