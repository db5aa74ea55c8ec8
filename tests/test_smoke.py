from django.db import connection

from shared_apps.tenants.models import Tenant, TenantStatus


def test_world_has_two_active_tenants_and_a_template(tenant_alpha, tenant_beta):
    # given the session world
    # when
    statuses = dict(Tenant.objects.values_list("schema_name", "status"))
    # then
    assert statuses[tenant_alpha.schema_name] == TenantStatus.ACTIVE
    assert statuses[tenant_beta.schema_name] == TenantStatus.ACTIVE
    assert statuses["tenant_template"] == TenantStatus.TEMPLATE
    assert connection.schema_name == "public"
