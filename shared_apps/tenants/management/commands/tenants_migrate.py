"""`manage.py tenants_migrate`: migrate the public schema and every lagging tenant schema.

Finds, in one pass, which schemas (tenants of every status, the template and the standby pool)
lag the code's migration leaves, and migrates only those, in parallel. Safe to re-run: an
interrupted run resumes with what is still lagging.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from erp_platform.tenancy import connection
from shared_apps.tenants import fleet
from shared_apps.tenants.models import Tenant


class Command(BaseCommand):
    help = "Migrate the public schema and only the tenant schemas that lag the code."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--parallel",
            type=int,
            default=None,
            help="Worker processes (default: TENANTS_MIGRATE_PARALLEL).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only report lagging schemas; exit 1 when any lag.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        parallel = options["parallel"] or settings.TENANTS_MIGRATE_PARALLEL
        leaves = fleet.code_leaf_migrations()
        connection.set_schema_to_public()

        public_lags = bool(fleet.lagging_schemas(["public"], leaves))
        if public_lags and options["check"]:
            raise CommandError("The public schema lags the code's migrations.")
        if public_lags:
            self.stdout.write("Migrating the public schema ...")
            call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
            self._ensure_template()

        schemas = list(Tenant.objects.order_by("id").values_list("schema_name", flat=True))
        lagging = fleet.lagging_schemas(schemas, leaves)
        summary = f"{len(schemas)} tenant schemas checked, {len(lagging)} lagging"
        if options["check"]:
            self.stdout.write(summary + "".join(f"\n  {s}" for s in lagging))
            if lagging:
                raise CommandError(f"{len(lagging)} schemas lag the code's migrations.")
            return

        bar = None
        if lagging and not options["no_progress"]:
            bar = tqdm(total=len(lagging), unit="schema", desc="migrating", file=self.stderr)

        def on_done(name: str, error: str | None) -> None:
            if bar is not None:
                bar.update(1)
            if error:
                self.stderr.write(f"  {name}: FAILED {error}")

        migrated, failed = fleet.migrate_schemas_in_parallel(
            lagging, parallel=parallel, on_done=on_done
        )
        if bar is not None:
            bar.close()
        connection.set_schema_to_public()
        if not public_lags:
            self._ensure_template()
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{summary}; {len(migrated)} migrated, {len(failed)} failed, "
            f"{len(schemas) - len(lagging)} already up to date ({elapsed:.2f} s)."
        )
        if failed:
            raise CommandError(
                f"{len(failed)} schemas failed to migrate: {', '.join(sorted(failed))}. "
                "Fix the cause and run tenants_migrate again; it resumes with what still lags."
            )

    def _ensure_template(self) -> None:
        from shared_apps.tenants.services import tenant_template_ensure

        tenant_template_ensure()
