"""The response cache and the rate limit on a real Redis (CACHE_URL=redis://...).

Redis runs on 127.0.0.1:6379 on the project's machines and in CI; without it these tests
skip, naming it. They use database 15, which only the tests use (clearing flushes it).
"""

import socket
import uuid

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.settings import cache_from_url
from tests.factories import NewsPageFactory

REDIS_URL = "redis://127.0.0.1:6379/15"
TITLES = "{ news { edges { node { title } } } }"


def redis_is_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not redis_is_up(), reason="no Redis server on 127.0.0.1:6379")


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {**cache_from_url(REDIS_URL), "KEY_PREFIX": f"minhbach-test-{uuid.uuid4()}"}
    }
    settings.GRAPHQL_RESPONSE_CACHE_SECONDS = 300
    from django.core.cache import cache

    yield cache
    cache.clear()


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


def test_the_rate_limit_counts_in_redis(api, redis_cache, settings):
    settings.GRAPHQL_RATE_LIMIT = "2/60"
    assert api.post("{ __typename }").status_code == 200
    assert api.post("{ __typename }").status_code == 200
    response = api.post("{ __typename }")
    assert response.status_code == 429
    assert response.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
