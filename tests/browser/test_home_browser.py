"""A person's view: Debian's chromium, driven by Playwright, checked with axe-core."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = {"uz": "uz-Latn", "uz-cyrl": "uz-Cyrl", "kaa": "kaa", "ru": "ru", "en": "en"}
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


@pytest.mark.parametrize(("code", "lang"), LANGUAGES.items())
def test_home_page_in_every_language(live_server, tree, page, code, lang):
    page.goto(f"{live_server.url}/{code}/")
    assert page.get_attribute("html", "lang") == lang
    switcher = page.get_by_role("navigation", name=page.locator(".language-switcher").get_attribute("aria-label"))
    links = switcher.get_by_role("link")
    assert links.count() == len(LANGUAGES)
    assert switcher.locator("[aria-current]").get_attribute("hreflang") == lang
    assert page.get_by_role("heading", level=1).is_visible()
    assert_fits_small_phone(page)
    assert_accessible(page)


def test_switching_language_keeps_the_page(live_server, tree, page):
    page.goto(f"{live_server.url}/uz/")
    page.get_by_role("link", name="Ўзбекча").click()
    assert page.url == f"{live_server.url}/uz-cyrl/"
    assert page.get_attribute("html", "lang") == "uz-Cyrl"
    assert page.get_by_text("Янгиқўрғон тумани").count() == 1
    page.get_by_role("link", name="Русский").click()
    assert page.url == f"{live_server.url}/ru/"
    assert page.get_by_text("Наманганская область").count() == 1


def test_sign_up_page_without_javascript(live_server, tree, browser):
    context = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/ru/accounts/signup/")
    assert page.get_attribute("html", "lang") == "ru"
    page.locator("#id_email").fill("dilnoza@example.uz")
    page.locator("#id_password1").fill("Qovun-pishdi-2026")
    page.locator("#id_password2").fill("Qovun-pishdi-2027")  # a typo the server must catch
    page.locator("#id_full_name").fill("Dilnoza Karimova")
    page.locator("#id_home_territory").select_option(str(tree.yangiqorgon.pk))
    page.locator("button[type=submit]").click()  # the server answers with errors, no script needed
    assert page.locator(".errorlist").count() >= 1
    assert page.locator("#id_email").input_value() == "dilnoza@example.uz"
    assert page.locator("#id_full_name").input_value() == "Dilnoza Karimova"
    assert_fits_small_phone(page)
    context.close()
    # axe needs script to run; check the same page with it on.
    with_js = browser.new_context(viewport=SMALL_PHONE)
    checked = with_js.new_page()
    checked.goto(f"{live_server.url}/ru/accounts/signup/")
    assert_accessible(checked)
    with_js.close()
