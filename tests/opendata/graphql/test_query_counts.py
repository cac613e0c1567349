"""SQL queries per request do not grow with the number of datasets on a page.

The catalogue is asked for with every field that needs another table (publisher and its
parent, licence, themes, tags, provinces, resources and their files), once for 3 datasets
and once for 20: both must run the same, small, number of queries. News and procedures
with their related datasets follow the same rule.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opendata.models import Province
from tests.cms.graphql.conftest import GraphQLClient
from tests.factories import (
    AgencyFactory,
    DataFileFactory,
    DatasetFactory,
    NewsPageFactory,
    ProcedurePageFactory,
    ResourceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

DATASETS = 20
MAX_QUERIES = 10

DATASETS_QUERY = """
query Datasets($first: Int!) {
  datasets(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id name title titleEn description
        publisher { code name parent { code } }
        licence { id name url isOpen }
        themes { slug name euTheme }
        tags frequency temporalStart temporalEnd
        provinces { code name }
        version identifier issued modified url
        resources {
          id name format mediaType size sha256 downloadUrl rowCount isLink
          dataDictionary { name type }
          preview(first: 5) { header rows }
        }
      }
    }
  }
}
"""

NEWS_QUERY = """
query News($first: Int!) {
  news(first: $first) {
    edges { node { title datasets { name publisher { code parent { code } } themes { slug }
                                    tags resources { downloadUrl size } } } }
  }
}
"""

PROCEDURES_QUERY = """
query Procedures($first: Int!) {
  procedures(first: $first) {
    edges { node { code datasets { name publisher { code } licence { id } provinces { code }
                                   resources { format rowCount } } } }
  }
}
"""


@pytest.fixture
def catalogue(site):
    ministry = AgencyFactory(code="BTTTT")
    themes = ThemeFactory.create_batch(3)
    provinces = list(Province.objects.all()[:3])
    news = [NewsPageFactory(parent=site["vi"].news_index) for _ in range(DATASETS)]
    procedures = [ProcedurePageFactory(parent=site["vi"].procedure_index) for _ in range(DATASETS)]
    for n in range(DATASETS):
        dataset = DatasetFactory(
            publisher=AgencyFactory(parent=ministry), resources=2, publish=False
        )
        link = "https://example.gov.vn/a.xlsx"
        ResourceFactory(dataset=dataset, data_file=None, url=link, sort_order=3)
        ResourceFactory(dataset=dataset, data_file=DataFileFactory(status="rejected"), sort_order=2)
        dataset.themes.set(themes[: 1 + n % 3])
        dataset.provinces.set(provinces[: n % 3])
        dataset.tags.add("dịch vụ công", f"thẻ {n}")
        dataset.related_news.set(news[n : n + 2])
        dataset.related_procedures.set(procedures[n : n + 3])
        dataset.save_revision().publish()


def run(query: str, first: int) -> tuple[dict, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        data = GraphQLClient().data(query, {"first": first})
    return data, [q["sql"][:300] for q in queries.captured_queries]


def assert_same_queries(query: str) -> tuple[dict, int]:
    run(query, DATASETS)  # warm-up: content types, the site's root paths
    _small, few = run(query, 3)
    large, many = run(query, DATASETS)
    listing = "\n".join(many)
    assert len(few) == len(many), f"first 3: {len(few)} queries, first 20: {len(many)}\n{listing}"
    assert len(many) <= MAX_QUERIES, f"{len(many)} queries:\n{listing}"
    return large, len(many)


def test_datasets_list_queries_do_not_grow_with_page_size(catalogue):
    data, count = assert_same_queries(DATASETS_QUERY)
    print(f"datasets: {count} queries")
    edges = data["datasets"]["edges"]
    assert len(edges) == DATASETS and data["datasets"]["totalCount"] == DATASETS
    # Every relation was really resolved, not left empty by a loader that found nothing.
    for edge in edges:
        node = edge["node"]
        assert node["publisher"]["parent"] == {"code": "BTTTT"}
        assert node["themes"] and len(node["tags"]) == 2
        # Two files, one link; the rejected file is not there.
        assert [r["isLink"] for r in node["resources"]] == [False, False, True]
        assert node["resources"][0]["preview"]["rows"]
    assert sum(len(edge["node"]["provinces"]) for edge in edges) > 0


def test_news_and_procedures_datasets_queries_do_not_grow_with_page_size(catalogue):
    # One test for both: building the catalogue is the slow part.
    data, count = assert_same_queries(NEWS_QUERY)
    print(f"news with their datasets: {count} queries")
    news = [edge["node"]["datasets"] for edge in data["news"]["edges"]]
    # Dataset n is related to news n and n + 1.
    assert sum(map(len, news)) == 2 * DATASETS - 1
    some = next(datasets[0] for datasets in news if datasets)
    assert some["publisher"]["parent"] == {"code": "BTTTT"}
    assert some["themes"] and some["resources"][0]["size"]

    data, count = assert_same_queries(PROCEDURES_QUERY)
    print(f"procedures with their datasets: {count} queries")
    procedures = [edge["node"]["datasets"] for edge in data["procedures"]["edges"]]
    # Dataset n is related to procedures n to n + 2.
    assert sum(map(len, procedures)) == 3 * DATASETS - 3
    some = next(datasets[0] for datasets in procedures if datasets)
    assert some["licence"]["id"] and some["resources"][0]["format"]
