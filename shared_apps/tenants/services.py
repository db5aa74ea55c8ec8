"""Tenant lifecycle: the template, the standby pool, provisioning, suspension, archive.

Provisioning is instant: `tenant_provision` claims a ready standby schema with
`SELECT ... FOR UPDATE SKIP LOCKED`, personalises it and adds its domain in one short
transaction with no DDL. The pool is refilled afterwards by a Celery task, by cloning the
template schema (itself kept migrated by `tenants_migrate`).
"""

from __future__ import annotations

import logging
import re
import time

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tenants.clone import CloneSchema
from django_tenants.utils import schema_context, schema_exists

from erp_platform.tenancy import connection
from shared_apps.tenants.models import TEMPLATE_SCHEMA, Domain, Tenant, TenantStatus
from tenant_apps.core.exceptions import ApplicationError

logger = logging.getLogger(__name__)

SUBDOMAIN_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
SUBDOMAIN_MIN, SUBDOMAIN_MAX = 3, 40
RESERVED_SUBDOMAINS = frozenset(
    {
        "www",
        "api",
        "admin",
        "app",
        "apps",
        "static",
        "media",
        "mail",
        "email",
        "smtp",
        "imap",
        "pop",
        "ftp",
        "ns",
        "ns1",
        "ns2",
        "dns",
        "cdn",
        "assets",
        "files",
        "docs",
        "help",
        "support",
        "status",
        "blog",
        "billing",
        "pay",
        "payments",
        "checkout",
        "account",
        "accounts",
        "login",
        "logout",
        "signup",
        "register",
        "auth",
        "oauth",
        "sso",
        "id",
        "dashboard",
        "console",
        "operator",
        "ops",
        "root",
        "system",
        "public",
        "template",
        "demo-template",
        "test",
        "staging",
        "dev",
        "internal",
        "webhooks",
        "hooks",
        "stripe",
        "healthz",
        "metrics",
        "grafana",
        "sentry",
        "vpn",
        "git",
        "erp",
        "macbis",
    }
)
# Advisory lock key serialising pool refills (one filler at a time fleet-wide).
POOL_FILL_LOCK = 72_041_001


# ---------------------------------------------------------------------------------------------
# Subdomains
# ---------------------------------------------------------------------------------------------
def subdomain_errors(subdomain: str) -> list[str]:
    """What is wrong with a desired subdomain, as sentences naming the rule (empty when fine)."""
    errors: list[str] = []
    if not SUBDOMAIN_MIN <= len(subdomain) <= SUBDOMAIN_MAX:
        errors.append(f"Use {SUBDOMAIN_MIN} to {SUBDOMAIN_MAX} characters.")
    if not SUBDOMAIN_RE.match(subdomain):
        errors.append(
            "Use only lowercase letters, digits and hyphens, starting and ending with a letter "
            "or digit."
        )
    if subdomain in RESERVED_SUBDOMAINS:
        errors.append(f"'{subdomain}' is reserved.")
    return errors


def domain_for(subdomain: str) -> str:
    return f"{subdomain}.{settings.BASE_DOMAIN}"


def subdomain_validate(subdomain: str) -> str:
    """Return the normalised subdomain or raise a 400 naming the rule it breaks."""
    normalised = subdomain.strip()
    errors = subdomain_errors(normalised)
    if errors:
        raise ApplicationError(errors[0], code="subdomain_invalid", fields={"subdomain": errors})
    if Domain.objects.filter(domain=domain_for(normalised)).exists():
        raise _subdomain_taken(normalised)
    return normalised


def _subdomain_taken(subdomain: str) -> ApplicationError:
    message = f"'{subdomain}' is already taken."
    return ApplicationError(message, code="subdomain_taken", fields={"subdomain": [message]})


# ---------------------------------------------------------------------------------------------
# Template and standby schemas
# ---------------------------------------------------------------------------------------------
def _reserve_tenant_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [Tenant._meta.db_table])
        return int(cursor.fetchone()[0])


def tenant_template_ensure() -> Tenant:
    """Create, migrate and seed the template schema when it is missing. Idempotent."""
    template = Tenant.objects.filter(schema_name=TEMPLATE_SCHEMA).first()
    if template is not None and schema_exists(TEMPLATE_SCHEMA):
        return template
    if template is None:
        template = Tenant(
            schema_name=TEMPLATE_SCHEMA, name="Template", status=TenantStatus.TEMPLATE
        )
        template.save()
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{TEMPLATE_SCHEMA}"')
    call_command(
        "migrate_schemas", schema_name=TEMPLATE_SCHEMA, tenant=True, interactive=False, verbosity=0
    )
    template_seed()
    return template


def template_seed() -> None:
    """Default data every tenant starts with, written once into the template."""
    from tenant_apps.core.services import tenant_defaults_seed

    with schema_context(TEMPLATE_SCHEMA):
        tenant_defaults_seed()


def _clone_template(schema_name: str) -> None:
    started = time.monotonic()
    CloneSchema().clone_schema(TEMPLATE_SCHEMA, schema_name, "DATA", set_connection=True)
    logger.info(
        "cloned %s into %s in %.0f ms",
        TEMPLATE_SCHEMA,
        schema_name,
        (time.monotonic() - started) * 1000,
    )


def standby_tenant_create() -> Tenant:
    """One ready schema for the pool: a Tenant row in `standby` and a clone of the template."""
    tenant_template_ensure()
    with transaction.atomic():
        tenant_id = _reserve_tenant_id()
        tenant = Tenant(id=tenant_id, schema_name=f"t_{tenant_id}", status=TenantStatus.STANDBY)
        tenant.save(force_insert=True)
        _clone_template(tenant.schema_name)
    return tenant


