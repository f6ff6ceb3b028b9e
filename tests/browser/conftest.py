"""Playwright against Debian's Chromium, driving the live test server as a person would."""

import io
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Headless, and nothing that reaches for the network: only the test server is reachable.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still synchronous and safe (pytest-django docs, "live_server" notes).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# How long a step may wait for the page: generous, as the suite shares its machine with
# whatever else runs there (CI runs both databases' suites back to back), and a step that
# passes takes no longer for it.
STEP_TIMEOUT_MS = 30_000
expect.set_options(timeout=STEP_TIMEOUT_MS)


def _page(browser: Browser, live_server, **options) -> Page:
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    return context.new_page()


@pytest.fixture
def page(browser, live_server) -> Page:
    page = _page(browser, live_server, viewport={"width": 1280, "height": 900})
    yield page
    page.context.close()


@pytest.fixture
def phone_page(browser, live_server) -> Page:
    page = _page(
        browser,
        live_server,
        viewport={"width": 375, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield page
    page.context.close()


@pytest.fixture
def nojs_page(browser, live_server) -> Page:
    page = _page(
        browser, live_server, java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    yield page
    page.context.close()


@pytest.fixture
def interview(transactional_db):
    """The bundled interview, loaded as a newcomer's `./dev serve` loads it."""
    call_command("load_interview", stdout=io.StringIO())


def assert_accessible(page: Page) -> None:
    """axe-core finds no WCAG violations on the page as it stands."""
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def screenshot(page: Page, name: str) -> Path:
    """Keep a picture of the page for a person to look at (test-artifacts/, not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    # A whole interview is tens of thousands of pixels tall on a phone: give it time.
    page.screenshot(path=path, full_page=True, timeout=60_000)
    return path
