"""Test fixtures shared by the whole suite.

One test database per session, migrated once; the template and two tenants (alpha, beta) are
provisioned once and committed. Each test then runs in a transaction that is rolled back.
Tests that need real commits across threads use `committed_db` and clean up what they made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connections
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from erp_platform.tenancy import connection

PASSWORD = "correct-horse-battery-staple"

# Argon2 is the production hasher (a signup test checks it); most tests just need a fast one.
settings.PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]

# WhiteNoise warns on every request when STATIC_ROOT is missing (collectstatic is for `make run`).
Path(settings.STATIC_ROOT).mkdir(exist_ok=True)


@dataclass(frozen=True)
class World:
    """What the session set up: two tenants and their people."""

    alpha_id: int
    beta_id: int
    alpha_schema: str
    beta_schema: str
    owner_alpha_id: int
    member_alpha_id: int
    owner_beta_id: int
    operator_id: int


def _build_world() -> World:
    from shared_apps.accounts.models import Membership, User
    from shared_apps.tenants.services import tenant_provision, tenant_template_ensure

    tenant_template_ensure()
    alpha = tenant_provision(name="Alpha Steel Works", subdomain="alpha", state="27")
    beta = tenant_provision(name="Beta Kitchens", subdomain="beta", state="29")
    owner_alpha = User.objects.create_user("owner@alpha.test", PASSWORD, full_name="Asha Owner")
    member_alpha = User.objects.create_user("clerk@alpha.test", PASSWORD, full_name="Arjun Clerk")
    owner_beta = User.objects.create_user("owner@beta.test", PASSWORD, full_name="Bela Owner")
    operator = User.objects.create_superuser("ops@platform.test", PASSWORD)
    Membership.objects.create(user=owner_alpha, tenant=alpha, is_owner=True)
    Membership.objects.create(user=member_alpha, tenant=alpha)
    Membership.objects.create(user=owner_beta, tenant=beta, is_owner=True)
    # The clerk reads everything and changes nothing (roles: tenant_apps.access).
    with schema_context(alpha.schema_name):
        from tenant_apps.access.models import MemberRole, Role

        MemberRole.objects.create(user=member_alpha, role=Role.objects.get(code="read_only"))
    return World(
        alpha_id=alpha.pk,
        beta_id=beta.pk,
        alpha_schema=alpha.schema_name,
        beta_schema=beta.schema_name,
        owner_alpha_id=owner_alpha.pk,
        member_alpha_id=member_alpha.pk,
        owner_beta_id=owner_beta.pk,
        operator_id=operator.pk,
    )


_WORLD: World | None = None


@pytest.fixture(scope="session")
def django_db_setup(
    django_test_environment: None, django_db_blocker: Any, django_db_modify_db_settings: None
) -> Iterator[None]:
    """Always the test database. pytest-django's own fixture creates it only when a collected
    test uses `db`; a run of `world`/`committed_db` tests alone would otherwise build the world
    in DATABASE_URL's real database."""
    from django.test.utils import setup_databases, teardown_databases

    global _WORLD
    settings.TENANT_STANDBY_POOL_SIZE = 1
    with django_db_blocker.unblock():
        db_cfg = setup_databases(
            verbosity=0, interactive=False, aliases={"default"}, serialized_aliases=set()
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_database()")
            database = cursor.fetchone()[0]
        assert database.startswith("test_"), f"refusing to build the test world in {database}"
        _WORLD = _build_world()
        connection.set_schema_to_public()
    yield
    with django_db_blocker.unblock():
        connections.close_all()
        teardown_databases(db_cfg, verbosity=0)


@pytest.fixture
def world(django_db_setup: None) -> World:
    assert _WORLD is not None
    return _WORLD


@pytest.fixture(autouse=True)
def _public_schema_between_tests() -> Iterator[None]:
    yield
    for conn in connections.all():
        if conn.connection is not None or getattr(conn, "schema_name", None):
            conn.set_schema_to_public()


@pytest.fixture
def tenant_alpha(world: World, db: None) -> Any:
    from shared_apps.tenants.models import Tenant

    return Tenant.objects.get(pk=world.alpha_id)


@pytest.fixture
def tenant_beta(world: World, db: None) -> Any:
    from shared_apps.tenants.models import Tenant

    return Tenant.objects.get(pk=world.beta_id)


@contextmanager
def in_schema(schema_name: str) -> Iterator[None]:
    with schema_context(schema_name):
        yield


def host_of(subdomain: str) -> str:
    return f"{subdomain}.{settings.BASE_DOMAIN}"


@pytest.fixture
def api_client() -> Callable[..., APIClient]:
    """`api_client("alpha", user)`: a client on a tenant host, logged in as `user` (or anonymous);
    `api_client(None, user)` for the public host."""

    def make(subdomain: str | None, user: Any = None) -> APIClient:
        host = host_of(subdomain) if subdomain else settings.BASE_DOMAIN
        client = APIClient(HTTP_HOST=host)
        if user is not None:
            connection.set_schema_to_public()
            client.force_login(user)
        return client

    return make


@pytest.fixture
def users(world: World, db: None) -> dict[str, Any]:
    from shared_apps.accounts.models import User

    return {
        "owner_alpha": User.objects.get(pk=world.owner_alpha_id),
        "member_alpha": User.objects.get(pk=world.member_alpha_id),
        "owner_beta": User.objects.get(pk=world.owner_beta_id),
        "operator": User.objects.get(pk=world.operator_id),
    }


@pytest.fixture
def committed_db(world: World, django_db_blocker: Any) -> Iterator[None]:
    """Real commits (threads, other processes). The test removes what it creates."""
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        yield
        connection.set_schema_to_public()
