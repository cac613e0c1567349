"""The editors' view of CKAN publishing: list column, edit panel, retry, the differences report."""

import pytest
from django.urls import reverse

from opendata.models import DatasetSyncState, OutboxEntry
from tests.opendata.ckan_publish.conftest import new_dataset

pytestmark = pytest.mark.django_db


def publish(dataset, capture):
    with capture(execute=True):
        dataset.save_revision().publish()
    dataset.refresh_from_db()


def test_list_and_edit_view_show_the_state_and_ckans_error(
    publishing, approver_client, django_capture_on_commit_callbacks
):
    good, bad = new_dataset(publish=False), new_dataset(publish=False)
    publish(good, django_capture_on_commit_callbacks)
    bad.tags.add("x")
    publish(bad, django_capture_on_commit_callbacks)

    listing = approver_client.get(reverse("wagtailsnippets_opendata_dataset:list"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Đã đồng bộ" in html  # synced
    assert "Không gửi: CKAN sẽ từ chối" in html  # problems found before sending

    edit = approver_client.get(reverse("wagtailsnippets_opendata_dataset:edit", args=[bad.pk]))
    html = edit.content.decode()
    assert 'data-ckan-status="failed"' in html
    assert "<code>tags</code>" in html and "Từ khóa x phải dài từ 2 đến 100 ký tự" in html


def test_retry_sends_again_and_needs_the_publish_permission(
    publishing, approver_client, editor_client, remote, django_capture_on_commit_callbacks
):
    dataset = new_dataset(publish=False)
    publishing.error(503)
    publish(dataset, django_capture_on_commit_callbacks)
    assert DatasetSyncState.objects.get(dataset=dataset).status == DatasetSyncState.Status.PENDING
    publishing.passthrough()
    url = reverse("ckan_publish_retry", args=[dataset.pk])

    entries = OutboxEntry.objects.filter(dataset=dataset)
    before = entries.count()
    # Editors may not publish: Wagtail's admin turns the refusal into a redirect home.
    refused = editor_client.post(url)
    assert (refused.status_code, refused.url) == (302, "/admin/")
    assert entries.count() == before
    assert approver_client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = approver_client.post(url)
    assert response.status_code == 302
    assert DatasetSyncState.objects.get(dataset=dataset).status == DatasetSyncState.Status.SYNCED
    assert not OutboxEntry.objects.exclude(status=OutboxEntry.Status.DONE).exists()
    assert remote.action.package_show(id=dataset.name)["title"] == dataset.title


def test_report_lists_datasets_whose_remote_copy_differs(
    publishing, approver_client, remote, django_capture_on_commit_callbacks
):
    same, edited = new_dataset(publish=False), new_dataset(publish=False)
    publish(same, django_capture_on_commit_callbacks)
    publish(edited, django_capture_on_commit_callbacks)
    remote.action.package_patch(id=edited.name, notes="Sửa tay trên CKAN")

    response = approver_client.get(reverse("ckan_publish_report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-ckan-differs="{edited.name}"' in html
    assert f'data-ckan-differs="{same.name}"' not in html
    assert "notes" in html
