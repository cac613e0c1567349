"""Datasets in the search service: what a dataset's document holds, and the index following
publishing, withdrawal, privacy, expiry, deletion, resources, ingestion and renames."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import translation
from taggit.models import Tag

from opendata.catalogue import CatalogueFilters, search_datasets
from opendata.ingest.service import ingest
from opendata.models import DataFile, Dataset, Licence
from opendata.search_documents import DatasetDocument
from search import service
from search.query import SearchQuery
from tests.factories import (
    AgencyFactory,
    DataFileFactory,
    DatasetFactory,
    ResourceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def names(query: str = "", **kwargs) -> list[str]:
    return [dataset.name for dataset in search_datasets(query, **kwargs).datasets]


def in_sync() -> bool:
    return all(difference.ok for difference in service.check())


def test_a_document_holds_the_dataset_in_weighted_slots_with_its_facets():
    theme = ThemeFactory(slug="chinh-phu-so", name="Chính phủ số")
    dataset = DatasetFactory(
        title="Chỉ số EGDI",
        title_en="E-Government Development Index",
        publisher=AgencyFactory(code="BTTTT", name="Bộ Thông tin và Truyền thông"),
        identifier="VN-EGDI-2024",
        publish=False,
    )
    dataset.themes.add(theme)
    dataset.tags.add("xếp hạng")
    dataset.save_revision().publish()
    dataset.refresh_from_db()
    (document,) = DatasetDocument().documents([dataset.pk])
    assert (document.type, document.id, document.locale) == ("dataset", str(dataset.pk), "vi")
    assert document.title == "Chỉ số EGDI"
    assert "E-Government Development Index" in document.summary
    assert "xếp hạng" in document.body and "Bảng số liệu 1" in document.body
    assert "số hồ sơ trực tuyến" in document.body  # a column of the data dictionary
    assert document.codes == ["VN-EGDI-2024"]
    facets = {name: [(t.value, t.label) for t in terms] for name, terms in document.facets.items()}
    assert facets == {
        "agency": [("BTTTT", "Bộ Thông tin và Truyền thông")],
        "theme": [("chinh-phu-so", "Chính phủ số")],
        "tag": [("xếp hạng", "xếp hạng")],
        "format": [("CSV", "CSV")],
        "licence": [("CC-BY-4.0", dataset.licence.name)],
        "year": [(str(dataset.last_published_at.year),) * 2],
    }
    assert document.date == dataset.last_published_at
    assert document.created == dataset.first_published_at
    assert document.name == dataset.name
    assert document.url == f"/dataset/{dataset.name}/"


def test_the_index_follows_publishing_withdrawal_privacy_and_deletion():
    dataset = DatasetFactory(title="Số liệu khai sinh", publish=False)
    assert names("khai sinh") == []
    dataset.save_revision().publish()
    assert names("khai sinh") == [dataset.name]
    dataset.refresh_from_db()
    dataset.unpublish()
    assert names("khai sinh") == []
    dataset.save_revision().publish()
    dataset.refresh_from_db()
    dataset.is_private = True
    dataset.save()
    assert names("khai sinh") == []
    dataset.is_private = False
    dataset.save()
    assert names("khai sinh") == [dataset.name]
    dataset.delete()
    assert names("khai sinh") == []
    assert in_sync()


def test_an_expired_dataset_is_not_found_before_the_expiry_job_runs(time_machine):
    # A frozen clock: the dataset expires at noon, searched at 11:59 and then at 12:01.
    noon = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)
    time_machine.move_to(noon - datetime.timedelta(minutes=1), tick=False)
    dataset = DatasetFactory(title="Số liệu tạm thời")
    Dataset.objects.filter(pk=dataset.pk).update(expire_at=noon)
    service.sync("dataset", [dataset.pk])  # what a save of expire_at enqueues
    assert names("tam thoi") == [dataset.name]

    time_machine.shift(datetime.timedelta(minutes=2))  # no job has run since
    assert names("tam thoi") == []


def test_resources_and_their_ingestion_change_the_format_facet():
    dataset = DatasetFactory(resources=0, title="Bảng giá đất")
    pending = DataFileFactory(status=DataFile.Status.PENDING, format="", inferred_schema=None)
    ResourceFactory(dataset=dataset, data_file=pending, name="Bảng giá")
    facets = search_datasets("bang gia dat", facet_fields=["format"]).facets
    assert facets["format"] == []  # a file still being ingested is not public yet
    ingest(pending)
    assert pending.status == DataFile.Status.READY
    result = search_datasets("bang gia dat", facet_fields=["format"])
    assert result.facets["format"] == [("CSV", 1)]
    assert names(filters=CatalogueFilters(format=["csv"])) == [dataset.name]
    # A column of the ingested file is searchable.
    assert names("so ho so truc tuyen bang gia") == [dataset.name]
    ResourceFactory(dataset=dataset, data_file=None, url="https://example.gov.vn/a", format="xlsx")
    assert search_datasets(facet_fields=["format"]).facets["format"] == [
        ("CSV", 1),
        ("XLSX", 1),
    ]
    dataset.resources.get(format="xlsx").delete()
    assert search_datasets(facet_fields=["format"]).facets["format"] == [("CSV", 1)]
    assert in_sync()


def test_renaming_a_theme_or_an_agency_reindexes_their_datasets():
    theme = ThemeFactory(name="Giao thông")
    agency = AgencyFactory(name="Sở Giao thông vận tải")
    dataset = DatasetFactory(title="Bảng A", publisher=agency, publish=False)
    dataset.themes.add(theme)
    dataset.save_revision().publish()
    assert names("duong thuy") == []
    theme.name = "Đường thủy"
    theme.save()
    assert names("duong thuy") == [dataset.name]
    agency.name = "Sở Xây dựng"
    agency.save()
    assert names("so xay dung") == [dataset.name]


def test_renaming_a_licence_or_a_tag_reindexes_their_datasets():
    dataset = DatasetFactory(title="Bảng B", publish=False)
    dataset.tags.add("giá đất")
    dataset.save_revision().publish()
    licence = Licence.objects.get(pk="CC-BY-4.0")
    licence.name = "Giấy phép Ghi công 4.0"
    licence.save()
    query = SearchQuery(types=["dataset"], facets=["licence", "tag"])
    facets = service.search(query).facets
    assert [(f.value, f.label) for f in facets["licence"]] == [
        ("CC-BY-4.0", "Giấy phép Ghi công 4.0")
    ]
    tag = Tag.objects.get(name="giá đất")
    tag.name = "bảng giá"
    tag.save()
    assert [f.value for f in service.search(query).facets["tag"]] == ["bảng giá"]
    assert names("bang gia") == [dataset.name]


def test_search_rebuild_and_check_count_datasets():
    DatasetFactory()
    DatasetFactory(publish=False)
    call_command("search_rebuild", stdout=io.StringIO(), stderr=io.StringIO())
    (difference,) = [d for d in service.check() if d.type == "dataset"]
    assert (difference.locale, difference.in_database, difference.in_index) == ("vi", 1, 1)
    assert difference.ok


def test_datasets_are_found_with_pages_in_the_shared_search():
    dataset = DatasetFactory(title="Danh mục mã bưu chính")
    results = service.search(SearchQuery(text="ma buu chinh", facets=["type", "format"]))
    assert [(hit.type, hit.id) for hit in results.hits] == [("dataset", str(dataset.pk))]
    assert results.hits[0].url == f"/dataset/{dataset.name}/"
    assert [(f.value, f.count) for f in results.facets["format"]] == [("CSV", 1)]


def test_english_words_find_a_dataset_below_the_vietnamese_title():
    english = DatasetFactory(title="Bảng một", title_en="Birth registrations")
    vietnamese = DatasetFactory(title="Registrations", title_en="")
    assert names("registrations") == [vietnamese.name, english.name]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (["name"], ["a-bo", "b-bo", "c-bo"]),
        (["-name"], ["c-bo", "b-bo", "a-bo"]),
        (["title"], ["b-bo", "c-bo", "a-bo"]),
        (["date"], ["c-bo", "b-bo", "a-bo"]),
        (["-created"], ["a-bo", "b-bo", "c-bo"]),
        # Without words, relevance is skipped and the next sort orders.
        (["relevance", "-name"], ["c-bo", "b-bo", "a-bo"]),
    ],
)
def test_catalogue_sorts(sort, expected):
    for name, title in (("a-bo", "Ước tính"), ("b-bo", "Ảnh vệ tinh"), ("c-bo", "Bản đồ")):
        DatasetFactory(name=name, title=title)
    assert names(sort=sort) == expected


def test_the_indexed_address_is_the_vietnamese_page_whatever_language_is_active():
    dataset = DatasetFactory()
    with translation.override("en"):
        (document,) = DatasetDocument().documents([dataset.pk])
    assert document.url == f"/dataset/{dataset.name}/"
