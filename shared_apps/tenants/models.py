"""Tenants and their domains (public schema).

A tenant's schema name is opaque (`t_<id>`), never its subdomain: renaming a subdomain is a
Domain change. Schemas are created only by `services` (clone of the template), never by a save.
"""

from __future__ import annotations

from django.db import models
from django_tenants.models import DomainMixin, TenantMixin

TEMPLATE_SCHEMA = "tenant_template"


class TenantStatus(models.TextChoices):
    TEMPLATE = "template", "Template"  # the kept-migrated schema standby tenants are cloned from
    STANDBY = "standby", "Standby"  # ready in the pool, not yet claimed
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    ARCHIVED = "archived", "Archived"


class Tenant(TenantMixin):
    name = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=16, choices=TenantStatus.choices, default=TenantStatus.STANDBY, db_index=True
    )
    status_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    # Provisioning creates schemas itself (clone of the template); a save never does DDL.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=TenantStatus.values), name="tenant_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name or '(unnamed)'} [{self.schema_name}, {self.status}]"

    def is_serving(self) -> bool:
        return self.status == TenantStatus.ACTIVE


class Domain(DomainMixin):
    """A host name that routes to a tenant, e.g. `acme.localhost`."""

    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.domain
