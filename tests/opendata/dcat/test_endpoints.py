"""The DCAT endpoints over HTTP: the catalogue and its hydra paging, content negotiation,
what is not public, bad parameters, and the number of queries per page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from opendata.dcat.negotiation import format_for_accept, rdf_format_for
from opendata.dcat.vocabulary import DCAT, DCT, FOAF, HYDRA
from opendata.models import DataFile, Dataset, Province
from tests.factories import AgencyFactory, DataFileFactory, DatasetFactory, ResourceFactory
from tests.opendata.dcat.test_profile import BASE, RDFLIB_FORMATS, one, rdf_of

pytestmark = pytest.mark.django_db

MEDIA_TYPES = {
    "ttl": "text/turtle",
    "rdf": "application/rdf+xml",
    "xml": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "n3": "text/n3",
}


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.BASE_URL = BASE


def dataset_uri(dataset) -> URIRef:
    return URIRef(f"{BASE}/dataset/{dataset.uuid}")


def listed(graph: Graph) -> set[URIRef]:
    return set(graph.objects(URIRef(BASE), DCAT.dataset))


def paging_of(graph: Graph) -> URIRef:
    views = set(graph.subjects(RDF.type, HYDRA.PagedCollection))
    assert len(views) == 1
    view = views.pop()
    assert (view, RDF.type, HYDRA.PartialCollectionView) in graph
    return view


def link(graph: Graph, view, name: str) -> str | None:
    """A hydra link, checked to be written both ways (hydra:next and hydra:nextPage)."""
    new = list(graph.objects(view, HYDRA[name]))
    old = list(graph.objects(view, HYDRA[f"{name}Page"]))
    assert [str(v) for v in new] == [str(v) for v in old]
    return str(new[0]) if new else None


# --- the catalogue ----------------------------------------------------------------------


@pytest.mark.parametrize("extension", list(RDFLIB_FORMATS))
def test_catalogue_in_every_format(client, extension):
    datasets = DatasetFactory.create_batch(2)
    response = client.get(f"/catalog.{extension}")

    assert response["Content-Type"] == f"{MEDIA_TYPES[extension]}; charset=utf-8"
    graph = rdf_of(response, extension)
    catalog = URIRef(BASE)
    assert (catalog, RDF.type, DCAT.Catalog) in graph
    assert {t.language for t in graph.objects(catalog, DCT.title)} == {"vi", "en"}
    assert Literal("Danh mục dữ liệu mở minhbach", lang="vi") in set(
        graph.objects(catalog, DCT.title)
    )
    assert {d.language for d in graph.objects(catalog, DCT.description)} == {"vi", "en"}
    assert one(graph, catalog, FOAF.homepage) == URIRef(f"{BASE}/")
    assert URIRef("http://publications.europa.eu/resource/authority/language/VIE") in set(
        graph.objects(catalog, DCT.language)
    )
    assert (one(graph, catalog, DCT.publisher), RDF.type, FOAF.Agent) in graph
    newest = max(d.last_published_at for d in Dataset.objects.filter(live=True))
    assert one(graph, catalog, DCT.modified).toPython() == newest
    assert listed(graph) == {dataset_uri(d) for d in datasets}
    for dataset in datasets:
        assert (dataset_uri(dataset), RDF.type, DCAT.Dataset) in graph


def test_catalogue_publisher_is_the_government_or_the_agency_configured(client, settings):
    government = AgencyFactory(kind="government", name="Chính phủ", code="CP")
    ministry = AgencyFactory(kind="ministry", code="BTTTT")
    graph = rdf_of(client.get("/catalog.ttl"), "ttl")
    assert one(graph, URIRef(BASE), DCT.publisher) == URIRef(f"{BASE}/organization/CP")
    assert Literal("Chính phủ", lang="vi") in set(
        graph.objects(URIRef(f"{BASE}/organization/CP"), FOAF.name)
    )

    settings.DCAT_CATALOG_PUBLISHER = ministry.code
    graph = rdf_of(client.get("/catalog.ttl"), "ttl")
    assert one(graph, URIRef(BASE), DCT.publisher) == URIRef(f"{BASE}/organization/BTTTT")
    assert government.code == "CP"


def test_only_public_datasets_are_in_the_catalogue(client):
    public = DatasetFactory()
    draft = DatasetFactory(publish=False)
    private = DatasetFactory(is_private=True)
    withdrawn = DatasetFactory()
    withdrawn.unpublish()
    expired = DatasetFactory()
    Dataset.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - datetime.timedelta(hours=1)
    )

    graph = rdf_of(client.get("/catalog.ttl"), "ttl")

    assert listed(graph) == {dataset_uri(public)}
    for hidden in (draft, private, withdrawn, expired):
        assert not list(graph.triples((dataset_uri(hidden), None, None)))
    assert one(graph, paging_of(graph), HYDRA.totalItems) == Literal(1)


def test_an_empty_catalogue_is_a_catalogue(client):
    graph = rdf_of(client.get("/catalog.ttl"), "ttl")

    assert (URIRef(BASE), RDF.type, DCAT.Catalog) in graph
    assert listed(graph) == set()
    assert one(graph, paging_of(graph), HYDRA.totalItems) == Literal(0)


# --- hydra paging -----------------------------------------------------------------------


@pytest.fixture
def five(settings):
    settings.DCAT_DATASETS_PER_PAGE = 2
    return DatasetFactory.create_batch(5)


def test_first_page_says_where_the_others_are(client, five):
    graph = rdf_of(client.get("/catalog.ttl"), "ttl")
    view = paging_of(graph)

    assert view == URIRef(f"{BASE}/catalog.ttl?page=1")
    assert (URIRef(BASE), HYDRA.view, view) in graph
    assert one(graph, view, HYDRA.totalItems) == Literal(5)
    assert one(graph, view, HYDRA.itemsPerPage) == Literal(2)
    assert link(graph, view, "first") == f"{BASE}/catalog.ttl?page=1"
    assert link(graph, view, "last") == f"{BASE}/catalog.ttl?page=3"
    assert link(graph, view, "next") == f"{BASE}/catalog.ttl?page=2"
    assert link(graph, view, "previous") is None
    assert isinstance(one(graph, view, HYDRA.next), URIRef)
    # The newest first, as ckanext-dcat orders them.
    assert listed(graph) == {dataset_uri(d) for d in five[3:]}


def test_last_page(client, five):
    graph = rdf_of(client.get("/catalog.jsonld?page=3"), "jsonld")
    view = paging_of(graph)

    assert link(graph, view, "previous") == f"{BASE}/catalog.jsonld?page=2"
    assert link(graph, view, "next") is None
    assert listed(graph) == {dataset_uri(five[0])}


def test_following_next_links_visits_every_dataset_once(client, five):
    url, seen, pages = f"{BASE}/catalog.rdf", [], 0
    while url:
        graph = rdf_of(client.get(url.removeprefix(BASE)), "rdf")
        seen += sorted(listed(graph))
        url = link(graph, paging_of(graph), "next")
        pages += 1

    assert pages == 3
    assert sorted(seen) == sorted(dataset_uri(d) for d in five)


def test_modified_since_keeps_the_recently_published_and_stays_in_the_links(client, five):
    old = timezone.now() - datetime.timedelta(days=30)
    Dataset.objects.filter(pk__in=[d.pk for d in five[:2]]).update(last_published_at=old)
    since = (timezone.now() - datetime.timedelta(days=1)).date().isoformat()

    graph = rdf_of(client.get(f"/catalog.ttl?modified_since={since}"), "ttl")
    view = paging_of(graph)

    assert one(graph, view, HYDRA.totalItems) == Literal(3)
    assert link(graph, view, "next") == f"{BASE}/catalog.ttl?modified_since={since}&page=2"
    second = rdf_of(client.get(f"/catalog.ttl?modified_since={since}&page=2"), "ttl")
    assert listed(graph) | listed(second) == {dataset_uri(d) for d in five[2:]}


@pytest.mark.parametrize(
    "moment",
    ["2025-07-01", "2025-07-01T08:00:00", "2025-07-01T08:00:00+07:00", "2025-07-01T01:00:00Z"],
)
def test_modified_since_takes_iso_dates_and_date_times(client, moment):
    DatasetFactory()
    graph = rdf_of(client.get("/catalog.ttl", {"modified_since": moment}), "ttl")
    assert one(graph, paging_of(graph), HYDRA.totalItems) == Literal(1)


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=abc", "page"),
        ("page=1.5", "page"),
        ("page=%201", "page"),
        ("page=" + "9" * 40, "page"),
        ("page=4", "out of range"),
        ("modified_since=yesterday", "modified_since"),
        ("modified_since=2025-13-01", "modified_since"),
        ("modified_since=2025-07-01T25:00", "modified_since"),
        ("modified_since=0001-01-01T00:00:00%2B01:00", "modified_since"),
        ("modified_since=9999-12-31T23:59:59-01:00", "modified_since"),
        ("modified_since=%00", "modified_since"),
    ],
)
def test_bad_parameters_are_400_with_a_json_error(client, five, query, word):
    response = client.get(f"/catalog.ttl?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert word in response.json()["error"]["message"]


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    page=st.one_of(st.none(), st.text(max_size=12), st.integers(-5, 10**12).map(str)),
    since=st.one_of(
        st.none(),
        st.text(max_size=30),
        st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()),
        st.dates().map(str),
    ),
    extension=st.sampled_from(["ttl", "jsonld"]),
)
def test_any_page_and_modified_since_is_an_answer_or_a_400(client, page, since, extension):
    # An empty catalogue: its one page must hold up to any parameter as well.
    params = {key: value for key, value in (("page", page), ("modified_since", since)) if value}
    response = client.get(f"/catalog.{extension}", params)

    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["error"]["code"] == "BAD_USER_INPUT"
    else:
        rdf_of(response, extension)


def test_past_the_last_page_of_an_empty_catalogue_is_400(client):
    assert client.get("/catalog.ttl?page=1").status_code == 200
    response = client.get("/catalog.ttl?page=2")
    assert response.status_code == 400
    assert response.json()["error"]["last_page"] == 1


# --- single datasets --------------------------------------------------------------------


@pytest.mark.parametrize("extension", list(RDFLIB_FORMATS))
def test_dataset_by_name_and_by_id(client, extension):
    dataset = DatasetFactory()
    for key in (dataset.name, str(dataset.uuid)):
        response = client.get(f"/dataset/{key}.{extension}")
        assert response["Content-Type"] == f"{MEDIA_TYPES[extension]}; charset=utf-8"
        graph = rdf_of(response, extension)
        assert (dataset_uri(dataset), RDF.type, DCAT.Dataset) in graph


def hidden_datasets() -> dict[str, Dataset]:
    withdrawn = DatasetFactory()
    withdrawn.unpublish()
    expired = DatasetFactory()
    Dataset.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    return {
        "draft": DatasetFactory(publish=False),
        "private": DatasetFactory(is_private=True),
        "withdrawn": withdrawn,
        "expired": expired,
    }


def test_datasets_that_are_not_public_are_404_in_every_form(client):
    for kind, dataset in hidden_datasets().items():
        for key in (dataset.name, str(dataset.uuid)):
            for url in (f"/dataset/{key}.ttl", f"/dataset/{key}.jsonld", f"/dataset/{key}"):
                response = client.get(url, HTTP_ACCEPT="text/turtle")
                assert response.status_code == 404, (kind, url)
                assert response.json() == {
                    "error": {"status": 404, "code": "NOT_FOUND", "message": "Dataset not found"}
                }


def test_unknown_datasets_and_formats_are_404(client):
    dataset = DatasetFactory()

    assert client.get("/dataset/khong-co.ttl").status_code == 404
    assert client.get(f"/dataset/{dataset.name}.csv").status_code == 404
    response = client.get("/catalog.csv")
    assert response.status_code == 404
    assert "ttl" in response.json()["error"]["formats"]


def test_only_get_and_head(client):
    dataset = DatasetFactory()
    assert client.post("/catalog.ttl").status_code == 405
    assert client.post(f"/dataset/{dataset.name}.ttl").status_code == 405
    assert client.head(f"/dataset/{dataset.name}.ttl").status_code == 200


def test_a_dataset_public_again_after_a_private_spell(client):
    dataset = DatasetFactory(is_private=True)
    assert client.get(f"/dataset/{dataset.name}.ttl").status_code == 404
    dataset.is_private = False
    dataset.save_revision().publish()
    assert client.get(f"/dataset/{dataset.name}.ttl").status_code == 200


# --- content negotiation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/turtle", "ttl"),
        ("application/rdf+xml", "rdf"),
        ("application/ld+json", "jsonld"),
        ("text/n3", "n3"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", None),
        ("text/html;q=0.5, text/turtle", "ttl"),
        ("text/turtle;q=0.5, text/html", None),
        ("application/ld+json;q=0.9, text/turtle;q=0.95", "ttl"),
        ("text/turtle;q=0, application/ld+json;q=0.1", "jsonld"),
        ("text/*", "ttl"),
        ("application/*;q=0.5, text/html;q=0.1", "rdf"),
        ("*/*", None),
        ("", None),
        ("application/json", None),
        ("text/turtle;q=abc", None),
        ("TEXT/Turtle ; q=1", "ttl"),
        (",,;;,", None),
    ],
)
def test_which_rdf_an_accept_header_prefers(accept, expected):
    assert format_for_accept(accept) == expected


def test_rdf_format_for_reads_the_request(rf):
    assert rdf_format_for(rf.get("/", HTTP_ACCEPT="application/rdf+xml")) == "rdf"
    assert rdf_format_for(rf.get("/")) is None


@pytest.mark.parametrize(
    ("accept", "extension"),
    [
        ("text/turtle", "ttl"),
        ("application/ld+json", "jsonld"),
        ("application/rdf+xml", "rdf"),
        ("text/n3", "n3"),
        (None, "ttl"),
        ("*/*", "ttl"),
    ],
)
def test_catalog_without_extension_negotiates(client, accept, extension):
    DatasetFactory()
    headers = {"HTTP_ACCEPT": accept} if accept is not None else {}
    response = client.get("/catalog", **headers)

    assert response["Content-Type"].startswith(MEDIA_TYPES[extension])
    assert "Accept" in response["Vary"]
    graph = rdf_of(response, extension)
    assert len(listed(graph)) == 1
    assert paging_of(graph) == URIRef(f"{BASE}/catalog?page=1")


def test_catalog_for_a_browser_or_json_is_406_with_the_choices(client):
    for accept in ("text/html", "application/json"):
        response = client.get("/catalog", HTTP_ACCEPT=accept)
        assert response.status_code == 406
        assert "text/turtle" in response.json()["error"]["media_types"]


def test_dataset_uri_gives_rdf_to_harvesters_and_the_page_to_browsers(client):
    dataset = DatasetFactory()

    response = client.get(f"/dataset/{dataset.uuid}", HTTP_ACCEPT="application/ld+json")
    assert response["Content-Type"].startswith("application/ld+json")
    assert (dataset_uri(dataset), RDF.type, DCAT.Dataset) in rdf_of(response, "jsonld")

    response = client.get(f"/dataset/{dataset.uuid}", HTTP_ACCEPT="text/html")
    assert response.status_code == 303
    assert response["Location"] == f"{BASE}/dataset/{dataset.name}/"
    assert "Accept" in response["Vary"]


# --- queries ----------------------------------------------------------------------------


def rich_dataset(number: int) -> Dataset:
    dataset = DatasetFactory(resources=2)
    dataset.tags.add(f"thẻ {number}", "dịch vụ công")
    dataset.provinces.add(Province.objects.get(code="01"))
    ResourceFactory(dataset=dataset, data_file=None, url="https://example.gov.vn/a.json")
    ResourceFactory(
        dataset=dataset, data_file=DataFileFactory(status=DataFile.Status.PENDING), sort_order=9
    )
    dataset.save_revision().publish()
    return dataset


def test_queries_do_not_grow_with_the_page(client, settings):
    settings.DCAT_DATASETS_PER_PAGE = 100
    for number in range(3):
        rich_dataset(number)
    with CaptureQueriesContext(connection) as few:
        small = rdf_of(client.get("/catalog.ttl"), "ttl")
    for number in range(3, 30):
        rich_dataset(number)
    with CaptureQueriesContext(connection) as many:
        large = rdf_of(client.get("/catalog.ttl"), "ttl")

    assert len(listed(small)) == 3
    assert len(listed(large)) == 30
    assert len(set(large.subjects(RDF.type, DCAT.Distribution))) == 90
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
