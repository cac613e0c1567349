"""Pushing datasets to a real CKAN 2.12: create, update, resources, uploads, idempotency."""

import hashlib

import pytest

from opendata.ckan_publish.worker import drain
from opendata.models import DatasetSyncState, OutboxEntry
from tests.factories import DataFileFactory, ResourceFactory, ThemeFactory
from tests.opendata.ckan_publish.conftest import new_dataset

pytestmark = pytest.mark.django_db


def writes(proxy) -> int:
    return sum(proxy.write_calls().values())


def state_of(dataset) -> DatasetSyncState:
    return DatasetSyncState.objects.get(dataset=dataset)


def test_publish_creates_package_with_uploaded_files_then_second_sync_writes_nothing(
    publishing, remote, django_capture_on_commit_callbacks
):
    theme = ThemeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        dataset = new_dataset(resources=2, version="1.0")
        dataset.themes.add(theme)
        dataset.tags.add("dịch vụ công")
        dataset.save_revision().publish()

    state = state_of(dataset)
    assert state.status == DatasetSyncState.Status.SYNCED, state.last_error
    package = remote.action.package_show(id=dataset.name)
    assert package["id"] == state.remote_id
    assert package["title"] == dataset.title
    assert package["license_id"] == "cc-by"
    assert package["organization"]["name"] == dataset.publisher.code.lower()
    assert [t["name"] for t in package["tags"]] == ["dịch vụ công"]
    assert [g["name"] for g in package["groups"]] == [theme.slug]
    assert package["url"] == f"https://dulieu.example.gov.vn/dataset/{dataset.name}/"
    extras = {e["key"]: e["value"] for e in package["extras"]}
    assert extras["minhbach_id"] == str(dataset.uuid)
    assert package["version"] == "1.0"
    resources = package["resources"]
    assert [r["name"] for r in resources] == ["Bảng số liệu 1", "Bảng số liệu 2"]
    for resource, ours in zip(resources, dataset.resources.order_by("sort_order"), strict=True):
        assert resource["url_type"] == "upload"
        assert resource["hash"] == ours.data_file.sha256
        assert resource["minhbach_id"] == str(ours.uuid)
        # The bytes CKAN serves are the file's.
        downloaded = remote.session.get(resource["url"], timeout=10).content
        assert hashlib.sha256(downloaded).hexdigest() == ours.data_file.sha256
    statuses = set(OutboxEntry.objects.filter(dataset=dataset).values_list("status", flat=True))
    assert statuses == {OutboxEntry.Status.DONE}

    publishing.reset_counts()
    with django_capture_on_commit_callbacks(execute=True):
        dataset.save_revision().publish()  # published again, nothing changed
    report = drain()
    assert writes(publishing) == 0
    assert report.failed == 0

    # --all compares with the remote copy: still nothing to write.
    from django.core.management import call_command

    call_command("ckan_sync", "--all")
    assert writes(publishing) == 0


def test_edit_patches_package_and_only_changed_files_are_uploaded(
    publishing, remote, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dataset = new_dataset(resources=2)
        dataset.save_revision().publish()
    first, second = dataset.resources.order_by("sort_order")
    publishing.reset_counts()

    with django_capture_on_commit_callbacks(execute=True):
        dataset.title = "Tiêu đề đã sửa"
        second.data_file = DataFileFactory(data="năm,số\n2025,1\n".encode())
        second.save()
        dataset.save_revision().publish()

    assert state_of(dataset).status == DatasetSyncState.Status.SYNCED, state_of(dataset).last_error
    assert publishing.write_calls() == {"package_patch": 1, "resource_patch": 1}
    package = remote.action.package_show(id=dataset.name)
    assert package["title"] == "Tiêu đề đã sửa"
    hashes = [r["hash"] for r in package["resources"]]
    assert hashes == [first.data_file.sha256, second.data_file.sha256]


def test_resources_added_removed_and_reordered(
    publishing, remote, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dataset = new_dataset(resources=2)
        dataset.save_revision().publish()
    first, second = dataset.resources.order_by("sort_order")
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
        link = ResourceFactory(
            dataset=dataset, data_file=None, url="https://example.gov.vn/bang.xlsx", sort_order=0
        )
        second.sort_order = 1
        second.save()
        dataset.save_revision().publish()

    package = remote.action.package_show(id=dataset.name)
    assert [r["minhbach_id"] for r in package["resources"]] == [str(link.uuid), str(second.uuid)]
    assert package["resources"][0]["url"] == "https://example.gov.vn/bang.xlsx"
    assert package["resources"][0]["format"] == "XLSX"
