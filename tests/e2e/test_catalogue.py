"""A researcher in a real browser: finds a dataset without typing diacritics, downloads a file
and checks it against the checksum the page shows.

Like the editorial tests, these run on a transactional database restored by
``serialized_rollback`` (the live server reads it from another thread).
"""

import hashlib
import re

import pytest
from playwright.sync_api import Page, expect

from opendata.models import Licence
from tests.factories import AgencyFactory, DataFileFactory, DatasetFactory, ResourceFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Hồ sơ trực tuyến tiếp nhận trên Cổng Dịch vụ công quốc gia 2024"
FILE_NAME = "Số liệu hồ sơ trực tuyến 2024.csv"
DATA = "tháng,số hồ sơ\n" + "".join(f"{m},{m * 104_250}\n" for m in range(1, 13))


@pytest.fixture
def published(transactional_db):
    agency = AgencyFactory(name="Văn phòng Chính phủ", code="VPCP")
    dataset = DatasetFactory(
        title=TITLE,
        name="ho-so-truc-tuyen-2024",
        publisher=agency,
        licence=Licence.objects.get(pk="CC-BY-4.0"),
        resources=0,
        publish=False,
    )
    ResourceFactory(
        dataset=dataset,
        name="Số hồ sơ theo tháng",
        data_file=DataFileFactory(data=DATA.encode(), original_name=FILE_NAME),
    )
    # No file: the factory's file has a column "số hồ sơ trực tuyến", which search would find.
    DatasetFactory(
        title="Đăng ký khai sinh theo tỉnh", name="khai-sinh", description="Theo tỉnh.", resources=0
    )
    dataset.save_revision().publish()
    return dataset


def test_find_open_and_download_a_dataset(browser_page: Page, live_server, published):
    page = browser_page
    page.goto(f"{live_server.url}/dataset/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    page.get_by_label("Tìm bộ dữ liệu").fill("ho so truc tuyen")
    page.get_by_label("Tìm bộ dữ liệu").press("Enter")
    page.wait_for_url(re.compile(r"q=ho\+so\+truc\+tuyen"))
    results = page.locator(".dataset-result h3 a")
    expect(results).to_have_count(1)
    expect(results).to_have_text(TITLE)

    results.click()
    page.wait_for_url(f"{live_server.url}/dataset/{published.name}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    shown_checksum = page.locator("code.sha256").inner_text().strip()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải xuống Số hồ sơ theo tháng").click()
    download = download_info.value
    saved = download.path()
    assert download.failure() is None
    digest = hashlib.sha256(saved.read_bytes()).hexdigest()

    assert download.suggested_filename == FILE_NAME
    assert digest == shown_checksum
    assert digest == published.resources.get().data_file.sha256
    assert saved.read_bytes() == DATA.encode()


def test_filter_by_facet_and_switch_to_english(browser_page: Page, live_server, published):
    page = browser_page
    page.goto(f"{live_server.url}/dataset/")
    expect(page.locator(".dataset-result")).to_have_count(2)

    page.get_by_label(re.compile(r"^Văn phòng Chính phủ")).check()
    page.get_by_role("button", name="Áp dụng bộ lọc").click()
    page.wait_for_url(re.compile(r"organization=VPCP"))
    expect(page.locator(".dataset-result h3 a")).to_have_text([TITLE])

    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/en/dataset/\?.*organization=VPCP"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data catalogue")
    expect(page.locator(".dataset-result")).to_have_count(1)
