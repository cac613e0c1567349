"""``?profiles=``: DCAT-AP 3 by default, DCAT-AP 2 on request, anything else a 400."""

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, XSD

from opendata.dcat.vocabulary import DCAT
from tests.factories import DatasetFactory
from tests.opendata.dcat.test_endpoints import link, paging_of
from tests.opendata.dcat.test_profile import BASE, one, rdf_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.BASE_URL = BASE


@pytest.fixture
def dataset():
    return DatasetFactory(version="1.2")


def sizes(graph) -> set:
    return {size.datatype for size in graph.objects(None, DCAT.byteSize)}


@pytest.mark.parametrize("query", ["", "?profiles=euro_dcat_ap_3", "?profiles=", "?profiles=,"])
def test_dcat_ap_3_is_the_default(client, dataset, query):
    graph = rdf_of(client.get(f"/dataset/{dataset.name}.ttl{query}"), "ttl")
    subject = URIRef(f"{BASE}/dataset/{dataset.uuid}")

    assert sizes(graph) == {XSD.nonNegativeInteger}
    assert one(graph, subject, DCAT.version) == Literal("1.2")
    assert one(graph, subject, OWL.versionInfo) == Literal("1.2")


URLS = ["/dataset/{name}.ttl", "/dataset/{name}", "/dataset/{name}/", "/catalog.ttl", "/catalog"]


@pytest.mark.parametrize("url", URLS)
def test_dcat_ap_2_has_decimal_byte_sizes_and_owl_version_only(client, dataset, url):
    response = client.get(
        url.format(name=dataset.name) + "?profiles=euro_dcat_ap_2", HTTP_ACCEPT="text/turtle"
    )
    graph = rdf_of(response, "ttl")
    subject = URIRef(f"{BASE}/dataset/{dataset.uuid}")

    assert sizes(graph) == {XSD.decimal}
    size = next(graph.objects(None, DCAT.byteSize))
    assert int(size.toPython()) == dataset.resources.get().data_file.size
    assert one(graph, subject, OWL.versionInfo) == Literal("1.2")
    assert not list(graph.objects(subject, DCAT.version))


@pytest.mark.parametrize(
    "value", ["euro_dcat_ap", "schemaorg", "euro_dcat_ap_2,euro_dcat_ap_3", "DCAT-AP 2"]
)
@pytest.mark.parametrize("url", URLS)
def test_other_profiles_are_refused_with_a_json_400(client, dataset, url, value):
    response = client.get(
        url.format(name=dataset.name), {"profiles": value}, HTTP_ACCEPT="text/turtle"
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "BAD_USER_INPUT"
    assert error["profiles"] == ["euro_dcat_ap_2", "euro_dcat_ap_3"]
    assert "euro_dcat_ap_2" in error["message"]


def test_the_same_profile_twice_is_that_profile(client, dataset):
    response = client.get(f"/dataset/{dataset.name}.ttl?profiles=euro_dcat_ap_2,euro_dcat_ap_2")

    assert sizes(rdf_of(response, "ttl")) == {XSD.decimal}


def test_paging_links_keep_the_profile_asked_for(client, settings):
    settings.DCAT_DATASETS_PER_PAGE = 1
    DatasetFactory.create_batch(2)

    asked = rdf_of(client.get("/catalog.ttl?profiles=euro_dcat_ap_2"), "ttl")
    default = rdf_of(client.get("/catalog.ttl"), "ttl")

    following = link(asked, paging_of(asked), "next")
    assert following == f"{BASE}/catalog.ttl?profiles=euro_dcat_ap_2&page=2"
    assert sizes(rdf_of(client.get(following.removeprefix(BASE)), "ttl")) == {XSD.decimal}
    assert link(default, paging_of(default), "next") == f"{BASE}/catalog.ttl?page=2"
