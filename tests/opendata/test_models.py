"""Datasets: names, the review workflow, what the public sees, and the catalogue search."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Workflow, WorkflowState

from opendata.catalogue import CatalogueFilters, search_datasets
from opendata.models import Dataset, Licence, Province
from opendata.selectors import public_datasets, public_resources
from search.query import MAX_QUERY_LENGTH
from tests.factories import AgencyFactory, DatasetFactory, ResourceFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_reference_data_is_there():
    assert set(Licence.objects.values_list("pk", flat=True)) == {
        "CC-BY-4.0",
        "CC0-1.0",
        "ODC-By-1.0",
        "ODbL-1.0",
        "other",
    }
    assert Province.objects.count() == 34
    assert Province.objects.get(code="79").name == "Thành phố Hồ Chí Minh"


def test_name_is_made_from_the_vietnamese_title():
    dataset = Dataset(
        title="Số lượng hồ sơ Đăng ký khai sinh",
        description="Theo tháng",
        publisher=AgencyFactory(),
        licence_id="CC0-1.0",
    )
    dataset.full_clean()
    assert dataset.name == "so-luong-ho-so-dang-ky-khai-sinh"


@pytest.mark.parametrize("name", ["A", "x", "Có-dấu", "has space", "a" * 101, "UPPER"])
def test_names_ckan_would_refuse_are_refused(name):
    dataset = DatasetFactory.build(name=name, publisher=AgencyFactory())
    with pytest.raises(ValidationError) as error:
        dataset.full_clean()
    assert "name" in error.value.message_dict


def test_period_must_not_end_before_it_starts():
    dataset = DatasetFactory.build(
        publisher=AgencyFactory(),
        temporal_start=datetime.date(2024, 1, 1),
        temporal_end=datetime.date(2023, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        dataset.full_clean()
    assert "temporal_end" in error.value.message_dict


def test_datasets_are_moderated_by_the_pages_workflow(editor, approver):
    workflow = Workflow.objects.get(name="Duyệt và xuất bản")
    dataset = DatasetFactory(publish=False)
    assert dataset.get_workflow() == workflow
    assert editor.has_perm("opendata.change_dataset")
    assert not editor.has_perm("opendata.publish_dataset")
    assert approver.has_perm("opendata.publish_dataset")

    state = workflow.start(dataset, editor)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not public_datasets().filter(pk=dataset.pk).exists()
    state.current_task_state.task.specific.on_action(state.current_task_state, approver, "approve")
    dataset.refresh_from_db()
    assert dataset.live
    assert public_datasets().filter(pk=dataset.pk).exists()


def test_only_live_public_unexpired_datasets_are_public():
    live = DatasetFactory()
    draft = DatasetFactory(publish=False)
    private = DatasetFactory(is_private=True)
    expired = DatasetFactory(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    withdrawn = DatasetFactory()
    withdrawn.unpublish()
    public = set(public_datasets())
    assert live in public
    assert not {draft, private, expired, withdrawn} & public
    resources = set(public_resources().values_list("dataset_id", flat=True))
    assert resources == {live.pk}


def test_rejected_files_are_not_public():
    dataset = DatasetFactory(resources=0, publish=False)
    rejected = ResourceFactory(dataset=dataset, data_file__status="rejected")
    dataset.save_revision().publish()
    assert not public_resources().filter(pk=rejected.pk).exists()


def test_resources_keep_their_ids_across_revisions():
    dataset = DatasetFactory()
    resource = dataset.resources.get()
    dataset.title = "Tên mới"
    dataset.save_revision().publish()
    assert dataset.resources.get().uuid == resource.uuid


def test_download_url_names_the_dataset_the_resource_and_the_file():
    dataset = DatasetFactory(name="ho-so-truc-tuyen")
    resource = dataset.resources.get()
    assert resource.get_download_url() == reverse(
        "opendata:resource-download",
        kwargs={
            "dataset": "ho-so-truc-tuyen",
            "resource": resource.uuid,
            "filename": "so-lieu.csv",
        },
    )
    assert resource.get_download_url().startswith("/dataset/ho-so-truc-tuyen/resource/")


class TestCatalogueSearch:
    def test_words_match_without_diacritics_and_in_any_case(self):
        wanted = DatasetFactory(title="Chỉ số Chính phủ điện tử EGDI")
        DatasetFactory(title="Tiết kiệm chi phí văn bản điện tử")
        result = search_datasets("chinh phu DIEN tu")
        assert result.count == 1
        assert result.datasets == [wanted]

    def test_tags_and_publisher_are_searched(self):
        agency = AgencyFactory(name="Văn phòng Chính phủ", code="VPCP")
        tagged = DatasetFactory(title="Bảng A", publisher=agency)
        tagged.tags.add("Cổng dịch vụ công")
        tagged.save()
        assert search_datasets("cong dich vu").datasets == [tagged]
        assert search_datasets("vpcp").datasets == [tagged]

    def test_drafts_and_private_datasets_are_never_found(self):
        DatasetFactory(title="Bí mật", publish=False)
        DatasetFactory(title="Bí mật", is_private=True)
        assert search_datasets("bi mat").count == 0

    def test_filters_and_facets(self):
        theme = ThemeFactory(slug="chinh-phu-so")
        first = DatasetFactory(publisher=AgencyFactory(code="BTTTT"), publish=False)
        first.themes.add(theme)
        first.save_revision().publish()
        DatasetFactory(
            publisher=AgencyFactory(code="VPCP"), licence=Licence.objects.get(pk="CC0-1.0")
        )
        result = search_datasets(
            filters=CatalogueFilters(theme=["chinh-phu-so"]),
            facet_fields=["agency", "licence", "format", "theme"],
        )
        assert result.datasets == [first]
        assert result.facets["agency"] == [("BTTTT", 1)]
        assert result.facets["format"] == [("CSV", 1)]
        everything = search_datasets(facet_fields=["licence"], sort=["-name"])
        assert everything.facets["licence"] == [("CC-BY-4.0", 1), ("CC0-1.0", 1)]
        assert [d.name for d in everything.datasets] == sorted(
            (d.name for d in everything.datasets), reverse=True
        )
        assert search_datasets(filters=CatalogueFilters(format=["csv"])).count == 2

    def test_pages_are_bounded(self):
        for _ in range(3):
            DatasetFactory()
        result = search_datasets(limit=2, offset=1)
        assert result.count == 3
        assert len(result.datasets) == 2
        assert len(search_datasets(limit=10**9).datasets) == 3

    def test_names_and_ids_pick_datasets(self):
        first, second, _third = DatasetFactory(), DatasetFactory(), DatasetFactory()
        filters = CatalogueFilters(names=[first.name], ids=[str(first.uuid), "not-a-uuid"])
        assert search_datasets(filters=filters).datasets == [first]
        assert search_datasets(filters=CatalogueFilters(ids=[str(second.uuid)])).count == 1

    def test_formats_of_rejected_files_do_not_count(self):
        dataset = DatasetFactory(resources=0, publish=False)
        ResourceFactory(dataset=dataset, data_file__status="rejected", data_file__format="PDF")
        ResourceFactory(
            dataset=dataset, data_file=None, url="https://example.gov.vn/a", format="html"
        )
        dataset.save_revision().publish()
        result = search_datasets(facet_fields=["format"])
        assert result.facets["format"] == [("HTML", 1)]
        assert search_datasets(filters=CatalogueFilters(format=["PDF"])).count == 0

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"sort": ["nonsense"]},
            {"facet_fields": ["maintainer_email"]},
            {"query": "từ " * (MAX_QUERY_LENGTH // 3 + 1)},
        ],
    )
    def test_unknown_sort_or_facet_or_a_query_the_service_refuses_is_an_error(self, kwargs):
        DatasetFactory()
        with pytest.raises(ValueError):
            search_datasets(**kwargs)


def test_editors_find_datasets_in_the_admin(editor_client):
    dataset = DatasetFactory()
    listing = editor_client.get(reverse("wagtailsnippets_opendata_dataset:list"))
    assert listing.status_code == 200
    assert dataset.title in listing.content.decode()
    assert editor_client.get(reverse("wagtailsnippets_opendata_dataset:add")).status_code == 200
    edit = editor_client.get(reverse("wagtailsnippets_opendata_dataset:edit", args=[dataset.pk]))
    assert edit.status_code == 200
    history = reverse("wagtailsnippets_opendata_dataset:history", args=[dataset.pk])
    assert editor_client.get(history).status_code == 200
