"""Every route that can publish, for an editor (who may not publish) and an approver.

Through the admin's own URLs with Django's test client; tests/e2e/test_review_routes.py
clicks the same routes in a browser. The rule (DESIGN.md): no route leaves an item live
without an approver's approval, and none leaves an approved item unpublished.
"""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Locale, Page, PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data
from wagtail_localize.models import TranslationSource

from cms.models import NewsPage
from tests.factories import (
    AgencyFactory,
    LegalDocumentFactory,
    NewsPageFactory,
    TopicFactory,
    news_form_data,
)

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


def test_the_admin_says_when_a_save_changed_nothing(submitted, agency, approver_client):
    response = approver_client.post(edit_url(submitted), as_shown(submitted, agency), follow=True)
    html = response.content.decode()
    assert f"Không có thay đổi nào trong trang &#x27;{TITLE}&#x27;" in html
    assert "Đã cập nhật trang" not in html

    changed = as_shown(submitted, agency, summary="Tóm tắt mới.")
    html = approver_client.post(edit_url(submitted), changed, follow=True).content.decode()
    assert f"Đã cập nhật trang &#x27;{TITLE}&#x27;" in html
    assert "Không có thay đổi nào" not in html


# ... also with topics and legal documents chosen (orderable child objects)

CHOSEN = ("topic_links-", "legal_document_links-")


class _Inputs(HTMLParser):
    def __init__(self, prefixes: tuple[str, ...]) -> None:
        super().__init__()
        self.prefixes, self.values = prefixes, {}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        name = attrs.get("name") or ""
        if tag == "input" and name.startswith(self.prefixes) and "__prefix__" not in name:
            self.values[name] = attrs.get("value") or ""


def chosen_as_shown(client, page) -> dict:
    """The chosen topics and documents as the edit view renders them (and so sends them)."""
    parser = _Inputs(CHOSEN)
    parser.feed(client.get(edit_url(page)).content.decode())
    assert parser.values["topic_links-TOTAL_FORMS"] != "0"
    return parser.values


def chosen_form_data(topics, documents) -> dict:
    """What the form posts after choosing these, in this order, into an empty page."""
    return {
        "topic_links": inline_formset(
            [{"topic": topic.pk, "ORDER": n + 1} for n, topic in enumerate(topics)]
        ),
        "legal_document_links": inline_formset(
            [{"legal_document": doc.pk, "ORDER": n + 1} for n, doc in enumerate(documents)]
        ),
    }


@pytest.fixture
def chosen(db):
    # Not in alphabetical or creation order: the editor's order must survive.
    topics = [TopicFactory(name="Hộ tịch"), TopicFactory(name="Cải cách hành chính")]
    documents = [LegalDocumentFactory(number="87/2020/NĐ-CP"), LegalDocumentFactory()]
    return topics[::-1], documents[::-1]


@pytest.fixture
def submitted_with_chosen(site, agency, editor_client, chosen):
    form = news_form_data(agency, title=TITLE, action="submit", **chosen_form_data(*chosen))
    add = reverse("wagtailadmin_pages:add", args=["cms", "newspage", site["vi"].news_index.pk])
    assert editor_client.post(add, form).status_code == 302
    return NewsPage.objects.get(title=TITLE)


def test_saving_an_unchanged_form_with_chosen_snippets_creates_no_revision(
    submitted_with_chosen, agency, approver_client, chosen
):
    page = submitted_with_chosen
    revisions = page.revisions.count()
    data = {**as_shown(page, agency), **chosen_as_shown(approver_client, page)}
    assert approver_client.post(edit_url(page), data).status_code == 302
    assert page.revisions.count() == revisions
    assert NewsPage.objects.get(pk=page.pk).current_workflow_state is not None

    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    assert approver_client.post(edit_url(page), data).status_code == 302
    page = NewsPage.objects.get(pk=page.pk)
    assert page.live and page.current_workflow_state is None
    assert page.revisions.count() == revisions
    topics, documents = chosen
    assert page.chosen_topics() == topics
    assert page.chosen_legal_documents() == documents


def test_the_draft_of_a_live_page_sent_back_unchanged_reports_no_change(
    live_news, agency, approver_client, chosen
):
    # A live page keeps the children its draft added in the revision only (no ids yet).
    data = {**as_shown(live_news, agency), **nested_form_data(chosen_form_data(*chosen))}
    assert approver_client.post(edit_url(live_news), data).status_code == 302
    draft = NewsPage.objects.get(pk=live_news.pk).get_latest_revision_as_object()
    assert [link.pk for link in draft.topic_links.all()] == [None, None]
    revisions = live_news.revisions.count()

    data = {**as_shown(live_news, agency), **chosen_as_shown(approver_client, live_news)}
    data["action-publish"] = "publish"
    assert approver_client.post(edit_url(live_news), data).status_code == 302

    assert live_news.revisions.count() == revisions
    published = PageLogEntry.objects.filter(page=live_news, action="wagtail.publish").latest("pk")
    assert not published.content_changed
    page = NewsPage.objects.get(pk=live_news.pk)
    assert (page.chosen_topics(), page.chosen_legal_documents()) == chosen


def test_moving_a_chosen_topic_is_a_change(submitted_with_chosen, agency, approver_client, chosen):
    page = submitted_with_chosen
    revisions = page.revisions.count()
    data = {**as_shown(page, agency), **chosen_as_shown(approver_client, page)}
    data["topic_links-0-ORDER"], data["topic_links-1-ORDER"] = "2", "1"
    assert approver_client.post(edit_url(page), data).status_code == 302
    assert page.revisions.count() == revisions + 1
    topics, _documents = chosen
    draft = NewsPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.chosen_topics() == topics[::-1]


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


def test_a_translation_points_at_the_same_topics_and_documents(
    site, agency, approver_client, committed, chosen
):
    topics, documents = chosen
    page = NewsPageFactory(
        parent=site["vi"].news_index, agency=agency, topics=topics, legal_documents=documents
    )
    translation = translate(approver_client, page, committed)
    draft = translation.get_latest_revision_as_object()
    # Reference data is not translated (it carries its English names): the same objects.
    assert (draft.chosen_topics(), draft.chosen_legal_documents()) == chosen
    assert {link.page_id for link in draft.topic_links.all()} == {translation.pk}
    assert {link.pk for link in page.topic_links.all()}.isdisjoint(
        link.pk for link in translation.topic_links.all()
    )
    # The translator's editor (wagtail-localize's, at the translation's edit address) opens.
    editor = approver_client.get(edit_url(translation))
    assert editor.status_code == 200 and b"wagtail_localize" in editor.content.lower()

    # The source's new order (and a topic dropped) reaches the translation when it is
    # updated (wagtail-localize writes the target when it publishes it, or the translator
    # saves it).
    data = {**as_shown(page, agency), **chosen_as_shown(approver_client, page)}
    data["topic_links-0-DELETE"] = "1"
    data["legal_document_links-0-ORDER"], data["legal_document_links-1-ORDER"] = "2", "1"
    data["action-publish"] = "publish"
    assert approver_client.post(edit_url(page), data).status_code == 302
    with committed():
        assert update_translations(approver_client, page, publish=True).status_code == 302
    translation = NewsPage.objects.get(pk=translation.pk)
    assert translation.chosen_topics() == topics[1:]
    assert translation.chosen_legal_documents() == documents[::-1]


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
