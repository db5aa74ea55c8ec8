"""Two signups racing for one subdomain: one company, one clear 400, nothing half-written."""

import threading

from django.db import connection, connections
from rest_framework.test import APIClient

from shared_apps.accounts.models import User
from shared_apps.tenants.models import Domain, Tenant, TenantStatus
from shared_apps.tenants.services import standby_pool_fill


def _drop_tenants_after(first_new_id: int) -> None:
    connection.set_schema_to_public()
    for tenant in Tenant.objects.filter(id__gte=first_new_id):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{tenant.schema_name}" CASCADE')
        tenant.delete()


def test_two_concurrent_signups_for_one_subdomain_give_one_tenant_and_one_400(
    committed_db, settings
):
    # given a pool with two ready schemas, and two operators submitting at the same moment
    settings.TENANT_STANDBY_POOL_SIZE = 2
    first_new_id = (Tenant.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    Tenant.objects.filter(status=TenantStatus.STANDBY).update(status=TenantStatus.ARCHIVED)
    operator = User.objects.get(email="ops@platform.test")
    try:
        standby_pool_fill()
        barrier = threading.Barrier(2)
        responses: list = []

        def sign_up(name: str) -> None:
            try:
                client = APIClient(HTTP_HOST="localhost")
                client.force_login(operator)
                barrier.wait()
                responses.append(
                    client.post(
                        "/api/v1/operator/tenants/",
                        {"name": name, "subdomain": "racecar"},
                        format="json",
                    )
                )
            finally:
                connections.close_all()

        threads = [
            threading.Thread(target=sign_up, args=(name,)) for name in ("Race One", "Race Two")
        ]

        # when
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        # then exactly one company owns the subdomain, and the other caller got a clear 400
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [201, 400]
        refused = next(r for r in responses if r.status_code == 400).json()
        assert refused == {
            "detail": "'racecar' is already taken.",
            "code": "subdomain_taken",
            "fields": {"subdomain": ["'racecar' is already taken."]},
        }
        domains = list(Domain.objects.filter(domain="racecar.localhost"))
        assert len(domains) == 1
        winner = Tenant.objects.get(pk=domains[0].tenant_id)
        assert winner.status == TenantStatus.ACTIVE
        # the loser's claim was rolled back: no second active tenant, its schema is standby again
        new_active = Tenant.objects.filter(id__gte=first_new_id, status=TenantStatus.ACTIVE)
        assert list(new_active) == [winner]
        assert Tenant.objects.filter(id__gte=first_new_id, status=TenantStatus.STANDBY).count() == 2
    finally:
        _drop_tenants_after(first_new_id)
        Tenant.objects.filter(status=TenantStatus.ARCHIVED, domains__isnull=True).exclude(
            id__gte=first_new_id
        ).update(status=TenantStatus.STANDBY)
