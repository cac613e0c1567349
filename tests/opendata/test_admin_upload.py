"""Uploading a resource's file in the dataset's edit form, through the real admin views."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from opendata.models import DataFile, Dataset
from tests.factories import (
    CSV_BYTES,
    AgencyFactory,
    DataFileFactory,
    DatasetFactory,
    ResourceFactory,
)
from tests.fixtures.opendata import samples

pytestmark = pytest.mark.django_db


def edit_url(dataset: Dataset) -> str:
    return reverse("wagtailsnippets_opendata_dataset:edit", args=[dataset.pk])


def resource_data(resource=None, **values) -> dict:
    data = {
        "id": resource.pk if resource else "",
        "name": resource.name if resource else "Bảng số liệu",
        "name_en": "",
        "description": "",
        "description_en": "",
        "url": "",
        "format": "",
        "data_dictionary": "",
        "ORDER": "1",
        "DELETE": "",
    }
    data.update(values)
    return data


def form_data(dataset: Dataset, resources: list[dict], initial: int = 0, **values) -> dict:
    """The dataset form as the admin posts it; checkboxes left unticked are left out."""
    data = {
        "title": dataset.title,
        "title_en": dataset.title_en,
        "name": dataset.name,
        "description": dataset.description,
        "description_en": dataset.description_en,
        "publisher": dataset.publisher_id,
        "maintainer": "",
        "maintainer_email": "",
        "licence": dataset.licence_id,
        "tags": "",
        "frequency": dataset.frequency,
        "temporal_start": "",
        "temporal_end": "",
        "version": "",
        "identifier": "",
        "resources": inline_formset(resources, initial=initial),
    }
    data.update(values)
    return nested_form_data(data)


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def stored_files() -> list[Path]:
    return [path for path in Path(settings.OPENDATA_ROOT).rglob("*") if path.is_file()]


def latest_resources(dataset: Dataset):
    dataset.refresh_from_db()
    return list(dataset.get_latest_revision_as_object().resources.all())


def test_the_form_shows_each_file_and_no_select_of_files(editor_client):
    dataset = DatasetFactory(resources=0)
    ready = ResourceFactory(dataset=dataset, sort_order=0).data_file
    rejected = DataFileFactory(
        status=DataFile.Status.REJECTED, error="The file is empty.", inferred_schema=None
    )
    ResourceFactory(dataset=dataset, data_file=rejected, sort_order=1)
    dataset.save_revision()

    html = editor_client.get(edit_url(dataset)).content.decode()

    assert 'name="resources-0-upload"' in html
    assert 'type="file"' in html
    assert "resources-0-data_file" not in html
    assert ready.sha256 in html
    assert 'data-data-file-status="rejected"' in html
    assert "The file is empty." in html
    # The dictionary is filled in with the inferred one, Vietnamese readable.
    assert "số hồ sơ trực tuyến" in html
    assert 'enctype="multipart/form-data"' in html


def test_an_upload_creates_a_data_file_and_ingests_it(
    editor, editor_client, django_capture_on_commit_callbacks
):
    dataset = DatasetFactory(publish=False, resources=0)
    data = samples.csv_cp1258()
    post = form_data(dataset, [resource_data(upload=upload(data, "hồ sơ trực tuyến.csv"))])

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(edit_url(dataset), post)

    assert response.status_code == 302, response.content.decode()[-3000:]
    data_file = DataFile.objects.get()
    assert data_file.original_name == "hồ sơ trực tuyến.csv"
    assert data_file.uploaded_by == editor
    assert data_file.status == DataFile.Status.READY
    assert (data_file.encoding, data_file.row_count) == ("cp1258", 3)
    (resource,) = latest_resources(dataset)
    assert resource.data_file_id == data_file.pk
    assert resource.get_data_dictionary() == data_file.inferred_schema["fields"]


# The admin speaks Vietnamese (cms's admin middleware), so editors read these messages, and
# the tests check them, in Vietnamese.
@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (samples.png_image(), "so-lieu.csv", "đây là bảng CSV nhưng nội dung là ảnh PNG"),
        (samples.zip_bomb(), "goi.zip", "có thể là bom nén"),
        (samples.csv_utf8(), "bao-cao.pdf", "Tên tệp cho biết đây là tài liệu PDF"),
        (samples.elf_binary(), "so-lieu.csv", "nội dung là tệp chạy ELF"),
    ],
)
def test_a_refused_upload_shows_why_in_the_form_and_stores_nothing(
    editor_client, django_capture_on_commit_callbacks, data, name, message
):
    dataset = DatasetFactory(publish=False, resources=0)
    revisions = Revision.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            edit_url(dataset), form_data(dataset, [resource_data(upload=upload(data, name))])
        )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert DataFile.objects.count() == 0
    assert stored_files() == []
    assert Revision.objects.count() == revisions


def test_an_upload_over_the_maximum_is_refused_in_the_form(editor_client, settings):
    settings.OPENDATA_MAX_UPLOAD_BYTES = 100
    dataset = DatasetFactory(publish=False, resources=0)
    data = samples.csv_utf8()

    response = editor_client.post(
        edit_url(dataset),
        form_data(dataset, [resource_data(upload=upload(data, "so-lieu.csv"))]),
    )

    assert response.status_code == 200
    assert f"Tệp có dung lượng {len(data)} B, vượt quá mức tối đa 100 B." in (
        response.content.decode()
    )
    assert DataFile.objects.count() == 0
    assert stored_files() == []


def test_a_good_upload_in_an_invalid_form_stores_nothing(
    editor_client, django_capture_on_commit_callbacks
):
    dataset = DatasetFactory(publish=False, resources=0)
    post = form_data(
        dataset,
        [resource_data(upload=upload(samples.csv_utf8(), "so-lieu.csv"))],
        maintainer_email="khong-phai-thu-dien-tu",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(edit_url(dataset), post)

    assert response.status_code == 200
    assert DataFile.objects.count() == 0
    assert stored_files() == []


def test_replacing_a_published_file_leaves_the_old_one_intact(
    editor_client, django_capture_on_commit_callbacks
):
    dataset = DatasetFactory()  # published, one CSV resource
    resource = dataset.resources.get()
    old = resource.data_file
    old_sha256 = old.sha256
    new_data = samples.csv_utf8(";")
    post = form_data(
        dataset,
        [resource_data(resource, upload=upload(new_data, "so-lieu-2025.csv"))],
        initial=1,
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(edit_url(dataset), post)

    assert response.status_code == 302
    new = DataFile.objects.exclude(pk=old.pk).get()
    assert new.status == DataFile.Status.READY
    assert new.delimiter == ";"
    (draft_resource,) = latest_resources(dataset)
    assert draft_resource.pk == resource.pk
    assert draft_resource.data_file_id == new.pk
    # The published version still serves the old file, unchanged.
    resource.refresh_from_db()
    old.refresh_from_db()
    assert resource.data_file_id == old.pk
    assert old.sha256 == old_sha256
    with old.file.open("rb") as handle:
        assert handle.read() == CSV_BYTES


def test_the_editor_corrects_the_data_dictionary(editor_client):
    dataset = DatasetFactory()
    resource = dataset.resources.get()
    dictionary = [
        {"name": "năm", "type": "year", "title": "Năm"},
        {"name": "số hồ sơ trực tuyến", "type": "integer", "unit": "hồ sơ"},
    ]
    post = form_data(
        dataset,
        [resource_data(resource, data_dictionary=json.dumps(dictionary, ensure_ascii=False))],
        initial=1,
    )

    response = editor_client.post(edit_url(dataset), post)

    assert response.status_code == 302
    (draft_resource,) = latest_resources(dataset)
    assert draft_resource.data_dictionary == dictionary
    assert draft_resource.get_data_dictionary() == dictionary


def test_the_inferred_dictionary_posted_back_unchanged_keeps_following_the_file(editor_client):
    dataset = DatasetFactory()
    resource = dataset.resources.get()
    inferred = resource.data_file.inferred_schema["fields"]
    post = form_data(
        dataset,
        [resource_data(resource, name="Tên mới", data_dictionary=json.dumps(inferred))],
        initial=1,
    )

    assert editor_client.post(edit_url(dataset), post).status_code == 302

    (draft_resource,) = latest_resources(dataset)
    assert draft_resource.name == "Tên mới"
    assert draft_resource.data_dictionary is None


@pytest.mark.parametrize(
    ("dictionary", "message"),
    [
        ('{"name": "năm"}', "phải là một danh sách"),
        ('[{"type": "integer"}]', "cần có “name”"),
        ('[{"name": "năm", "type": "text"}]', "kiểu “text” không thuộc các kiểu"),
        ('[{"name": "năm", "colour": "red"}]', "khóa không hợp lệ: colour"),
        ('[{"name": "năm", ', "Enter a valid JSON"),
    ],
)
def test_a_malformed_dictionary_is_refused_with_a_reason(editor_client, dictionary, message):
    dataset = DatasetFactory()
    resource = dataset.resources.get()
    revisions = Revision.objects.count()
    post = form_data(dataset, [resource_data(resource, data_dictionary=dictionary)], initial=1)

    response = editor_client.post(edit_url(dataset), post)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html or message.replace("“", "&ldquo;") in html
    assert Revision.objects.count() == revisions


def test_a_file_can_give_way_to_a_link(editor_client):
    dataset = DatasetFactory()
    resource = dataset.resources.get()
    post = form_data(
        dataset,
        [resource_data(resource, remove_file="on", url="https://dichvucong.gov.vn/so-lieu.csv")],
        initial=1,
    )

    assert editor_client.post(edit_url(dataset), post).status_code == 302

    (draft_resource,) = latest_resources(dataset)
    assert draft_resource.data_file_id is None
    assert draft_resource.url == "https://dichvucong.gov.vn/so-lieu.csv"


def test_a_file_and_a_link_together_are_refused(editor_client):
    dataset = DatasetFactory(publish=False, resources=0)
    post = form_data(
        dataset,
        [
            resource_data(
                upload=upload(samples.csv_utf8(), "so-lieu.csv"),
                url="https://dichvucong.gov.vn/so-lieu.csv",
            )
        ],
    )

    response = editor_client.post(edit_url(dataset), post)

    assert response.status_code == 200
    assert DataFile.objects.count() == 0


def test_a_new_dataset_is_created_with_its_uploaded_file(
    editor_client, django_capture_on_commit_callbacks
):
    template = DatasetFactory.build(publisher=AgencyFactory(), name="ho-so-truc-tuyen-moi")
    post = form_data(template, [resource_data(upload=upload(samples.xlsx(), "bang.xlsx"))])

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("wagtailsnippets_opendata_dataset:add"), post)

    assert response.status_code == 302, response.content.decode()[-3000:]
    dataset = Dataset.objects.get(name="ho-so-truc-tuyen-moi")
    assert not dataset.live
    (resource,) = latest_resources(dataset)
    assert resource.data_file.format == "XLSX"
    assert resource.data_file.row_count == 3
