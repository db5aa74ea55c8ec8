"""Tax rates (data, editable by admins) and the invoice print settings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.core.api.permissions import TenantPermission, request_member_access
from tenant_apps.core.fields import AMOUNT_MAX_DIGITS
from tenant_apps.invoicing import selectors
from tenant_apps.invoicing.apis.common import or_404
from tenant_apps.invoicing.apis.common import rate as rate_field
from tenant_apps.invoicing.models import InvoiceSettings, TaxRate
from tenant_apps.invoicing.services import settings as services
from tenant_apps.invoicing.services.reminders import (
    PLACEHOLDERS,
    SUBJECT_MAX,
    reminder_letter_preview,
    reminder_letters,
    reminder_text_errors,
)


class TaxRateOutput(serializers.ModelSerializer[TaxRate]):
    class Meta:
        model = TaxRate
        fields = ["id", "code", "name", "rate", "cess_rate", "valid_from", "valid_to", "is_active"]


class TaxRateInput(serializers.Serializer[Any]):
    code = serializers.RegexField(r"^[A-Z0-9_]+$", max_length=32)
    name = serializers.CharField(max_length=100)
    rate = rate_field(min_value=0, max_value=100)  # type: ignore[arg-type]
    cess_rate = rate_field(min_value=0, max_value=1000, required=False)  # type: ignore[arg-type]
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("valid_from") or getattr(self.instance, "valid_from", None)
        end = attrs.get("valid_to")
        if start and end and end < start:
            raise serializers.ValidationError({"valid_to": ["Before valid_from."]})
        return attrs


class TaxRateListApi(generics.ListAPIView[TaxRate]):
    """GST rates with their validity. `?on=YYYY-MM-DD`: the rates valid on that date."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": "invoicing.tax_rate.view", "POST": "invoicing.tax_rate.create"}
    serializer_class = TaxRateOutput
    pagination_class = None
    filterset_fields = ["is_active"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return TaxRate.objects.none()
        on = serializers.DateField(required=False, allow_null=True).run_validation(
            self.request.query_params.get("on") or None
        )
        return selectors.tax_rate_list(on=on)

    @extend_schema(parameters=[OpenApiParameter("on", str, required=False)])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=TaxRateInput, responses={201: TaxRateOutput})
    def post(self, request: Request) -> Response:
        data = TaxRateInput(data=request.data)
        data.is_valid(raise_exception=True)
        tax_rate = services.tax_rate_create(user=request.user, data=data.validated_data)
        return Response(TaxRateOutput(tax_rate).data, status=status.HTTP_201_CREATED)


class TaxRateDetailApi(APIView):
    """Change a rate's name, validity or activity (its percentages are history: add a new
    rate instead)."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": "invoicing.tax_rate.view", "PATCH": "invoicing.tax_rate.change"}

    @extend_schema(responses=TaxRateOutput)
    def get(self, request: Request, tax_rate_id: int) -> Response:
        return Response(TaxRateOutput(or_404(selectors.tax_rate_get, tax_rate_id=tax_rate_id)).data)

    @extend_schema(request=TaxRateInput(partial=True), responses=TaxRateOutput)
    def patch(self, request: Request, tax_rate_id: int) -> Response:
        tax_rate = or_404(selectors.tax_rate_get, tax_rate_id=tax_rate_id)
        data = TaxRateInput(tax_rate, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.tax_rate_update(tax_rate=tax_rate, user=request.user, data=data.validated_data)
        return Response(TaxRateOutput(tax_rate).data)


class ReminderLetterSerializer(serializers.Serializer[Any]):
    """One reminder stage's letter; {placeholders} as listed in `reminder_placeholders`."""

    subject = serializers.CharField(max_length=SUBJECT_MAX)
    message = serializers.CharField(max_length=5000, trim_whitespace=False)

    def validate_subject(self, value: str) -> str:
        errors = reminder_text_errors(value)
        if errors:
            raise serializers.ValidationError(errors)
        return value

    def validate_message(self, value: str) -> str:
        errors = reminder_text_errors(value)
        if errors:
            raise serializers.ValidationError(errors)
        if not value.strip():
            raise serializers.ValidationError("This field may not be blank.")
        return value


class ReminderPlaceholderSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    meaning = serializers.CharField()


