"""Topics and legal documents are chosen with Wagtail's choosers (search, in the editor's
order), not a multi-select box; their order reaches the API, and the migration that made
them child objects carried every link, draft and translation source over (and back)."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset
from wagtail_localize.models import TranslationSource

from cms.models import LegalDocument, NewsPage, NewsPageTopic, ProcedurePage
from tests.factories import (
    AgencyFactory,
    LegalDocumentFactory,
    NewsPageFactory,
    ProcedurePageFactory,
    TopicFactory,
    news_form_data,
)

OLD, NEW = ("cms", "0003_vietnamese_workflow_names"), ("cms", "0004_chosen_snippets")


@pytest.fixture
def topics(db):
    # Chosen in neither alphabetical nor creation order.
    return [TopicFactory(name="Hộ tịch"), TopicFactory(name="Cải cách hành chính")][::-1]


@pytest.fixture
def documents(db):
    law = LegalDocumentFactory(
        number="60/2014/QH13", title="Luật Hộ tịch", document_type=LegalDocument.DocumentType.LAW
    )
    return [law, LegalDocumentFactory()][::-1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "relations"),
    [("news", ["topic_links", "legal_document_links"]), ("procedure", ["legal_basis_links"])],
)
def test_the_edit_form_chooses_with_a_searching_chooser(site, editor_client, kind, relations):
    if kind == "news":
        page = NewsPageFactory(parent=site["vi"].news_index)
    else:
        page = ProcedurePageFactory(parent=site["vi"].procedure_index)
    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()

    for multi_select in ("topics", "legal_documents", "legal_basis"):
        assert f'name="{multi_select}"' not in html
    for relation in relations:
        assert f'id="id_{relation}-OPEN_MODAL"' in html
    assert "/admin/snippets/choose/cms/legaldocument/" in html
    # The buttons docs/editors.md tells editors to press.
    buttons = {"news": ["Thêm chủ đề", "Thêm văn bản pháp luật liên quan"]}
    for label in buttons.get(kind, ["Thêm căn cứ pháp lý"]):
        assert label in html


@pytest.mark.django_db
def test_the_history_compares_the_chosen_topics(site, approver_client, topics):
    page = NewsPageFactory(parent=site["vi"].news_index, topics=topics[:1])
    first = page.get_latest_revision()
    page.topic_links = [NewsPageTopic(topic=topic, sort_order=n) for n, topic in enumerate(topics)]
    second = page.save_revision()
    url = reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, first.pk, second.pk])
    response = approver_client.get(url)
    assert response.status_code == 200
    assert topics[1].name in response.content.decode()


@pytest.mark.django_db
def test_the_chooser_for_several_finds_without_marks(editor_client, documents):
    url = reverse("wagtailsnippetchoosers_cms_legaldocument:choose_results")
    html = editor_client.get(url, {"q": "luat ho tich", "multiple": "1"}).content.decode()
    law, other = documents[1], documents[0]
    assert law.number in html and other.number not in html
    assert f'value="{law.pk}"' in html  # a checkbox, to pick it among others


@pytest.mark.django_db
def test_a_topic_chosen_twice_is_a_form_error(site, editor_client, topics):
    twice = inline_formset([{"topic": topics[0].pk, "ORDER": n} for n in (1, 2)])
    data = news_form_data(AgencyFactory(), title="Chọn trùng chủ đề", topic_links=twice)
    add = reverse("wagtailadmin_pages:add", args=["cms", "newspage", site["vi"].news_index.pk])
    response = editor_client.post(add, data)
    assert response.status_code == 200  # the form again, with the error
    assert not NewsPage.objects.filter(title="Chọn trùng chủ đề").exists()


NEWS = """{ news(first: 10) { edges { node {
  ... on NewsPage { topics { slug } legalDocuments { number } } } } } }"""
PROCEDURES = """{ procedures(first: 10) { edges { node {
  ... on ProcedurePage { legalBasis { number } } } } } }"""


@pytest.mark.django_db
def test_the_api_lists_them_in_the_chosen_order(client, site, topics, documents):
    NewsPageFactory(parent=site["vi"].news_index, topics=topics, legal_documents=documents)
    ProcedurePageFactory(parent=site["vi"].procedure_index, legal_basis=documents)

    def data(query: str) -> dict:
        response = client.post("/graphql/", {"query": query}, content_type="application/json")
        assert "errors" not in response.json()
        return response.json()["data"]

    news = data(NEWS)["news"]["edges"][0]["node"]
    procedure = data(PROCEDURES)["procedures"]["edges"][0]["node"]

    assert [topic["slug"] for topic in news["topics"]] == [topic.slug for topic in topics]
    numbers = [document.number for document in documents]
    assert [document["number"] for document in news["legalDocuments"]] == numbers
    assert [document["number"] for document in procedure["legalBasis"]] == numbers


# --- the migration -------------------------------------------------------------------------


def migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


def stored(page) -> dict:
    return page.revisions.order_by("pk").last().content


# Migrating needs a real transaction. serialized_rollback: the flush after it must leave
# the database as the next serialized test expects it (without it, post_migrate recreates
# content types there and that test's reload collides with them).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_carries_links_drafts_and_sources_back_and_over(site, topics, documents):
    news = NewsPageFactory(parent=site["vi"].news_index, topics=topics, legal_documents=documents)
    procedure = ProcedurePageFactory(parent=site["vi"].procedure_index, legal_basis=documents)
    source, _created = TranslationSource.get_or_create_from_instance(news)
    topic_ids, document_ids = [t.pk for t in topics], [d.pk for d in documents]
    try:
        migrate(OLD)
        # Back: the many-to-many rows, made in the chosen order, and the old serialisation.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT topic_id FROM cms_newspage_topics WHERE newspage_id = %s ORDER BY id",
                [news.pk],
            )
            assert [row[0] for row in cursor.fetchall()] == topic_ids
        assert stored(news)["topics"] == topic_ids and "topic_links" not in stored(news)
        assert stored(procedure)["legal_basis"] == document_ids
        source.refresh_from_db()
        assert json.loads(source.content_json)["legal_documents"] == document_ids
    finally:
        migrate(NEW)

    news, procedure = NewsPage.objects.get(pk=news.pk), ProcedurePage.objects.get(pk=procedure.pk)
    assert news.chosen_topics() == topics
    assert news.chosen_legal_documents() == documents
    assert procedure.chosen_legal_basis() == documents
    draft = news.get_latest_revision_as_object()
    assert draft.chosen_topics() == topics
    assert news.get_latest_revision().content["topic_links"][0]["page"] == news.pk
    source.refresh_from_db()
    assert source.as_instance().chosen_legal_documents() == documents
