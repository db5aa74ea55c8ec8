"""Schemathesis against the running Django app, in-process: shared by the bounded run in the
suite (`tests/fuzz/test_schemathesis.py`) and the longer one (`tests/benchmarks/fuzz_api.py`).

- The OpenAPI documents come from the app itself (`GET /api/schema/` on the public host and on a
  company's host), through Django's own WSGI handler, with the Host header deciding which.
- Every generated case is sent through that same handler with the right Host and credentials:
  a Bearer API token on a company's host, a CSRF cookie + header pair on the public host (the
  signup view checks CSRF), a session cookie where an operation needs a signed-in user.
- Requests run on the caller's database connection. Django's handler closes "old" connections
  at the start and end of every request, which inside a test's transaction would break it; like
  Django's test client, `in_process_app()` turns that off while the fuzzer runs.
- Checks: no 5xx (schemathesis' `not_a_server_error`), and every 4xx has the one error shape
  `{"detail": str, "code": str, "fields": {name: [str]}}` (`error_shape`). Findings are
  collected, not raised, so one run reports every failing operation; a 5xx carries the
  server-side traceback (from Django's `got_request_exception`).
"""

from __future__ import annotations

import json
import re
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import get_token
from django.test import RequestFactory
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.errors import FailureGroup

SCHEMA_PATH = "/api/schema/"
CSRF_COOKIE = "csrftoken"
CLIENT_IP = "192.0.2.10"  # TEST-NET-1
ERROR_KEYS = {"detail", "code", "fields"}


@dataclass(frozen=True)
class Surface:
    """One host's OpenAPI document and the operations of it to fuzz."""

    name: str
    host: str
    path_regex: str  # operations whose path matches

    def selects(self, label: str) -> bool:
        return bool(re.match(self.path_regex, label.split(" ", 1)[1]))


@dataclass(frozen=True)
class Credentials:
    """What every request of a run carries: headers (Authorization, X-CSRFToken) and cookies."""

    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    operation: str
    mode: str
    status: int
    reason: str
    request: str
    server_traceback: str = ""

    def __str__(self) -> str:
        text = f"{self.operation} [{self.mode}] -> {self.status}: {self.reason}\n  {self.request}"
        if self.server_traceback:
            text += "\n" + self.server_traceback
        return text


@dataclass
class OperationRun:
    operation: str
    requests: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# The app, in-process
# ---------------------------------------------------------------------------------------------
class _ExceptionLog:
    """The traceback of the last unhandled exception in a view (Django turns it into a 500)."""

    def __init__(self) -> None:
        self.last = ""

    def __call__(self, sender: Any, request: Any = None, **kwargs: Any) -> None:
        self.last = traceback.format_exc()

    def take(self) -> str:
        last, self.last = self.last, ""
        return last


_EXCEPTIONS = _ExceptionLog()


