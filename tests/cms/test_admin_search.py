"""The admin's choosers find Vietnamese typed without its marks ("ho tich" -> "Hộ tịch"),
and still with them (core.models.FoldedSearchMixin)."""

import pytest
from django.urls import reverse

from tests.factories import (
    AgencyFactory,
    DatasetFactory,
    LegalDocumentFactory,
    NewsPageFactory,
    SectorFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def chooser_finds(client, model: str, query: str) -> str:
    url = reverse(f"wagtailsnippetchoosers_{model.replace('.', '_')}:choose_results")
    return client.get(url, {"q": query}).content.decode()


@pytest.mark.parametrize(
    ("model", "factory", "fields", "shown", "queries"),
    [
        (
            "cms.sector",
            SectorFactory,
            {"name": "Hộ tịch"},
            "Hộ tịch",
            ["ho tich", "Hộ tịch", "tich"],
        ),
        ("cms.topic", TopicFactory, {"name": "Chuyển đổi số"}, "Chuyển đổi số", ["chuyen doi so"]),
        (
            "cms.agency",
            AgencyFactory,
            {"name": "Sở Tư pháp Đà Nẵng"},
            "Đà Nẵng",
            ["da nang", "Đà Nẵng"],
        ),
        (
            "cms.legaldocument",
            LegalDocumentFactory,
            {"number": "60/2014/QH13", "title": "Luật Hộ tịch"},
            "Luật Hộ tịch",
            ["luat ho tich"],
        ),
        (
            "opendata.dataset",
            DatasetFactory,
            {"title": "Số liệu đăng ký khai sinh"},
            "Số liệu đăng ký khai sinh",
            ["dang ky khai sinh"],
        ),
    ],
)
def test_snippet_choosers_find_with_or_without_marks(
    editor_client, model, factory, fields, shown, queries
):
    factory(**fields)
    for query in queries:
        assert shown in chooser_finds(editor_client, model, query), query


def test_the_page_chooser_finds_news_without_marks(editor_client, site):
    NewsPageFactory(parent=site["vi"].news_index, title="Đăng ký khai sinh trực tuyến")
    url = reverse("wagtailadmin_choose_page_search")
    html = editor_client.get(url, {"q": "dang ky khai sinh"}).content.decode()
    assert "Đăng ký khai sinh trực tuyến" in html


def test_the_page_search_counts_its_results_in_pages(editor_client, site):
    for n in range(2):
        NewsPageFactory(parent=site["vi"].news_index, title=f"Đăng ký khai sinh đợt {n}")
    html = editor_client.get(reverse("wagtailadmin_pages:search"), {"q": "dang ky khai sinh"})
    text = " ".join(html.content.decode().split())
    # Wagtail names the model of a listing, and its page search has none ("2 None").
    assert "1-2 trên 2 trang" in text and "trên 2 None" not in text
