"""Every route that can publish, for an editor (who may not publish) and an approver.

Through the admin's own URLs with Django's test client; tests/e2e/test_review_routes.py
clicks the same routes in a browser. The rule (DESIGN.md): no route leaves an item live
without an approver's approval, and none leaves an approved item unpublished.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import TranslationSource

from cms.models import NewsPage
from tests.factories import AgencyFactory, NewsPageFactory, news_form_data

pytestmark = pytest.mark.django_db

TITLE = "Hướng dẫn cấp đổi thẻ căn cước"


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.fixture
def agency(db):
    return AgencyFactory(name="Bộ Công an", code="BCA")


@pytest.fixture
def submitted(site, agency, editor_client):
    """A news item an editor wrote and sent for review through the admin."""
    form = news_form_data(agency, title=TITLE, action="submit")
    response = editor_client.post(
        reverse("wagtailadmin_pages:add", args=["cms", "newspage", site["vi"].news_index.pk]),
        form,
    )
    assert response.status_code == 302
    page = NewsPage.objects.get(title=TITLE)
    assert page.current_workflow_state is not None
    return page


def as_shown(page, agency, **changes) -> dict:
    """The edit form as the browser sends it back: the same fields, the blocks' own ids."""
    data = news_form_data(agency, title=TITLE, slug=page.slug, **changes)
    body = page.get_latest_revision_as_object().body
    for n, block in enumerate(body):
        # Draftail sends its content state back with the paragraphs' keys it was shown.
        data[f"body-{n}-value"] = block.block.get_form_state(block.value)
        data[f"body-{n}-id"] = block.id
    return data


def approve_from_the_edit_view(client, page, agency, comment: str = ""):
    """The edit view's "Approve" (or "Approve with comment"), the form sent back as shown."""
    data = as_shown(page, agency)
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    if comment:
        data["workflow-action-extra-data"] = f'{{"comment": "{comment}"}}'
    return client.post(edit_url(page), data)


# --- saving changes nothing that was not changed ------------------------------------------


# (A page in review is locked for editors: the approver saves here.)


def test_saving_an_unchanged_form_creates_no_revision(submitted, agency, approver_client):
    revisions = submitted.revisions.count()
    response = approver_client.post(edit_url(submitted), as_shown(submitted, agency))
    assert response.status_code == 302
    assert submitted.revisions.count() == revisions
    # ... and so the review goes on at the same step.
    assert NewsPage.objects.get(pk=submitted.pk).current_workflow_state is not None


def test_saving_a_changed_form_creates_a_revision(submitted, agency, approver_client):
    revisions = submitted.revisions.count()
    data = as_shown(submitted, agency, summary="Tóm tắt mới.")
    assert approver_client.post(edit_url(submitted), data).status_code == 302
    assert submitted.revisions.count() == revisions + 1


# --- the edit view's approval --------------------------------------------------------------


@pytest.mark.parametrize("comment", ["", "Đã kiểm tra số liệu."])
def test_approving_from_the_edit_view_publishes(submitted, agency, approver_client, comment):
    response = approve_from_the_edit_view(approver_client, submitted, agency, comment)

    assert response.status_code == 302
    page = NewsPage.objects.get(pk=submitted.pk)
    assert page.live
    assert page.current_workflow_state is None
    assert page.revisions.count() == 1  # the one submitted: the approval wrote none


def test_an_editor_cannot_approve_from_the_edit_view(submitted, agency, editor_client):
    approve_from_the_edit_view(editor_client, submitted, agency)
    page = NewsPage.objects.get(pk=submitted.pk)
    assert not page.live
    assert page.current_workflow_state is not None


# --- translation ---------------------------------------------------------------------------


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what waits for the transaction to commit (wagtail-localize publishes then)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def translate(client, page, committed) -> NewsPage | None:
    english = Locale.objects.get(language_code="en")
    with committed():
        client.post(
            reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
            {"locales": [english.pk]},
        )
    return NewsPage.objects.filter(translation_key=page.translation_key, locale=english).first()


@pytest.fixture
def live_news(site, agency):
    return NewsPageFactory(parent=site["vi"].news_index, agency=agency, title=TITLE)


@pytest.mark.parametrize("role", ["editor", "approver"])
def test_a_new_translation_is_a_draft(live_news, role, request, committed):
    client = request.getfixturevalue(f"{role}_client")
    translation = translate(client, live_news, committed)
    assert translation is not None
    assert not translation.live


def update_translations(client, page, publish: bool):
    source = TranslationSource.objects.get_for_instance(page)
    data = {"publish_translations": "on"} if publish else {}
    return client.post(reverse("wagtail_localize:update_translations", args=[source.pk]), data)


def test_an_editor_cannot_publish_by_updating_translations(live_news, editor_client, committed):
    translation = translate(editor_client, live_news, committed)
    with committed():
        response = update_translations(editor_client, live_news, publish=True)
    # Refused: Wagtail's admin answers a PermissionDenied with a redirect to its home page.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    translation.refresh_from_db()
    assert not translation.live
    # Without "publish immediately" the update is the editor's to make.
    assert update_translations(editor_client, live_news, publish=False).status_code == 302
    page = editor_client.get(
        reverse(
            "wagtail_localize:update_translations",
            args=[TranslationSource.objects.get_for_instance(live_news).pk],
        )
    )
    assert "publish_translations" not in page.content.decode()


def test_an_approver_publishes_by_updating_translations(live_news, approver_client, committed):
    translation = translate(approver_client, live_news, committed)
    with committed():
        response = update_translations(approver_client, live_news, publish=True)
    assert response.status_code == 302 and response["Location"] != reverse("wagtailadmin_home")
    translation.refresh_from_db()
    assert translation.live


# --- copy and bulk actions -----------------------------------------------------------------


@pytest.mark.parametrize(("role", "live"), [("editor", False), ("approver", True)])
def test_copying_publishes_the_copy_only_for_an_approver(live_news, site, role, live, request):
    client = request.getfixturevalue(f"{role}_client")
    client.post(
        reverse("wagtailadmin_pages:copy", args=[live_news.pk]),
        {
            "new_title": "Bản sao",
            "new_slug": "ban-sao",
            "new_parent_page": site["vi"].news_index.pk,
            "publish_copies": "on",
        },
    )
    copy = Page.objects.get(slug="ban-sao")
    assert copy.live is live


@pytest.mark.parametrize(("role", "live"), [("editor", False), ("approver", True)])
def test_bulk_publish_works_only_for_an_approver(site, agency, role, live, request):
    client = request.getfixturevalue(f"{role}_client")
    draft = NewsPageFactory(parent=site["vi"].news_index, agency=agency, publish=False)
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        + f"?id={draft.pk}&next=/admin/"
    )
    client.post(url)
    draft.refresh_from_db()
    assert draft.live is live


def test_the_groups_are_what_the_routes_rely_on():
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert "submit_translation" in editors  # editors translate ...
    assert "publish_dataset" not in editors  # ... and publish nothing