@contextmanager
def in_process_app() -> Iterator[WSGIHandler]:
    """Django's WSGI handler, sharing the caller's connection (and so its transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    got_request_exception.connect(_EXCEPTIONS, weak=False)
    try:
        yield WSGIHandler()
    finally:
        got_request_exception.disconnect(_EXCEPTIONS)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def load_schema(app: WSGIHandler, host: str) -> Any:
    """The OpenAPI document the app serves on `host` (public or a company's host)."""
    return schemathesis.openapi.from_wsgi(SCHEMA_PATH, app, base_url=f"http://{host}")


def operations(schema: Any, surface: Surface) -> dict[str, Any]:
    """{label: APIOperation} of the surface's selected operations, in the document's order."""
    selected = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        if surface.selects(operation.label):
            selected[operation.label] = operation
    return selected


def csrf_pair() -> Credentials:
    """A valid CSRF cookie and the matching header, as a browser sends them."""
    token = get_token(RequestFactory().get("/"))
    return Credentials(headers={"X-CSRFToken": token}, cookies={CSRF_COOKIE: token})


def bearer(secret: str) -> Credentials:
    return Credentials(headers={"Authorization": f"Bearer {secret}"})


def combine(*parts: Credentials) -> Credentials:
    headers: dict[str, str] = {}
    cookies: dict[str, str] = {}
    for part in parts:
        headers.update(part.headers)
        cookies.update(part.cookies)
    return Credentials(headers=headers, cookies=cookies)


def owner_token(world: Any) -> Credentials:
    """A Bearer API token of alpha's owner (every permission in alpha, no CSRF)."""
    from django_tenants.utils import schema_context

    from shared_apps.accounts.models import User
    from tenant_apps.apitokens.services import api_token_create

    with schema_context(world.alpha_schema):
        owner = User.objects.get(pk=world.owner_alpha_id)
        created = api_token_create(user=owner, name="fuzz")
    return bearer(created.secret)


def alpha_objects(world: Any) -> dict[str, int]:
    """Objects in alpha for valid cases to work on: the clerk's membership, a custom role, a
    pending invitation, an API token of the owner's that is not the fuzzer's."""
    from django_tenants.utils import tenant_context

    from shared_apps.accounts.models import Membership, User
    from shared_apps.tenants.models import Tenant
    from tenant_apps.access import services
    from tenant_apps.apitokens.services import api_token_create

    alpha = Tenant.objects.get(pk=world.alpha_id)
    owner = User.objects.get(pk=world.owner_alpha_id)
    host = alpha.get_primary_domain().domain
    with tenant_context(alpha):
        role = services.role_create(
            actor=owner, tenant=alpha, name="Fuzz role", permissions=["access.member.view"]
        )
        invitation = services.invitation_create(
            actor=owner,
            tenant=alpha,
            email="invitee@fuzz.test",
            role_ids=[role.pk],
            link_base=f"http://{host}",
        )
        token = api_token_create(user=owner, name="fuzz decoy").token
    clerk = Membership.objects.get(user_id=world.member_alpha_id, tenant_id=world.alpha_id)
    return {
        "member_id": clerk.pk,
        "role_id": role.pk,
        "invitation_id": invitation.pk,
        "token_id": token.pk,
    }


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------
def error_shape(ctx: Any, response: Any, case: Any) -> bool | None:
    """A 4xx from the API has the one error shape {"detail", "code", "fields"}."""
    if not 400 <= response.status_code < 500:
        return None
    try:
        body = json.loads(response.content or b"null")
    except ValueError:
        raise AssertionError(
            f"{response.status_code} is not JSON: {response.content[:200]!r}"
        ) from None
    shaped = (
        isinstance(body, dict)
        and set(body) == ERROR_KEYS
        and isinstance(body["detail"], str)
        and isinstance(body["code"], str)
        and isinstance(body["fields"], dict)
        and all(
            isinstance(messages, list) and all(isinstance(m, str) for m in messages)
            for messages in body["fields"].values()
        )
    )
    if not shaped:
        raise AssertionError(f"{response.status_code} body is not the error shape: {body!r}")
    return None


CHECKS = [not_a_server_error, error_shape]


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------
def _describe(case: Any, host: str) -> str:
    body = "" if case.body is None or type(case.body).__name__ == "NotSet" else case.body
    query = f"?{case.query}" if case.query else ""
    return f"{case.method} http://{host}{case.formatted_path}{query} body={body!r}"[:2000]


def fuzz_operation(
    operation: Any,
    *,
    host: str,
    credentials: Credentials,
    max_examples: int,
    known_ids: dict[str, Any] | None = None,
    modes: tuple[GenerationMode, ...] = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE),
    derandomize: bool = True,
) -> OperationRun:
    """Send up to `max_examples` generated cases per mode; collect what the checks refuse.

    `known_ids` ({"role_id": 7, ...}) name objects that exist: valid (positive) cases of an
    operation whose path takes them use them, so they reach the view rather than a 404 for a
    made-up id; invalid (negative) cases make up their own.

    Deterministic by default (derandomized, no example database), never shrinking: a finding
    is reported as generated, and the number of requests stays bounded."""
    run = OperationRun(operation=operation.label)
    fixed = {
        name: value for name, value in (known_ids or {}).items() if f"{{{name}}}" in operation.path
    }
    for mode in modes:
        path_parameters = fixed if fixed and mode is GenerationMode.POSITIVE else None
        _fuzz_mode(
            operation, mode, run, host, credentials, max_examples, path_parameters, derandomize
        )
    return run


def _fuzz_mode(
    operation: Any,
    mode: GenerationMode,
    run: OperationRun,
    host: str,
    credentials: Credentials,
    max_examples: int,
    path_parameters: dict[str, Any] | None,
    derandomize: bool,
) -> None:
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

    @settings(
        max_examples=max_examples,
        derandomize=derandomize,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(case=strategy)
    def send(case: Any) -> None:
        _EXCEPTIONS.take()
        try:
            response = case.call(
                base_url=f"http://{host}",
                headers=dict(credentials.headers),
                cookies=dict(credentials.cookies),
                # Werkzeug sets no client address; a WSGI server always does (per-IP limits).
                environ_base={"REMOTE_ADDR": CLIENT_IP},
            )
        except Exception as exc:  # noqa: BLE001  (raised past Django's handler: streaming)
            run.requests += 1
            run.findings.append(
                Finding(
                    operation=operation.label,
                    mode=mode.value,
                    status=0,
                    reason=f"no complete response: {type(exc).__name__}: {exc}"[:500],
                    request=_describe(case, host),
                    server_traceback=traceback.format_exc(),
                )
            )
            return
        run.requests += 1
        run.statuses[response.status_code] = run.statuses.get(response.status_code, 0) + 1
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            run.findings.append(
                Finding(
                    operation=operation.label,
                    mode=mode.value,
                    status=response.status_code,
                    reason="; ".join(_reason(failure) for failure in group.exceptions),
                    request=_describe(case, host),
                    server_traceback=_EXCEPTIONS.take(),
                )
            )

    send()


def _reason(failure: Any) -> str:
    message = " ".join(str(failure.message).split())
    return f"{failure.title}: {message}"[:500] if message else str(failure.title)
