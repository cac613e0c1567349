"""Per-client rate limits: 429 with Retry-After and RATE_LIMITED once a client is over."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.http.ratelimit import RateLimit
from tests.core.helpers import codes

QUERY = "{ news { totalCount } }"

pytestmark = pytest.mark.usefixtures("one_rate_window")


def test_off_by_default_in_tests(api, settings):
    assert settings.GRAPHQL_RATE_LIMIT == "0"
    for _ in range(5):
        assert api.post(QUERY).status_code == 200


def test_over_the_limit_is_429_with_retry_after(api, settings):
    settings.GRAPHQL_RATE_LIMIT = "3/60"
    for _ in range(3):
        assert api.post(QUERY).status_code == 200
    response = api.post(QUERY)
    assert response.status_code == 429
    assert codes(response) == ["RATE_LIMITED"]
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["errors"][0]["extensions"]["retryAfter"] == int(response["Retry-After"])


def test_each_client_address_has_its_own_count(api, settings):
    settings.GRAPHQL_RATE_LIMIT = "1/60"
    assert api.post(QUERY, REMOTE_ADDR="10.0.0.1").status_code == 200
    assert api.post(QUERY, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert api.post(QUERY, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted(api, settings):
    settings.GRAPHQL_RATE_LIMIT = "1/60"
    assert api.post(QUERY, HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 200
    # A client cannot reset its count by inventing a new X-Forwarded-For.
    assert api.post(QUERY, HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429


def test_trusted_proxy_gives_the_client_address(api, settings):
    settings.GRAPHQL_RATE_LIMIT = "1/60"
    settings.TRUSTED_PROXY_COUNT = 1
    assert api.post(QUERY, HTTP_X_FORWARDED_FOR="9.9.9.9, 1.1.1.1").status_code == 200
    assert api.post(QUERY, HTTP_X_FORWARDED_FOR="8.8.8.8, 1.1.1.1").status_code == 429
    assert api.post(QUERY, HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2").status_code == 200


def test_cached_responses_count_too(api, settings):
    settings.GRAPHQL_RATE_LIMIT = "2/60"
    settings.GRAPHQL_RESPONSE_CACHE_SECONDS = 300
    assert api.get(QUERY).status_code == 200
    assert api.get(QUERY).status_code == 200
    assert api.get(QUERY).status_code == 429


@pytest.mark.parametrize(
    ("text", "limit"),
    [("0", None), ("", None), ("120/60", RateLimit(120, 60)), ("30", RateLimit(30, 60))],
)
def test_setting_format(text, limit):
    assert RateLimit.parse(text) == limit


@pytest.mark.parametrize("text", ["many", "10/x", "10/0", "-1/60"])
def test_bad_setting_is_refused(text):
    with pytest.raises(ImproperlyConfigured):
        RateLimit.parse(text)
