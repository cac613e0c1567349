"""Wagtail's REST API v2 at /api/v2/: live, public, unexpired pages only."""

import datetime

from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.factories import NewsPageFactory

NEWS = "/api/v2/pages/?type=cms.NewsPage&fields=title,slug,publication_date,summary"


def titles(client, url=NEWS) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return sorted(item["title"] for item in response.json()["items"])


def test_news_with_their_fields(client, site):
    NewsPageFactory(parent=site["vi"].news_index, title="Tin công khai", summary="Tóm tắt")
    item = client.get(NEWS).json()["items"][0]
    assert item["title"] == "Tin công khai"
    assert item["meta"]["slug"] == "tin-cong-khai"
    assert item["summary"] == "Tóm tắt"
    assert item["publication_date"]
    assert item["meta"]["type"] == "cms.NewsPage"


def test_only_live_public_unexpired_pages(client, site):
    index = site["vi"].news_index
    NewsPageFactory(parent=index, title="Công khai")
    NewsPageFactory(parent=index, title="Bản nháp", publish=False)
    private = NewsPageFactory(parent=index, title="Hạn chế")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    expired = NewsPageFactory(parent=index, title="Hết hạn")
    type(expired).objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - datetime.timedelta(hours=1)
    )
    withdrawn = NewsPageFactory(parent=index, title="Đã gỡ")
    withdrawn.unpublish()
    assert titles(client) == ["Công khai"]
    assert client.get(f"/api/v2/pages/{expired.pk}/").status_code == 404


def test_images_and_documents_endpoints(client, db):
    assert client.get("/api/v2/images/").status_code == 200
    assert client.get("/api/v2/documents/").status_code == 200


def test_queries_per_request_do_not_grow_with_the_page_size(client, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import LegalDocumentFactory, TopicFactory

    topic, document = TopicFactory(), LegalDocumentFactory()
    for number in range(12):
        page = NewsPageFactory(parent=site["vi"].news_index, title=f"Tin số {number}")
        page.topics.add(topic)
        page.legal_documents.add(document)
        page.save()  # parental many-to-many relations are written on save
    fields = "publication_date,summary,agency,topics,legal_documents,hero_image"
    counts = []
    client.get(f"/api/v2/pages/?type=cms.NewsPage&limit=1&fields={fields}")  # warm caches
    for limit in (2, 12):
        url = f"/api/v2/pages/?type=cms.NewsPage&limit={limit}&fields={fields}"
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert len(response.json()["items"]) == limit
        assert response.json()["items"][0]["topics"][0]["slug"] == topic.slug
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
