"""Billing APIs. Public host: the plans (pricing page) and the Stripe webhook. Tenant host: the
company's own subscription, checkout, portal and invoices (docs/adr/0022-billing-permissions.md:
`core.company.change`, held by the owner and Administrators), and its status for the banner
(any active member)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.billing import selectors, services
from shared_apps.billing.models import Currency, Interval, Plan
from tenant_apps.core.api.exceptions import error_response
from tenant_apps.core.api.permissions import (
    TenantPermission,
    TenantUserPermission,
    member_access_require,
)
from tenant_apps.core.exceptions import ApplicationError

BILLING_PERMISSION = "core.company.change"


class PlanOutput(serializers.ModelSerializer[Plan]):
    class Meta:
        model = Plan
        fields = [
            "code",
            "name",
            "description",
            "price_month_inr",
            "price_year_inr",
            "price_month_usd",
            "price_year_usd",
            "max_seats",
            "seats_grow",
            "modules",
            "storage_gb",
            "trial_days",
        ]
        read_only_fields = fields  # every field is always present in the output


class PlanListApi(APIView):
    """The plans on sale, for the pricing page. Anyone may read them."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(responses=PlanOutput(many=True), operation_id="billing_plans")
    def get(self, request: Request) -> Response:
        return Response(PlanOutput(selectors.plans_public(), many=True).data)


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    """Stripe's webhook endpoint: verify the signature on the raw body, store the event once,
    answer 200 at once; processing happens after commit in a task."""
    try:
        event, created = services.webhook_receive(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except ApplicationError as exc:
        return error_response(exc.status_code, exc.detail, exc.code)
    return JsonResponse({"received": True, "duplicate": not created, "id": event.stripe_event_id})


# ---------------------------------------------------------------------------------------------
# Tenant host
# ---------------------------------------------------------------------------------------------
class BannerOutput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=["trial_ending", "past_due", "read_only"])
    message = serializers.CharField()


class BillingStatusOutput(serializers.Serializer[Any]):
    mode = serializers.ChoiceField(choices=["development", "stripe"])
    status = serializers.CharField(help_text="Effective status: trialing, active, past_due, ...")
    read_only = serializers.BooleanField()  # type: ignore[assignment]  # a field, not Field.read_only
    trial_days_left = serializers.IntegerField(allow_null=True)
    banner = BannerOutput(allow_null=True)


class BillingStatusApi(APIView):
    """The company's subscription status and banner, for every active member (the app shell)."""

    permission_classes = [TenantUserPermission]

    @extend_schema(responses=BillingStatusOutput, operation_id="billing_status")
    def get(self, request: Request) -> Response:
        member_access_require(request)
        summary = selectors.billing_summary(tenant=request.tenant)  # type: ignore[attr-defined]
        return Response(BillingStatusOutput(summary).data)


class SubscriptionOutput(serializers.Serializer[Any]):
    mode = serializers.ChoiceField(choices=["development", "stripe"])
    status = serializers.CharField()
    stored_status = serializers.CharField()
    read_only = serializers.BooleanField()  # type: ignore[assignment]  # a field, not Field.read_only
    plan = PlanOutput(allow_null=True)
    plan_name = serializers.CharField()
    interval = serializers.CharField(allow_blank=True)
    currency = serializers.CharField(allow_blank=True)
    seats_used = serializers.IntegerField()
    seats_allowed = serializers.IntegerField(allow_null=True, help_text="null: no limit")
    seats_billed = serializers.IntegerField(allow_null=True)
    trial_ends_at = serializers.DateTimeField(allow_null=True)
    trial_days_left = serializers.IntegerField(allow_null=True)
    current_period_end = serializers.DateTimeField(allow_null=True)
    cancel_at_period_end = serializers.BooleanField()
    grace_ends_at = serializers.DateTimeField(allow_null=True)
    has_customer = serializers.BooleanField()
    banner = BannerOutput(allow_null=True)


class SubscriptionApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = BILLING_PERMISSION

    @extend_schema(responses=SubscriptionOutput, operation_id="billing_subscription")
    def get(self, request: Request) -> Response:
        summary = selectors.billing_summary(tenant=request.tenant)  # type: ignore[attr-defined]
        return Response(SubscriptionOutput(summary).data)


class TenantPlanListApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = BILLING_PERMISSION

    @extend_schema(responses=PlanOutput(many=True), operation_id="billing_tenant_plans")
    def get(self, request: Request) -> Response:
        return Response(PlanOutput(selectors.plans_public(), many=True).data)


class CheckoutInput(serializers.Serializer[Any]):
    plan = serializers.SlugRelatedField(
        slug_field="code", queryset=Plan.objects.filter(is_public=True)
    )
    interval = serializers.ChoiceField(choices=Interval.choices, default=Interval.MONTH)
    currency = serializers.ChoiceField(choices=Currency.choices, default=Currency.INR)


class RedirectOutput(serializers.Serializer[Any]):
    url = serializers.URLField()


def _link_base(request: Request) -> str:
    return f"{request.scheme}://{request.get_host()}"


class CheckoutApi(APIView):
    """Start Stripe Checkout for a plan (quantity = active members); returns where to go."""

    permission_classes = [TenantPermission]
    required_permission = {"POST": BILLING_PERMISSION}

    @extend_schema(request=CheckoutInput, responses=RedirectOutput, operation_id="billing_checkout")
    def post(self, request: Request) -> Response:
        data = CheckoutInput(data=request.data)
        data.is_valid(raise_exception=True)
        url = services.checkout_start(
            tenant=request.tenant,  # type: ignore[attr-defined]
            user=request.user,
            link_base=_link_base(request),
            **data.validated_data,
        )
        return Response({"url": url})


class PortalApi(APIView):
    """Open the Stripe Customer Portal (plan, seats, card, cancel); returns where to go."""

    permission_classes = [TenantPermission]
    required_permission = {"POST": BILLING_PERMISSION}

    @extend_schema(request=None, responses=RedirectOutput, operation_id="billing_portal")
    def post(self, request: Request) -> Response:
        url = services.portal_open(
            tenant=request.tenant,  # type: ignore[attr-defined]
            link_base=_link_base(request),
        )
        return Response({"url": url})


class InvoiceOutput(serializers.Serializer[Any]):
    id = serializers.CharField()
    number = serializers.CharField(allow_blank=True)
    status = serializers.CharField(allow_blank=True)
    currency = serializers.CharField()
    amount_due = serializers.DecimalField(max_digits=18, decimal_places=2)
    amount_paid = serializers.DecimalField(max_digits=18, decimal_places=2)
    created = serializers.DateTimeField()
    hosted_invoice_url = serializers.CharField(allow_blank=True)
    invoice_pdf = serializers.CharField(allow_blank=True)


class InvoiceListApi(APIView):
    """The company's latest 24 invoices, straight from Stripe (newest first)."""

    permission_classes = [TenantPermission]
    required_permission = BILLING_PERMISSION

    @extend_schema(responses=InvoiceOutput(many=True), operation_id="billing_invoices")
    def get(self, request: Request) -> Response:
        invoices = selectors.invoices_of(tenant=request.tenant)  # type: ignore[attr-defined]
        return Response(InvoiceOutput(invoices, many=True).data)
