"""A new resident signs in with OneID on a small phone, through the development stand-in
that `make run` offers (Chromium, Playwright, axe on every page of the walk)."""

import pytest

from participation.identity.oneid.dev_fake import DEMO_PEOPLE
from participation.identity.oneid.services import pinfl_hash
from participation.models import User, VerificationLevel
from tests.fixtures.browser import SETTLE, SMALL_PHONE, assert_accessible, assert_fits_small_phone, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def checked(page):
    page.evaluate(SETTLE)
    assert_fits_small_phone(page)
    assert_accessible(page)


def test_a_new_resident_signs_in_with_oneid_and_reaches_eid(live_server, tree, page, settings):
    settings.DEBUG = True
    settings.ONEID_FAKE = True
    settings.ROOT_URLCONF = "tests.identity.dev_oneid_urls"
    settings.ONEID_BASE_URL = f"{live_server.url}/dev/oneid"
    settings.ONEID_CLIENT_ID = settings.ONEID_SCOPE = "ishtirok-dev"
    settings.ONEID_CLIENT_SECRET = "dev-only-not-secret"

    page.goto(f"{live_server.url}/uz/accounts/login/")
    checked(page)
    submit(page.locator("form.oneid button"))

    assert "/dev/oneid/sso/oauth/Authorization.do" in page.url  # at (the stand-in for) OneID
    checked(page)
    page.locator("#person-nodira").check()
    submit(page.locator("form.oneid-dev button"))

    assert page.url.endswith("/uz/accounts/3rdparty/signup/")  # a new person: an e-mail, a district
    assert page.locator("#id_full_name").input_value() == "Nodira Yusupova"
    checked(page)
    page.locator("#id_email").fill("nodira@example.uz")
    page.locator("#id_home_territory").select_option(str(tree.yangiqorgon.pk))
    submit(page.locator("main button.button[type=submit]:not([name]):not(.visually-hidden)"))

    nodira = User.objects.get(email="nodira@example.uz")
    assert nodira.verification_level == VerificationLevel.NATIONAL_EID
    assert nodira.pinfl_hash == pinfl_hash(DEMO_PEOPLE["nodira"]["pin"])
    checked(page)  # "confirm your e-mail address"


def test_signing_in_with_oneid_needs_no_javascript(live_server, tree, browser, settings):
    settings.DEBUG = True
    settings.ONEID_FAKE = True
    settings.ROOT_URLCONF = "tests.identity.dev_oneid_urls"
    settings.ONEID_BASE_URL = f"{live_server.url}/dev/oneid"
    settings.ONEID_CLIENT_ID = settings.ONEID_SCOPE = "ishtirok-dev"
    settings.ONEID_CLIENT_SECRET = "dev-only-not-secret"
    context = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/ru/accounts/login/")
    submit(page.locator("form.oneid button"))
    page.locator("#person-nodira").check()
    submit(page.locator("form.oneid-dev button"))
    assert page.url.endswith("/ru/accounts/3rdparty/signup/")  # back, in the language it started in
    assert page.locator("#id_full_name").input_value() == "Nodira Yusupova"
    context.close()
