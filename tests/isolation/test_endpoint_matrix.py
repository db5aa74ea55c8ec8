"""A member of tenant beta gets 404 on alpha's host for every tenant API endpoint and method.

The endpoints are enumerated from the tenant URLconf, so a new endpoint is covered the day it
is added. Path parameters are filled with 1. Skipped: DRF's session login (`/api/auth/`),
allauth (`/_allauth/`), the schema and docs, and the two invitation views an outsider must
reach (invitation accept and lookup, the login hand-off).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.permission_matrix import NOT_FOUND, tenant_client

TENANT_URLCONF = "erp_platform.urls_tenant"
API_PREFIX = "api/v1/"
SKIPPED_PREFIXES = ("api/auth/", "_allauth/", "api/schema/", "api/docs/")
# Views an authenticated outsider must reach: accepting or looking up an invitation, and the
# login hand-off after signup (shared_apps.accounts; also in the membership middleware's list).
SKIPPED_NAMES = {"access:invitation-accept", "access:invitation-lookup", "login-handoff"}
METHODS = ("get", "post", "put", "patch", "delete")


def _route(pattern: Any) -> str:
    return str(pattern.pattern)


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[tuple[str, str, Any]]:
    found: list[tuple[str, str, Any]] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += _walk(entry.url_patterns, prefix + _route(entry), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            found.append((prefix + _route(entry), name, entry.callback))
    return found


def _concrete(route: str) -> str:
    """`roles/<int:role_id>/` -> `roles/1/`."""
    import re

    if route.startswith("^"):
        raise AssertionError(f"regex route {route!r}: give it a path() route")
    return "/" + re.sub(r"<(?:\w+:)?\w+>", "1", route)


def _methods(callback: Any) -> list[str]:
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    actions = getattr(callback, "actions", None)
    if actions:  # a ViewSet route
        return sorted(method for method in actions if method in METHODS)
    if view is None:  # a plain function view: it may answer anything, try the usual two
        return ["get", "post"]
    return [method for method in METHODS if hasattr(view, method)]


def _endpoints() -> list[tuple[str, str]]:
    endpoints = []
    for route, name, callback in _walk(get_resolver(TENANT_URLCONF).url_patterns):
        if not route.startswith(API_PREFIX) or route.startswith(SKIPPED_PREFIXES):
            continue
        if name in SKIPPED_NAMES:
            continue
        endpoints += [(method, _concrete(route)) for method in _methods(callback)]
    return endpoints


ENDPOINTS = _endpoints()


def test_the_enumeration_finds_the_known_endpoints():
    # then (a broken walk would make the matrix below pass vacuously)
    assert ("get", "/api/v1/core/company/") in ENDPOINTS
    assert ("patch", "/api/v1/core/company/") in ENDPOINTS
    assert ("get", "/api/v1/access/members/") in ENDPOINTS
    assert ("delete", "/api/v1/access/roles/1/") in ENDPOINTS
    assert ("post", "/api/v1/access/members/1/transfer-ownership/") in ENDPOINTS
    assert not [e for e in ENDPOINTS if "invitations/accept" in e[1] or "lookup" in e[1]]
    assert len(ENDPOINTS) >= 20


@pytest.mark.parametrize(("method", "path"), ENDPOINTS, ids=[f"{m} {p}" for m, p in ENDPOINTS])
def test_a_member_of_beta_gets_404_on_alpha(tenant_alpha, users, method, path):
    # given beta's owner, who holds every permission in beta and none in alpha
    client = tenant_client(tenant_alpha, users["owner_beta"])
    # when
    response = getattr(client, method)(path, {}, format="json")
    # then
    assert response.status_code == 404, response.content
    assert response.json() == NOT_FOUND
