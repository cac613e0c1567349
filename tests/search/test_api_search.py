"""``GET /api/search`` and ``/api/search/suggest`` on the demo content's index, over HTTP."""

from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cms.models import NewsPage, ProcedurePage
from search import registry
from search.query import MAX_QUERY_LENGTH

pytestmark = pytest.mark.django_db

BASE_URL = "https://minhbach.example.gov.vn"
ORIGIN = "https://cong.example.gov.vn"


@pytest.fixture
def http(demo_index, settings) -> Client:
    # The service reads the index the settings name: the demo's.
    settings.SEARCH_INDEX_PATH = demo_index.options["PATH"]
    settings.BASE_URL = BASE_URL
    # Rate-limit counters live in the cache, which outlives each test's database.
    cache.clear()
    yield Client()
    cache.clear()


def get(http: Client, path: str = "/api/search", **params) -> dict:
    response = http.get(path, params)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


def error(http: Client, params: dict, path: str = "/api/search") -> str:
    response = http.get(path, params)
    assert response.status_code == 400, response.content[:500]
    body = response.json()
    assert body["error"]["code"] == "BAD_USER_INPUT", body
    return body["error"]["message"]


def test_a_search_answers_json(http):
    body = get(http, q="dang ky khai sinh", locale="vi", type="procedure")
    assert body["query"] == "dang ky khai sinh"
    assert (body["page"], body["limit"], body["relaxed"]) == (1, 10, False)
    first = body["results"][0]
    procedure = ProcedurePage.objects.get(pk=first["id"])
    assert procedure.code == "1.001193"
    assert first["type"] == "procedure" and first["locale"] == "vi"
    assert first["title"] == procedure.title
    assert first["url"].startswith(BASE_URL + "/")
    assert urlsplit(first["url"]).path == procedure.get_url_parts()[2]
    assert first["date"].startswith(str(procedure.last_published_at.year))
    assert first["score"] > 0
    assert "<mark>khai</mark> <mark>sinh</mark>" in first["highlights"]["title"]
    assert body["total"] == len(body["results"]) or body["next"]


def test_the_default_facets_with_labels(http):
    body = get(http, q="dich vu cong", locale="vi")
    assert list(body["facets"])[:2] == ["type", "agency"]
    assert "tag" not in body["facets"]
    types = body["facets"]["type"]
    assert sum(value["count"] for value in types) == body["total"]
    assert {value["value"]: value["label"] for value in types}["news"] == "Tin chính sách"


def test_chosen_facets_and_none(http):
    assert list(get(http, q="khai sinh", facet=["agency", "year"])["facets"]) == [
        "agency",
        "year",
    ]
    assert get(http, q="khai sinh", facet="")["facets"] == {}


def test_types_repeat(http):
    body = get(http, q="", type=["news", "dataset"], limit=100, facet="type")
    assert {r["type"] for r in body["results"]} == {"news", "dataset"}
    assert {v["value"] for v in body["facets"]["type"]} == {"news", "dataset"}


def test_filters_narrow_and_their_values_are_alternatives(http):
    agencies = get(http, q="", locale="vi", facet="agency")["facets"]["agency"]
    first, second = agencies[0], agencies[1]
    one = get(http, q="", locale="vi", agency=first["value"], facet="agency")
    assert one["total"] == first["count"]
    both = get(http, q="", locale="vi", agency=[first["value"], second["value"]])
    assert both["total"] == first["count"] + second["count"]
    level = get(http, type="procedure", service_level="4", limit=100)
    assert level["total"] == ProcedurePage.objects.live().filter(service_level=4).count()


def test_pages_follow_next(http):
    whole = get(http, q="", locale="vi", sort="date", limit=9)["results"]
    seen, url = [], "/api/search?q=&locale=vi&sort=date&limit=3"
    for number in (1, 2, 3):
        body = get(http, url)
        assert body["page"] == number
        seen += body["results"]
        assert body["next"].startswith(BASE_URL + "/api/search?")
        url = body["next"].removeprefix(BASE_URL)
    assert [(r["type"], r["id"]) for r in seen] == [(r["type"], r["id"]) for r in whole]


def test_the_last_page_has_no_next(http):
    total = get(http, q="khai sinh", limit=1)["total"]
    body = get(http, q="khai sinh", limit=100)
    assert len(body["results"]) == total
    assert body["next"] is None


def test_sorted_oldest_first(http):
    dates = [r["date"] for r in get(http, type="news", sort="-date", limit=50)["results"]]
    assert dates == sorted(dates)


def test_a_result_no_longer_visible_is_left_out(http):
    gone = get(http, q="942/QD-TTg", type="news")["results"][0]["id"]
    NewsPage.objects.filter(pk=gone).update(expire_at=timezone.now() - timezone.timedelta(1))
    assert gone not in [r["id"] for r in get(http, q="942/QD-TTg", type="news")["results"]]


