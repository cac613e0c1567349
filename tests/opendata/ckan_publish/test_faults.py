"""What CKAN refuses, tokens without rights, outages and withdrawals, against the real CKAN."""

import datetime

import pytest
from django.utils import timezone

from opendata.ckan_publish.worker import drain
from opendata.models import DatasetSyncState, OutboxEntry
from tests.factories import ThemeFactory
from tests.opendata.ckan_publish.conftest import new_dataset, unique_name

pytestmark = pytest.mark.django_db

Status = DatasetSyncState.Status


def state_of(dataset) -> DatasetSyncState:
    return DatasetSyncState.objects.get(dataset=dataset)


def publish(dataset, capture):
    with capture(execute=True):
        dataset.save_revision().publish()
    # The revision published a copy of the object: read what is live now.
    dataset.refresh_from_db()


def test_what_ckan_would_refuse_is_not_sent(publishing, django_capture_on_commit_callbacks):
    dataset = new_dataset(publish=False)
    dataset.tags.add("a", "đúng")
    publishing.reset_counts()
    publish(dataset, django_capture_on_commit_callbacks)

    state = state_of(dataset)
    assert state.status == Status.FAILED
    assert state.error_kind == "problems"
    assert list(state.error_fields) == ["tags"]
    # In the site's language, Vietnamese, as the editor reads it.
    assert state.error_fields["tags"] == ["Từ khóa a phải dài từ 2 đến 100 ký tự."]
    assert sum(publishing.write_calls().values()) == 0
    entry = OutboxEntry.objects.get(dataset=dataset)
    assert (entry.status, entry.attempts) == (OutboxEntry.Status.FAILED, 1)


def test_ckans_own_refusal_is_kept_with_its_field_and_not_retried(
    publishing, django_capture_on_commit_callbacks
):
    # Groups and organizations share CKAN's names: a theme named like the publisher's
    # organization passes our checks, and CKAN refuses to create its group.
    dataset = new_dataset(publish=False)
    dataset.themes.add(ThemeFactory(slug=dataset.publisher.code.lower()))
    publish(dataset, django_capture_on_commit_callbacks)

    state = state_of(dataset)
    assert state.status == Status.FAILED
    assert state.error_kind == "invalid"
    assert state.error_fields == {
        "groups": [f"{dataset.publisher.code.lower()}: Group name already exists in database"]
    }
    publishing.reset_counts()
    assert drain().failed == 0  # nothing left to try
    assert sum(publishing.calls.values()) == 0


def test_token_without_rights_is_not_authorised_and_not_retried(
    publishing, settings, remote, django_capture_on_commit_callbacks, ckan_server
):
    org = unique_name("org")
    remote.action.organization_create(name=org, title="Cơ quan khác")
    settings.CKAN_API_TOKEN = ckan_server.user_token
    dataset = new_dataset(publish=False)
    settings.CKAN_ORGANIZATIONS = f"{dataset.publisher.code}={org}"
    publish(dataset, django_capture_on_commit_callbacks)

    state = state_of(dataset)
    assert state.status == Status.FAILED
    assert state.error_kind == "not_authorised"
    assert org in state.last_error
    entry = OutboxEntry.objects.get(dataset=dataset)
    assert entry.status == OutboxEntry.Status.FAILED and entry.attempts == 1
    publishing.reset_counts()
    drain()
    assert sum(publishing.calls.values()) == 0


@pytest.mark.parametrize("mode", ["delete", "private"])
def test_withdrawal_and_republication(
    mode, publishing, settings, remote, django_capture_on_commit_callbacks
):
    settings.CKAN_WITHDRAW = mode
    dataset = new_dataset(publish=False)
    publish(dataset, django_capture_on_commit_callbacks)
    remote_id = state_of(dataset).remote_id

    with django_capture_on_commit_callbacks(execute=True):
        dataset.unpublish()
    package = remote.action.package_show(id=remote_id)
    if mode == "delete":
        assert package["state"] == "deleted"
    else:
        assert package["state"] == "active" and package["private"] is True
    assert state_of(dataset).status == Status.WITHDRAWN

    publish(dataset, django_capture_on_commit_callbacks)
    package = remote.action.package_show(id=remote_id)
    assert (package["state"], package["private"]) == ("active", False)
    assert state_of(dataset).status == Status.SYNCED


