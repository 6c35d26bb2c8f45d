"""A resident adds their phone on a 360 px phone, then signs in with it (Chromium, Playwright,
axe-core): every page fits the screen and has no accessibility violation, errors included."""

from urllib.parse import quote

import pytest

from participation.identity.sms.console import last_messages
from participation.models import VerificationLevel
from tests.factories.accounts import UserFactory
from tests.fixtures.browser import SETTLE, SMALL_PHONE, assert_accessible, assert_fits_small_phone, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page):
    page.wait_for_load_state()
    page.evaluate(SETTLE)
    assert_fits_small_phone(page)
    assert_accessible(page)


def code_sent_to(phone: str) -> str:
    message = next(message for message in last_messages() if message["to"] == phone)
    return "".join(ch for ch in message["text"] if ch.isdigit())[:6]


def test_a_resident_adds_a_phone_then_signs_in_with_it(live_server, tree, browser):
    person = UserFactory(home_territory=tree.navbahor, verification_level=VerificationLevel.EMAIL)
    base = live_server.url
    context = browser.new_context(viewport=SMALL_PHONE)
    page = context.new_page()
    page.goto(f"{base}/uz/accounts/login/?next={quote('/uz/accounts/profile/')}")
    page.locator("input[name=login]").fill(person.email)
    page.locator("input[name=password]").fill("correct-horse-battery")
    submit(page.locator("main form button[type=submit]"))

    submit(page.locator("main a[href='/uz/accounts/phone/']"))
    check(page)
    page.locator("#id_phone").fill("+7 916 123 45 67")  # not an Uzbek mobile: told on the form
    submit(page.locator("main form button[type=submit]"))
    assert page.locator("#id_phone").input_value() == "+7 916 123 45 67"
    check(page)

    page.locator("#id_phone").fill("90 123 45 67")
    submit(page.locator("main form button[type=submit]"))
    assert page.url == f"{base}/uz/accounts/phone/confirm/"
    check(page)
    page.locator("#id_code").fill(code_sent_to("+998901234567"))
    submit(page.locator("main form button[type=submit]"))
    assert page.url == f"{base}/uz/accounts/profile/"
    check(page)
    person.refresh_from_db()
    assert person.phone == "+998901234567" and person.verification_level == VerificationLevel.PHONE
    context.close()

    # Another day, on a kiosk: the number and a code are enough.
    context = browser.new_context(viewport=SMALL_PHONE)
    page = context.new_page()
    page.goto(f"{base}/uz/accounts/login/")
    submit(page.locator("main a[href='/uz/accounts/phone/sign-in/']"))
    check(page)
    page.locator("#id_phone").fill("+998 90 123 45 67")
    submit(page.locator("main form button[type=submit]"))
    check(page)
    page.locator("#id_code").fill(code_sent_to("+998901234567"))
    submit(page.locator("main form button[type=submit]"))
    assert page.url == f"{base}/uz/"
    context.close()
