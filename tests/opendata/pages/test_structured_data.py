"""The dataset page's machine-readable head: ``<link rel="alternate">`` to its DCAT forms
and a schema.org ``Dataset`` in JSON-LD, read back with rdflib's JSON-LD parser."""

import json
from html.parser import HTMLParser

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from tests.factories import DatasetFactory, ResourceFactory
from tests.opendata.pages import test_pages

# The dataset page's own fixtures, not copies of them.
agency, dataset, TITLE = test_pages.agency, test_pages.dataset, test_pages.TITLE

pytestmark = pytest.mark.django_db

SDO = Namespace("https://schema.org/")
BASE = "https://data.example.gov.vn"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.BASE_URL = BASE


class _Head(HTMLParser):
    """The <link> elements and the text of each JSON-LD <script> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link":
            self.links.append(attributes)
        self._in_json_ld = tag == "script" and attributes.get("type") == "application/ld+json"
        if self._in_json_ld:
            self.json_ld.append("")

    def handle_endtag(self, tag):
        self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def head_of(response) -> _Head:
    assert response.status_code == 200
    head = _Head()
    head.feed(response.content.decode())
    return head


def schema_org(response) -> tuple[dict, Graph]:
    """The page's one JSON-LD block, as JSON and as the graph rdflib reads from it.

    rdflib would fetch the remote schema.org context; the same vocabulary is given inline
    (which also makes every string a literal: the test reads values, not IRIs).
    """
    blocks = head_of(response).json_ld
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org/"
    local = {**data, "@context": {"@vocab": str(SDO)}}
    return data, Graph().parse(data=json.dumps(local), format="json-ld")


def one(graph: Graph, subject, predicate):
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, f"{predicate}: {values}"
    return values[0]


def test_the_page_points_to_its_dcat_forms(client, site, dataset):
    links = head_of(client.get(f"/dataset/{dataset.name}/")).links

    alternates = {(link["type"], link["href"]) for link in links if link.get("rel") == "alternate"}
    expected = {
        ("text/turtle", f"/dataset/{dataset.name}.ttl"),
        ("application/rdf+xml", f"/dataset/{dataset.name}.rdf"),
        ("application/ld+json", f"/dataset/{dataset.name}.jsonld"),
    }
    assert expected <= alternates
    for media_type, href in expected:
        assert client.get(href)["Content-Type"] == f"{media_type}; charset=utf-8"


def test_the_page_describes_the_dataset_in_schema_org(client, site, dataset):
    data, graph = schema_org(client.get(f"/dataset/{dataset.name}/"))
    subject = URIRef(f"{BASE}/dataset/{dataset.uuid}")
    resource = dataset.resources.get()

    assert (subject, RDF.type, SDO.Dataset) in graph
    assert one(graph, subject, SDO.name) == Literal(TITLE)
    assert str(one(graph, subject, SDO.description)) == dataset.description
    assert one(graph, subject, SDO.license) == Literal(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    creator = one(graph, subject, SDO.creator)
    assert (creator, RDF.type, SDO.GovernmentOrganization) in graph
    assert one(graph, creator, SDO.name) == Literal("Bộ Khoa học và Công nghệ")
    assert one(graph, subject, SDO.temporalCoverage) == Literal("2024-01-01/2024-12-31")
    places = {
        str(one(graph, place, SDO.name)) for place in graph.objects(subject, SDO.spatialCoverage)
    }
    assert places == {"Thành phố Hà Nội", "Thành phố Hồ Chí Minh"}
    assert {str(i) for i in graph.objects(subject, SDO.identifier)} == {f"urn:uuid:{dataset.uuid}"}
    modified = dataset.last_published_at.replace(microsecond=0)
    assert one(graph, subject, SDO.dateModified) == Literal(modified.isoformat())
    distribution = one(graph, subject, SDO.distribution)
    assert (distribution, RDF.type, SDO.DataDownload) in graph
    assert one(graph, distribution, SDO.contentUrl) == Literal(BASE + resource.get_download_url())
    assert one(graph, distribution, SDO.encodingFormat) == Literal("text/csv")
    assert data["keywords"] == ["dịch vụ công"]


def test_the_english_page_speaks_english_and_a_link_is_a_distribution(client, site, dataset):
    ResourceFactory(
        dataset=dataset,
        data_file=None,
        url="https://dichvucong.gov.vn/thong-ke/2024.xlsx",
        name="Thống kê",
        name_en="Statistics",
        sort_order=1,
    )
    dataset.save_revision().publish()
    data, graph = schema_org(client.get(f"/en/dataset/{dataset.name}/"))

    assert data["name"] == "Online dossiers received in 2024"
    assert data["inLanguage"] == "en"
    assert data["creator"]["name"] == "Ministry of Science"
    formats = {d["contentUrl"]: d["encodingFormat"] for d in data["distribution"]}
    assert formats["https://dichvucong.gov.vn/thong-ke/2024.xlsx"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert len(set(graph.subjects(RDF.type, SDO.DataDownload))) == 2


def test_a_title_cannot_end_the_script(client, site):
    dataset = DatasetFactory(title="Số liệu </script><script>alert(1)</script> & <!-- năm")
    response = client.get(f"/dataset/{dataset.name}/")

    data, _graph = schema_org(response)
    assert data["name"] == dataset.title
    assert "</script><script>alert(1)" not in response.content.decode()


def test_a_whole_country_dataset_without_period_covers_viet_nam(client, site):
    dataset = DatasetFactory(identifier="doi:10.1234/abc")
    data, _graph = schema_org(client.get(f"/dataset/{dataset.name}/"))

    assert "temporalCoverage" not in data
    assert [place["name"] for place in data["spatialCoverage"]] == ["Việt Nam"]
    assert data["identifier"] == ["doi:10.1234/abc", f"urn:uuid:{dataset.uuid}"]
