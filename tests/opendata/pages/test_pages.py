"""The researchers' pages over HTTP: the catalogue and a dataset's page, in both languages."""

import datetime
import html
import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opendata.models import DataFile, Licence, Province
from opendata.pages.citation import cite
from opendata.pages.detail import human_size
from tests.factories import (
    AgencyFactory,
    DataFileFactory,
    DatasetFactory,
    ResourceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

TITLE = "Hồ sơ trực tuyến tiếp nhận năm 2024"


def text(response) -> str:
    """The page's visible text, tags removed, whitespace collapsed."""
    without_tags = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(without_tags).split())


def result_titles(response) -> list[str]:
    return [
        html.unescape(title)
        for title in re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', response.content.decode())
    ]


@pytest.fixture
def agency():
    return AgencyFactory(
        name="Bộ Khoa học và Công nghệ", name_en="Ministry of Science", code="BKHCN"
    )


@pytest.fixture
def dataset(agency):
    theme = ThemeFactory(name="Chính phủ số", name_en="Digital government", slug="chinh-phu-so")
    dataset = DatasetFactory(
        title=TITLE,
        title_en="Online dossiers received in 2024",
        name="ho-so-truc-tuyen-2024",
        publisher=agency,
        maintainer="Cục Chuyển đổi số quốc gia",
        maintainer_email="dulieu@example.gov.vn",
        version="2.1",
        temporal_start=datetime.date(2024, 1, 1),
        temporal_end=datetime.date(2024, 12, 31),
        resources=0,
        publish=False,
    )
    dataset.themes.set([theme])
    dataset.tags.add("dịch vụ công")
    dataset.provinces.set(Province.objects.filter(code__in=["01", "79"]))
    ResourceFactory(
        dataset=dataset,
        name="Bảng số liệu",
        name_en="Figures",
        description="Theo tháng",
        data_file=DataFileFactory(
            data=b"x" * 1_536_000, original_name="Số liệu hồ sơ trực tuyến 2024.csv"
        ),
    )
    dataset.save()
    dataset.save_revision().publish()
    dataset.refresh_from_db()
    return dataset


# --- the catalogue -------------------------------------------------------------------


def test_catalogue_lists_public_datasets_with_their_summary(client, site, dataset):
    response = client.get("/dataset/")

    assert response.status_code == 200
    page = text(response)
    assert TITLE in result_titles(response)
    assert "Bộ Khoa học và Công nghệ" in page
    assert "CSV" in page
    assert "Creative Commons" in page
    assert "Số hồ sơ trực tuyến tiếp nhận" in page  # the description's excerpt
    assert f'href="/dataset/{dataset.name}/"' in response.content.decode()


def test_search_matches_without_diacritics(client, site, dataset):
    DatasetFactory(
        title="Đăng ký khai sinh theo tỉnh",
        name="khai-sinh",
        description="Số ca theo tỉnh.",
        resources=0,  # the factory's file has a column "số hồ sơ trực tuyến"
    )

    response = client.get("/dataset/", {"q": "ho so truc tuyen"})

    assert result_titles(response) == [TITLE]
    assert "1 " in text(response).split(TITLE)[0]  # the result count comes first


def test_search_with_diacritics_and_d_finds_the_same(client, site, dataset):
    DatasetFactory(title="Đăng ký khai sinh theo tỉnh", name="khai-sinh")

    assert result_titles(client.get("/dataset/", {"q": "đăng ký"})) == [
        "Đăng ký khai sinh theo tỉnh"
    ]
    assert result_titles(client.get("/dataset/", {"q": "dang ky"})) == [
        "Đăng ký khai sinh theo tỉnh"
    ]


