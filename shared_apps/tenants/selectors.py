"""Reads for tenants."""

from __future__ import annotations

from shared_apps.tenants.models import Domain, Tenant


def tenant_for_host(host: str) -> Tenant | None:
    """The tenant a host name routes to, or None. One query."""
    domain = Domain.objects.select_related("tenant").filter(domain=host).first()
    return domain.tenant if domain else None


def subdomain_is_available(subdomain: str) -> tuple[bool, list[str]]:
    from shared_apps.tenants.services import domain_for, subdomain_errors

    errors = subdomain_errors(subdomain)
    if errors:
        return False, errors
    if Domain.objects.filter(domain=domain_for(subdomain)).exists():
        return False, [f"'{subdomain}' is already taken."]
    return True, []
