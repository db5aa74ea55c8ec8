"""Operators' console for billing: plans, subscriptions, webhook events (with replay) and a
dashboard (MRR, counts by status, trials ending this week, failed payments)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from shared_apps.billing import selectors, services
from shared_apps.billing.models import Plan, Subscription, WebhookEvent


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "is_public",
        "price_month_inr",
        "price_year_inr",
        "price_month_usd",
        "price_year_usd",
        "max_seats",
        "seats_grow",
        "trial_days",
    )
    list_editable = ("is_public",)
    search_fields = ("code", "name")
    ordering = ("sort_order", "pk")


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = (
        "tenant",
        "plan",
        "status",
        "effective",
        "seats",
        "trial_ends_at",
        "current_period_end",
        "cancel_at_period_end",
        "last_payment_failed_at",
    )
    list_filter = ("status", "plan", "cancel_at_period_end")
    search_fields = ("tenant__name", "stripe_customer_id", "stripe_subscription_id")
    list_select_related = ("tenant", "plan")
    # Stripe owns a paid subscription's state: the webhook sync writes it, not a form.
    readonly_fields = (
        "tenant",
        "status",
        "stripe_status",
        "seats",
        "interval",
        "currency",
        "current_period_end",
        "cancel_at_period_end",
        "past_due_since",
        "canceled_at",
        "last_payment_failed_at",
        "stripe_customer_id",
        "stripe_subscription_id",
        "stripe_synced_at",
        "seats_sync_due_at",
        "created_at",
        "updated_at",
    )
    fields = ("plan", "trial_ends_at", *readonly_fields)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # provisioning starts every tenant's trial

    @admin.display(description="effective status")
    def effective(self, subscription: Subscription) -> str:
        return subscription.effective_status()

    def get_urls(self) -> list[URLPattern]:
        dashboard = path(
            "dashboard/",
            self.admin_site.admin_view(self.dashboard_view),
            name="billing_dashboard",
        )
        return [dashboard, *super().get_urls()]

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "title": "Billing dashboard",
            "figures": selectors.dashboard_figures(),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/billing/dashboard.html", context)


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = (
        "stripe_event_id",
        "type",
        "status",
        "tenant",
        "attempts",
        "deliveries",
        "received_at",
        "processed_at",
    )
    list_filter = ("status", "type")
    search_fields = ("stripe_event_id", "type", "last_error")
    list_select_related = ("tenant",)
    readonly_fields = (
        "stripe_event_id",
        "type",
        "livemode",
        "status",
        "tenant",
        "attempts",
        "deliveries",
        "last_error",
        "received_at",
        "processed_at",
        "payload",
    )
    actions = ("replay_selected",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Replay selected events (process them again)")
    def replay_selected(self, request: HttpRequest, queryset: QuerySet[WebhookEvent]) -> None:
        events = list(queryset.order_by("received_at", "pk"))
        for event in events:
            services.webhook_event_replay(event=event)
        self.message_user(request, f"Queued {len(events)} event(s) again.", messages.SUCCESS)
