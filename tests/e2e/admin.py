"""What the browser tests do in Wagtail's admin again and again."""

from playwright.sync_api import Page
from wagtail.models import Locale

PASSWORD = "mat-khau-thu-nghiem-2025"  # the test users', made by each test


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def translate_into_english(page: Page, base_url: str, news):
    """ "Dịch trang này" → Tiếng Anh → submit, in the browser; the English copy it made."""
    english = Locale.objects.get(language_code="en")
    page.goto(f"{base_url}/admin/localize/submit/page/{news.pk}/")
    page.check(f"input[name='locales'][value='{english.pk}']")
    with page.expect_navigation():
        page.click("form[method=POST] input[type=submit]")
    return type(news).objects.get(translation_key=news.translation_key, locale=english)
