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

from cms.site_structure import ensure_site_structure
from tests.e2e.admin import PASSWORD, log_in
from tests.factories import AgencyFactory

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
