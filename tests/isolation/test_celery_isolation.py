"""A task queued from tenant B runs in B's schema and sees B's data, never A's.

A real Redis broker and result backend, and a real worker (in a thread of this process, with its
own database connection); the data is committed so the worker can see it.
"""

import datetime as dt
from collections.abc import Iterator

import kombu.pools
import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from django.conf import settings
from django.db import transaction

from erp_platform.celery import app
from tenant_apps.core.models import CompanySettings, DocumentSequence
from tenant_apps.core.services import company_settings_update, sequence_next
from tenant_apps.core.tasks import company_snapshot
from tests.conftest import in_schema

ALPHA_LEGAL = "Alpha Secret Alloys Private Limited"
BETA_LEGAL = "Beta Kitchens (Bengaluru) LLP"
ALPHA_SERIES = "isoalpha"
BETA_SERIES = "isobeta"
RESULT_TIMEOUT = 20


def _drop_cached_broker_and_backend() -> None:
    """Forget broker pools and result backends built for the previous configuration."""
    kombu.pools.reset()
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@pytest.fixture
def redis_worker(worker_id) -> Iterator[str]:
    """The production Celery app, pointed at Redis, with one worker thread; restored after.

    Yields the queue the worker consumes: one per pytest-xdist process, which share one Redis.
    """
    queue = f"isolation-{worker_id}"
    assert settings.REDIS_URL, "REDIS_URL must point at the test Redis"
    test_conf = {
        "broker_url": settings.REDIS_URL,
        "result_backend": settings.REDIS_URL,
        "task_always_eager": False,
        "worker_hijack_root_logger": False,
    }
    saved = {key: app.conf[key] for key in test_conf}
    app.conf.update(test_conf)
    _drop_cached_broker_and_backend()
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=20, queues=[queue]
        ):
            yield queue
    finally:
        app.conf.update(saved)
        _drop_cached_broker_and_backend()


@pytest.fixture
def committed_markers(world, committed_db) -> Iterator[None]:
    """A distinct legal name and number series committed in each tenant; undone after."""
    markers = {
        world.alpha_schema: (ALPHA_LEGAL, ALPHA_SERIES),
        world.beta_schema: (BETA_LEGAL, BETA_SERIES),
    }
    original = {}
    try:
        for schema, (legal, series) in markers.items():
            with in_schema(schema):
                original[schema] = CompanySettings.objects.get().legal_name
                company_settings_update(user=None, data={"legal_name": legal})
                with transaction.atomic():
                    sequence_next(series=series, on_date=dt.date(2026, 5, 4))
        yield
    finally:
        for schema, legal in original.items():
            with in_schema(schema):
                company_settings_update(user=None, data={"legal_name": legal})
                DocumentSequence.objects.filter(series=markers[schema][1]).delete()


def test_a_task_queued_from_beta_runs_in_beta_and_sees_only_beta(
    world, committed_markers, redis_worker
):
    # given alpha and beta each committed their own legal name and number series
    # when beta queues the snapshot task through the broker
    with in_schema(world.beta_schema):
        queued = company_snapshot.apply_async(queue=redis_worker)
    snapshot = queued.get(timeout=RESULT_TIMEOUT)
    queued.forget()

    # then the worker (not this thread) ran it in beta's schema, on beta's data only
    assert not isinstance(queued, EagerResult)
    assert snapshot == {
        "schema": world.beta_schema,
        "name": "Beta Kitchens",
        "legal_name": BETA_LEGAL,
        "sequences": [BETA_SERIES],
    }
    assert ALPHA_LEGAL not in str(snapshot)
    assert ALPHA_SERIES not in str(snapshot)


def test_a_task_queued_from_alpha_runs_in_alpha_and_sees_only_alpha(
    world, committed_markers, redis_worker
):
    # given alpha and beta each committed their own legal name and number series
    # when alpha queues the snapshot task through the broker
    with in_schema(world.alpha_schema):
        queued = company_snapshot.apply_async(queue=redis_worker)
    snapshot = queued.get(timeout=RESULT_TIMEOUT)
    queued.forget()

    # then the worker (not this thread) ran it in alpha's schema, on alpha's data only
    assert not isinstance(queued, EagerResult)
    assert snapshot == {
        "schema": world.alpha_schema,
        "name": "Alpha Steel Works",
        "legal_name": ALPHA_LEGAL,
        "sequences": [ALPHA_SERIES],
    }
    assert BETA_LEGAL not in str(snapshot)


def test_the_queued_message_names_the_queuing_tenant(world, committed_markers, redis_worker):
    # given beta queues first and alpha second, back to back
    with in_schema(world.beta_schema):
        from_beta = company_snapshot.apply_async(queue=redis_worker)
    with in_schema(world.alpha_schema):
        from_alpha = company_snapshot.apply_async(queue=redis_worker)

    # when both results come back from the one worker
    results = [from_beta.get(timeout=RESULT_TIMEOUT), from_alpha.get(timeout=RESULT_TIMEOUT)]
    from_beta.forget()
    from_alpha.forget()

    # then the worker switched schema between them, and did not stay in the first tenant
    assert [(r["schema"], r["legal_name"]) for r in results] == [
        (world.beta_schema, BETA_LEGAL),
        (world.alpha_schema, ALPHA_LEGAL),
    ]
