"""The index follows the reference data its documents show: renaming an agency, a topic, a
sector or a legal document re-indexes the news and procedures that show it, after the
commit, with the new text and the new facet labels (``DocumentType.depends_on``)."""

import pytest
from django.core.cache import cache
from django.test import Client

from cms.models import LegalDocument, Topic
from search import service
from search.query import SearchQuery
from tests.factories import (
    AgencyFactory,
    LegalDocumentFactory,
    NewsPageFactory,
    ProcedurePageFactory,
    SectorFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def found(text: str) -> set[tuple[str, str]]:
    """What has every word (a relaxed any-word answer counts as nothing found)."""
    # Datasets left out: open data keeps a register of the procedures, as a dataset.
    query = SearchQuery(text=text, locale="vi", types=["news", "procedure"])
    results = service.search(query)
    return set() if results.relaxed else {(hit.type, hit.id) for hit in results.hits}


def labels(facet: str) -> dict[str, str]:
    """{value: label} of a facet over everything, as /api/search shows it."""
    cache.clear()  # rate-limit counters outlive each test's database
    params = {"facet": facet, "type": ["news", "procedure"]}
    response = Client().get("/api/search", params)
    assert response.status_code == 200, response.content[:300]
    return {value["value"]: value["label"] for value in response.json()["facets"][facet]}


@pytest.fixture
def content(site, django_capture_on_commit_callbacks):
    """A news item and a procedure sharing an agency and a legal document."""
    with django_capture_on_commit_callbacks(execute=True):
        agency = AgencyFactory(code="STP-HN", name="Sở Tư pháp Hà Nội")
        topic = TopicFactory(slug="cai-cach", name="Cải cách hành chính")
        sector = SectorFactory(slug="ho-tich", name="Hộ tịch")
        legal = LegalDocumentFactory(number="123/2024/NĐ-CP", title="Nghị định về hộ tịch")
        news = NewsPageFactory(parent=site["vi"].news_index, title="Tin một", agency=agency)
        news.topics.add(topic)
        news.legal_documents.add(legal)
        news.save_revision().publish()
        procedure = ProcedurePageFactory(
            parent=site["vi"].procedure_index, title="Thủ tục một", agency=agency, sector=sector
        )
        procedure.legal_basis.add(legal)
        procedure.save_revision().publish()
    return {
        "agency": agency,
        "topic": topic,
        "sector": sector,
        "legal": legal,
        "news": ("news", str(news.pk)),
        "procedure": ("procedure", str(procedure.pk)),
    }


def renamed(instance, capture, **values) -> None:
    for name, value in values.items():
        setattr(instance, name, value)
    with capture(execute=True):
        instance.save()


def test_renaming_an_agency_reindexes_its_news_and_procedures(
    content, django_capture_on_commit_callbacks
):
    assert found("so tu phap ha noi") == {content["news"], content["procedure"]}
    renamed(content["agency"], django_capture_on_commit_callbacks, name="Sở Xây dựng Ninh Bình")
    assert found("so xay dung ninh binh") == {content["news"], content["procedure"]}
    assert found("so tu phap ha noi") == set()
    assert labels("agency")["STP-HN"] == "Sở Xây dựng Ninh Bình"


def test_renaming_a_topic_reindexes_its_news(content, django_capture_on_commit_callbacks):
    assert labels("topic") == {"cai-cach": "Cải cách hành chính"}
    renamed(content["topic"], django_capture_on_commit_callbacks, name="Chính quyền số")
    assert found("chinh quyen so") == {content["news"]}
    assert found("cai cach hanh chinh") == set()
    assert labels("topic") == {"cai-cach": "Chính quyền số"}


def test_renaming_a_sector_reindexes_its_procedures(content, django_capture_on_commit_callbacks):
    renamed(content["sector"], django_capture_on_commit_callbacks, name="Chứng thực")
    assert found("chung thuc") == {content["procedure"]}
    assert labels("sector") == {"ho-tich": "Chứng thực"}


def test_renaming_a_legal_document_reindexes_what_cites_it(
    content, django_capture_on_commit_callbacks
):
    renamed(
        content["legal"],
        django_capture_on_commit_callbacks,
        number="87/2025/NĐ-CP",
        title="Nghị định về chứng thực điện tử",
    )
    assert found("chung thuc dien tu") == {content["news"], content["procedure"]}
    assert found("87/2025/ND-CP") == {content["news"], content["procedure"]}
    assert found("123/2024/NĐ-CP") == set()


def test_nothing_changes_before_the_commit(content, django_capture_on_commit_callbacks):
    topic = content["topic"]
    topic.name = "Chính quyền số"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        topic.save()
    assert callbacks  # enqueued, not run: a rolled-back rename leaves the index alone
    assert found("chinh quyen so") == set()
    for callback in callbacks:
        callback()
    assert found("chinh quyen so") == {content["news"]}


def test_deleting_a_topic_or_a_legal_document_drops_it_from_what_showed_it(
    content, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Topic.objects.get(pk=content["topic"].pk).delete()
        LegalDocument.objects.get(pk=content["legal"].pk).delete()
    assert labels("topic") == {}
    assert found("123/2024/NĐ-CP") == set()
    assert found("tin mot") == {content["news"]}
