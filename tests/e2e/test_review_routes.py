"""The routes that publish, clicked in the admin as an editor and as an approver.

A table: each row is a content type (news, procedure, dataset) and a route of the edit view
(its action menu: "Approve", "Approve with comment"), or translation; each cell says what
must happen. No route may leave an item live without an approver's approval, and none may
leave an approved item unpublished. tests/cms/test_review_routes.py covers the same routes
(and copy, bulk actions, updating translations) through Django's test client.

Items are put in review as an editor would leave them: saved by the factories (news with a
publication time to the second, procedures with fees and copies as numbers, datasets with a
file), then sent through the "Duyệt và xuất bản" workflow by the editor.
"""

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import Page, expect

from cms.models import ProcedurePage
from cms.site_structure import ensure_site_structure
from opendata.models import Dataset
from tests.e2e.admin import PASSWORD, log_in, translate_into_english
from tests.factories import AgencyFactory, DatasetFactory, NewsPageFactory, ProcedurePageFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EDITOR, APPROVER = "bientap", "pheduyet"
APPROVE = "footer button[data-workflow-action-name='approve']"


@pytest.fixture(autouse=True)
def _no_autosave(settings):
    # See test_editorial_flow: autosave's background posts race the clicks on a shared
    # in-memory SQLite connection.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


@pytest.fixture
def people(transactional_db) -> dict[str, User]:
    users = {}
    for username, group in ((EDITOR, "Editors"), (APPROVER, "Approvers")):
        users[username] = User.objects.create_user(username, password=PASSWORD)
        users[username].groups.add(Group.objects.get(name=group))
    return users


def in_review(kind: str, editor: User):
    """A news item, procedure or dataset that the editor has sent for review."""
    roots = ensure_site_structure()["vi"]
    agency = AgencyFactory(name="Bộ Tư pháp", code="BTP")
    if kind == "news":
        item = NewsPageFactory(parent=roots.news_index, agency=agency, publish=False)
    elif kind == "procedure":
        item = ProcedurePageFactory(parent=roots.procedure_index, agency=agency, publish=False)
    else:
        item = DatasetFactory(publisher=agency, publish=False)
    item.get_workflow().start(item, editor)
    return item


def edit_path(item) -> str:
    if isinstance(item, Dataset):
        return f"/admin/snippets/opendata/dataset/edit/{item.pk}/"
    return f"/admin/pages/{item.pk}/edit/"


def reload(item):
    return type(item).objects.get(pk=item.pk)


def open_action_menu(page: Page) -> None:
    page.locator("footer .w-dropdown__toggle").first.click()


def approve(page: Page) -> None:
    open_action_menu(page)
    with page.expect_navigation():
        page.click(f"{APPROVE}:not([data-workflow-action-modal-url])")


def approve_with_comment(page: Page) -> None:
    open_action_menu(page)
    page.click(f"{APPROVE}[data-workflow-action-modal-url]")
    modal = page.locator(".modal")
    modal.locator("textarea").fill("Đã kiểm tra, đồng ý xuất bản.")
    with page.expect_navigation():
        modal.locator("button[type=submit]").click()


ROUTES = {"approve": approve, "approve with comment": approve_with_comment}


@pytest.mark.parametrize("kind", ["news", "procedure", "dataset"])
@pytest.mark.parametrize("route", list(ROUTES))
def test_an_approver_who_approves_in_the_edit_view_publishes(
    live_server, browser_page: Page, people, kind, route
) -> None:
    item = in_review(kind, people[EDITOR])
    revisions = item.revisions.count()
    log_in(browser_page, live_server.url, APPROVER)
    browser_page.goto(live_server.url + edit_path(item))

    ROUTES[route](browser_page)

    item = reload(item)
    assert item.live, f"{kind}: still {item.current_workflow_state}"
    assert item.current_workflow_state is None
    # Nothing was edited: the approval wrote no revision of its own.
    assert item.revisions.count() == revisions
    if not isinstance(item, Dataset):
        visitor = browser_page.context.browser.new_context()
        try:
            response = visitor.new_page().goto(live_server.url + item.url)
            assert response is not None and response.status == 200
        finally:
            visitor.close()


@pytest.mark.parametrize("kind", ["news", "procedure", "dataset"])
def test_an_editor_finds_no_way_to_publish_in_the_edit_view(
    live_server, browser_page: Page, people, kind
) -> None:
    item = in_review(kind, people[EDITOR])
    log_in(browser_page, live_server.url, EDITOR)
    browser_page.goto(live_server.url + edit_path(item))

    footer = browser_page.locator("footer").first
    expect(footer).to_be_visible()
    expect(footer.locator("button[name='action-publish']")).to_have_count(0)
    expect(footer.locator("button[data-workflow-action-name='approve']")).to_have_count(0)
    assert not reload(item).live


def test_an_editor_who_translates_makes_a_draft(live_server, browser_page: Page, people) -> None:
    roots = ensure_site_structure()["vi"]
    news = NewsPageFactory(parent=roots.news_index, agency=AgencyFactory(code="BTP"))
    log_in(browser_page, live_server.url, EDITOR)
    translation = translate_into_english(browser_page, live_server.url, news)

    assert not translation.live
    assert not ProcedurePage.objects.filter(locale=translation.locale, live=True).exists()
