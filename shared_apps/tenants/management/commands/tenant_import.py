"""`manage.py tenant_import <file>`: restore a tenant export (see shared_apps/tenants/exports.py)
and print the schema and name of the tenant that now holds the data."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shared_apps.tenants.exports import tenant_import
from tenant_apps.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Import a tenant export file made by tenant_export."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the .tar file written by tenant_export")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            tenant = tenant_import(path=options["file"])
        except ApplicationError as exc:
            raise CommandError(f"{exc.detail} [{exc.code}]") from exc
        self.stdout.write(f"{tenant.schema_name} {tenant.name}")
