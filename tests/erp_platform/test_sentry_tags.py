"""Every Sentry event carries the tenant tag set by the routing middleware.

The Sentry server is the only fake: a transport that keeps the envelopes it is given.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sentry_sdk
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from erp_platform.middleware import TenantRoutingMiddleware
from erp_platform.sentry import init_sentry

FAKE_DSN = "https://public@sentry.invalid/1"


class CollectingTransport(Transport):
    """Keeps envelopes instead of sending them."""

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        self.envelopes: list[Envelope] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        self.envelopes.append(envelope)

    def events(self) -> list[dict[str, Any]]:
        return [
            item.payload.json
            for envelope in self.envelopes
            for item in envelope.items
            if item.type == "event"
        ]


@pytest.fixture
def sentry_transport() -> Iterator[CollectingTransport]:
    transport = CollectingTransport()
    init_sentry(FAKE_DSN, environment="test", transport=transport)
    yield transport
    sentry_sdk.flush()
    sentry_sdk.init()  # no DSN: reporting off again


def _capture_through_middleware(
    transport: CollectingTransport, host: str, message: str
) -> list[dict[str, Any]]:
    """Run one request on `host` through the real routing middleware (in its own isolation
    scope, as the Django integration does per request); the view reports `message`.
    Returns the events carrying that message the transport received."""

    def view(request: HttpRequest) -> HttpResponse:
        sentry_sdk.capture_message(message)
        return HttpResponse("ok")

    request = RequestFactory().get("/api/v1/core/company/", HTTP_HOST=host)
    with sentry_sdk.isolation_scope():
        response = TenantRoutingMiddleware(view)(request)
    assert response.status_code == 200
    sentry_sdk.flush()
    return [event for event in transport.events() if event.get("message") == message]


def test_events_on_alpha_carry_alphas_schema(sentry_transport, tenant_alpha):
    # given sentry reporting to a collecting transport
    # when
    events = _capture_through_middleware(sentry_transport, "alpha.localhost", "boom on alpha")
    # then
    assert len(events) == 1
    assert events[0]["tags"]["tenant"] == tenant_alpha.schema_name


def test_events_on_beta_carry_betas_schema(sentry_transport, tenant_alpha, tenant_beta):
    # given a request on alpha first, on the same thread
    _capture_through_middleware(sentry_transport, "alpha.localhost", "first on alpha")
    # when
    events = _capture_through_middleware(sentry_transport, "beta.localhost", "boom on beta")
    # then
    assert len(events) == 1
    assert events[0]["tags"]["tenant"] == tenant_beta.schema_name
    assert tenant_beta.schema_name != tenant_alpha.schema_name


def test_events_on_the_public_host_are_tagged_public(sentry_transport, tenant_alpha):
    # given a request on alpha first, on the same thread
    _capture_through_middleware(sentry_transport, "alpha.localhost", "first on alpha")
    # when
    events = _capture_through_middleware(sentry_transport, "localhost", "boom on public")
    # then
    assert len(events) == 1
    assert events[0]["tags"]["tenant"] == "public"
