"""Depth, cost and size bounds: each with a query just under and just over its limit."""

import pytest
from graphene.validation import depth_limit_validator
from graphql import get_introspection_query, parse, validate

from config.schema import schema
from tests.core.helpers import codes
from tests.factories import AgencyFactory, NewsPageFactory


def agency_chain(parents: int) -> str:
    """An agency, ``parents`` levels of parent, then its code: depth ``parents + 2``."""
    inner = "code"
    for _ in range(parents):
        inner = f"parent {{ {inner} }}"
    return f'{{ agency(code: "BTTTT") {{ {inner} }} }}'


@pytest.fixture
def agency(db):
    return AgencyFactory(code="BTTTT")


def test_depth_at_the_limit_passes(api, agency, settings):
    assert settings.GRAPHQL_MAX_DEPTH == 10
    response = api.post(agency_chain(8))
    assert response.status_code == 200, response.json()
    assert "errors" not in response.json()


def test_depth_over_the_limit_is_too_complex(api, agency):
    response = api.post(agency_chain(9))
    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_COMPLEX"]
    assert response.json()["errors"][0]["extensions"] == {
        "code": "QUERY_TOO_COMPLEX",
        "depth": 11,
        "maxDepth": 10,
    }


def test_fifty_levels_is_too_complex(api, agency):
    response = api.post(agency_chain(48))
    assert response.status_code == 400
    assert "QUERY_TOO_COMPLEX" in codes(response)


def test_depth_follows_fragments_without_counting_them(api, agency, settings):
    settings.GRAPHQL_MAX_DEPTH = 5
    # agency > parent > ...F (parent > parent > code): 5 fields deep.
    query = """
        { agency(code: "BTTTT") { parent { ...F } } }
        fragment F on Agency { ... on Agency { parent { parent { code } } } }
    """
    assert api.post(query).status_code == 200
    settings.GRAPHQL_MAX_DEPTH = 4
    assert codes(api.post(query)) == ["QUERY_TOO_COMPLEX"]


def test_graphene_depth_validator_counts_differently():
    """Why the depth rule is our own: graphene's leaves out the leaf level.

    The same 5-field-deep query is depth 4 to graphene, and a fragment cycle (invalid, but
    it reaches the rules) would recurse forever there; our rule reports nothing for it and
    graphql-core's NoFragmentCycles rejects the query.
    """
    document = parse('{ agency(code: "X") { parent { parent { parent { code } } } } }')
    seen = {}
    validate(schema.graphql_schema, document, [depth_limit_validator(10, callback=seen.update)])
    assert seen == {"anonymous": 4}


def test_fragment_cycle_is_a_validation_error_not_a_crash(api):
    query = '{ agency(code: "X") { ...A } } fragment A on Agency { parent { ...A } }'
    response = api.post(query)
    assert response.status_code == 400
    assert set(codes(response)) == {"GRAPHQL_VALIDATION_FAILED"}


# Cost: objects the query may return. news(first: 10) > edges (10) > node (10) >
# topics (10 each): 1 + 10 + 10 + 100 = 121.
TOPICS = "query($n: Int) { news(first: $n) { edges { node { topics { slug } } } } }"


def test_cost_at_the_limit_passes(api, settings):
    settings.GRAPHQL_MAX_COST = 121
    response = api.post(TOPICS, {"n": 10})
    assert response.status_code == 200, response.json()


def test_cost_over_the_limit_is_too_complex_with_figures(api, settings):
    settings.GRAPHQL_MAX_COST = 120
    response = api.post(TOPICS, {"n": 10})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "cost": 121, "maxCost": 120}


@pytest.mark.parametrize(
    ("query", "variables", "cost"),
    [
        # No first: the schema's default page size, 20.
        (TOPICS, None, 1 + 20 + 20 + 200),
        # A variable's default value.
        (TOPICS.replace("$n: Int", "$n: Int = 5"), None, 1 + 5 + 5 + 50),
        # A literal; scalars and pageInfo's fields are free, pageInfo itself is one object.
        ("{ news(first: 3) { totalCount pageInfo { hasNextPage } } }", None, 1 + 1),
        # Named fragments and inline fragments count like the fields they hold.
        (
            "query($n: Int) { news(first: $n) { ...E } } "
            "fragment E on NewsConnection { edges { node { ... on NewsPage { topics { id } } } } }",
            {"n": 10},
            121,
        ),
        # A union counts its dearest branch: an image block (image + rendition) costs 2.
        (
            "{ news(first: 10) { edges { node { body { ... on ParagraphBlock { html } "
            "... on ImageBlock { image { rendition(width: 320) { url } } } } } } } }",
            None,
            1 + 10 + 10 + 100 * (1 + 2),
        ),
        # A page size out of range counts as the largest allowed (the resolver refuses it).
        ("{ agencies(first: 100000) { edges { node { code } } } }", None, 1 + 100 + 100),
    ],
)
def test_cost_counting(api, settings, query, variables, cost):
    settings.GRAPHQL_MAX_COST = 0
    response = api.post(query, variables)
    assert response.json()["errors"][0]["extensions"]["cost"] == cost