def test_facets_show_counts_and_filter(client, site, dataset, agency):
    other_agency = AgencyFactory(name="Bộ Tư pháp", code="BTP")
    DatasetFactory(title="Khai sinh", name="khai-sinh", publisher=other_agency)
    DatasetFactory(
        title="Kết hôn",
        name="ket-hon",
        publisher=other_agency,
        licence=Licence.objects.get(pk="CC0-1.0"),
    )

    response = client.get("/dataset/")
    content = response.content.decode()
    for name, value, count in [
        ("organization", "BTP", 2),
        ("organization", "BKHCN", 1),
        ("license_id", "CC-BY-4.0", 2),
        ("license_id", "CC0-1.0", 1),
        ("groups", "chinh-phu-so", 1),
        ("res_format", "CSV", 3),
    ]:
        match = re.search(
            rf'name="{name}" form="catalogue-form" value="{value}">\s*<label[^>]*>[^<]*'
            rf'<span class="count">\((\d+)\)</span>',
            content,
        )
        assert match, (name, value)
        assert int(match.group(1)) == count, (name, value)

    filtered = client.get("/dataset/", {"organization": "BTP", "license_id": "CC0-1.0"})
    assert result_titles(filtered) == ["Kết hôn"]
    # A selected value is ticked, and can be removed with one link.
    assert 'value="BTP" checked' in filtered.content.decode()
    assert "?organization=BTP" in filtered.content.decode()

    either = client.get("/dataset/?organization=BTP&organization=BKHCN")
    assert len(result_titles(either)) == 3


def test_theme_facet_shows_the_theme_name(client, site, dataset):
    response = client.get("/dataset/", {"groups": "chinh-phu-so"})

    assert result_titles(response) == [TITLE]
    assert "Chính phủ số" in text(response)


def test_catalogue_pages_hold_20_and_link_to_each_other(client, site):
    agency = AgencyFactory()
    for n in range(23):
        DatasetFactory(title=f"Bộ dữ liệu {n:02d}", name=f"bo-du-lieu-{n:02d}", publisher=agency)

    first = client.get("/dataset/")
    second = client.get("/dataset/", {"page": 2})

    assert len(result_titles(first)) == 20
    assert result_titles(second) == ["Bộ dữ liệu 20", "Bộ dữ liệu 21", "Bộ dữ liệu 22"]
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert 'href="?" rel="prev"' in second.content.decode()
    assert 'start="21"' in second.content.decode()
    assert client.get("/dataset/", {"page": 3}).status_code == 404


def test_catalogue_queries_do_not_grow_with_the_page(client, site, search_index):
    agency = AgencyFactory()
    DatasetFactory(title="Một", name="mot", publisher=agency)
    search_index.flush()
    with CaptureQueriesContext(connection) as one:
        client.get("/dataset/")
    for n in range(15):
        DatasetFactory(title=f"Bộ {n}", name=f"bo-{n}", publisher=AgencyFactory(), resources=2)
    search_index.flush()
    with CaptureQueriesContext(connection) as many:
        response = client.get("/dataset/")

    assert len(result_titles(response)) == 16
    assert len(many) == len(one)


@pytest.mark.parametrize(
    "params",
    [{"page": "0"}, {"page": "abc"}, {"page": "-1"}, {"page": str(10**30)}, {"q": "x" * 201}],
)
def test_bad_catalogue_parameters_get_a_400_page(client, site, params):
    response = client.get("/dataset/", params)

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_catalogue_hides_drafts_private_and_withdrawn(client, site, dataset):
    DatasetFactory(title="Bản nháp", name="ban-nhap", publish=False)
    DatasetFactory(title="Riêng tư", name="rieng-tu", is_private=True)
    withdrawn = DatasetFactory(title="Đã rút", name="da-rut")
    withdrawn.unpublish()

    response = client.get("/dataset/")

    assert result_titles(response) == [TITLE]
    assert "1 " in text(response)


def test_english_catalogue_at_en(client, site, dataset):
    response = client.get("/en/dataset/", {"q": "ho so"})

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert result_titles(response) == ["Online dossiers received in 2024"]
    assert "Ministry of Science" in text(response)
    assert f'href="/en/dataset/{dataset.name}/"' in response.content.decode()
    # A link to the same search in Vietnamese.
    assert 'href="/dataset/?q=ho+so" hreflang="vi"' in response.content.decode()


def test_vietnamese_catalogue_is_in_vietnamese(client, site, dataset):
    response = client.get("/dataset/")

    assert '<html lang="vi">' in response.content.decode()
    assert "Danh mục dữ liệu mở" in text(response)
    assert "Tìm bộ dữ liệu" in text(response)