def test_suggestions(http):
    body = get(http, "/api/search/suggest", q="dang ky kh", locale="vi")
    assert body["query"] == "dang ky kh"
    first = body["suggestions"][0]
    assert (first["text"], first["type"], first["locale"]) == (
        "Đăng ký khai sinh",
        "procedure",
        "vi",
    )
    assert len(get(http, "/api/search/suggest", q="dang", limit=2)["suggestions"]) <= 2


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"type": ""}, "type"),
        ({"type": "page"}, "Unknown type"),
        ({"colour": "red"}, "Unknown parameter 'colour'"),
        ({"agency": ""}, "agency"),
        ({"limit": "0"}, "limit"),
        ({"limit": "1000"}, "limit"),
        ({"limit": "ten"}, "whole number"),
        ({"page": "0"}, "page"),
        ({"page": "2000"}, "page"),
        ({"page": "9" * 5000}, "whole number"),
        ({"q": "x" * (MAX_QUERY_LENGTH + 100)}, "too long"),
        ({"q": ["a", "b"]}, "once"),
        ({"sort": "price"}, "Unknown sort"),
        ({"locale": "fr"}, "Unknown locale"),
        ({"facet": "colour"}, "Unknown facet"),
        ({"agency": [f"A{n}" for n in range(60)]}, "At most"),
    ],
)
def test_bad_parameters_are_400_json(http, params, words):
    assert words in error(http, {"q": "khai sinh", **params})


def test_bad_suggest_parameters_are_400_json(http):
    assert "limit" in error(http, {"q": "khai", "limit": "50"}, "/api/search/suggest")
    assert "too long" in error(http, {"q": "k" * 600}, "/api/search/suggest")
    assert "Unknown parameter" in error(http, {"q": "k", "sort": "date"}, "/api/search/suggest")


def test_only_get(http):
    for method in ("post", "put", "delete"):
        response = getattr(http, method)("/api/search?q=khai")
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"
        assert response.json()["error"]["code"] == "BAD_REQUEST"
    assert http.head("/api/search?q=khai").status_code == 200


def test_rate_limited_like_the_graphql_api(http, settings, one_rate_window):
    settings.GRAPHQL_RATE_LIMIT = "2/60"
    assert [http.get("/api/search", {"q": "a"}).status_code for _ in range(2)] == [200, 200]
    response = http.get("/api/search", {"q": "a"})
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "RATE_LIMITED"
    assert int(response["Retry-After"]) >= 1


def test_cacheable_with_an_etag(http, settings):
    settings.GRAPHQL_CACHE_SECONDS = 60
    response = http.get("/api/search", {"q": "khai sinh"})
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    again = http.get("/api/search", {"q": "khai sinh"}, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_cors_for_the_listed_origins(http, settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    response = http.get("/api/search", {"q": "khai"}, HTTP_ORIGIN=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == ORIGIN


def _query_count(http: Client, limit: int, type_name: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        body = get(http, q="", type=type_name, limit=limit)
    assert len(body["results"]) == limit
    return len(captured)


@pytest.mark.parametrize("type_name", ["news", "procedure"])
def test_sql_queries_do_not_grow_with_the_page_size(http, type_name):
    few = _query_count(http, 3, type_name)
    assert _query_count(http, 30, type_name) == few <= 3


PIECES = [
    "dịch vụ", "dich vu", "khai sinh", '"', "AND", "title:", "*", "~", "\\", "\x00", "đ",
    "942/QĐ-TTg", "1.001193", " ", "", "-", "(", "%", "&", "=", "\u200b", "a" * 200,
]  # fmt: skip
PARAMETERS = ["q", "type", "locale", "sort", "page", "limit", "facet", "x"]
NAMES = [*PARAMETERS, *sorted(registry.filter_names())]
VALUES = {
    "type": ["news", "procedure", "dataset", "page", ""],
    "locale": ["vi", "en", "fr", ""],
    "sort": ["relevance", "date", "-date", "title", "-name", "price", ""],
    "facet": ["type", "agency", "tag", "colour", ""],
}
number = st.integers(min_value=-5, max_value=20_000).map(str) | st.sampled_from(
    ["", "1.5", "1e3", "x", "9" * 30]
)


@st.composite
def search_params(draw) -> list[tuple[str, str]]:
    params = []
    for name in draw(st.lists(st.sampled_from(NAMES), max_size=6)):
        if name in {"page", "limit"}:
            value = draw(number)
        elif name in VALUES:
            value = draw(st.sampled_from(VALUES[name]))
        else:
            value = draw(st.lists(st.sampled_from(PIECES), max_size=5).map("".join))
        params.append((name, value))
    return params


@hypothesis_settings(
    max_examples=80,
    database=None,  # no .hypothesis folder in the work tree
    deadline=None,
    # The demo and its index are only read: sharing them between examples is safe.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(params=search_params())
def test_any_parameters_get_results_or_a_400(http, params):
    response = http.get("/api/search", params)
    assert response.status_code in {200, 400}, (params, response.content[:300])
    body = response.json()
    if response.status_code == 400:
        assert body["error"]["code"] == "BAD_USER_INPUT" and body["error"]["message"]
    else:
        assert isinstance(body["results"], list) and body["total"] >= len(body["results"])
