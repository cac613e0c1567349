"""GraphQL ``search`` and ``suggest`` on the demo content's index, through /graphql/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cms.models import NewsPage, ProcedurePage
from search.query import MAX_QUERY_LENGTH
from tests.cms.graphql.conftest import GraphQLClient

pytestmark = pytest.mark.django_db

NODE = """
    __typename
    ... on NewsPage { id title slug summary publicationDate agency { code } topics { slug } }
    ... on ProcedurePage { id title code serviceLevel agency { code } sector { slug } }
    ... on Dataset { id name title publisher { code } resources { format } }
"""

SEARCH = f"""
query Search($query: String, $types: [SearchType!], $locale: Locale,
             $filters: SearchFilters, $facets: [SearchFacetName!], $sort: SearchSort,
             $first: Int, $after: String) {{
  search(query: $query, types: $types, locale: $locale, filters: $filters,
         facets: $facets, sort: $sort, first: $first, after: $after) {{
    totalCount
    relaxed
    pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
    edges {{
      cursor type locale score
      highlights {{ title summary body }}
      node {{ {NODE} }}
    }}
    facets {{ name values {{ value label count }} }}
  }}
}}
"""


@pytest.fixture
def gql(demo_index, settings) -> GraphQLClient:
    # The service reads the index the settings name: the demo's.
    settings.SEARCH_INDEX_PATH = demo_index.options["PATH"]
    return GraphQLClient()


def search(gql: GraphQLClient, **variables) -> dict:
    return gql.data(SEARCH, variables)["search"]


def bad_input(gql: GraphQLClient, document: str, variables: dict) -> str:
    error = gql.error(document, variables)
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    return error["message"]


def test_a_procedure_is_found_as_the_procedure_itself(gql):
    result = search(gql, query="dang ky khai sinh", types=["PROCEDURE"], locale="VI")
    first = result["edges"][0]
    assert first["type"] == "PROCEDURE"
    assert first["locale"] == "VI"
    node = first["node"]
    assert node["__typename"] == "ProcedurePage"
    page = ProcedurePage.objects.get(pk=node["id"])
    assert (node["code"], node["title"]) == ("1.001193", page.title)
    assert node["agency"]["code"] == page.agency.code
    assert node["sector"]["slug"] == page.sector.slug
    assert {edge["node"]["__typename"] for edge in result["edges"]} == {"ProcedurePage"}


def test_news_is_found_with_its_fields(gql):
    result = search(gql, query="942/QD-TTg", types=["NEWS"], locale="VI")
    node = result["edges"][0]["node"]
    assert node["__typename"] == "NewsPage"
    assert (
        node["slug"] == "phe-duyet-chien-luoc-phat-trien-chinh-phu-dien-tu-huong-toi-chinh-phu-so"
    )
    page = NewsPage.objects.get(pk=node["id"])
    assert node["agency"]["code"] == page.agency.code
    assert sorted(topic["slug"] for topic in node["topics"]) == sorted(
        topic.slug for topic in page.topics.all()
    )


def test_datasets_are_found_as_datasets(gql):
    result = search(gql, query="EGDI", types=["DATASET"])
    assert result["totalCount"] >= 1
    node = result["edges"][0]["node"]
    assert node["__typename"] == "Dataset"
    assert "EGDI" in node["title"]
    assert node["publisher"]["code"]
    assert node["resources"], node
    # Datasets count in the type facet of a search over everything.
    everything = search(gql, query="", facets=["TYPE"], first=1)
    types = {value["value"] for value in everything["facets"][0]["values"]}
    assert {"news", "procedure", "dataset"} <= types


def test_every_type_is_searched_by_default(gql):
    result = search(gql, query="khai sinh", first=50)
    assert {"NewsPage", "ProcedurePage"} <= {e["node"]["__typename"] for e in result["edges"]}


def test_highlights_mark_the_words_that_matched(gql):
    result = search(gql, query="dang ky khai sinh", types=["PROCEDURE"], locale="VI")
    highlights = result["edges"][0]["highlights"]
    assert "<mark>khai</mark> <mark>sinh</mark>" in highlights["title"]
    assert "<mark>" not in highlights["summary"] or "</mark>" in highlights["summary"]
    assert all("<script" not in (text or "") for text in highlights.values())


def test_facets_count_every_result_with_labels(gql):
    result = search(gql, query="dich vu cong", locale="VI", facets=["TYPE", "AGENCY"], first=1)
    facets = {facet["name"]: facet["values"] for facet in result["facets"]}
    assert list(facets) == ["TYPE", "AGENCY"]
    assert sum(value["count"] for value in facets["TYPE"]) == result["totalCount"]
    labels = {value["value"]: value["label"] for value in facets["TYPE"]}
    assert labels["procedure"] == "Thủ tục hành chính"
    assert all(value["label"] for value in facets["AGENCY"])
    counts = [value["count"] for value in facets["AGENCY"]]
    assert counts == sorted(counts, reverse=True)


def test_the_default_facets(gql):
    result = search(gql, query="dich vu cong")
    names = [facet["name"] for facet in result["facets"]]
    assert names[:2] == ["TYPE", "AGENCY"]
    assert "SERVICE_LEVEL" in names and "YEAR" in names
    assert "TAG" not in names and "LOCALE" not in names


def test_a_filter_narrows_to_its_value(gql):
    everything = search(gql, query="", locale="VI", facets=["AGENCY"], first=1)
    agency = everything["facets"][0]["values"][0]
    narrowed = search(gql, query="", locale="VI", filters={"agency": [agency["value"]]}, first=100)
    assert narrowed["totalCount"] == agency["count"] < everything["totalCount"]
    assert {e["node"].get("agency", {}).get("code") for e in narrowed["edges"]} <= {
        agency["value"],
        None,
    }


def test_filters_of_procedures(gql):
    result = search(gql, query="", types=["PROCEDURE"], filters={"serviceLevel": ["4"]}, first=100)
    assert result["totalCount"] == ProcedurePage.objects.live().filter(service_level=4).count()
    assert {edge["node"]["serviceLevel"] for edge in result["edges"]} == {"LEVEL_4"}


def test_cursors_page_through_the_results(gql):
    whole = search(gql, query="", locale="VI", sort="NEWEST", first=9)
    ids = [edge["node"]["id"] for edge in whole["edges"]]
    seen, after = [], None
    for _page in range(3):
        page = search(gql, query="", locale="VI", sort="NEWEST", first=3, after=after)
        seen += [edge["node"]["id"] for edge in page["edges"]]
        assert page["pageInfo"]["hasNextPage"]
        assert page["pageInfo"]["hasPreviousPage"] == (after is not None)
        after = page["pageInfo"]["endCursor"]
    assert seen == ids
    assert len(set(seen)) == 9


def test_the_last_page_has_no_next(gql):
    total = search(gql, query="khai sinh", first=1)["totalCount"]
    last = search(gql, query="khai sinh", first=100)
    assert len(last["edges"]) == total
    assert last["pageInfo"]["hasNextPage"] is False


def test_sorted_by_date(gql):
    dates = [
        edge["node"]["publicationDate"]
        for edge in search(gql, query="", types=["NEWS"], sort="OLDEST", first=20)["edges"]
    ]
    assert dates == sorted(dates)


def test_a_hit_no_longer_visible_is_left_out(gql):
    result = search(gql, query="942/QD-TTg", types=["NEWS"])
    gone = result["edges"][0]["node"]["id"]
    # Expired without the index hearing of it (no signal): the object's check drops it.
    NewsPage.objects.filter(pk=gone).update(expire_at=timezone.now() - timezone.timedelta(1))
    after = search(gql, query="942/QD-TTg", types=["NEWS"])
    assert gone not in [edge["node"]["id"] for edge in after["edges"]]


def test_suggestions_complete_what_is_typed(gql):
    query = "query($q: String!) { suggest(query: $q, locale: VI) { text type id locale } }"
    suggestions = gql.data(query, {"q": "dang ky kh"})["suggest"]
    assert {"text": "Đăng ký khai sinh", "type": "PROCEDURE"}.items() <= suggestions[0].items()
    assert suggestions[0]["locale"] == "VI"
    assert ProcedurePage.objects.get(pk=suggestions[0]["id"]).code == "1.001193"


@pytest.mark.parametrize(
    ("variables", "words"),
    [
        ({"types": []}, "types"),
        ({"first": 0}, "first"),
        ({"first": 1000}, "first"),
        ({"after": "garbage"}, "cursor"),
        ({"after": "YXJyYXljb25uZWN0aW9uOjk5OTk5"}, "offset"),  # arrayconnection:99999
        ({"query": "x" * (MAX_QUERY_LENGTH + 100)}, "too long"),
        ({"filters": {"agency": [f"A{n}" for n in range(60)]}}, "At most"),
        ({"sort": "TITLE"}, None),  # valid once the service sorts by title
    ],
)
def test_bad_input_is_bad_user_input(gql, variables, words):
    if words is None:
        result = gql.post(SEARCH, {"query": "", **variables})
        assert "errors" not in result or {e["extensions"]["code"] for e in result["errors"]} == {
            "BAD_USER_INPUT"
        }
        return
    message = bad_input(gql, SEARCH, {"query": "khai sinh", **variables})
    assert words in message


def test_an_unknown_enum_value_is_a_validation_error(gql):
    error = gql.error(SEARCH, {"types": ["PAGE"]})
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_suggest_bounds(gql):
    query = "query($q: String!, $n: Int) { suggest(query: $q, first: $n) { text } }"
    assert "between 1 and 20" in bad_input(gql, query, {"q": "khai", "n": 21})
    assert "too long" in bad_input(gql, query, {"q": "k" * 600, "n": 5})


def test_the_depth_and_cost_bounds_hold(gql, settings):
    settings.GRAPHQL_MAX_COST = 500
    error = gql.error(SEARCH, {"query": "khai sinh", "first": 100})
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"


def _queries(gql: GraphQLClient, types: list[str], first: int) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        result = search(gql, query="", types=types, first=first, facets=["TYPE"])
    # Index and database agree on the demo: no hit is left out.
    assert len(result["edges"]) == min(first, result["totalCount"])
    return len(captured), len(result["edges"])


@pytest.mark.parametrize(
    ("search_type", "many"), [("NEWS", 30), ("PROCEDURE", 30), ("DATASET", 12)]
)
def test_sql_queries_do_not_grow_with_the_page_size(gql, search_type, many):
    few, shown_few = _queries(gql, [search_type], 3)
    more, shown_more = _queries(gql, [search_type], many)
    assert (shown_few, shown_more) == (3, many)
    assert more == few, f"{few} queries for 3 hits, {more} for {many}"


def test_each_type_on_a_page_costs_its_own_few_queries(gql):
    alone = sum(_queries(gql, [name], 3)[0] for name in ("NEWS", "PROCEDURE", "DATASET"))
    mixed, shown = _queries(gql, ["NEWS", "PROCEDURE", "DATASET"], 100)
    assert shown >= 60
    # One search, then per type one load and its loaders: never per hit.
    assert mixed <= alone, f"{mixed} queries for {shown} mixed hits; {alone} for 3 of each"


WORDS = ["khai sinh", "dich vu", '"', "AND", "title:", "*", "\\", "\x00", "đ", "942/QĐ-TTg", ""]
search_variables = st.fixed_dictionaries(
    {},
    optional={
        "query": st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join) | st.text(max_size=30),
        "types": st.lists(st.sampled_from(["NEWS", "PROCEDURE", "DATASET"]), max_size=3),
        "locale": st.sampled_from(["VI", "EN"]),
        "filters": st.dictionaries(
            st.sampled_from(["agency", "topic", "serviceLevel", "year", "format", "tag"]),
            st.lists(st.text(max_size=12), max_size=3),
            max_size=3,
        ),
        "facets": st.lists(st.sampled_from(["TYPE", "AGENCY", "TAG", "LOCALE"]), max_size=4),
        "sort": st.sampled_from(["RELEVANCE", "NEWEST", "OLDEST", "TITLE", "NAME_DESC"]),
        "first": st.integers(min_value=-3, max_value=150),
        "after": st.sampled_from(["", "garbage", "YXJyYXljb25uZWN0aW9uOjI="]) | st.text(max_size=8),
    },
)


@hypothesis_settings(
    max_examples=60,
    database=None,  # no .hypothesis folder in the work tree
    deadline=None,
    # The demo and its index are only read: sharing them between examples is safe.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(variables=search_variables)
def test_any_variables_get_results_or_bad_user_input(gql, variables):
    result = gql.post(SEARCH, variables)
    codes = {error["extensions"]["code"] for error in result.get("errors", [])}
    assert codes <= {"BAD_USER_INPUT"}, (variables, result.get("errors"))
    if not codes:
        assert len(result["data"]["search"]["edges"]) <= result["data"]["search"]["totalCount"]
