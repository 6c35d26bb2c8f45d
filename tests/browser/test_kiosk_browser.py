"""A kiosk at a mahalla self-service zone, on a 360 px screen (Chromium, Playwright, axe-core):
Yangiqoʻrgʻon's manager makes the browser a kiosk of the Navbahor zone; a resident signs in
there with his phone number and the code the (fake) SMS gateway carried, signs a petition and
is signed out; the next person finds nothing of him. Every kiosk page fits the screen and
passes axe and the Nu HTML checker."""

import re

import pytest
from django.conf import settings
from django.test import override_settings

from cms.models import CentreKind, ServiceCentreIndexPage
from participation.kiosk.models import Kiosk
from participation.models import Channel, StaffRoleKind, VerificationLevel
from proposals.petitions.models import PetitionRules, PetitionStatus, Signature
from tests.factories.accounts import UserFactory, staff_member
from tests.factories.pages import centre, publish
from tests.fixtures.browser import (
    SETTLE,
    SMALL_PHONE,
    assert_accessible,
    assert_fits_small_phone,
    nu_html_errors,
    submit,
)
from tests.fixtures.fake_sms import fake_sms  # noqa: F401  (the fixture)
from tests.fixtures.petitions import published_recently

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "sinov-parol-2026"
PHONE = "+998901234567"
ZONE = "Navbahor mahallasi oʻz-oʻziga xizmat zonasi"


def code_sent(fake_sms) -> str:
    """The code in the last text message the fake Eskiz gateway was asked to send to PHONE."""
    sends = [body for body in fake_sms.sent("/api/message/sms/send") if body["mobile_phone"] == PHONE.lstrip("+")]
    return re.search(r"\b(\d{6})\b", sends[-1]["message"]).group(1)


def test_a_kiosk_signs_a_resident_in_by_phone_he_signs_a_petition_and_is_signed_out(
    live_server,
    browser,
    tree,
    pages,
    make_petition,
    fake_sms,
    tmp_path,
):
    PetitionRules.objects.update(cosponsors_needed=0)
    petition = make_petition(
        PetitionStatus.COLLECTING, title="Navbahor mahallasidagi yoʻlni asfaltlash", now=published_recently()
    )
    index = publish(pages.yangiqorgon, ServiceCentreIndexPage(title="Xizmat markazlari", slug="markazlar"))
    centre(index, ZONE, tree.navbahor, kind=CentreKind.MAHALLA_ZONE)
    manager = staff_member(StaffRoleKind.MANAGER, tree.yangiqorgon, password=PASSWORD)
    resident = UserFactory(
        home_territory=tree.navbahor,
        verification_level=VerificationLevel.PHONE,
        phone=PHONE,
        phone_verified_at="2026-01-01T00:00:00Z",
        full_name="Akmal Karimov",
    )
    base = live_server.url
    seen: dict[str, str] = {}
    context = browser.new_context(viewport=SMALL_PHONE)
    page = context.new_page()
    page.clock.install()  # the idle script's timers, moved on by the test rather than waited for

    def check(*, idle_script=False):
        page.wait_for_load_state()
        page.evaluate(SETTLE)
        assert_fits_small_phone(page)
        assert_accessible(page)
        assert page.locator("body.kiosk").count() == 1
        assert page.locator("script[data-idle-seconds]").count() == (1 if idle_script else 0)
        seen[page.url] = page.content()

    # The manager, on the device that will stand in the zone, makes it a kiosk of the zone.
    page.goto(f"{base}/uz/accounts/login/?next=/admin/kiosks/")
    page.locator("input[name=login]").fill(manager.email)
    page.locator("input[name=password]").fill(PASSWORD)
    submit(page.locator("main form button[type=submit]"))
    assert page.url == f"{base}/admin/kiosks/"
    page.get_by_label("Name of this device").fill("Eshik oldidagi stol")
    submit(page.locator("main form button[type=submit]"))
    assert page.url == f"{base}/uz/kiosk/" and Kiosk.objects.get().name == "Eshik oldidagi stol"
    check()  # the kiosk's home, nobody signed in (the manager was signed out)
    assert ZONE in page.locator("h1").inner_text()

    # A resident comes, picks the petition and signs in with his phone to sign it.
    submit(page.locator(f"main a[href='/uz/petitions/{petition.pk}/']"))
    check()
    submit(page.locator("main a.button[href*='/accounts/login/']"))
    assert page.url == f"{base}/uz/accounts/phone/sign-in/"  # no password on a kiosk
    check(idle_script=True)  # the session remembers where he was going: walking away forgets it
    # He walks away before typing his number: the kiosk clears the screen and forgets him.
    page.clock.fast_forward((settings.KIOSK_IDLE_SECONDS + 2) * 1000)
    page.wait_for_url(f"{base}/uz/kiosk/signed-out/")
    check()
    # He comes back to the petition and signs in.
    page.goto(f"{base}/uz/petitions/{petition.pk}/")
    submit(page.locator("main a.button[href*='/accounts/login/']"))
    check(idle_script=True)
    assert page.locator("#id_phone").get_attribute("autocomplete") == "off"
    page.locator("#id_phone").fill("90 123 45 67")
    with override_settings(SMS_BACKEND="eskiz"):
        submit(page.locator("main form button[type=submit]"))
    check(idle_script=True)  # half-way through signing in: walking away signs out
    page.locator("#id_code").fill(code_sent(fake_sms))
    submit(page.locator("main form button[type=submit]"))
    assert page.url == f"{base}/uz/petitions/{petition.pk}/"  # back where he was going
    check(idle_script=True)

    # He stops to read; 20 seconds before the idle sign-out the kiosk asks, and he answers.
    page.clock.fast_forward((settings.KIOSK_IDLE_SECONDS - 15) * 1000)
    warning = page.get_by_role("alertdialog")
    warning.wait_for()
    assert_fits_small_phone(page)
    assert_accessible(page)
    warning.get_by_role("button").click()
    assert page.get_by_role("alertdialog").count() == 0

    submit(page.locator("main button.petition-sign"))
    assert page.url.startswith(f"{base}/uz/kiosk/done/")
    check()
    signature = Signature.objects.get(petition=petition, user=resident)
    assert signature.channel == Channel.KIOSK

    # The next person: nobody signed in, no message about the signature, the sign-in link again.
    submit(page.locator("main a.kiosk-secondary"))
    assert page.url == f"{base}/uz/kiosk/"
    check()
    assert page.locator("a[href='/uz/accounts/phone/sign-in/']").count() >= 1
    assert page.locator(".messages").count() == 0
    assert "Akmal" not in page.content()
    context.close()

    assert nu_html_errors(seen, tmp_path) == []
