"""CKAN's names translate into names the catalogue and the search service know."""

from opendata import catalogue
from opendata.ckan_api import params, vocabulary
from opendata.graphql.enums import DatasetOrder
from search.query import SORTS


def test_every_ckan_facet_is_a_catalogue_facet():
    assert set(vocabulary.FACETS.values()) <= set(catalogue.FACETS)


def test_every_ckan_sort_is_a_service_sort():
    assert {sort for pair in vocabulary.SORTS.values() for sort in pair} <= SORTS
    assert set(params.SEARCH_SORT_FIELDS) == set(vocabulary.SORTS)
    assert vocabulary.service_sorts([("score", True), ("metadata_modified", True)]) == [
        "relevance",
        "date",
    ]


def test_every_graphql_order_is_a_service_sort():
    assert {member.value for member in DatasetOrder} <= SORTS
