"""Fixtures for the access tests: members with roles, roles by code, invitation tokens."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from erp_platform.tenancy import connection
from tests.conftest import in_schema

TOKEN_RE = re.compile(r"/invite/accept\?token=(\S+)")


@pytest.fixture
def role_of(tenant_alpha: Any) -> Callable[..., Any]:
    """`role_of("sales")`: a role of alpha (or of `tenant=`) by code."""
    from tenant_apps.access.models import Role

    def get(code: str, tenant: Any = None) -> Any:
        with in_schema((tenant or tenant_alpha).schema_name):
            return Role.objects.get(code=code)

    return get


@pytest.fixture
def make_member(tenant_alpha: Any) -> Callable[..., Any]:
    """`make_member("a@x.test", roles=["sales"])`: a user who is a member of alpha with roles."""
    from shared_apps.accounts.models import Membership, User
    from tenant_apps.access.models import MemberRole, Role

    def make(
        email: str,
        *,
        roles: tuple[str, ...] | list[str] = (),
        tenant: Any = None,
        status: str = "active",
        full_name: str = "",
    ) -> Any:
        tenant = tenant or tenant_alpha
        connection.set_schema_to_public()
        user = User.objects.create_user(email, None, full_name=full_name)
        membership = Membership.objects.create(user=user, tenant=tenant, status=status)
        with in_schema(tenant.schema_name):
            for code in roles:
                MemberRole.objects.create(user=user, role=Role.objects.get(code=code))
        connection.set_schema_to_public()
        return membership

    return make


def token_from(message: Any) -> str:
    from urllib.parse import unquote

    match = TOKEN_RE.search(message.body)
    assert match is not None, message.body
    return unquote(match.group(1))


def queries_of(call: Callable[[], Any]) -> tuple[Any, list[str]]:
    """Run `call` and return its result and the SQL it ran (search_path SETs and savepoints
    left out: they follow every query and say nothing about the code under test)."""
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(db) as context:
        result = call()
    noise = ("SET search_path", "SAVEPOINT", "RELEASE SAVEPOINT")
    return result, [q["sql"] for q in context.captured_queries if not q["sql"].startswith(noise)]


def mentioning(sqls: list[str], *tables: str) -> list[str]:
    return [sql for sql in sqls if any(f'"{table}"' in sql for table in tables)]