FULL_NEWS = """
query NewsFull($first: Int = 100) {
  news(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id title slug urlPath url locale firstPublishedAt lastPublishedAt seoTitle
        searchDescription summary publicationDate
        translations { id title slug locale url }
        agency { ...AgencyFields parent { ...AgencyFields } }
        topics { id slug name nameEn }
        legalDocuments {
          id number type title titleEn signedOn effectiveOn url issuer { ...AgencyFields }
        }
        heroImage { ...ImageFields }
        body {
          __typename
          ... on ParagraphBlock { id html text }
          ... on HeadingBlock { id text level }
          ... on QuoteBlock { id quote attribution }
          ... on ImageBlock { id altText caption credit image { ...ImageFields } }
          ... on TableBlock { id caption columns { type heading } rows }
          ... on StatisticBlock { id label value unit source sourceUrl }
          ... on DocumentBlock { id title document { id title url fileSize fileExtension } }
          ... on ProcedureLinkBlock { id label procedure { id code title url } }
          ... on EmbedBlock { id url }
        }
      }
    }
  }
}
fragment AgencyFields on Agency { id code name nameEn kind website }
fragment ImageFields on Image {
  id title altText width height focalPoint { x y width height }
  rendition(width: 640) { url width height } srcSet(widths: [320, 640])
}
"""


def test_default_cost_lets_a_full_page_of_100_news_through(api, site, settings):
    NewsPageFactory(parent=site["vi"].news_index)
    settings.GRAPHQL_MAX_COST = 0
    assert api.post(FULL_NEWS).json()["errors"][0]["extensions"]["cost"] == 15_702
    settings.GRAPHQL_MAX_COST = 20_000
    response = api.post(FULL_NEWS)
    assert response.status_code == 200
    assert "errors" not in response.json(), response.json()["errors"]
    assert response.json()["data"]["news"]["totalCount"] == 1


def test_default_cost_rejects_fan_out(api):
    query = (
        "{ agencies(first: 100) { edges { node { code children { code children { code "
        "children { code } } } } } } }"
    )
    response = api.post(query)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"] == {
        "code": "QUERY_TOO_COMPLEX",
        "cost": 111_201,
        "maxCost": 20_000,
    }


def test_graphiql_introspection_query_passes_the_default_bounds(api):
    response = api.post(get_introspection_query(descriptions=True))
    assert response.status_code == 200
    assert "errors" not in response.json()


def padded(size: int) -> str:
    query = "{ news { totalCount } }"
    return query + " " * (size - len(query.encode()))


def test_query_at_the_size_limit_passes(api, settings):
    settings.GRAPHQL_MAX_QUERY_BYTES = 1000
    assert api.post(padded(1000)).status_code == 200


def test_query_over_the_size_limit_is_too_large(api, settings):
    settings.GRAPHQL_MAX_QUERY_BYTES = 1000
    response = api.post(padded(1001))
    assert response.status_code == 413
    assert codes(response) == ["QUERY_TOO_LARGE"]


def test_size_counts_bytes_not_characters(api, settings):
    query = '{ news(topic: "chuyển-đổi-số") { totalCount } }'
    settings.GRAPHQL_MAX_QUERY_BYTES = len(query)
    assert codes(api.post(query)) == ["QUERY_TOO_LARGE"]


def test_one_megabyte_query_is_too_large(api):
    response = api.post("{ news { totalCount } }" + "#" * 1_000_000)
    assert response.status_code == 413
    assert codes(response) == ["QUERY_TOO_LARGE"]


def test_body_larger_than_django_accepts_is_too_large(api):
    response = api.post("{ news { totalCount } }", {"x": "a" * 3_000_000})
    assert response.status_code == 413
    assert codes(response) == ["QUERY_TOO_LARGE"]


INTROSPECTION = "{ __schema { queryType { name } } }"


def test_introspection_is_on_by_default(api):
    response = api.post(INTROSPECTION)
    assert response.json()["data"]["__schema"]["queryType"]["name"] == "Query"


def test_introspection_off_by_setting_but_typename_still_works(api, settings):
    settings.GRAPHQL_INTROSPECTION = False
    response = api.post(INTROSPECTION)
    assert response.status_code == 400
    assert codes(response) == ["GRAPHQL_VALIDATION_FAILED"]
    assert codes(api.post('{ __type(name: "Query") { name } }')) == ["GRAPHQL_VALIDATION_FAILED"]
    response = api.post("{ news { __typename totalCount } }")
    assert response.json()["data"]["news"]["__typename"] == "NewsConnection"
