"""A person's view: Debian's chromium, driven by Playwright, checked with axe-core."""

import pytest

from tests.fixtures.browser import SMALL_PHONE, assert_accessible, assert_fits_small_phone, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = {"uz": "uz-Latn", "uz-cyrl": "uz-Cyrl", "kaa": "kaa", "ru": "ru", "en": "en"}


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
    submit(page.get_by_role("link", name="Ўзбекча"))
    assert page.url == f"{live_server.url}/uz-cyrl/"
    assert page.get_attribute("html", "lang") == "uz-Cyrl"
    assert page.get_by_text("Янгиқўрғон тумани").count() == 1
    submit(page.get_by_role("link", name="Русский"))
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
    # The sign-up button is the form's last: "Show mahallas" sits by the district select.
    submit(page.locator("main form button[type=submit]").last)  # the server answers with errors, no script needed
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
