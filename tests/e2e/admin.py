"""What the browser tests do in Wagtail's admin again and again."""

from playwright.sync_api import Page

PASSWORD = "mat-khau-thu-nghiem-2025"  # the test users', made by each test


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
