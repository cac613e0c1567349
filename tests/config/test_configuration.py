"""CACHE_URL and the defaults of the API settings."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import cache_from_url


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("redis://127.0.0.1:6379/1", "django.core.cache.backends.redis.RedisCache"),
        ("rediss://cache.example:6380/0", "django.core.cache.backends.redis.RedisCache"),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
        ("dummy://", "django.core.cache.backends.dummy.DummyCache"),
    ],
)
def test_cache_url(url, backend):
    config = cache_from_url(url)
    assert config["BACKEND"] == backend
    if "redis" in url:
        assert config["LOCATION"] == url


def test_unknown_cache_url_is_refused():
    with pytest.raises(ImproperlyConfigured):
        cache_from_url("memcached://127.0.0.1:11211")


def test_defaults(settings):
    assert settings.GRAPHQL_MAX_DEPTH == 10
    assert settings.GRAPHQL_MAX_COST == 20_000
    assert settings.GRAPHQL_MAX_QUERY_BYTES == 20_000
    assert settings.GRAPHQL_INTROSPECTION is True
    assert settings.GRAPHQL_CACHE_SECONDS == 60
    # Local memory is per process: no server-side response cache without Redis.
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert settings.GRAPHQL_RESPONSE_CACHE_SECONDS == 0
