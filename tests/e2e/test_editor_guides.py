"""The editors' guides walked in the admin: every label a guide tells an editor to find or
click is found (or clicked) there, as the demo editor sees it.

Each walk follows one section of a guide step by step; the labels it meets are then
compared with the section's bold text, so that a guide naming a button the admin does not
have (or an admin renaming one) fails here.
"""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import Page, expect

from cms.models import Topic
from cms.site_structure import ensure_site_structure
from tests.e2e.admin import PASSWORD, log_in, translate_into_english
from tests.factories import AgencyFactory, NewsPageFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DOCS = Path(__file__).resolve().parents[2] / "docs"
EDITOR = "bientap"


@pytest.fixture(autouse=True)
def _no_autosave(settings):
    # See test_editorial_flow: autosave's background posts race the clicks.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


@pytest.fixture
def editor(transactional_db) -> User:
    ensure_site_structure()
    AgencyFactory(name="Bộ Tư pháp", code="BTP")
    user = User.objects.create_user(EDITOR, password=PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def bold_labels(guide: str, heading: str) -> set[str]:
    """The bold text of one section of a guide, one line each (a label may wrap)."""
    text = (DOCS / guide).read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return {" ".join(label.split()) for label in re.findall(r"\*\*(.+?)\*\*", section, re.DOTALL)}


class Walk:
    """The labels met on the way, each checked as it is met."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.met: set[str] = set()

    def click(self, role: str, label: str, exact: bool = True) -> None:
        self.page.get_by_role(role, name=label, exact=exact).first.click()
        self.met.add(label)

    def sees(self, label: str) -> None:
        expect(self.page.get_by_text(label, exact=True).first).to_be_attached()
        self.met.add(label)


def test_the_dataset_guide_where_to_upload(live_server, browser_page: Page, editor) -> None:
    page = browser_page
    log_in(page, live_server.url, EDITOR)
    walk = Walk(page)

    # 1. Dữ liệu mở → Bộ dữ liệu → Thêm bộ dữ liệu
    walk.click("button", "Dữ liệu mở")
    walk.click("link", "Bộ dữ liệu")
    page.wait_for_url("**/admin/snippets/opendata/dataset/")
    walk.click("link", "Thêm bộ dữ liệu")
    page.wait_for_url("**/admin/snippets/opendata/dataset/add/")
    # 2. Tệp và liên kết → Thêm tài nguyên → Tải tệp lên, Liên kết ngoài, Gỡ bỏ tệp đã tải lên
    walk.sees("Tệp và liên kết")
    walk.click("button", "Thêm tài nguyên")
    for label in ("Tải tệp lên", "Liên kết ngoài", "Gỡ bỏ tệp đã tải lên"):
        expect(page.locator("label", has_text=label).first).to_be_visible()
        walk.met.add(label)
    # 3. Lưu bản nháp; Gửi duyệt in the menu beside it
    expect(page.get_by_role("button", name="Lưu bản nháp")).to_be_visible()
    walk.met.add("Lưu bản nháp")
    walk.met.add("Thêm tài nguyên")
    page.locator("footer .w-dropdown__toggle").first.click()
    expect(page.get_by_role("button", name=re.compile("^Gửi duyệt"))).to_be_visible()
    walk.met.add("Gửi duyệt")
    page.keyboard.press("Escape")
    # Scheduling: Trạng thái → Đặt lịch → Thời điểm xuất bản, Thời điểm hết hạn → Lưu lịch
    toggle = page.locator("[data-side-panel-toggle=status]")
    expect(toggle).to_have_attribute("data-w-tooltip-content-value", "Trạng thái")
    toggle.click()
    expect(page.locator("[data-side-panel=status]").get_by_text("Trạng thái").first).to_be_visible()
    walk.met.add("Trạng thái")
    walk.click("button", "Đặt lịch")
    dialog = page.get_by_role("dialog")
    for label in ("Thời điểm xuất bản", "Thời điểm hết hạn"):
        expect(dialog.get_by_text(label, exact=True)).to_be_visible()
        walk.met.add(label)
    expect(dialog.get_by_role("button", name="Lưu lịch")).to_be_visible()
    walk.met.add("Lưu lịch")

    # What the guide calls emphasis, not a label of the admin.
    emphasis = {"hoặc", "Hẹn giờ", "Định dạng được nhận", "Dung lượng tối đa"}
    assert bold_labels("editors-datasets.md", "Tải tệp lên ở đâu") - emphasis == walk.met


@pytest.fixture
def news_draft(editor):
    Topic.objects.create(name="Hộ tịch", slug="ho-tich")
    roots = ensure_site_structure()["vi"]
    return NewsPageFactory(parent=roots.news_index, publish=False, title="Tin nháp để thử")


def test_the_guide_for_writing_news(live_server, browser_page: Page, news_draft) -> None:
    page = browser_page
    log_in(page, live_server.url, EDITOR)
    walk = Walk(page)

    # Trang → Cổng thông tin minhbach → Tin chính sách → Thêm trang con
    news_index = news_draft.get_parent()
    walk.click("button", "Trang")
    explorer = page.locator(".c-page-explorer")
    explorer.locator(".c-page-explorer__item__link", has_text="Cổng thông tin minhbach").click()
    walk.met.add("Cổng thông tin minhbach")
    page.wait_for_url(f"**/admin/pages/{news_index.get_parent().pk}/")
    # The home's listing: the row of Tin chính sách, and its arrow to the pages under it.
    row = page.get_by_role("row").filter(has_text="Tin chính sách")
    row.locator(f"a[href$='/admin/pages/{news_index.pk}/']").first.click()
    walk.met.add("Tin chính sách")
    page.wait_for_url(f"**/admin/pages/{news_index.pk}/")
    walk.click("link", "Thêm trang con")
    page.wait_for_url("**/add/cms/newspage/**")
    # The chooser: Thêm chủ đề → Từ khóa tìm kiếm "ho tich" → tick → Xác nhận lựa chọn
    expect(page.get_by_role("button", name="Thêm văn bản pháp luật liên quan")).to_be_visible()
    walk.met.add("Thêm văn bản pháp luật liên quan")
    walk.click("button", "Thêm chủ đề")
    modal = page.locator(".modal")
    modal.get_by_label("Từ khóa tìm kiếm").fill("ho tich")
    walk.met.add("Từ khóa tìm kiếm")
    # The listing shown on opening is replaced by the search's results, which announce
    # their count: tick only in these (a tick in the first listing would be lost).
    expect(modal.locator("[role=alert]")).to_be_visible()
    modal.get_by_label("Hộ tịch").check()
    modal.get_by_role("button", name="Xác nhận lựa chọn").click()
    walk.met.add("Xác nhận lựa chọn")
    expect(modal).to_be_hidden()
    # The first one chosen (the panel's heading; the minimap may show the same words).
    expect(page.locator("[data-panel-heading-text]", has_text="Chủ đề 1")).to_be_visible()
    expect(page.get_by_text("Hộ tịch", exact=True).first).to_be_visible()

    assert bold_labels("editors.md", "Viết tin chính sách") == walk.met


def test_the_guide_for_scheduling_history_and_translation(
    live_server, browser_page: Page, news_draft
) -> None:
    page = browser_page
    log_in(page, live_server.url, EDITOR)
    walk = Walk(page)
    page.goto(f"{live_server.url}/admin/pages/{news_draft.pk}/edit/")

    # Trạng thái → Đặt lịch → Thời điểm xuất bản, Thời điểm hết hạn → Lưu lịch
    toggle = page.locator("[data-side-panel-toggle=status]")
    expect(toggle).to_have_attribute("data-w-tooltip-content-value", "Trạng thái")
    toggle.click()
    walk.met.add("Trạng thái")
    walk.click("button", "Đặt lịch")
    dialog = page.get_by_role("dialog").filter(has_text="Lưu lịch")
    for label in ("Thời điểm xuất bản", "Thời điểm hết hạn", "Lưu lịch"):
        expect(dialog.get_by_text(label, exact=True).first).to_be_visible()
        walk.met.add(label)
    page.keyboard.press("Escape")
    # The menu beside the title: Lịch sử, Dịch trang này
    page.locator("header [data-w-dropdown-target=toggle]").first.click()
    menu = page.locator("header [data-w-dropdown-target=content]").first
    expect(menu.get_by_text("Lịch sử", exact=True)).to_be_visible()
    walk.met.add("Lịch sử")
    menu.get_by_text("Dịch trang này", exact=True).click()
    walk.met.add("Dịch trang này")
    expect(page.get_by_label("Tiếng Anh")).to_be_visible()
    walk.met.add("Tiếng Anh")
    # Báo cáo → Lịch sử trang web
    walk.click("button", "Báo cáo")
    walk.click("link", "Lịch sử trang web")
    page.wait_for_url("**/admin/reports/site-history/**")

    emphasis = {"Hẹn giờ xuất bản / hết hạn", "Giới hạn người xem", "bản nháp"}
    shown = bold_labels("editors.md", "Hẹn giờ, hết hạn, lịch sử") | bold_labels(
        "editors.md", "Bản tiếng Anh"
    )
    assert shown - emphasis == walk.met


def test_the_translation_editor_reads_vietnamese(live_server, browser_page: Page, news_draft):
    # wagtail-localize writes its menu button's label in its JavaScript, in English.
    page = browser_page
    log_in(page, live_server.url, EDITOR)
    translation = translate_into_english(page, live_server.url, news_draft)

    page.goto(f"{live_server.url}/admin/pages/{translation.pk}/edit/")
    editor = page.locator(".js-translation-editor")
    menu_label = editor.locator("footer .w-dropdown__toggle .w-sr-only").first
    expect(menu_label).to_have_text("Thao tác khác")
    assert "More actions" not in editor.inner_text()
