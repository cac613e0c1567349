"""The editorial workflow through the admin: editors write and submit, approvers decide.

Users are in the groups that migration cms/0002 creates; every request goes through the
Wagtail admin views with the Django test client, as the browser would send it.
"""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from cms.models import NewsPage
from tests.factories import (
    NEWS_TITLE,
    AgencyFactory,
    NewsPageFactory,
    ProcedurePageFactory,
    news_form_data,
)

pytestmark = pytest.mark.django_db

TITLE = NEWS_TITLE


def add_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=["cms", "newspage", parent.pk])


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def current_task_state(page) -> TaskState:
    page = NewsPage.objects.get(pk=page.pk)
    state = page.current_workflow_task_state
    assert state is not None, "the page is not in moderation"
    return state


def workflow_action(client, page, action: str, comment: str = ""):
    state = current_task_state(page)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])
    return client.post(url, {"comment": comment})


def actions_logged(page) -> list[str]:
    return list(
        PageLogEntry.objects.filter(page_id=page.pk).order_by("pk").values_list("action", flat=True)
    )


@pytest.fixture
def agency(db):
    return AgencyFactory(name="Bộ Tư pháp", code="BTP")


@pytest.fixture
def submitted(site, agency, editor_client):
    """A news item an editor created and submitted for review through the admin."""
    response = editor_client.post(
        add_url(site["vi"].news_index), news_form_data(agency, action="submit")
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    return NewsPage.objects.get(title=TITLE)


# The workflow set up by migration cms/0002


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_news_and_procedures_of_both_locales_use_review_and_publish(site, locale):
    for page in (
        NewsPageFactory(parent=site[locale].news_index),
        ProcedurePageFactory(parent=site[locale].procedure_index),
    ):
        workflow = page.get_workflow()
        assert workflow.name == "Duyệt và xuất bản"
        assert [task.name for task in workflow.tasks] == ["Phê duyệt"]
        assert workflow.tasks.get().specific.groups.get().name == "Approvers"


def test_editor_may_not_publish_and_approver_may(site, editor, approver):
    page = NewsPageFactory(parent=site["vi"].news_index, publish=False)
    assert page.permissions_for_user(editor).can_edit()
    assert not page.permissions_for_user(editor).can_publish()
    assert not page.permissions_for_user(editor).can_unpublish()
    assert page.permissions_for_user(approver).can_publish()


# Editors


def test_editor_creates_and_submits_news_under_the_news_index(site, editor, submitted):
    assert submitted.get_parent().pk == site["vi"].news_index.pk
    assert submitted.slug == "dang-ky-khai-sinh-truc-tuyen-toan-trinh"
    assert submitted.owner == editor
    assert not submitted.live
    assert submitted.workflow_in_progress
    assert current_task_state(submitted).task.name == "Phê duyệt"
    assert {"wagtail.create", "wagtail.workflow.start"} <= set(actions_logged(submitted))


def test_editor_publish_action_is_refused(site, agency, editor_client):
    response = editor_client.post(
        add_url(site["vi"].news_index), news_form_data(agency, action="publish")
    )
    assert response.status_code == 302
    page = NewsPage.objects.get(title=TITLE)
    assert not page.live
    assert page.first_published_at is None
    assert "wagtail.publish" not in actions_logged(page)


def test_editor_publish_of_an_existing_draft_is_refused(site, agency, editor_client):
    page = NewsPageFactory(parent=site["vi"].news_index, agency=agency, publish=False)
    response = editor_client.post(
        edit_url(page),
        news_form_data(agency, title="Bản nháp", slug=page.slug, action="publish"),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live


def test_editor_cannot_approve_a_submission(submitted, editor_client):
    response = workflow_action(editor_client, submitted, "approve", "Tự duyệt")
    # Wagtail answers a refused admin action with a redirect to the dashboard and a message.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    submitted.refresh_from_db()
    assert not submitted.live
    assert submitted.workflow_in_progress


def test_editor_cannot_unpublish_live_news(site, editor_client):
    page = NewsPageFactory(parent=site["vi"].news_index)
    response = editor_client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    page.refresh_from_db()
    assert page.live


def test_editor_cannot_add_news_outside_the_news_index(site, agency, editor_client):
    response = editor_client.post(add_url(site["vi"].procedure_index), news_form_data(agency))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert not NewsPage.objects.filter(title=TITLE).exists()


# Approvers


def test_approver_approves_with_a_comment_and_the_page_goes_live(
    client, submitted, approver_client, approver
):
    assert client.get(submitted.url).status_code == 404
    state = current_task_state(submitted)

    response = workflow_action(approver_client, submitted, "approve", "Đồng ý đăng tin.")
    assert response.status_code == 302

    submitted.refresh_from_db()
    assert submitted.live
    assert not submitted.workflow_in_progress
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_APPROVED
    assert state.comment == "Đồng ý đăng tin."
    assert state.finished_by == approver
    assert WorkflowState.objects.get(pk=state.workflow_state_id).status == "approved"
    assert {"wagtail.workflow.approve", "wagtail.publish"} <= set(actions_logged(submitted))
    assert client.get(submitted.url).status_code == 200


def test_approver_requests_changes_with_a_comment(submitted, approver_client, editor_client):
    state = current_task_state(submitted)
    response = workflow_action(approver_client, submitted, "reject", "Cần dẫn nguồn số liệu.")
    assert response.status_code == 302

    submitted.refresh_from_db()
    assert not submitted.live
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_REJECTED
    assert state.comment == "Cần dẫn nguồn số liệu."
    workflow_state = WorkflowState.objects.get(pk=state.workflow_state_id)
    assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert "wagtail.workflow.reject" in actions_logged(submitted)
    # The editor sees the request and the comment on the edit page.
    page = editor_client.get(edit_url(submitted))
    assert page.status_code == 200
    assert "Cần dẫn nguồn số liệu." in page.content.decode()


def test_resubmitted_after_changes_then_approved(submitted, agency, approver_client, editor_client):
    workflow_action(approver_client, submitted, "reject", "Sửa tiêu đề.")
    response = editor_client.post(
        edit_url(submitted),
        news_form_data(
            agency, title="Đăng ký khai sinh trực tuyến", slug=submitted.slug, action="submit"
        ),
    )
    assert response.status_code == 302
    workflow_action(approver_client, submitted, "approve", "")
    submitted.refresh_from_db()
    assert submitted.live
    assert submitted.title == "Đăng ký khai sinh trực tuyến"


def test_approver_sees_the_submission_in_the_dashboard(submitted, approver_client):
    response = approver_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert TITLE in response.content.decode()


# Revisions and history


@pytest.fixture
def edited_twice(site, agency, editor_client):
    page = NewsPageFactory(parent=site["vi"].news_index, agency=agency, title="Bản đầu tiên")
    first = page.latest_revision
    for title in ("Bản thứ hai", "Bản thứ ba"):
        data = news_form_data(agency, title=title, slug=page.slug)
        response = editor_client.post(edit_url(page), data)
        assert response.status_code == 302
    page.refresh_from_db()
    return page, first


def test_each_edit_creates_a_revision(edited_twice):
    page, _first = edited_twice
    titles = [revision.as_object().title for revision in page.revisions.order_by("created_at")]
    assert titles == ["Bản đầu tiên", "Bản thứ hai", "Bản thứ ba"]
    assert page.title == "Bản đầu tiên"  # drafts do not touch the live version
    assert page.has_unpublished_changes
    assert actions_logged(page).count("wagtail.edit") == 2


# The compare view runs URL-looking field values through BeautifulSoup, which warns.
@pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning")
def test_revision_compare_shows_the_change(edited_twice, approver_client):
    page, first = edited_twice
    latest = page.get_latest_revision()
    url = reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, first.pk, latest.pk])
    response = approver_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'Bản <span class="deletion">đầu tiên</span><span class="addition">thứ ba</span>' in html


