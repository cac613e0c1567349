"""HTTP caching of GET (ETag, 304, Cache-Control) and the server's anonymous response cache."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.graphql.cache import cache_key, can_cache
from tests.factories import AgencyFactory, EditorFactory, NewsPageFactory

TITLES = "{ news { edges { node { title agency { name } } } } }"


@pytest.fixture
def cached(settings):
    settings.GRAPHQL_RESPONSE_CACHE_SECONDS = 300


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [edge["node"]["title"] for edge in response.json()["data"]["news"]["edges"]]


def test_get_has_etag_and_public_max_age(api, site, settings):
    settings.GRAPHQL_CACHE_SECONDS = 90
    NewsPageFactory(parent=site["vi"].news_index, title="Tin một")
    response = api.get(TITLES)
    assert titles(response) == ["Tin một"]
    assert response["ETag"].startswith('"')
    assert "public" in response["Cache-Control"]
    assert "max-age=90" in response["Cache-Control"]
    assert "Accept" in response["Vary"]


def test_get_with_matching_etag_is_304(api, site):
    NewsPageFactory(parent=site["vi"].news_index)
    etag = api.get(TITLES)["ETag"]
    response = api.get(TITLES, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert api.get(TITLES, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_etag_changes_with_the_content(api, site):
    etag = api.get(TITLES)["ETag"]
    NewsPageFactory(parent=site["vi"].news_index)
    assert api.get(TITLES, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_get_errors_and_post_are_not_publicly_cacheable(api):
    assert "ETag" not in api.get("{ news { nope } }")
    response = api.post(TITLES)
    assert "public" not in response.get("Cache-Control", "")


def test_logged_in_get_is_private(site):
    from django.test import Client

    client = Client()
    client.force_login(EditorFactory())
    response = client.get("/graphql/", {"query": TITLES}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_browser_gets_graphiql(api):
    response = api.client.get("/graphql/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"graphiql" in response.content.lower()


def test_get_cannot_run_a_mutation(api):
    response = api.get("mutation { news { totalCount } }")
    assert response.status_code == 405
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def second_request_queries(send) -> tuple:
    first = send()
    with CaptureQueriesContext(connection) as queries:
        second = send()
    return first, second, len(queries)


@pytest.mark.parametrize("method", ["post", "get"])
def test_identical_anonymous_request_is_served_from_the_cache(api, site, cached, method):
    NewsPageFactory(parent=site["vi"].news_index, title="Tin một")
    first, second, queries = second_request_queries(lambda: getattr(api, method)(TITLES))
    assert queries == 0
    assert second.content == first.content
    assert titles(second) == ["Tin một"]


def test_cache_key_includes_variables_host_and_language(api, site, cached):
    query = "query($n: Int) { news(first: $n) { edges { node { title } } } }"
    NewsPageFactory.create_batch(2, parent=site["vi"].news_index)
    assert len(api.post(query, {"n": 1}).json()["data"]["news"]["edges"]) == 1
    assert len(api.post(query, {"n": 2}).json()["data"]["news"]["edges"]) == 2
    # Absolute URLs (renditions, documents) are built from the request's host.
    keys = {
        cache_key(RequestFactory().post("/graphql/", HTTP_HOST=host), query, {"n": 1}, None)
        for host in ("localhost", "testserver")
    }
    with translation.override("en"):
        keys.add(cache_key(RequestFactory().post("/graphql/"), query, {"n": 1}, None))
    assert len(keys) == 3


def test_publishing_invalidates(api, site, cached):
    NewsPageFactory(parent=site["vi"].news_index, title="Tin một")
    assert titles(api.post(TITLES)) == ["Tin một"]
    NewsPageFactory(parent=site["vi"].news_index, title="Tin hai")
    assert sorted(titles(api.post(TITLES))) == ["Tin hai", "Tin một"]


def test_unpublishing_invalidates(api, site, cached):
    page = NewsPageFactory(parent=site["vi"].news_index, title="Tin một")
    assert titles(api.post(TITLES)) == ["Tin một"]
    page.unpublish()
    assert titles(api.post(TITLES)) == []


def test_deleting_a_page_invalidates(api, site, cached):
    page = NewsPageFactory(parent=site["vi"].news_index, title="Tin một")
    assert titles(api.post(TITLES)) == ["Tin một"]
    page.delete()
    assert titles(api.post(TITLES)) == []


def test_saving_an_agency_invalidates(api, site, cached):
    agency = AgencyFactory(name="Bộ cũ")
    NewsPageFactory(parent=site["vi"].news_index, agency=agency)
    first = api.post(TITLES).json()["data"]["news"]["edges"][0]["node"]["agency"]["name"]
    assert first == "Bộ cũ"
    agency.name = "Bộ mới"
    agency.save()
    second = api.post(TITLES).json()["data"]["news"]["edges"][0]["node"]["agency"]["name"]
    assert second == "Bộ mới"


def test_logged_in_requests_are_not_cached(site, cached):
    from django.test import Client

    client = Client()
    client.force_login(EditorFactory())
    NewsPageFactory(parent=site["vi"].news_index)

    def send():
        return client.post("/graphql/", {"query": TITLES}, content_type="application/json")

    _first, _second, queries = second_request_queries(send)
    assert queries > 0


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ('{ newsItem(previewToken: "t") { title } }', None),
        ("query($t: String) { newsItem(previewToken: $t) { title } }", {"t": "x"}),
    ],
)
def test_preview_requests_are_not_cached(cached, query, variables):
    assert not can_cache(RequestFactory().post("/graphql/"), query, variables)
    assert can_cache(RequestFactory().post("/graphql/"), TITLES, None)


def test_errors_are_not_cached_when_internal(api, site, cached, monkeypatch):
    NewsPageFactory(parent=site["vi"].news_index)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("core.graphql.loaders.BatchLoader.load", broken)
    assert api.post(TITLES).json()["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    monkeypatch.undo()
    assert "errors" not in api.post(TITLES).json()