# --- the dataset page ----------------------------------------------------------------


def test_dataset_page_shows_its_metadata(client, site, dataset):
    response = client.get(f"/dataset/{dataset.name}/")

    assert response.status_code == 200
    page = text(response)
    assert f'<h1 id="dataset-title">{TITLE}</h1>' in response.content.decode()
    for expected in [
        "Số hồ sơ trực tuyến tiếp nhận trên Cổng Dịch vụ công quốc gia",
        "Bộ Khoa học và Công nghệ",
        "Cục Chuyển đổi số quốc gia",
        "dulieu@example.gov.vn",
        "Chính phủ số",
        "dịch vụ công",
        "Hằng năm",  # the update frequency, in Vietnamese
        "01-01-2024 \u2013 31-12-2024",  # SHORT_DATE_FORMAT of config/formats/vi
        "Thành phố Hà Nội, Thành phố Hồ Chí Minh",
        "2.1",
    ]:
        assert expected in page, expected
    content = response.content.decode()
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in content
    assert '<th scope="row">' in content


def test_dataset_page_shows_each_file_with_size_checksum_and_link(client, site, dataset):
    resource = dataset.resources.get()
    response = client.get(f"/dataset/{dataset.name}/")
    content = response.content.decode()

    assert "1,5 MB" in text(response)  # Vietnamese decimal comma
    assert f'<code class="sha256">{resource.data_file.sha256}</code>' in content
    assert f'href="{html.escape(resource.get_download_url())}"' in content
    assert client.get(resource.get_download_url()).status_code == 200


def test_dataset_page_shows_the_data_dictionary_and_preview(client, site, dataset):
    response = client.get(f"/dataset/{dataset.name}/")
    content = response.content.decode()

    assert '<th scope="row"><code>số hồ sơ trực tuyến</code></th><td>integer</td>' in content
    assert '<th scope="col">năm</th><th scope="col">số hồ sơ trực tuyến</th>' in content
    assert "<td>2023</td><td>1250000</td>" in content


def test_editors_dictionary_replaces_the_inferred_one(client, site, dataset):
    resource = dataset.resources.get()
    resource.data_dictionary = [
        {"name": "năm", "type": "integer", "title": "Năm", "description": "Năm báo cáo"}
    ]
    resource.save()

    content = client.get(f"/dataset/{dataset.name}/").content.decode()

    assert "Năm báo cáo" in content


def test_dataset_page_cites_in_apa_and_bibtex(client, site, dataset):
    year = dataset.last_published_at.year
    today = timezone.localdate()
    response = client.get(f"/dataset/{dataset.name}/")
    page = text(response)

    assert (
        f"Bộ Khoa học và Công nghệ. ({year}). {TITLE} (Phiên bản 2.1) [Bộ dữ liệu]. "
        f"Truy cập ngày {today.day} tháng {today.month} năm {today.year}, "
        f"từ http://127.0.0.1:8000/dataset/{dataset.name}/"
    ) in page
    assert f"<i>{TITLE}</i>" in response.content.decode()
    assert f"@misc{{ho_so_truc_tuyen_2024_{year}," in page
    assert "author = {{Bộ Khoa học và Công nghệ}}" in page
    assert f"note = {{Bộ dữ liệu, truy cập {today.isoformat()}}}" in page


def test_english_dataset_page(client, site, dataset):
    response = client.get(f"/en/dataset/{dataset.name}/")
    page = text(response)

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert "Online dossiers received in 2024" in page
    assert "Ministry of Science" in page
    assert "1.5 MB" in page
    assert "Figures" in page
    assert "(Version 2.1) [Data set]" in page
    assert f"from http://127.0.0.1:8000/en/dataset/{dataset.name}/" in page


def test_dataset_page_links_to_its_api_and_dcat_forms(client, site, dataset):
    content = client.get(f"/dataset/{dataset.name}/").content.decode()

    for url in [
        f"/api/3/action/package_show?id={dataset.name}",
        f"/dataset/{dataset.name}.ttl",
        f"/dataset/{dataset.name}.rdf",
        f"/dataset/{dataset.name}.jsonld",
    ]:
        assert f'href="{url}"' in content


