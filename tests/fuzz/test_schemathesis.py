"""Schemathesis over the signup and tenant admin APIs (access, audit log, company settings): no
5xx, and every 4xx in the error shape.

A small, bounded, deterministic run (see `tests/fuzz/harness.py`): EXAMPLES generated cases per
operation and generation mode (valid and schema-violating data), no shrinking, in each test's
transaction (rolled back, so the world of tests/conftest.py is left as it was). The longer run:
`tests/benchmarks/fuzz_api.py` (`make bench`).

On alpha's host the fuzzer is alpha's owner with a Bearer API token (every permission, no CSRF);
on the public host it is an anonymous visitor with a valid CSRF cookie and header.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler

from tests.conftest import World, host_of
from tests.fuzz.harness import (
    Credentials,
    Surface,
    alpha_objects,
    csrf_pair,
    fuzz_operation,
    in_process_app,
    load_schema,
    operations,
    owner_token,
)

EXAMPLES = 8  # per operation and generation mode (positive, negative)
RUN_ID = time.time_ns()

PUBLIC = Surface("public", host=settings.BASE_DOMAIN, path_regex=r"^/api/v1/signup/")
TENANT = Surface(
    "tenant", host=host_of("alpha"), path_regex=r"^/api/v1/(access/|audit/|core/company/)"
)

# Listed (collection has no database to ask for the documents) so each gets its own test and
# transaction; operations added since are found and fuzzed by test_unlisted_operations_too.
OPERATIONS: dict[str, list[str]] = {
    "public": [
        "POST /api/v1/signup/",
        "GET /api/v1/signup/check-subdomain/",
    ],
    "tenant": [
        "GET /api/v1/access/invitations/",
        "POST /api/v1/access/invitations/",
        "GET /api/v1/access/invitations/{invitation_id}/",
        "POST /api/v1/access/invitations/{invitation_id}/resend/",
        "POST /api/v1/access/invitations/{invitation_id}/revoke/",
        "POST /api/v1/access/invitations/accept/",
        "GET /api/v1/access/invitations/lookup/",
        "GET /api/v1/access/me/",
        "GET /api/v1/access/members/",
        "GET /api/v1/access/members/{member_id}/",
        "POST /api/v1/access/members/{member_id}/deactivate/",
        "POST /api/v1/access/members/{member_id}/reactivate/",
        "PUT /api/v1/access/members/{member_id}/roles/",
        "POST /api/v1/access/members/{member_id}/transfer-ownership/",
        "GET /api/v1/access/permissions/",
        "GET /api/v1/access/roles/",
        "POST /api/v1/access/roles/",
        "GET /api/v1/access/roles/{role_id}/",
        "PATCH /api/v1/access/roles/{role_id}/",
        "DELETE /api/v1/access/roles/{role_id}/",
        "GET /api/v1/audit/events/",
        "GET /api/v1/audit/events/export/",
        "GET /api/v1/core/company/",
        "PATCH /api/v1/core/company/",
    ],
}
SURFACES = {"public": PUBLIC, "tenant": TENANT}

# Generated once per session (3-4 s): the documents do not depend on the data. The schema keeps
# the first test's handler, which holds no per-test state.
_SCHEMAS: dict[str, Any] = {}


@pytest.fixture(autouse=True)
def _own_cache_namespace_and_signup_allowance(
    settings: Any, request: pytest.FixtureRequest
) -> None:
    """Rate-limit counters of this run stay out of every other test's (and run's) way; the
    signup limit (10 an hour per IP) is raised so every generated signup reaches validation
    (the limit itself is tested in tests/shared_apps/accounts)."""
    digest = hashlib.sha256(f"{RUN_ID}:{request.node.nodeid}".encode()).hexdigest()[:16]
    default = settings.CACHES["default"]
    settings.CACHES = {**settings.CACHES, "default": {**default, "KEY_PREFIX": digest}}
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "business_signup": "1000/m/ip"}


@pytest.fixture
def app(world: World, db: None) -> Iterator[WSGIHandler]:
    with in_process_app() as handler:
        yield handler


def schema_of(app: WSGIHandler, surface: Surface) -> Any:
    if surface.name not in _SCHEMAS:
        _SCHEMAS[surface.name] = load_schema(app, surface.host)
    return _SCHEMAS[surface.name]


def credentials_for(surface: Surface, world: World) -> Credentials:
    return csrf_pair() if surface is PUBLIC else owner_token(world)


@pytest.mark.parametrize(
    ("surface_name", "label"),
    [(name, label) for name, labels in OPERATIONS.items() for label in labels],
    ids=[label for labels in OPERATIONS.values() for label in labels],
)
def test_no_server_error_and_errors_in_shape(
    app: WSGIHandler, world: World, surface_name: str, label: str
) -> None:
    # given the operation as documented, and the caller's credentials
    surface = SURFACES[surface_name]
    operation = operations(schema_of(app, surface), surface)[label]
    credentials = credentials_for(surface, world)
    ids = alpha_objects(world) if surface is TENANT else {}

    # when schemathesis sends it generated valid and invalid requests
    run = fuzz_operation(
        operation,
        host=surface.host,
        credentials=credentials,
        max_examples=EXAMPLES,
        known_ids=ids,
    )

    # then none failed, and the run did reach the API (not only 404s for the made-up ids)
    assert not run.findings, "\n\n".join(str(finding) for finding in run.findings)
    assert run.requests >= EXAMPLES
    assert set(run.statuses) - {404}, run.statuses


def test_unlisted_operations_too(app: WSGIHandler, world: World) -> None:
    # given the signup, access and company operations the app documents now
    found = {name: operations(schema_of(app, s), s) for name, s in SURFACES.items()}

    # then every listed one still exists (a stale list fuzzes nothing)
    for name, labels in OPERATIONS.items():
        assert set(labels) <= set(found[name]), f"gone from the {name} document"

    # when any added since the list was written are fuzzed too
    findings = []
    for name, surface in SURFACES.items():
        added = sorted(set(found[name]) - set(OPERATIONS[name]))
        if not added:
            continue
        credentials = credentials_for(surface, world)
        ids = alpha_objects(world) if surface is TENANT else {}
        for label in added:
            run = fuzz_operation(
                found[name][label],
                host=surface.host,
                credentials=credentials,
                max_examples=EXAMPLES,
                known_ids=ids,
            )
            findings.extend(run.findings)

    # then they fail nothing either
    assert not findings, "\n\n".join(str(finding) for finding in findings)


def test_a_form_body_with_too_many_fields_is_refused_in_the_error_shape(
    world: World, db: None, api_client: Any, users: dict[str, Any]
) -> None:
    # given a form body over DATA_UPLOAD_MAX_NUMBER_FIELDS (found by the fuzzer: Django's HTML
    # 400 page came back)
    client = api_client("alpha", users["owner_alpha"])
    body = "&".join(f"f{i}=x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))

    # when
    response = client.post(
        "/api/v1/access/roles/", body, content_type="application/x-www-form-urlencoded"
    )

    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request has too many fields.",
        "code": "too_many_fields",
        "fields": {},
    }


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("to=4011-01-07T09:46:36-23:22", 200),  # found by the fuzzer: PostgreSQL refused it
        ("from=9999-12-31T23:00:00-05:00", 400),  # past year 9999 in UTC
    ],
)
def test_audit_filters_take_any_utc_offset_python_parses(
    world: World, db: None, api_client: Any, users: dict[str, Any], query: str, status: int
) -> None:
    # given alpha's owner
    client = api_client("alpha", users["owner_alpha"])

    # when they filter the audit log (and export it) with an offset PostgreSQL cannot store
    listed = client.get(f"/api/v1/audit/events/?{query}")
    exported = client.get(f"/api/v1/audit/events/export/?{query}")

    # then a 200 or a 400 in the error shape, not a 500 (nor a broken CSV stream)
    assert (listed.status_code, exported.status_code) == (status, status)
    if status == 400:
        assert listed.json()["fields"] == {"from": ["Enter a date between the years 1 and 9999."]}
    else:
        assert b"".join(exported.streaming_content).startswith(b"\xef\xbb\xbfid,occurred_at,")
