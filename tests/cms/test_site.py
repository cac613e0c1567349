"""The public site: sitemap, page templates, health check, the admin's language, 404s."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.models import NewsPage
from tests.factories import (
    AgencyFactory,
    DocumentFactory,
    ImageFactory,
    LegalDocumentFactory,
    NewsPageFactory,
    ProcedurePageFactory,
    SectorFactory,
    news_body,
)

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_paths(client) -> set[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {urlsplit(loc.text).path for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)}


# Sitemap


def test_sitemap_lists_live_public_pages_of_both_locales(client, site):
    vi_news = NewsPageFactory(parent=site["vi"].news_index)
    en_news = NewsPageFactory(parent=site["en"].news_index, title="Online birth registration")
    vi_procedure = ProcedurePageFactory(parent=site["vi"].procedure_index)
    en_procedure = vi_procedure.copy_for_translation(site["en"].locale)
    en_procedure.title = "Birth registration"
    en_procedure.save_revision().publish()

    paths = sitemap_paths(client)

    assert f"/tin-chinh-sach/{vi_news.slug}/" in paths
    assert f"/thu-tuc-hanh-chinh/{vi_procedure.slug}/" in paths
    assert f"/en/policy-news/{en_news.slug}/" == "/en/policy-news/online-birth-registration/"
    assert f"/en/policy-news/{en_news.slug}/" in paths
    assert f"/en/procedures/{en_procedure.slug}/" in paths
    # The skeleton: both homes and their indexes.
    assert {"/", "/tin-chinh-sach/", "/en/", "/en/policy-news/", "/en/procedures/"} <= paths
    assert not any(path.startswith("/vi/") for path in paths)


def test_sitemap_leaves_out_drafts_restricted_and_expired_pages(client, site):
    live = NewsPageFactory(parent=site["vi"].news_index)
    draft = NewsPageFactory(parent=site["vi"].news_index, publish=False)
    en_draft = NewsPageFactory(parent=site["en"].news_index, publish=False)
    restricted = NewsPageFactory(parent=site["vi"].news_index)
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau"
    )
    expired = ProcedurePageFactory(parent=site["en"].procedure_index)
    # Its expiry has passed, but publish_scheduled has not run yet: still live=True.
    type(expired).objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - timedelta(minutes=5)
    )
    unpublished = NewsPageFactory(parent=site["vi"].news_index)
    unpublished.unpublish()

    paths = sitemap_paths(client)

    assert f"/tin-chinh-sach/{live.slug}/" in paths
    for page in (draft, en_draft, restricted, expired, unpublished):
        assert not any(path.endswith(f"/{page.slug}/") for path in paths), page.slug


# Templates


def test_news_page_renders_every_block_type(client, site):
    image = ImageFactory(title="Bộ phận một cửa")
    document = DocumentFactory(title="Mẫu tờ khai khai sinh")
    procedure = ProcedurePageFactory(parent=site["vi"].procedure_index)
    page = NewsPageFactory(
        parent=site["vi"].news_index,
        body=news_body(image=image, document=document, procedure=procedure),
    )
    block_types = {block.block_type for block in page.body}
    assert block_types == set(NewsPage.body.field.stream_block.child_blocks) - {"embed"}

    response = client.get(page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{page.title}</h1>" in html
    assert "<b>đăng ký khai sinh</b>" in html  # paragraph
    assert "<h2>Những điểm mới</h2>" in html  # heading
    assert "<footer>Thủ tướng</footer>" in html  # quote
    assert '<th scope="col">Số hồ sơ</th>' in html  # typed table
    assert "<td>Đà Nẵng</td>" in html
    assert "hồ sơ trực tuyến toàn trình" in html  # statistic
    assert 'alt="Người dân nộp hồ sơ"' in html  # image
    assert "<figcaption>Bộ phận một cửa" in html
    assert f'href="{document.url}"' in html  # document
    assert ">Mẫu tờ khai khai sinh</a>" in html
    assert f'href="{procedure.url}">Xem thủ tục</a>' in html  # procedure link


def test_news_page_with_hero_image_and_legal_documents(client, site):
    document = LegalDocumentFactory(number="942/QĐ-TTg")
    page = NewsPageFactory(parent=site["vi"].news_index, hero_image=ImageFactory())
    page.legal_documents.add(document)
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "942/QĐ-TTg" in html
    assert "<figure><img" in html


def test_procedure_page_renders_its_structured_parts(client, site):
    template = DocumentFactory(title="Tờ khai")
    page = ProcedurePageFactory(
        parent=site["vi"].procedure_index,
        required_documents=[
            {
                "type": "document",
                "value": {
                    "name": "Tờ khai đăng ký khai sinh",
                    "form": "original",
                    "copies": 1,
                    "template": template.pk,
                },
            }
        ],
        fees=[
            {"type": "fee", "value": {"amount_vnd": 8000, "description": "Lệ phí hộ tịch"}},
            {"type": "fee", "value": {"amount_vnd": 0, "description": "Nộp trực tuyến"}},
        ],
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert page.code in html
    assert "Nộp hồ sơ" in html and "Nhận kết quả" in html  # steps
    assert "Tờ khai đăng ký khai sinh" in html
    assert f'href="{template.url}"' in html
    assert "8.000 đồng — Lệ phí hộ tịch" in html  # Vietnamese grouping, in đồng
    assert "(bản chính, 1)" in html  # the form's label, not its stored value
    assert f'href="{page.online_service_url}"' in html
    assert page.agency.name in html


def test_an_english_procedure_page_reads_english(client, site):
    agency = AgencyFactory(name="Bộ Tư pháp", name_en="Ministry of Justice")
    sector = SectorFactory(name="Hộ tịch", name_en="Civil status")
    basis = LegalDocumentFactory(
        number="60/2014/QH13", title="Luật Hộ tịch", title_en="Law on Civil Status"
    )
    page = ProcedurePageFactory(
        parent=site["en"].procedure_index,
        agency=agency,
        sector=sector,
        processing_time_value=1,
        processing_time_unit="working_days",
        fees=[{"type": "fee", "value": {"amount_vnd": 50000, "description": "Fee"}}],
    )
    page.legal_basis.add(basis)
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "Ministry of Justice" in html and "Bộ Tư pháp" not in html
    assert "Civil status" in html
    assert "60/2014/QH13 — Law on Civil Status" in html
    assert "1 working day<" in html
    assert "50,000 VND — Fee" in html


def test_the_language_switcher_names_each_language_in_itself(client, site):
    page = NewsPageFactory(parent=site["vi"].news_index)
    english = page.copy_for_translation(site["en"].locale)
    english.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert 'lang="en">English</a>' in html


def test_the_home_pages_link_the_open_data_catalogue(client, site):
    assert 'href="/dataset/">Danh mục dữ liệu mở</a>' in client.get("/").content.decode()
    assert 'href="/en/dataset/">Open data catalogue</a>' in client.get("/en/").content.decode()


def test_english_page_is_served_under_en(client, site):
    page = NewsPageFactory(parent=site["en"].news_index, title="Online birth registration")
    assert page.url == "/en/policy-news/online-birth-registration/"
    response = client.get(page.url)
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


def test_index_lists_live_children_only(client, site):
    live = NewsPageFactory(parent=site["vi"].news_index)
    draft = NewsPageFactory(parent=site["vi"].news_index, publish=False)
    response = client.get(site["vi"].news_index.url)
    assert response.status_code == 200
    assert list(response.context["children"]) == [live]
    assert draft.title not in response.content.decode()


# 404s


def test_draft_page_is_not_served(client, site):
    draft = ProcedurePageFactory(parent=site["vi"].procedure_index, publish=False)
    assert client.get(draft.url).status_code == 404


def test_unpublished_page_is_no_longer_served(client, site):
    page = NewsPageFactory(parent=site["vi"].news_index)
    assert client.get(page.url).status_code == 200
    page.unpublish()
    assert client.get(page.url).status_code == 404


def test_restricted_page_is_not_served_without_the_password(client, site):
    page = NewsPageFactory(parent=site["vi"].news_index)
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau"
    )
    response = client.get(page.url)
    assert response.status_code == 200  # the password form, not the page
    assert page.summary not in response.content.decode()


# Health check and admin


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["database"]["vendor"] == connection.vendor
    assert body["database"]["latency_ms"] >= 0


def test_healthz_accepts_get_only(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.parametrize("accept_language", ["en", "en-US,en;q=0.9", "fr"])
def test_admin_login_is_in_vietnamese_whatever_the_browser_says(client, accept_language):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi"' in html
    assert "Đăng nhập" in html
    assert "Sign in" not in html


def test_public_site_follows_the_url_not_the_admin_language(client, site):
    # The admin's language must not leak into the English site.
    client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en")
    response = client.get(site["en"].home.url, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()
