"""The editorial workflow in a real browser: an editor writes and submits, an approver publishes.

The admin is driven in Vietnamese, so selectors use Wagtail's stable attributes (field ids,
``name`` of the action buttons, chooser and workflow data attributes, block icons) rather
than labels, which change whenever a translation is added.

The tests run on a transactional database (the live server reads it from another thread),
which pytest-django empties after each test, data from migrations included: the groups
and workflow of ``cms/0002`` and Wagtail's root page and collection. ``serialized_rollback``
makes Django serialise the freshly migrated database once and reload it before each of these
tests, so each one starts from the real migrated state, in whatever order the suite runs.
"""

import re
import unicodedata

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import Page, expect

from cms.models import Agency, NewsPage
from cms.site_structure import ensure_site_structure
from tests.e2e.admin import PASSWORD, log_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Đăng ký khai sinh trực tuyến trên Cổng Dịch vụ công quốc gia"
SLUG = "dang-ky-khai-sinh-truc-tuyen-tren-cong-dich-vu-cong-quoc-gia"
SUMMARY = "Người dân có thể đăng ký khai sinh mà không cần đến Ủy ban nhân dân cấp xã."
PARAGRAPH = "Từ ngày 1/7, hồ sơ đăng ký khai sinh được nộp và trả kết quả hoàn toàn trực tuyến."
AGENCY = "Bộ Tư pháp"


@pytest.fixture(autouse=True)
def _no_autosave(settings):
    """Switch off Wagtail 8's autosave, whose timer makes the requests race.

    Autosave posts the create form in the background as soon as it validates, then swaps
    the form over to the new page's edit view. A click on "submit" during that exchange
    goes to the create view again, and on the test's in-memory SQLite, which the live
    server's threads share as one connection, concurrent requests fail with "database
    table is locked". The workflow under test does not depend on autosave.
    """
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


@pytest.fixture
def newsroom(transactional_db):
    """The site skeleton, one agency, an editor and an approver; returns the news index."""
    roots = ensure_site_structure()
    Agency.objects.create(name=AGENCY, code="BTP", kind=Agency.Kind.MINISTRY)
    for username, group in (("bientap", "Editors"), ("pheduyet", "Approvers")):
        user = User.objects.create_user(username, password=PASSWORD)
        # The groups come from the cms/0002 migration, restored by serialized_rollback.
        user.groups.add(Group.objects.get(name=group))
    return roots["vi"].news_index


def log_out(page: Page, username: str) -> None:
    # The account menu at the foot of the sidebar holds the logout form (a POST).
    page.click(f"aside button:has-text('{username}')")
    page.click("form[action$='/logout/'] button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/login/"))


def open_news_form(page: Page, base_url: str, news_index_id: int) -> None:
    page.goto(f"{base_url}/admin/pages/add/cms/newspage/{news_index_id}/")
    page.wait_for_selector("#id_title")


def type_title(page: Page, title: str = TITLE) -> None:
    # Typing (not fill) and leaving the field fire the events Wagtail's w-sync listens to.
    page.click("#id_title")
    page.keyboard.type(title)
    page.keyboard.press("Tab")


def test_editor_submits_news_and_approver_publishes_it(
    live_server, browser_page: Page, newsroom
) -> None:
    news_index = newsroom
    page, base_url = browser_page, live_server.url

    # The editor writes the news item.
    log_in(page, base_url, "bientap")
    open_news_form(page, base_url, news_index.pk)
    type_title(page)
    # The slug follows the title, transliterated (cms.admin_forms.VIETNAMESE_SLUG_FORMATTERS).
    expect(page.locator("#id_slug")).to_have_value(SLUG)
    page.fill("#id_summary", SUMMARY)

    page.click("#id_agency-chooser .chooser__choose-button")
    page.click(f".modal a[data-chooser-modal-choice]:has-text('{AGENCY}')")
    expect(page.locator("#id_agency-chooser")).not_to_have_class(re.compile(r"\bblank\b"))

    # StreamField: "+" opens the block picker; the paragraph block has the pilcrow icon.
    page.click("[data-contentpath='body'] .c-sf-add-button")
    page.click(".w-combobox__option:has(.icon-pilcrow)")
    paragraph = page.locator("[data-contentpath='body'] [contenteditable='true']")
    paragraph.click()
    expect(paragraph).to_be_focused()
    page.keyboard.type(PARAGRAPH)
    expect(paragraph).to_have_text(PARAGRAPH)
    # Draftail saves its state to the block's hidden input after a short debounce.
    expect(page.locator("input[name='body-0-value']")).to_have_value(
        re.compile(re.escape(PARAGRAPH))
    )

    page.click(".w-dropdown:has(button[name='action-submit']) .w-dropdown__toggle")
    page.click("button[name='action-submit']")
    page.wait_for_url(f"{base_url}/admin/pages/{news_index.pk}/")
    expect(page.locator(".messages .success")).to_contain_text(TITLE)

    news = NewsPage.objects.get(title=TITLE)
    assert not news.live
    assert news.current_workflow_state is not None
    assert news.slug == SLUG
    assert news.agency.name == AGENCY
    body = news.get_latest_revision_as_object().body
    assert [block.block_type for block in body] == ["paragraph"]
    assert PARAGRAPH in body[0].value.source
    log_out(page, "bientap")

    # The approver finds it on the dashboard and approves it from the row's action menu.
    log_in(page, base_url, "pheduyet")
    row = page.locator("#awaiting-review-section tr", has_text=TITLE)
    row.locator(".w-dropdown__toggle").click()
    approve = row.locator(
        f"button[data-workflow-action-url*='/action/{news.pk}/approve/']:not([data-launch-modal])"
    )
    # Wagtail posts the action, then reloads the dashboard, where the item is no more.
    with page.expect_navigation():
        approve.click()
    expect(page.locator("#awaiting-review-section tr", has_text=TITLE)).to_have_count(0)

    news.refresh_from_db()
    assert news.live
    assert news.current_workflow_state is None
    assert news.slug == SLUG

    # Anyone can read it on the public site.
    _site_id, _root_url, path = news.get_url_parts()
    assert path == f"/tin-chinh-sach/{SLUG}/"
    visitor = page.context.browser.new_context()
    try:
        public = visitor.new_page()
        response = public.goto(base_url + path)
        assert response is not None and response.status == 200
        expect(public.locator("h1")).to_have_text(TITLE)
        expect(public.locator("article")).to_contain_text(PARAGRAPH)
    finally:
        visitor.close()


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("ĐỒNG BỘ DỮ LIỆU QUỐC GIA VỀ DÂN CƯ", "dong-bo-du-lieu-quoc-gia-ve-dan-cu"),
        # Decomposed (NFD) input, as some Vietnamese keyboards send it.
        (unicodedata.normalize("NFD", "Hướng dẫn thủ tục hộ tịch"), "huong-dan-thu-tuc-ho-tich"),
    ],
    ids=["capitals", "decomposed"],
)
def test_title_fills_the_slug_transliterated(
    live_server, browser_page: Page, newsroom, title: str, slug: str
) -> None:
    page = browser_page
    log_in(page, live_server.url, "bientap")
    open_news_form(page, live_server.url, newsroom.pk)
    type_title(page, title)
    expect(page.locator("#id_slug")).to_have_value(slug)