def test_files_not_accepted_are_not_on_the_page(client, site, dataset):
    rejected = ResourceFactory(
        dataset=dataset,
        name="Tệp bị từ chối",
        data_file=DataFileFactory(status=DataFile.Status.REJECTED),
    )
    dataset.save_revision().publish()

    content = client.get(f"/dataset/{dataset.name}/").content.decode()

    assert "Bảng số liệu" in content
    assert rejected.name not in content


def test_link_resources_link_out(client, site, dataset):
    ResourceFactory(
        dataset=dataset, name="Trang nguồn", data_file=None, url="https://example.org/a.csv"
    )
    dataset.save_revision().publish()

    content = client.get(f"/dataset/{dataset.name}/").content.decode()

    assert 'href="https://example.org/a.csv" rel="external"' in content


@pytest.mark.parametrize("state", ["draft", "private", "withdrawn", "expired", "unknown"])
def test_non_public_dataset_pages_are_404(client, site, state):
    dataset = DatasetFactory(name="an", publish=state != "draft")
    if state == "private":
        dataset.is_private = True
        dataset.save()
    elif state == "withdrawn":
        dataset.unpublish()
    elif state == "expired":
        dataset.expire_at = timezone.now() - datetime.timedelta(seconds=1)
        dataset.save()
    name = "khong-co" if state == "unknown" else "an"

    assert client.get(f"/dataset/{name}/").status_code == 404
    assert client.get(f"/en/dataset/{name}/").status_code == 404


def test_page_has_accessibility_landmarks(client, site, dataset):
    content = client.get(f"/dataset/{dataset.name}/").content.decode()

    assert '<a class="skip-link" href="#main">' in content
    assert '<main id="main">' in content
    headings = re.findall(r"<h([1-6])", content)
    assert headings[0] == "1" and headings.count("1") == 1
    # No heading level is skipped on the way down.
    assert all(int(b) <= int(a) + 1 for a, b in itertools.pairwise(headings))


# --- the parts, directly ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "vi", "en"),
    [
        (0, "0 B", "0 B"),
        (999, "999 B", "999 B"),
        (1_536_000, "1,5 MB", "1.5 MB"),
        (123_456_789, "123 MB", "123 MB"),
        (2_000_000_000, "2,0 GB", "2.0 GB"),
        (1_234_000_000_000_000, "1.234 TB", "1,234 TB"),
    ],
)
def test_human_size(size, vi, en):
    from django.utils import translation

    with translation.override("vi"):
        assert human_size(size) == vi
    with translation.override("en"):
        assert human_size(size) == en


def test_citation_uses_a_doi_and_escapes_latex(site):
    from django.utils import translation

    dataset = DatasetFactory(
        title="Chi phí 100% & tiết kiệm_2024",
        title_en="",
        identifier="doi:10.5281/zenodo.123",
        publisher=AgencyFactory(name="Bộ Tài chính", name_en="Ministry of Finance"),
    )
    with translation.override("en"):
        citation = cite(dataset, "https://example.gov.vn/en/dataset/x/", datetime.date(2025, 7, 1))

    assert "Retrieved July 1, 2025, from https://doi.org/10.5281/zenodo.123" in citation.apa
    assert r"title = {{Chi phí 100\% \& tiết kiệm\_2024}}" in citation.bibtex
    assert "url = {https://doi.org/10.5281/zenodo.123}" in citation.bibtex


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [("text/turtle", "text/turtle"), ("application/ld+json", "application/ld+json")],
)
def test_dataset_page_answers_harvesters_with_rdf(client, site, dataset, accept, media_type):
    response = client.get(f"/dataset/{dataset.name}/", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(media_type)
    assert str(dataset.uuid) in response.content.decode()
    page = client.get(f"/dataset/{dataset.name}/", HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert page["Content-Type"].startswith("text/html")
    assert "Accept" in page["Vary"]


def test_rdf_of_a_draft_is_not_found_either(client, site):
    draft = DatasetFactory(publish=False)
    response = client.get(f"/dataset/{draft.name}/", HTTP_ACCEPT="text/turtle")
    assert response.status_code == 404
