"""`manage.py tenant_export <subdomain-or-schema> [--out DIR]`: write one company's export file
(see shared_apps/tenants/exports.py) and print its path."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shared_apps.tenants.exports import tenant_export
from shared_apps.tenants.models import Tenant
from shared_apps.tenants.selectors import tenant_for_host
from shared_apps.tenants.services import domain_for
from tenant_apps.core.exceptions import ApplicationError


def tenant_by_name(name: str) -> Tenant | None:
    """The tenant with schema `name`, else the one at host `name` or `<name>.<BASE_DOMAIN>`."""
    tenant = Tenant.objects.filter(schema_name=name).first()
    return tenant or tenant_for_host(name) or tenant_for_host(domain_for(name))


class Command(BaseCommand):
    help = "Export one tenant (schema and manifest) to a .tar file and print its path."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("tenant", help="subdomain, host name or schema name (t_<id>)")
        parser.add_argument(
            "--out", default=None, help="folder for the file (default TENANT_EXPORT_DIR)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = tenant_by_name(options["tenant"])
        if tenant is None:
            raise CommandError(f"No tenant is called {options['tenant']!r}.")
        try:
            path = tenant_export(tenant=tenant, directory=options["out"])
        except ApplicationError as exc:
            raise CommandError(f"{exc.detail} [{exc.code}]") from exc
        self.stdout.write(str(path))