class InvoiceSettingsSerializer(serializers.ModelSerializer[InvoiceSettings]):
    bank_ifsc = serializers.RegexField(
        r"^[A-Z]{4}0[A-Z0-9]{6}$|^$", required=False, allow_blank=True
    )
    pincode = serializers.RegexField(
        r"^[1-9][0-9]{5}$|^$",
        required=False,
        allow_blank=True,
        help_text="The address's PIN code (six digits; the e-invoice needs it, ADR 0062)",
        error_messages={"invalid": "A PIN code has six digits and does not start with 0."},
    )
    reminder_days = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=365),
        min_length=1,
        max_length=5,
        required=False,
        help_text="Days after the due date at which a payment reminder goes (ADR 0052)",
    )
    credit_hold_overdue_days = serializers.IntegerField(
        min_value=0,
        max_value=3650,
        allow_null=True,
        required=False,
        help_text="Hold a customer with an invoice open more than this many days past its due "
        "date (null or 0: off; ADR 0059)",
    )
    credit_limit_grace_percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        required=False,
        help_text="How far past its credit limit a customer may go, in percent (ADR 0059)",
    )
    credit_hold_min_amount = serializers.DecimalField(
        max_digits=AMOUNT_MAX_DIGITS - 2,  # the column's integer digits, to the paisa
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
        help_text="Hold only when the customer's invoices that far overdue have at least this "
        "much open, in the base currency (0: any amount; ADR 0059)",
    )

    reminder_letters = serializers.SerializerMethodField(
        help_text="Each stage's letter, in the order of reminder_days (ADR 0058)"
    )
    reminder_placeholders = serializers.SerializerMethodField(
        help_text="The {placeholders} a reminder letter may use"
    )

    def validate_reminder_days(self, value: list[int]) -> list[int]:
        if len(set(value)) != len(value):
            raise serializers.ValidationError("Each stage once: the days must differ.")
        return value  # sorted with its letters by the input's validate

    @extend_schema_field(ReminderLetterSerializer(many=True))
    def get_reminder_letters(self, obj: InvoiceSettings) -> list[dict[str, str]]:
        return reminder_letters(obj)

    @extend_schema_field(ReminderPlaceholderSerializer(many=True))
    def get_reminder_placeholders(self, obj: InvoiceSettings) -> list[dict[str, str]]:
        return [{"name": name, "meaning": meaning} for name, meaning in PLACEHOLDERS.items()]

    class Meta:
        model = InvoiceSettings
        fields = [
            "address",
            "city",
            "pincode",
            "phone",
            "email",
            "bank_name",
            "bank_account_name",
            "bank_account_number",
            "bank_ifsc",
            "bank_branch",
            "upi_id",
            "terms",
            "reminders_enabled",
            "reminder_days",
            "reminder_letters",
            "reminder_placeholders",
            "credit_hold_overdue_days",
            "credit_limit_grace_percent",
            "credit_hold_min_amount",
            "einvoicing_enabled",
        ]


class InvoiceSettingsInput(InvoiceSettingsSerializer):
    """A change of the settings. `reminder_letters`, when given, has one letter per stage of
    `reminder_days` (the given days, or the saved ones), in the same order; days given without
    letters keep the saved letters by position."""

    reminder_letters = ReminderLetterSerializer(  # type: ignore[assignment,call-arg]
        many=True, required=False, max_length=5, min_length=1
    )
    reminder_placeholders = None  # type: ignore[assignment]

    class Meta(InvoiceSettingsSerializer.Meta):
        fields = [f for f in InvoiceSettingsSerializer.Meta.fields if f != "reminder_placeholders"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        days = attrs.get("reminder_days")
        letters = attrs.get("reminder_letters")
        if letters is not None:
            stages = days if days is not None else self.context["saved_days"]
            if len(letters) != len(stages):
                raise serializers.ValidationError(
                    {"reminder_letters": [f"Give one letter for each of the {len(stages)} stages."]}
                )
        if days is not None:
            order = sorted(range(len(days)), key=lambda i: days[i])
            attrs["reminder_days"] = [days[i] for i in order]
            if letters is not None:
                attrs["reminder_letters"] = [dict(letters[i]) for i in order]
        return attrs


class InvoiceSettingsApi(APIView):
    """What documents print besides the company settings: address, bank details, terms; and
    the payment reminders (on/off, the days after the due date they go, each stage's letter)."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": "invoicing.setting.view", "PATCH": "invoicing.setting.change"}

    @extend_schema(responses=InvoiceSettingsSerializer)
    def get(self, request: Request) -> Response:
        settings = InvoiceSettings.objects.filter(singleton=True).first() or InvoiceSettings()
        return Response(InvoiceSettingsSerializer(settings).data)

    @extend_schema(request=InvoiceSettingsInput(partial=True), responses=InvoiceSettingsSerializer)
    def patch(self, request: Request) -> Response:
        saved = InvoiceSettings.objects.filter(singleton=True).first() or InvoiceSettings()
        data = InvoiceSettingsInput(
            data=request.data, partial=True, context={"saved_days": saved.reminder_days}
        )
        data.is_valid(raise_exception=True)
        settings = services.invoice_settings_update(user=request.user, data=data.validated_data)
        return Response(InvoiceSettingsSerializer(settings).data)


class ReminderLetterPreviewInput(ReminderLetterSerializer):
    days = serializers.IntegerField(
        min_value=1,
        max_value=365,
        help_text="The stage's days after the due date (the made-up sample is this late)",
    )


class ReminderSampleSerializer(serializers.Serializer[Any]):
    number = serializers.CharField()
    party = serializers.CharField()


class ReminderLetterPreviewOutput(serializers.Serializer[Any]):
    subject = serializers.CharField()
    message = serializers.CharField()
    sample = ReminderSampleSerializer(
        allow_null=True,
        help_text="The overdue invoice the letter is filled for; null: a made-up sample invoice",
    )


class ReminderLetterPreviewApi(APIView):
    """A stage's letter as it would go out today, from the text being edited (nothing is
    saved): filled for the company's most overdue open invoice, or for a made-up invoice when
    none is overdue or the caller may not see invoices (ADR 0058). An unknown {placeholder} is
    the same 400 as on saving, on `subject` or `message`."""

    permission_classes = [TenantPermission]
    required_permission = {"POST": "invoicing.setting.view"}

    @extend_schema(request=ReminderLetterPreviewInput, responses=ReminderLetterPreviewOutput)
    def post(self, request: Request) -> Response:
        data = ReminderLetterPreviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        access = request_member_access(request)
        preview = reminder_letter_preview(
            letter=data.validated_data,
            days=data.validated_data["days"],
            on=timezone.localdate(),
            real_sample=access is not None and access.has("invoicing.invoice.view"),
        )
        return Response(ReminderLetterPreviewOutput(preview).data)
