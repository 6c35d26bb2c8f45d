"""A resident signs up in their mahalla on a phone with JavaScript off (Chromium, Playwright)."""

import pytest

from participation.models import User
from tests.fixtures.browser import SMALL_PHONE, assert_fits_small_phone, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_in_a_mahalla_without_javascript(live_server, tree, browser):
    context = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/uz/accounts/signup/")
    page.locator("#id_email").fill("mahalla.resident@example.uz")
    page.locator("#id_full_name").fill("Dilnoza Karimova")
    page.locator("#id_home_territory").select_option(str(tree.yangiqorgon.pk))
    submit(page.locator("button[name=show_mahallas]"))  # step one: the district's mahallas

    assert page.locator("#id_full_name").input_value() == "Dilnoza Karimova"  # what was typed is kept
    assert page.locator("#id_home_territory").input_value() == str(tree.yangiqorgon.pk)
    assert page.locator(f"#id_mahalla option[value='{tree.duoba.pk}']").count() == 0  # not another district's
    assert not User.objects.exists()
    assert_fits_small_phone(page)

    page.locator("#id_mahalla").select_option(str(tree.navbahor.pk))
    page.locator("#id_password1").fill("Qovun-pishdi-2026")
    page.locator("#id_password2").fill("Qovun-pishdi-2026")
    with page.expect_navigation():
        page.locator("#id_password2").press("Enter")  # Enter signs up; it does not list mahallas again
    assert User.objects.get().home_territory == tree.navbahor
    context.close()
