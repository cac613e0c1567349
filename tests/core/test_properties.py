"""Property-based: whatever the variables or the query text, never a 500, never an error
without ``extensions.code``."""

import json

import pytest
from graphql_relay import offset_to_cursor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import NewsPageFactory

FAST = settings(
    max_examples=100,
    database=None,  # no .hypothesis folder in the work tree
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NEWS = """
query News($first: Int, $after: String, $agency: String, $topic: String,
           $dateFrom: Date, $dateTo: Date, $locale: Locale, $orderBy: NewsOrder) {
  news(first: $first, after: $after, agency: $agency, topic: $topic, dateFrom: $dateFrom,
       dateTo: $dateTo, locale: $locale, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { title publicationDate agency { code } topics { slug } } }
  }
}
"""

anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=5,
)
dates = st.dates().map(str) | st.text(max_size=12)
news_variables = st.fixed_dictionaries(
    {},
    optional={
        "first": st.integers(-(2**40), 2**40) | st.sampled_from([0, 1, 20, 100, 101]) | anything,
        "after": st.integers(-5, 10**6).map(offset_to_cursor) | st.text() | anything,
        "agency": st.text() | st.sampled_from(["BTTTT", "btttt", ""]) | anything,
        "topic": st.text() | anything,
        "dateFrom": dates | anything,
        "dateTo": dates | anything,
        "locale": st.sampled_from(["VI", "EN", "vi", "FR"]) | anything,
        "orderBy": st.sampled_from(["PUBLICATION_DATE_DESC", "TITLE", ""]) | anything,
    },
)


def assert_well_formed(response) -> None:
    assert response.status_code in {200, 400, 405, 413, 415}, response.content[:500]
    body = response.json()
    for error in body.get("errors", []):
        assert error["extensions"]["code"], error
    if response.status_code == 200:
        assert "data" in body


@pytest.fixture
def news(site):
    NewsPageFactory.create_batch(3, parent=site["vi"].news_index)


@FAST
@given(variables=news_variables)
def test_random_news_variables(api, news, variables):
    assert_well_formed(api.post(NEWS, variables))


FIELDS = [
    "news",
    "newsItem",
    "procedures",
    "agencies",
    "agency",
    "edges",
    "node",
    "title",
    "children",
    "parent",
    "topics",
    "body",
    "translations",
    "totalCount",
    "__typename",
    "__schema",
    "types",
    "name",
    "nope",
]
TYPES = ["NewsPage", "Agency", "X"]
ARGUMENTS = ["first: 2", "first: -1", 'code: "X"', 'slug: "x"', "after: 3", "first: $n", ""]


def selection(depth: int):
    field = st.builds(
        lambda name, args: f"{name}({args})" if args else name,
        st.sampled_from(FIELDS),
        st.sampled_from(ARGUMENTS),
    )
    if depth == 0:
        return field
    inner = st.lists(selection(depth - 1), min_size=1, max_size=3).map(" ".join)
    return st.one_of(
        field,
        st.builds(lambda f, sub: f"{f} {{ {sub} }}", field, inner),
        st.builds(
            lambda t, sub: f"... on {t} {{ {sub} }}",
            st.sampled_from(["NewsPage", "Agency", "X"]),
            inner,
        ),
    )


shapes = st.lists(selection(4), min_size=1, max_size=3).map(lambda s: "{ " + " ".join(s) + " }")


@FAST
@given(query=shapes, n=st.none() | st.integers(-3, 200))
def test_random_query_shapes(api, news, query, n):
    variables = None if n is None else {"n": n}
    assert_well_formed(api.post(query, variables))


@FAST
@given(text=st.text(max_size=200) | st.binary(max_size=100).map(lambda b: b.decode("latin-1")))
def test_random_query_text(api, text):
    assert_well_formed(api.post(text))
    response = api.client.post("/graphql/", data=text, content_type="application/json")
    assert_well_formed(response)


@FAST
@given(body=anything)
def test_random_json_bodies(api, body):
    response = api.client.post("/graphql/", data=json.dumps(body), content_type="application/json")
    assert_well_formed(response)


def test_null_order_by_is_not_an_internal_error(api, news):
    response = api.post(NEWS, {"orderBy": None})
    assert "errors" not in response.json(), response.json()["errors"]
