"""A dataset's DCAT-AP graph, read back from every serialisation the endpoints give.

Each check is a graph lookup or a SPARQL query on the parsed output, never a string match:
what a harvester reads is the graph, whatever the syntax.
"""

import datetime
import hashlib

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from opendata.dcat.vocabulary import ADMS, DCAT, DCATAP, DCT, FOAF, PREFIXES, SPDX, VCARD
from opendata.models import DataFile, Licence, Province
from tests.factories import (
    DataFileFactory,
    DatasetFactory,
    ResourceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

BASE = "https://data.example.gov.vn"
EU = "http://publications.europa.eu/resource/authority"
EXTENSIONS = ["ttl", "rdf", "xml", "jsonld", "n3"]
RDFLIB_FORMATS = {"ttl": "turtle", "rdf": "xml", "xml": "xml", "jsonld": "json-ld", "n3": "n3"}
TITLE_VI = "Số lượng hồ sơ trực tuyến theo tỉnh, thành phố năm 2024"
TITLE_EN = "Online dossiers by province, 2024"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.BASE_URL = BASE


def rdf_of(response, extension: str) -> Graph:
    assert response.status_code == 200, response.content[:500]
    return Graph().parse(data=response.content, format=RDFLIB_FORMATS[extension])


def ask(graph: Graph, query: str, **bindings) -> list:
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    return list(graph.query(prologue + query, initBindings=bindings))


def one(graph: Graph, subject, predicate):
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, f"{predicate}: {values}"
    return values[0]


@pytest.fixture
def dataset():
    dataset = DatasetFactory(
        title=TITLE_VI,
        title_en=TITLE_EN,
        description="Số hồ sơ nộp trực tuyến qua Cổng Dịch vụ công quốc gia, đơn vị: hồ sơ.",
        description_en="Dossiers filed online through the National Public Service Portal.",
        maintainer="Trung tâm Dữ liệu — Đỗ Thị Hằng",
        maintainer_email="du-lieu@example.gov.vn",
        frequency="MONTHLY",
        temporal_start=datetime.date(2024, 1, 1),
        temporal_end=datetime.date(2024, 12, 31),
        version="2.1",
        identifier="doi:10.1234/dvc-2024",
        resources=0,
        publisher__website="https://mic.gov.vn/",
    )
    dataset.themes.add(ThemeFactory(name="Chính phủ số", name_en="Digital government"))
    dataset.themes.add(ThemeFactory(eu_theme=""))
    dataset.tags.add("dịch vụ công", "hồ sơ trực tuyến")
    dataset.provinces.add(*Province.objects.filter(code__in=["01", "79"]))
    file = DataFileFactory(original_name="hồ sơ 2024.csv")
    ResourceFactory(dataset=dataset, data_file=file, name="Bảng số liệu", sort_order=0)
    ResourceFactory(
        dataset=dataset,
        data_file=None,
        url="https://dichvucong.gov.vn/thong-ke/2024.xlsx",
        name="Thống kê trên Cổng",
        sort_order=1,
    )
    # Neither a rejected upload nor one still being checked is a public resource.
    ResourceFactory(
        dataset=dataset, data_file=DataFileFactory(status=DataFile.Status.REJECTED), sort_order=2
    )
    ResourceFactory(
        dataset=dataset, data_file=DataFileFactory(status=DataFile.Status.PENDING), sort_order=3
    )
    dataset.save_revision().publish()
    dataset.refresh_from_db()
    return dataset


def uri(dataset) -> URIRef:
    return URIRef(f"{BASE}/dataset/{dataset.uuid}")


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_vietnamese_and_english_titles_survive_every_serialisation(client, dataset, extension):
    graph = rdf_of(client.get(f"/dataset/{dataset.name}.{extension}"), extension)

    titles = set(graph.objects(uri(dataset), DCT.title))
    assert titles == {Literal(TITLE_VI, lang="vi"), Literal(TITLE_EN, lang="en")}
    descriptions = {(d.language, str(d)) for d in graph.objects(uri(dataset), DCT.description)}
    assert ("vi", dataset.description) in descriptions
    assert ("en", dataset.description_en) in descriptions
    keywords = {str(k) for k in graph.objects(uri(dataset), DCAT.keyword)}
    assert keywords == {"dịch vụ công", "hồ sơ trực tuyến"}
    contact = one(graph, uri(dataset), DCAT.contactPoint)
    assert str(one(graph, contact, VCARD.fn)) == "Trung tâm Dữ liệu — Đỗ Thị Hằng"


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_every_serialisation_gives_the_same_graph(client, dataset, extension):
    turtle = rdf_of(client.get(f"/dataset/{dataset.name}.ttl"), "ttl")
    other = rdf_of(client.get(f"/dataset/{dataset.name}.{extension}"), extension)

    assert isomorphic(turtle, other)


def test_dataset_has_the_dcat_ap_properties(client, dataset):
    graph = rdf_of(client.get(f"/dataset/{dataset.name}.ttl"), "ttl")
    subject = uri(dataset)

    assert (subject, RDF.type, DCAT.Dataset) in graph
    assert one(graph, subject, DCT.identifier) == Literal("doi:10.1234/dvc-2024")
    ckan_id = one(graph, subject, ADMS.identifier)
    assert one(graph, ckan_id, SKOS.notation) == Literal(str(dataset.uuid))
    assert one(graph, subject, DCAT.landingPage) == URIRef(f"{BASE}/dataset/{dataset.name}/")
    assert one(graph, subject, DCT.accessRights) == URIRef(f"{EU}/access-right/PUBLIC")
    assert one(graph, subject, DCT.accrualPeriodicity) == URIRef(f"{EU}/frequency/MONTHLY")
    # CKAN's licence register knows CC-BY by this URL; the licence's own text is beside it.
    licence = one(graph, subject, DCT.license)
    assert licence == URIRef("http://www.opendefinition.org/licenses/cc-by")
    assert one(graph, licence, RDFS.seeAlso) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert one(graph, licence, DCT.identifier) == Literal("CC-BY-4.0")
    assert one(graph, licence, DCT.type) == URIRef("http://purl.org/adms/licencetype/Attribution")
    assert one(graph, subject, FOAF.page) == URIRef(f"{BASE}/dataset/{dataset.name}/")
    assert one(graph, subject, DCAT.version) == Literal("2.1")
    assert one(graph, subject, URIRef("http://www.w3.org/2002/07/owl#versionInfo")) == Literal(
        "2.1"
    )
    issued = one(graph, subject, DCT.issued)
    modified = one(graph, subject, DCT.modified)
    assert issued.datatype == modified.datatype == XSD.dateTime
    assert modified.toPython() == dataset.last_published_at
    assert set(graph.objects(subject, DCT.language)) == {
        URIRef(f"{EU}/language/VIE"),
        URIRef(f"{EU}/language/ENG"),
    }


def test_themes_are_the_eu_data_themes_and_our_own(client, dataset):
    graph = rdf_of(client.get(f"/dataset/{dataset.name}.ttl"), "ttl")
    themes = set(graph.objects(uri(dataset), DCAT.theme))

    own = {URIRef(f"{BASE}/group/{theme.slug}") for theme in dataset.themes.all()}
    assert themes == own | {URIRef(f"{EU}/data-theme/GOVE")}
    labels = ask(
        graph,
        "SELECT ?label WHERE { ?d dcat:theme ?t . ?t a skos:Concept ; skos:prefLabel ?label }",
        d=uri(dataset),
    )
    assert Literal("Chính phủ số", lang="vi") in {row.label for row in labels}


def test_publisher_and_contact_point(client, dataset):
    graph = rdf_of(client.get(f"/dataset/{dataset.name}.jsonld"), "jsonld")
    publisher = one(graph, uri(dataset), DCT.publisher)

    assert publisher == URIRef(f"{BASE}/organization/{dataset.publisher.code}")
    assert (publisher, RDF.type, FOAF.Organization) in graph
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert Literal(dataset.publisher.name, lang="vi") in set(graph.objects(publisher, FOAF.name))
    assert one(graph, publisher, DCT.identifier) == Literal(dataset.publisher.code)
    assert one(graph, publisher, FOAF.homepage) == URIRef("https://mic.gov.vn/")
    # A province's agency.
    assert one(graph, publisher, DCT.type) == URIRef(
        "http://purl.org/adms/publishertype/RegionalAuthority"
    )
    rows = ask(
        graph,
        "SELECT ?email WHERE { ?d dcat:contactPoint ?c . ?c a vcard:Kind ; vcard:hasEmail ?email }",
        d=uri(dataset),
    )
    assert [row.email for row in rows] == [URIRef("mailto:du-lieu@example.gov.vn")]


def test_temporal_and_provincial_coverage(client, dataset):
    graph = rdf_of(client.get(f"/dataset/{dataset.name}.rdf"), "rdf")
    period = one(graph, uri(dataset), DCT.temporal)

    assert (period, RDF.type, DCT.PeriodOfTime) in graph
    assert one(graph, period, DCAT.startDate) == Literal(
        datetime.date(2024, 1, 1), datatype=XSD.date
    )
    assert one(graph, period, DCAT.endDate).toPython() == datetime.date(2024, 12, 31)
    rows = ask(
        graph,
        """SELECT ?code ?name WHERE {
             ?d dct:spatial ?place . ?place a dct:Location ; skos:notation ?code ;
             skos:prefLabel ?name . FILTER(lang(?name) = "vi") } ORDER BY ?code""",
        d=uri(dataset),
    )
    assert [(str(r.code), str(r.name)) for r in rows] == [
        ("01", "Thành phố Hà Nội"),
        ("79", "Thành phố Hồ Chí Minh"),
    ]


def test_a_dataset_for_the_whole_country_covers_vietnam(client):
    dataset = DatasetFactory(title_en="", description_en="")
    graph = rdf_of(client.get(f"/dataset/{dataset.name}.ttl"), "ttl")

    assert one(graph, uri(dataset), DCT.spatial) == URIRef(f"{EU}/country/VNM")
    assert one(graph, uri(dataset), DCT.title) == Literal(dataset.title, lang="vi")
    # No English title: only Vietnamese is claimed, and no empty @en literal appears.
    assert one(graph, uri(dataset), DCT.language) == URIRef(f"{EU}/language/VIE")
    assert one(graph, uri(dataset), DCT.identifier) == Literal(str(uri(dataset)))
    assert not list(graph.objects(uri(dataset), DCT.temporal))


def test_an_uploaded_file_is_a_distribution_with_size_checksum_and_download(client, dataset):
    graph = rdf_of(client.get(f"/dataset/{dataset.uuid}.n3"), "n3")
    resource = dataset.resources.get(sort_order=0)
    distribution = URIRef(f"{BASE}/dataset/{dataset.uuid}/resource/{resource.uuid}")

    assert (uri(dataset), DCAT.distribution, distribution) in graph
    assert (distribution, RDF.type, DCAT.Distribution) in graph
    assert Literal("Bảng số liệu", lang="vi") in set(graph.objects(distribution, DCT.title))
    download = one(graph, distribution, DCAT.downloadURL)
    assert download == URIRef(BASE + resource.get_download_url())
    assert one(graph, distribution, DCAT.accessURL) == download
    assert one(graph, distribution, DCT["format"]) == URIRef(f"{EU}/file-type/CSV")
    assert one(graph, distribution, DCAT.mediaType) == URIRef(
        "https://www.iana.org/assignments/media-types/text/csv"
    )
    size = one(graph, distribution, DCAT.byteSize)
    assert size.datatype == XSD.nonNegativeInteger
    assert size.toPython() == resource.data_file.size
    checksum = one(graph, distribution, SPDX.checksum)
    assert one(graph, checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    assert str(one(graph, checksum, SPDX.checksumValue)) == resource.data_file.sha256
    assert one(graph, distribution, DCT.license) == one(graph, uri(dataset), DCT.license)
    assert one(graph, distribution, DCATAP.availability) == URIRef(
        f"{EU}/planned-availability/STABLE"
    )
    # No description from the editor: what ingestion found, in both languages.
    assert set(graph.objects(distribution, DCT.description)) == {
        Literal("Bảng CSV: 2 dòng, 2 cột.", lang="vi"),
        Literal("CSV table: 2 rows, 2 columns.", lang="en"),
    }


def test_the_download_url_in_the_graph_gives_the_file(client, dataset):
    graph = rdf_of(client.get(f"/dataset/{dataset.name}.ttl"), "ttl")
    rows = ask(
        graph,
        """SELECT ?url ?sum WHERE { ?d dcat:distribution ?x . ?x dcat:downloadURL ?url ;
             spdx:checksum [ spdx:checksumValue ?sum ] }""",
        d=uri(dataset),
    )
    assert len(rows) == 1
    response = client.get(str(rows[0].url).removeprefix(BASE))

    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == str(rows[0].sum)


def test_a_link_is_a_distribution_with_an_access_url_only(client, dataset):
    graph = rdf_of(client.get(f"/dataset/{dataset.name}.ttl"), "ttl")
    link = dataset.resources.get(sort_order=1)
    distribution = URIRef(f"{BASE}/dataset/{dataset.uuid}/resource/{link.uuid}")

    assert one(graph, distribution, DCAT.accessURL) == URIRef(link.url)
    assert not list(graph.objects(distribution, DCAT.downloadURL))
    assert not list(graph.objects(distribution, DCAT.byteSize))
    assert one(graph, distribution, DCT["format"]) == URIRef(f"{EU}/file-type/XLSX")
    assert not list(graph.objects(distribution, DCATAP.availability))
    assert set(graph.objects(distribution, DCT.description)) == {
        Literal("Tệp XLSX trên dichvucong.gov.vn.", lang="vi"),
        Literal("XLSX file on dichvucong.gov.vn.", lang="en"),
    }


def test_rejected_and_pending_files_are_not_distributions(client, dataset):
    graph = rdf_of(client.get(f"/dataset/{dataset.name}.ttl"), "ttl")
    listed = {str(d).rsplit("/", 1)[1] for d in graph.objects(uri(dataset), DCAT.distribution)}
    public = {str(r.uuid) for r in dataset.resources.filter(sort_order__in=[0, 1])}

    assert listed == public


def test_a_licence_without_a_text_is_still_named(client):
    dataset = DatasetFactory(licence=Licence.objects.get(pk="other"), maintainer_email="")
    graph = rdf_of(client.get(f"/dataset/{dataset.name}.ttl"), "ttl")

    rows = ask(
        graph,
        "SELECT ?id WHERE { ?d dct:license ?l . ?l a dct:LicenseDocument ; dct:identifier ?id }",
        d=uri(dataset),
    )
    assert [str(row.id) for row in rows] == ["other"]
    # CKAN's register has no URL for it: its title in the register is what CKAN matches.
    licence = one(graph, uri(dataset), DCT.license)
    assert Literal("Other (Not Open)", lang="en") in set(graph.objects(licence, DCT.title))
    # No maintainer at all: the publisher answers.
    contact = one(graph, uri(dataset), DCAT.contactPoint)
    assert one(graph, contact, VCARD.fn) == Literal(dataset.publisher.name)
