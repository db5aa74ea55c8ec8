"""`manage.py demo_create`: the demo company at demo.<BASE_DOMAIN> with an admin login.

Idempotent: re-running resets the admin's password to the printed one and leaves data alone.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.accounts.models import Membership, User
from shared_apps.tenants.models import Domain
from shared_apps.tenants.services import domain_for, tenant_provision, tenant_template_ensure

DEMO_SUBDOMAIN = "demo"
DEMO_NAME = "Demo Kitchen Equipment Pvt Ltd"
DEMO_GSTIN = "27AAPFU0939F1ZV"  # a valid Maharashtra GSTIN (sample)
DEMO_STATE = "27"
DEMO_TOKEN_NAME = "make run (API docs)"  # noqa: S105 (a label, not a secret)


class Command(BaseCommand):
    help = "Create (or refresh) the demo company and print its login."

    def handle(self, *args: Any, **options: Any) -> None:
        tenant_template_ensure()
        email = os.environ.get("DEMO_ADMIN_EMAIL", f"admin@{DEMO_SUBDOMAIN}.{settings.BASE_DOMAIN}")
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "demo-admin-2026")

        domain = Domain.objects.select_related("tenant").filter(domain=domain_for(DEMO_SUBDOMAIN))
        existing = domain.first()
        if existing:
            tenant = existing.tenant
        else:
            tenant = tenant_provision(
                name=DEMO_NAME, subdomain=DEMO_SUBDOMAIN, gstin=DEMO_GSTIN, state=DEMO_STATE
            )

        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_superuser(email, password, full_name="Demo Admin")
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(user=user, tenant=tenant, defaults={"is_owner": True})
        if existing is None:
            self._sample_books(tenant.schema_name, user)
        token = self._api_token(tenant.schema_name, user)

        port = os.environ.get("PORT", "8000")
        self.stdout.write(
            self.style.SUCCESS(
                f"\nDemo company: {tenant.name} at http://{domain_for(DEMO_SUBDOMAIN)}:{port}/\n"
                f"  login:     {email}\n  password:  {password}\n"
                f"  API token: {token}  (Swagger UI: Authorize -> paste it)\n"
            )
        )

    def _api_token(self, schema_name: str, user: User) -> str:
        """A fresh token for trying the API in Swagger UI; the previous one is revoked."""
        from tenant_apps.apitokens.models import ApiToken
        from tenant_apps.apitokens.services import api_token_create, api_token_revoke

        with schema_context(schema_name):
            for old in ApiToken.objects.filter(user=user, name=DEMO_TOKEN_NAME, revoked_at=None):
                api_token_revoke(token=old, user=user)
            return api_token_create(
                user=user,
                name=DEMO_TOKEN_NAME,
                expires_at=timezone.now() + dt.timedelta(days=30),
            ).secret

    def _sample_books(self, schema_name: str, user: User) -> None:
        from tenant_apps.assets.demo import demo_seed as assets_demo_seed
        from tenant_apps.banking.demo import demo_seed as banking_demo_seed
        from tenant_apps.invoicing.demo import demo_seed

        with schema_context(schema_name):
            demo_seed(user=user)
            banking_demo_seed(user=user)  # a second bank account (ADR 0055)
            assets_demo_seed(user=user)  # fixed assets and their depreciation (ADR 0075)
