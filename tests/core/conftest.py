"""Fixtures of the API tests: a clean cache for every test, an HTTP client for /graphql/."""

import pytest
from django.core.cache import cache

from tests.core.helpers import Api


@pytest.fixture(autouse=True)
def _clean_cache():
    # Rate-limit counters and cached responses live in the cache, which outlives the
    # rolled-back database of each test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(db) -> Api:
    return Api()
