"""The response cache and the rate limit on a real Redis (CACHE_URL=redis://...).

Redis runs on 127.0.0.1:6379 (devtools/services.sh starts it); without it these tests skip,
naming it, and fail under CI=true. They use database 15, which only the tests use, each
test under a key prefix of its own (runs on two databases may share the server at once).
"""

import uuid

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.settings import cache_from_url
from tests.factories import NewsPageFactory
from tests.services import answers, unavailable

REDIS_URL = "redis://127.0.0.1:6379/15"
TITLES = "{ news { edges { node { title } } } }"


@pytest.fixture
def redis_cache(settings):
    if not answers("127.0.0.1", 6379):
        unavailable("no Redis server on 127.0.0.1:6379 (devtools/services.sh starts one)")
    prefix = f"minhbach-test-{uuid.uuid4()}"
    settings.CACHES = {"default": {**cache_from_url(REDIS_URL), "KEY_PREFIX": prefix}}
    settings.GRAPHQL_RESPONSE_CACHE_SECONDS = 300
    from django.core.cache import cache

    yield cache
    # Not cache.clear(): that flushes the whole database, other runs' keys too.
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [edge["node"]["title"] for edge in response.json()["data"]["news"]["edges"]]


def test_answers_come_from_redis_until_something_is_published(api, site, redis_cache):
    assert isinstance(caches["default"], RedisCache)
    NewsPageFactory(parent=site["vi"].news_index, title="Tin thứ nhất")
    assert titles(api.post(TITLES)) == ["Tin thứ nhất"]

    with CaptureQueriesContext(connection) as queries:
        assert titles(api.post(TITLES)) == ["Tin thứ nhất"]
    assert len(queries) == 0  # served from Redis

    NewsPageFactory(parent=site["vi"].news_index, title="Tin thứ hai")
    assert sorted(titles(api.post(TITLES))) == ["Tin thứ hai", "Tin thứ nhất"]


def test_the_rate_limit_counts_in_redis(api, redis_cache, settings, one_rate_window):
    settings.GRAPHQL_RATE_LIMIT = "2/60"
    assert api.post("{ __typename }").status_code == 200
    assert api.post("{ __typename }").status_code == 200
    response = api.post("{ __typename }")
    assert response.status_code == 429
    assert response.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
