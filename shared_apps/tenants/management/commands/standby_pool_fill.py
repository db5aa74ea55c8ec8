"""`manage.py standby_pool_fill [--size N]`: top the standby pool up (what the Celery task does)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from shared_apps.tenants.services import standby_pool_fill, tenant_template_ensure


class Command(BaseCommand):
    help = "Fill the pool of ready standby tenant schemas."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--size", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        tenant_template_ensure()
        made = standby_pool_fill(size=options["size"])
        self.stdout.write(f"standby pool: {made} schemas added")
