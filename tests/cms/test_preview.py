"""Headless preview: a token issued in the admin opens one saved revision through GraphQL."""

import re

import pytest
from django.urls import reverse

from cms.models import NewsPageTopic
from cms.preview import issue_token
from tests.factories import NewsPageFactory, ProcedurePageFactory, TopicFactory

pytestmark = pytest.mark.django_db

NEWS_ITEM = """query ($id: ID, $token: String) {
  newsItem(id: $id, previewToken: $token) { id title topics { slug } }
}"""


def graphql(client, query: str, **variables) -> dict:
    response = client.post(
        "/graphql/", {"query": query, "variables": variables}, content_type="application/json"
    )
    assert response.status_code in (200, 400), response.content
    return response.json()


def error_codes(result: dict) -> list[str]:
    return [error["extensions"]["code"] for error in result.get("errors", [])]


@pytest.fixture
def draft(site):
    return NewsPageFactory(parent=site["vi"].news_index, title="Bản nháp chưa duyệt", publish=False)


def token_from_admin(client, page) -> str:
    response = client.get(reverse("cms_headless_preview", args=[page.pk]))
    assert response.status_code == 200
    return re.search(r'<textarea id="preview-token"[^>]*>([^<]+)</textarea>', response.text)[1]


def test_a_draft_does_not_exist_without_a_token(client, draft):
    result = graphql(client, NEWS_ITEM, id=str(draft.pk))
    assert result["data"]["newsItem"] is None
    assert error_codes(result) == ["NOT_FOUND"]


def test_the_admin_issues_a_token_that_opens_the_draft(client, editor_client, draft):
    token = token_from_admin(editor_client, draft)

    result = graphql(client, NEWS_ITEM, token=token)

    assert "errors" not in result
    assert result["data"]["newsItem"]["title"] == "Bản nháp chưa duyệt"


def test_the_token_opens_the_saved_draft_of_a_live_page_with_its_relations(client, site):
    page = NewsPageFactory(parent=site["vi"].news_index, title="Bản đang xuất bản")
    # Chosen in this order (not the alphabetical one): the draft keeps it.
    topics = [TopicFactory(name="Chủ đề mới"), TopicFactory(name="Cải cách hành chính")]
    page.title = "Bản sửa chưa duyệt"
    page.topic_links = [NewsPageTopic(topic=topic, sort_order=n) for n, topic in enumerate(topics)]
    revision = page.save_revision()

    live = graphql(client, NEWS_ITEM, id=str(page.pk))["data"]["newsItem"]
    preview = graphql(client, NEWS_ITEM, token=issue_token(revision))["data"]["newsItem"]

    assert live["title"] == "Bản đang xuất bản" and live["topics"] == []
    assert preview["title"] == "Bản sửa chưa duyệt"
    assert preview["topics"] == [{"slug": topic.slug} for topic in topics]


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "not-a-token"])
def test_a_tampered_token_is_refused(client, draft, mangle):
    token = mangle(issue_token(draft.get_latest_revision()))
    result = graphql(client, NEWS_ITEM, token=token)
    assert result["data"]["newsItem"] is None
    assert error_codes(result) == ["PREVIEW_TOKEN_INVALID"]


def test_an_expired_token_is_refused(client, draft, settings):
    token = issue_token(draft.get_latest_revision())
    settings.HEADLESS_PREVIEW_SECONDS = -1
    result = graphql(client, NEWS_ITEM, token=token)
    assert error_codes(result) == ["PREVIEW_TOKEN_INVALID"]
    assert "expired" in result["errors"][0]["message"]


def test_a_news_token_does_not_open_a_procedure(client, site, draft):
    ProcedurePageFactory(parent=site["vi"].procedure_index, publish=False)
    query = "query ($t: String) { procedure(previewToken: $t) { code } }"
    result = graphql(client, query, t=issue_token(draft.get_latest_revision()))
    assert error_codes(result) == ["PREVIEW_TOKEN_INVALID"]


def test_only_users_who_may_edit_the_page_get_a_token(client, draft, django_user_model):
    url = reverse("cms_headless_preview", args=[draft.pk])
    assert client.get(url).status_code == 302  # to the login page
    outsider = django_user_model.objects.create_user("ngoai", password="x")
    client.force_login(outsider)
    assert client.get(url).status_code in (302, 403)
