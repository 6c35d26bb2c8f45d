"""Browser fixtures: Debian's chromium driven by Playwright, pages checked with axe-core."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

SMALL_PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have Debian's chromium (.ci/run installs it)")
        pytest.skip("Debian's chromium is not installed here: apt-get install -y chromium")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the live server
    # makes happen in its own thread, so this only lifts Django's guard for the test thread.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=True)
    page = context.new_page()
    yield page
    context.close()


def assert_accessible(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def assert_fits_small_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SMALL_PHONE["width"], f"page is {width}px wide on a {SMALL_PHONE['width']}px screen"


