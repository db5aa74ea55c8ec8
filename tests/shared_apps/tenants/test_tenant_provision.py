import logging

import pytest
from django.db import connection
from django_tenants.utils import schema_exists

from shared_apps.tenants.models import Domain, Tenant, TenantStatus
from shared_apps.tenants.services import standby_pool_fill, tenant_provision
from tenant_apps.core.exceptions import ApplicationError
from tests.conftest import in_schema


def _standby_ids() -> list[int]:
    return list(
        Tenant.objects.filter(status=TenantStatus.STANDBY)
        .order_by("id")
        .values_list("id", flat=True)
    )


def test_provision_claims_the_oldest_standby_schema_and_the_pool_refills(
    world, db, settings, django_capture_on_commit_callbacks
):
    # given a pool of two ready schemas
    settings.TENANT_STANDBY_POOL_SIZE = 2
    standby_pool_fill()
    before = _standby_ids()
    assert len(before) == 2

    # when a company is provisioned (and its transaction's on-commit work runs)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tenant = tenant_provision(
            name="Gamma Fabricators", subdomain="gamma", gstin="27aapfu0939f1zv", state="27"
        )

    # then it took the oldest standby schema, made it active, and routed its domain
    assert tenant.pk == before[0]
    assert tenant.schema_name == f"t_{before[0]}"
    assert tenant.status == TenantStatus.ACTIVE
    assert tenant.activated_at is not None
    assert list(Domain.objects.filter(tenant=tenant).values_list("domain", "is_primary")) == [
        ("gamma.localhost", True)
    ]
    with in_schema(tenant.schema_name):
        from tenant_apps.core.models import CompanySettings

        company = CompanySettings.objects.get()
        assert (company.name, company.legal_name, company.gstin, company.state) == (
            "Gamma Fabricators",
            "Gamma Fabricators",
            "27AAPFU0939F1ZV",
            "27",
        )
    # and the refill queued after commit topped the pool back up to two
    assert len(callbacks) == 1
    after = _standby_ids()
    assert len(after) == 2
    assert before[1] in after
    assert before[0] not in after


def test_provision_with_an_empty_pool_clones_the_template_and_says_so(world, db, settings, caplog):
    # given no standby schema
    settings.TENANT_STANDBY_POOL_SIZE = 0
    Tenant.objects.filter(status=TenantStatus.STANDBY).update(status=TenantStatus.ARCHIVED)
    caplog.set_level(logging.WARNING, logger="shared_apps.tenants.services")

    # when
    tenant = tenant_provision(name="Delta Hotels Supply", subdomain="delta")

    # then a fresh clone served the request, and the log says the pool was empty
    assert tenant.status == TenantStatus.ACTIVE
    assert schema_exists(tenant.schema_name)
    assert any("standby pool empty" in r.getMessage() for r in caplog.records)
    with in_schema(tenant.schema_name):
        from tenant_apps.core.models import CompanySettings

        assert CompanySettings.objects.get().name == "Delta Hotels Supply"


@pytest.mark.parametrize(
    ("subdomain", "rule"),
    [
        ("ab", "Use 3 to 40 characters."),
        ("a" * 41, "Use 3 to 40 characters."),
        ("Acme", "Use only lowercase letters, digits and hyphens"),
        ("acme_kitchens", "Use only lowercase letters, digits and hyphens"),
        ("-acme", "Use only lowercase letters, digits and hyphens"),
        ("acme-", "Use only lowercase letters, digits and hyphens"),
        ("www", "'www' is reserved."),
        ("admin", "'admin' is reserved."),
        ("mail", "'mail' is reserved."),
    ],
)
def test_bad_subdomains_are_refused_naming_the_rule(world, db, subdomain, rule):
    # given
    tenants_before = list(Tenant.objects.order_by("id").values_list("id", "status"))

    # when
    with pytest.raises(ApplicationError) as refused:
        tenant_provision(name="Epsilon", subdomain=subdomain)

    # then
    assert refused.value.code == "subdomain_invalid"
    assert any(message.startswith(rule) for message in refused.value.fields["subdomain"])
    assert list(Tenant.objects.order_by("id").values_list("id", "status")) == tenants_before


def test_a_taken_subdomain_is_refused(world, db):
    # when
    with pytest.raises(ApplicationError) as refused:
        tenant_provision(name="Another Alpha", subdomain="alpha")

    # then
    assert refused.value.code == "subdomain_taken"
    assert refused.value.fields == {"subdomain": ["'alpha' is already taken."]}


def test_invalid_company_details_are_all_reported_and_nothing_is_claimed(world, db, settings):
    # given one standby schema
    settings.TENANT_STANDBY_POOL_SIZE = 1
    standby_pool_fill()
    before = _standby_ids()

    # when name, subdomain and GSTIN are all wrong
    with pytest.raises(ApplicationError) as refused:
        tenant_provision(name=" ", subdomain="x", gstin="27AAPFU0939F1ZX", state="27")

    # then every bad field is named at once and the pool is untouched
    assert refused.value.code == "invalid"
    assert set(refused.value.fields) == {"name", "subdomain", "gstin"}
    assert _standby_ids() == before
    assert connection.schema_name == "public"


def test_gstin_of_another_state_is_refused(world, db):
    # when a Maharashtra GSTIN is given for a Karnataka company
    with pytest.raises(ApplicationError) as refused:
        tenant_provision(name="Zeta", subdomain="zeta", gstin="27AAPFU0939F1ZV", state="29")

    # then
    assert refused.value.fields == {
        "gstin": ["GSTIN 27AAPFU0939F1ZV belongs to state 27, not the company's state 29."]
    }
    assert not Domain.objects.filter(domain="zeta.localhost").exists()
