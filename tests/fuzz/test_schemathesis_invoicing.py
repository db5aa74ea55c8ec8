"""Schemathesis over the partners and invoicing APIs: no 5xx, every 4xx in the error shape.

Same bounded, deterministic run as `test_schemathesis.py` (its harness), on alpha's host as
alpha's owner (API token), with a fiscal year, partners, posted and draft documents and a
payment in place so valid cases reach the services, not only 404s.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django_tenants.utils import schema_context

from tests.conftest import World, host_of
from tests.fuzz.harness import (
    Surface,
    fuzz_operation,
    in_process_app,
    load_schema,
    operations,
    owner_token,
)

EXAMPLES = 6
RUN_ID = time.time_ns()
SURFACE = Surface("invoicing", host=host_of("alpha"), path_regex=r"^/api/v1/(partners/|invoicing/)")


@pytest.fixture(autouse=True)
def _own_cache_namespace(settings: Any, request: pytest.FixtureRequest) -> None:
    digest = hashlib.sha256(f"{RUN_ID}:{request.node.nodeid}".encode()).hexdigest()[:16]
    default = settings.CACHES["default"]
    settings.CACHES = {**settings.CACHES, "default": {**default, "KEY_PREFIX": digest}}


@pytest.fixture
def app(world: World, db: None) -> Iterator[WSGIHandler]:
    with in_process_app() as handler:
        yield handler


def _books(world: World) -> dict[str, int]:
    from decimal import Decimal

    from shared_apps.accounts.models import User
    from tenant_apps.invoicing.services.payments import payment_create
    from tests.tenant_apps.invoicing.conftest import FY_DAY, _books, line, make_raiser

    owner = User.objects.get(pk=world.owner_alpha_id)
    with schema_context(world.alpha_schema):
        books = _books(owner)
        make = make_raiser(books)
        rate = books.rate("GST18")
        invoice = make("invoice", books.mh, [line(rate, qty="3")])
        make("invoice", books.ka, [line(rate)], post=False)
        make("bill", books.vendor, [line(rate)])
        note = make("credit_note", books.mh, [line(rate)])
        receipt = payment_create(
            user=owner,
            kind="receipt",
            data={
                "partner": books.mh,
                "date": FY_DAY,
                "account": books.bank,
                "amount": Decimal("50"),
            },
        )
        return {
            "partner_id": books.mh.pk,
            "document_id": invoice.pk,
            "payment_id": receipt.pk,
            "tax_rate_id": rate.pk,
            "note_id": note.pk,
        }


def test_partners_and_invoicing_have_no_server_error_and_errors_in_shape(
    app: WSGIHandler, world: World
) -> None:
    # given every partners and invoicing operation the app documents, and objects to act on
    found = operations(load_schema(app, SURFACE.host), SURFACE)
    ids = _books(world)
    credentials = owner_token(world)
    assert len(found) > 40

    # when schemathesis sends each generated valid and invalid requests
    findings = []
    for label in sorted(found):
        run = fuzz_operation(
            found[label],
            host=SURFACE.host,
            credentials=credentials,
            max_examples=EXAMPLES,
            known_ids=ids,
        )
        findings.extend(run.findings)

    # then none answered 5xx or an error outside the shape
    assert not findings, "\n\n".join(str(finding) for finding in findings)
