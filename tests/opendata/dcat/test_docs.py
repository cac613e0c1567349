"""The examples of docs/dcat.md, run against a live server as a harvester would run them.

``sh`` blocks run in bash with curl (a ``json`` block right after one is its exact output),
``python`` blocks run as they are, ``sparql`` blocks run on the harvested catalogue and
must find rows. The doc's host, https://data.example.gov.vn, is the live server here.
"""

import contextlib
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from opendata.dcat.queries import DEFAULT_PAGE_SIZE
from opendata.dcat.vocabulary import DCAT, HYDRA
from opendata.models import Province
from tests.factories import AgencyFactory, DatasetFactory, ThemeFactory

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[3] / "docs" / "dcat.md"
HOST = "https://data.example.gov.vn"
FENCE = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)


def blocks(language: str) -> list[tuple[str, str | None]]:
    """(code, the json block right after it or None) for each block in ``language``."""
    found = list(FENCE.finditer(DOC.read_text()))
    result = []
    for index, match in enumerate(found):
        if match.group(1) != language:
            continue
        after = found[index + 1] if index + 1 < len(found) else None
        shown = None
        if after and after.group(1) == "json":
            between = DOC.read_text()[match.end() : after.start()]
            shown = after.group(2) if between.strip() == "" else None
        result.append((match.group(2), shown))
    return result


# A live server's requests run outside the test's transaction, so its tests are
# transactional; serialized_rollback brings back the licences and provinces of the
# migrations that the flush after each such test removes.
live = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def base(live_server, settings) -> str:
    settings.BASE_URL = live_server.url
    return live_server.url


@pytest.fixture
def catalogue(settings):
    settings.DCAT_DATASETS_PER_PAGE = 2
    agency = AgencyFactory(name="Bộ Khoa học và Công nghệ", code="BKHCN")
    theme = ThemeFactory()
    datasets = DatasetFactory.create_batch(5, publisher=agency)
    for dataset in datasets:
        dataset.themes.add(theme)
    datasets[0].provinces.add(Province.objects.get(code="79"))
    datasets[0].save_revision().publish()
    DatasetFactory(publish=False)  # never harvested
    return datasets


def harvest(base: str) -> Graph:
    graph, url = Graph(), f"{base}/catalog.ttl"
    while url:
        page = Graph().parse(url, format="turtle")
        graph += page
        view = next(page.subjects(RDF.type, HYDRA.PagedCollection))
        url = page.value(view, HYDRA.next)
    return graph


def test_the_doc_has_examples_of_each_kind():
    assert len(blocks("sh")) >= 5
    assert len(blocks("python")) == 2
    assert len(blocks("sparql")) >= 3
    assert "**100 datasets per page**" in DOC.read_text() and DEFAULT_PAGE_SIZE == 100


@live
@pytest.mark.skipif(shutil.which("curl") is None, reason="the doc's shell examples need curl")
def test_shell_examples(base, catalogue):
    for script, shown in blocks("sh"):
        completed = subprocess.run(
            ["bash", "-c", script.replace(HOST, base)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert completed.returncode == 0, (script, completed.stderr)
        assert completed.stdout.strip(), script
        if shown is not None:
            assert json.loads(completed.stdout) == json.loads(shown), script


@live
def test_harvesting_example_follows_the_pages(base, catalogue):
    code, _shown = blocks("python")[0]
    namespace: dict = {}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(code.replace(HOST, base), namespace)

    harvested = {str(uri).rsplit("/", 1)[1] for uri in namespace["datasets"]}
    assert harvested == {str(dataset.uuid) for dataset in catalogue}
    assert printed.getvalue() == "5 datasets\n"


@live
def test_sparql_examples_find_rows(base, catalogue):
    graph = harvest(base)
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == 5
    for query, _shown in blocks("sparql"):
        rows = list(graph.query(query))
        assert rows, query
        assert all(value is not None for row in rows for value in row), query


def test_content_negotiation_example_for_the_html_page(rf, settings, catalogue):
    settings.BASE_URL = HOST
    code, _shown = blocks("python")[1]
    namespace: dict = {}
    exec(code, namespace)
    dataset_page, dataset = namespace["dataset_page"], catalogue[0]

    response = dataset_page(rf.get("/", HTTP_ACCEPT="text/turtle"), dataset.name)
    assert response["Content-Type"].startswith("text/turtle")
    assert response["Vary"] == "Accept"
    graph = Graph().parse(data=response.content, format="turtle")
    assert set(graph.subjects(RDF.type, DCAT.Dataset)) == {URIRef(f"{HOST}/dataset/{dataset.uuid}")}
    assert dataset_page(rf.get("/", HTTP_ACCEPT="text/html"), dataset.name) is None
