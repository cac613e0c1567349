"""Scheduled publication and expiry: ``go_live_at`` and ``expire_at`` with ``publish_scheduled``.

There is no clock to move: a page is scheduled in the future, then its approved go-live
time is put in the past, as if the time had come, before the command runs.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from cms.models import NewsPage
from config.scheduling import publish_scheduled as report_of_a_round
from tests.factories import (
    AgencyFactory,
    NewsPageFactory,
    ProcedurePageFactory,
    news_form_data,
)

pytestmark = pytest.mark.django_db


def publish_scheduled() -> None:
    call_command("publish_scheduled", stdout=StringIO())


def let_time_pass(page) -> None:
    """Move the page's go-live time into the past, in the page and in its revisions.

    ``publish_scheduled`` selects revisions by ``approved_go_live_at``, then publishes the
    page as the revision stored it: both must say that the time has come.
    """
    past = timezone.now() - timedelta(minutes=1)
    for revision in Revision.page_revisions.filter(object_id=str(page.pk)):
        revision.content["go_live_at"] = past.isoformat()
        if revision.approved_go_live_at is not None:
            revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])
    NewsPage.objects.filter(pk=page.pk).update(go_live_at=past)


@pytest.fixture
def scheduled(site):
    page = NewsPageFactory(parent=site["vi"].news_index, publish=False)
    page.go_live_at = timezone.now() + timedelta(hours=2)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_future_go_live_is_not_live_and_not_served(client, scheduled):
    assert not scheduled.live
    assert scheduled.get_latest_revision().approved_go_live_at > timezone.now()
    assert client.get(scheduled.url).status_code == 404


def test_publish_scheduled_waits_for_the_time(client, scheduled):
    publish_scheduled()
    scheduled.refresh_from_db()
    assert not scheduled.live
    assert client.get(scheduled.url).status_code == 404


def test_publish_scheduled_makes_it_live_when_the_time_has_come(client, scheduled):
    let_time_pass(scheduled)
    publish_scheduled()
    scheduled.refresh_from_db()
    assert scheduled.live
    assert scheduled.first_published_at is not None
    assert not Revision.page_revisions.filter(
        object_id=str(scheduled.pk), approved_go_live_at__isnull=False
    ).exists()
    response = client.get(scheduled.url)
    assert response.status_code == 200
    assert scheduled.title in response.content.decode()


def test_past_expiry_is_unpublished_by_publish_scheduled(client, site):
    page = ProcedurePageFactory(parent=site["vi"].procedure_index)
    assert client.get(page.url).status_code == 200
    type(page).objects.filter(pk=page.pk).update(expire_at=timezone.now() - timedelta(minutes=1))

    publish_scheduled()

    page.refresh_from_db()
    assert not page.live
    assert page.expired
    assert client.get(page.url).status_code == 404


def test_future_expiry_stays_live(client, site):
    page = NewsPageFactory(parent=site["en"].news_index)
    NewsPage.objects.filter(pk=page.pk).update(expire_at=timezone.now() + timedelta(days=1))
    publish_scheduled()
    page.refresh_from_db()
    assert page.live
    assert not page.expired
    assert client.get(page.url).status_code == 200


def test_approver_schedules_through_the_admin(client, site, approver_client):
    agency = AgencyFactory()
    go_live = timezone.localtime() + timedelta(days=1)
    data = news_form_data(agency, action="publish", go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    response = approver_client.post(
        reverse("wagtailadmin_pages:add", args=["cms", "newspage", site["vi"].news_index.pk]),
        data,
    )
    assert response.status_code == 302
    page = NewsPage.objects.get(title=data["title"])
    assert not page.live
    assert page.get_latest_revision().approved_go_live_at is not None
    assert client.get(page.url).status_code == 404

    let_time_pass(page)
    publish_scheduled()
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200


def test_submitted_with_a_go_live_time_goes_live_only_after_approval_and_time(
    client, site, editor_client, approver_client
):
    agency = AgencyFactory()
    go_live = timezone.localtime() + timedelta(days=1)
    data = news_form_data(agency, action="submit", go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    add_url = reverse("wagtailadmin_pages:add", args=["cms", "newspage", site["vi"].news_index.pk])
    assert editor_client.post(add_url, data).status_code == 302
    page = NewsPage.objects.get(title=data["title"])

    let_time_pass(page)  # the time comes before anyone approved: nothing happens
    publish_scheduled()
    page.refresh_from_db()
    assert not page.live

    state = page.current_workflow_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    assert approver_client.post(approve, {"comment": "Duyệt, đăng đúng giờ."}).status_code == 302
    page.refresh_from_db()
    # Approving publishes the revision; its go-live time is now in the past, so it is live.
    assert page.live
    assert client.get(page.url).status_code == 200


def test_the_serve_loop_reports_what_scheduled_publishing_did(scheduled, site):
    # What `manage.py serve` logs each round (config.scheduling): Wagtail's command prints
    # nothing, so the report comes from the audit log.
    assert not report_of_a_round()
    let_time_pass(scheduled)
    expiring = ProcedurePageFactory(parent=site["vi"].procedure_index)
    type(expiring).objects.filter(pk=expiring.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )

    report = report_of_a_round()

    assert (report.published, report.unpublished) == (1, 1)
    assert str(report) == "1 published, 1 expired"
    assert not report_of_a_round()