def test_revisions_index_lists_the_history(edited_twice, approver_client):
    page, _first = edited_twice
    response = approver_client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    assert response.status_code == 200


def test_revert_to_an_earlier_revision(client, agency, edited_twice, approver_client):
    page, first = edited_twice
    revert_url = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, first.pk])
    # The admin's revert view loads the earlier revision into the edit form...
    response = approver_client.get(revert_url)
    assert response.status_code == 200
    assert response.context["form"].initial["title"] == "Bản đầu tiên"
    page.get_latest_revision().publish()
    assert client.get(page.url).context["page"].title == "Bản thứ ba"

    # ...and publishing that form restores it, live, as a new revision.
    data = news_form_data(agency, title="Bản đầu tiên", slug=page.slug, action="publish")
    response = approver_client.post(revert_url, data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Bản đầu tiên"
    assert page.revisions.count() == 4
    assert client.get(page.url).context["page"].title == "Bản đầu tiên"
    assert "wagtail.revert" in actions_logged(page)


def test_publishing_an_old_revision_restores_its_title(edited_twice, approver):
    page, first = edited_twice
    page.get_latest_revision().publish(user=approver)
    page.refresh_from_db()
    assert page.title == "Bản thứ ba"
    first.publish(user=approver, previous_revision=first)
    page.refresh_from_db()
    assert page.title == "Bản đầu tiên"
    assert page.live_revision_id == first.pk


def test_audit_log_records_the_whole_life_of_a_page(submitted, approver_client, approver):
    workflow_action(approver_client, submitted, "approve", "OK")
    entries = PageLogEntry.objects.filter(page_id=submitted.pk)
    logged = actions_logged(submitted)
    for action in (
        "wagtail.create",
        "wagtail.workflow.start",
        "wagtail.workflow.approve",
        "wagtail.publish",
    ):
        assert action in logged
    assert logged.index("wagtail.create") < logged.index("wagtail.workflow.start")
    assert logged.index("wagtail.workflow.start") < logged.index("wagtail.publish")
    assert entries.get(action="wagtail.workflow.approve").user == approver
    assert entries.get(action="wagtail.create").user.groups.get().name == "Editors"
