"""Browser fixtures: Debian's headless Chromium driven by Playwright's sync API.

Playwright's own browser downloads are not used (CI reaches no CDN); the tests drive the
system ``chromium`` package that devtools/services.sh installs, and skip with a reason when
it is absent (under CI=true that is a failure).
"""

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management.base import CommandError
from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections

from tests.services import unavailable

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous for a cold admin page on a loaded CI machine (two suites side by side), short
# enough to fail fast.
TIMEOUT_MS = 30_000
# Up to 10 s for the live server to finish a request left by the browser.
FLUSH_ATTEMPTS = 100


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator:
    # Keep each phase's report on the item, so that a fixture can tell whether the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session", autouse=True)
def _flush_waits_for_the_live_server() -> Iterator[None]:
    """Retry the flush that ends each transactional browser test while a table is locked.

    The browser may still have a request in the live server when the test ends (Wagtail's
    editing-session "release" beacon as the tab closes); on the tests' in-memory SQLite,
    which that thread shares, the flush then meets "database table is locked" and fails at
    once (SQLITE_LOCKED waits for no timeout). The flush runs in a transaction that is
    rolled back when it fails, so trying again once the request is done is safe.
    """
    original = flush.Command.handle

    def handle(self, **options):
        for attempt in range(FLUSH_ATTEMPTS):
            try:
                return original(self, **options)
            except CommandError as error:
                if "couldn't be flushed" not in str(error) or attempt == FLUSH_ATTEMPTS - 1:
                    raise
                time.sleep(0.1)
        return None

    patch = pytest.MonkeyPatch()
    patch.setattr(flush.Command, "handle", handle)
    yield
    patch.undo()


@pytest.fixture(scope="module")
def chromium_browser() -> Iterator:
    if not CHROMIUM.exists():
        unavailable(
            f"Debian's chromium is not installed at {CHROMIUM} (devtools/services.sh installs it)"
        )
    from playwright.sync_api import sync_playwright

    # The sync API keeps an asyncio event loop in this thread; Django then refuses ORM calls
    # from it ("SynchronousOnlyOperation") although nothing runs concurrently. Allow them
    # while the browser is up, and only then.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # Django keeps connections per context; under Playwright's greenlets the tests get a
    # fresh connection object, without the database snapshot that serialized_rollback
    # restores from. Hand the snapshot over.
    snapshot = getattr(connections[DEFAULT_DB_ALIAS], "_test_serialized_contents", None)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            if snapshot is not None:
                connections[DEFAULT_DB_ALIAS]._test_serialized_contents = snapshot
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_page(chromium_browser, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator:
    """A fresh browser tab (own cookies); on failure a screenshot and the HTML go to tmp_path."""
    context = chromium_browser.new_context(locale="vi-VN", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        screenshot = tmp_path / "failure.png"
        page.screenshot(path=str(screenshot), full_page=True)
        (tmp_path / "failure.html").write_text(page.content(), encoding="utf-8")
        print(f"\nBrowser state at failure ({page.url}): {screenshot}")
    context.close()
