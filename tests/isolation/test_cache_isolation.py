"""A value cached in tenant A is invisible from tenant B: every key carries the schema."""

from collections.abc import Iterator

import pytest
import redis
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

from erp_platform.cache import make_key
from tests.conftest import in_schema


@pytest.fixture
def probe(worker_id) -> str:
    """The cached name: one per pytest-xdist process, which share one Redis."""
    return f"probe-{worker_id}"


@pytest.fixture
def raw_redis(world, probe) -> Iterator[redis.Redis]:
    """The cache's Redis seen directly; the probe keys are removed before and after."""
    client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    keys = [f"{schema}::1:{probe}" for schema in (world.alpha_schema, world.beta_schema)]
    client.delete(*keys)
    yield client
    client.delete(*keys)
    client.close()


def test_the_default_cache_is_redis_with_the_tenant_key_function():
    # given the settings the suite runs with (REDIS_URL is exported for tests)
    # when
    default = caches["default"]
    # then
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert type(default) is RedisCache
    assert default.key_func is make_key


def test_a_value_cached_in_alpha_is_invisible_from_beta(world, raw_redis, probe):
    # given alpha caches a secret
    with in_schema(world.alpha_schema):
        cache.set(probe, "alpha-secret", timeout=60)

    # when beta reads the same key
    with in_schema(world.beta_schema):
        seen_by_beta = cache.get(probe)

    # then beta gets nothing, and alpha still gets its value
    assert seen_by_beta is None
    with in_schema(world.alpha_schema):
        assert cache.get(probe) == "alpha-secret"


def test_beta_writing_the_same_key_does_not_overwrite_alpha(world, raw_redis, probe):
    # given alpha cached a secret
    with in_schema(world.alpha_schema):
        cache.set(probe, "alpha-secret", timeout=60)

    # when beta caches its own value under the same name
    with in_schema(world.beta_schema):
        cache.set(probe, "beta-value", timeout=60)

    # then each tenant reads back its own value
    with in_schema(world.alpha_schema):
        assert cache.get(probe) == "alpha-secret"
    with in_schema(world.beta_schema):
        assert cache.get(probe) == "beta-value"


def test_the_keys_in_redis_carry_the_schema_prefix(world, raw_redis, probe):
    # given both tenants cache the same name
    with in_schema(world.alpha_schema):
        cache.set(probe, "alpha-secret", timeout=60)
    with in_schema(world.beta_schema):
        cache.set(probe, "beta-value", timeout=60)

    # when we look at Redis itself
    keys = sorted(raw_redis.scan_iter(match=f"*{probe}"))

    # then there are two distinct keys, one per schema, and no unprefixed one
    assert keys == sorted(
        [f"{world.alpha_schema}::1:{probe}".encode(), f"{world.beta_schema}::1:{probe}".encode()]
    )
    assert raw_redis.exists(probe) == 0