def standby_pool_fill(*, size: int | None = None) -> int:
    """Top the pool up to `size` (default TENANT_STANDBY_POOL_SIZE); return how many were made.

    One filler at a time (advisory lock): a second caller returns 0 at once.
    """
    target = settings.TENANT_STANDBY_POOL_SIZE if size is None else size
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [POOL_FILL_LOCK])
        if not cursor.fetchone()[0]:
            return 0
    try:
        made = 0
        while Tenant.objects.filter(status=TenantStatus.STANDBY).count() < target:
            standby_tenant_create()
            made += 1
        return made
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [POOL_FILL_LOCK])


# ---------------------------------------------------------------------------------------------
# Provisioning
# ---------------------------------------------------------------------------------------------
def tenant_provision(*, name: str, subdomain: str, gstin: str = "", state: str = "") -> Tenant:
    """Turn a standby schema into the company `name` at `<subdomain>.<BASE_DOMAIN>`.

    Everything is validated before anything is written; the claim, personalisation and domain
    are one short transaction with no DDL. An empty pool falls back to a synchronous clone.
    """
    from shared_apps.billing.services import subscription_trial_start
    from tenant_apps.core.services import company_fields_validate, company_settings_personalise

    name = name.strip()
    gstin = gstin.strip().upper()
    fields: dict[str, list[str]] = {}
    if not name:
        fields["name"] = ["Give the company a name."]
    elif len(name) > 200:
        fields["name"] = ["Use at most 200 characters."]
    sub_errors = subdomain_errors(subdomain.strip())
    if sub_errors:
        fields["subdomain"] = sub_errors
    fields.update(company_fields_validate(gstin=gstin, state=state))
    if fields:
        first = next(iter(fields.values()))[0]
        code = "subdomain_invalid" if set(fields) == {"subdomain"} else "invalid"
        raise ApplicationError(first, code=code, fields=fields)
    subdomain = subdomain_validate(subdomain)
    connection.set_schema_to_public()

    started = time.monotonic()
    try:
        with transaction.atomic(durable=True):
            tenant = (
                Tenant.objects.select_for_update(skip_locked=True)
                .filter(status=TenantStatus.STANDBY)
                .order_by("id")
                .first()
            )
            source = "pool"
            if tenant is None:
                logger.warning(
                    "standby pool empty: cloning the template synchronously for %s", subdomain
                )
                source = "clone"
                tenant_id = _reserve_tenant_id()
                tenant = Tenant(id=tenant_id, schema_name=f"t_{tenant_id}")
                tenant.save(force_insert=True)
                _clone_template(tenant.schema_name)
            tenant.name = name
            tenant.status = TenantStatus.ACTIVE
            tenant.activated_at = timezone.now()
            tenant.save(update_fields=["name", "status", "activated_at"])
            with transaction.atomic():
                Domain.objects.create(domain=domain_for(subdomain), tenant=tenant, is_primary=True)
            company_settings_personalise(
                schema_name=tenant.schema_name, name=name, gstin=gstin, state=state
            )
            subscription_trial_start(tenant=tenant)  # billing: a trial, no card
            transaction.on_commit(_queue_pool_refill)
    except IntegrityError as exc:
        if Domain.objects.filter(domain=domain_for(subdomain)).exists():
            raise _subdomain_taken(subdomain) from exc
        raise
    logger.info(
        "provisioned %s (%s) from %s in %.0f ms",
        subdomain,
        tenant.schema_name,
        source,
        (time.monotonic() - started) * 1000,
    )
    return tenant


def _queue_pool_refill() -> None:
    from shared_apps.tenants.tasks import standby_pool_refill

    standby_pool_refill.delay()


# ---------------------------------------------------------------------------------------------
# Lifecycle
# ---------------------------------------------------------------------------------------------
def _transition(
    *, tenant: Tenant, allowed_from: set[str], to: str, reason: str = "", stamp: str | None = None
) -> Tenant:
    with transaction.atomic(durable=True):
        locked = Tenant.objects.select_for_update().get(pk=tenant.pk)
        if locked.status not in allowed_from:
            raise ApplicationError(
                f"A tenant that is {locked.status} cannot become {to}.",
                code="tenant_invalid_transition",
            )
        locked.status = to
        locked.status_reason = reason
        update = ["status", "status_reason"]
        if stamp:
            setattr(locked, stamp, timezone.now())
            update.append(stamp)
        locked.save(update_fields=update)
    return locked


def tenant_suspend(*, tenant: Tenant, reason: str = "") -> Tenant:
    """Stop serving the tenant's host (403) without touching its data."""
    return _transition(
        tenant=tenant,
        allowed_from={TenantStatus.ACTIVE},
        to=TenantStatus.SUSPENDED,
        reason=reason,
        stamp="suspended_at",
    )


def tenant_reactivate(*, tenant: Tenant) -> Tenant:
    return _transition(
        tenant=tenant,
        allowed_from={TenantStatus.SUSPENDED, TenantStatus.ARCHIVED},
        to=TenantStatus.ACTIVE,
        stamp="activated_at",
    )


def tenant_archive(*, tenant: Tenant, reason: str = "") -> Tenant:
    """Close the tenant: its host answers 410; the schema is kept for export and restore."""
    return _transition(
        tenant=tenant,
        allowed_from={TenantStatus.ACTIVE, TenantStatus.SUSPENDED},
        to=TenantStatus.ARCHIVED,
        reason=reason,
        stamp="archived_at",
    )
