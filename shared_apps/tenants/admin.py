"""Operators' console for tenants: status, members, created; suspend and reactivate.

A tenant's status changes only through `shared_apps.tenants.services` (the actions below), so
every transition is checked and stamped; the change form shows it read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from shared_apps.tenants import services
from shared_apps.tenants.models import Domain, Tenant
from tenant_apps.core.exceptions import ApplicationError


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "name",
        "schema_name",
        "status",
        "member_count",
        "created_at",
        "activated_at",
    )
    list_filter = ("status",)
    search_fields = ("name", "schema_name", "domains__domain")
    readonly_fields = (
        "schema_name",
        "status",
        "status_reason",
        "created_at",
        "activated_at",
        "suspended_at",
        "archived_at",
    )
    inlines = (DomainInline,)
    actions = ("suspend_selected", "reactivate_selected")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Tenant]:
        members = Count("memberships", distinct=True)
        return super().get_queryset(request).annotate(_member_count=members)

    @admin.display(description="members", ordering="_member_count")
    def member_count(self, tenant: Tenant) -> int:
        return int(getattr(tenant, "_member_count", 0))

    @admin.action(description="Suspend selected tenants")
    def suspend_selected(self, request: HttpRequest, queryset: QuerySet[Tenant]) -> None:
        reason = f"Suspended by {request.user} in the operators' console."
        self._transition(
            request,
            queryset,
            lambda tenant: services.tenant_suspend(tenant=tenant, reason=reason),
            done="Suspended",
        )

    @admin.action(description="Reactivate selected tenants")
    def reactivate_selected(self, request: HttpRequest, queryset: QuerySet[Tenant]) -> None:
        self._transition(
            request,
            queryset,
            lambda tenant: services.tenant_reactivate(tenant=tenant),
            done="Reactivated",
        )

    def _transition(
        self,
        request: HttpRequest,
        queryset: QuerySet[Tenant],
        change: Callable[[Tenant], Any],
        *,
        done: str,
    ) -> None:
        """Each tenant on its own: one that cannot make the change is reported, the rest go on."""
        changed: list[str] = []
        for tenant in queryset.order_by("pk"):
            try:
                change(tenant)
            except ApplicationError as exc:
                self.message_user(request, f"{tenant}: {exc.detail}", messages.WARNING)
            else:
                changed.append(tenant.name or tenant.schema_name)
        if changed:
            self.message_user(
                request, f"{done} {len(changed)}: {', '.join(changed)}.", messages.SUCCESS
            )