def test_going_private_and_deleting_withdraw(
    publishing, remote, django_capture_on_commit_callbacks
):
    private, deleted = new_dataset(publish=False), new_dataset(publish=False)
    publish(private, django_capture_on_commit_callbacks)
    publish(deleted, django_capture_on_commit_callbacks)
    private.is_private = True
    publish(private, django_capture_on_commit_callbacks)
    remote_id = state_of(deleted).remote_id
    with django_capture_on_commit_callbacks(execute=True):
        deleted.delete()

    assert remote.action.package_show(id=private.name)["state"] == "deleted"
    assert remote.action.package_show(id=remote_id)["state"] == "deleted"
    assert not OutboxEntry.objects.exclude(status=OutboxEntry.Status.DONE).exists()


@pytest.mark.parametrize("outage", ["503", "refused"])
def test_hundred_changes_during_an_outage_all_arrive_in_order(
    outage, publishing, settings, remote, django_capture_on_commit_callbacks
):
    settings.CKAN_MAX_ATTEMPTS = 1000
    datasets = [new_dataset(publish=False) for _ in range(10)]
    for dataset in datasets:
        publish(dataset, django_capture_on_commit_callbacks)
    publishing.error(503) if outage == "503" else publishing.refuse()

    # 10 rounds of edits; dataset 0 is withdrawn in round 5 and published again in round 8,
    # dataset 1 is withdrawn in the last round: its earlier edits must not bring it back.
    changes = 0
    for round_ in range(10):
        for n, dataset in enumerate(datasets):
            with django_capture_on_commit_callbacks(execute=True):
                if (n, round_) in {(0, 5), (1, 9)}:
                    dataset.unpublish()
                else:
                    dataset.title = f"Bộ dữ liệu {n} - lần sửa {round_}"
                    dataset.save_revision().publish()
            dataset.refresh_from_db()
            changes += 1
    assert changes == 100
    waiting = OutboxEntry.objects.exclude(status=OutboxEntry.Status.DONE)
    assert waiting.count() == 100
    assert state_of(datasets[2]).status == Status.PENDING
    assert state_of(datasets[2]).error_kind == "unavailable"

    publishing.passthrough()
    publishing.reset_counts()
    report = drain()

    assert report.failed == 0, report.results
    assert not waiting.exists()
    for n, dataset in enumerate(datasets):
        package = remote.action.package_show(id=dataset.name)
        assert package["id"] == state_of(dataset).remote_id
        assert len(package["resources"]) == 1
        if n == 1:
            assert package["state"] == "deleted"
        else:
            assert package["state"] == "active"
            assert package["title"] == f"Bộ dữ liệu {n} - lần sửa 9"
    # One push per dataset brought it up to date: no package was created twice.
    assert "package_create" not in publishing.write_calls()
    assert publishing.write_calls()["package_patch"] == 9


def test_retries_back_off_honour_retry_after_and_stop_at_the_limit(
    publishing, settings, django_capture_on_commit_callbacks
):
    settings.CKAN_RETRY_BASE_SECONDS = 10
    settings.CKAN_RETRY_MAX_SECONDS = 3600
    settings.CKAN_MAX_ATTEMPTS = 3
    dataset = new_dataset(publish=False)
    publishing.rate_limit(retry_after=120)
    before = timezone.now()
    publish(dataset, django_capture_on_commit_callbacks)
    entry = OutboxEntry.objects.get(dataset=dataset)
    assert entry.status == OutboxEntry.Status.PENDING and entry.attempts == 1
    assert entry.next_attempt_at >= before + datetime.timedelta(seconds=119)
    assert "429" in entry.last_error

    publishing.error(503)
    for attempt in (2, 3):
        OutboxEntry.objects.filter(pk=entry.pk).update(next_attempt_at=timezone.now())
        drain()
        entry.refresh_from_db()
        assert entry.attempts == attempt
    assert entry.status == OutboxEntry.Status.FAILED
    assert state_of(dataset).status == Status.FAILED
    assert state_of(dataset).error_kind == "unavailable"
