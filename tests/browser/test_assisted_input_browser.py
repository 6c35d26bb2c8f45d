"""At the Yangiqoʻrgʻon PSC, without JavaScript on a 360 px phone, an operator gives a
resident's input to a consultation with her signed paper consent form: the list of open
consultations, the form, and back on her page. Every page without sideways scroll, with no axe
violation, and no Nu HTML Checker error in what the server sent."""

import pytest

from meetings.consultations.models import Input, InputChannel
from participation.assisted.models import AssistedAct, AssistedActKind
from participation.models import StaffRoleKind, VerificationLevel
from tests.factories.accounts import UserFactory, staff_member
from tests.fixtures.browser import (
    SETTLE,
    SMALL_PHONE,
    assert_accessible,
    assert_fits_small_phone,
    nu_html_errors,
    submit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Navbahor koʻchasiga skameykalar qoʻyilsin."


def test_an_operator_gives_her_input_without_javascript(
    live_server, tree, browser, service_centre_page, make_consultation, tmp_path
):
    operator = staff_member(StaffRoleKind.OPERATOR, tree.yangiqorgon, full_name="Operator Yangiqoʻrgʻon")
    resident = UserFactory(
        email=None,
        full_name="Xadicha Mirzayeva",
        home_territory=tree.navbahor,
        verification_level=VerificationLevel.IN_PERSON,
        phone=None,
        verified_email=False,
    )
    consultation = make_consultation(title="Mahalla obodonlashtirish rejasi")
    base = live_server.url

    def signed_in(javascript: bool):
        context = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=javascript)
        page = context.new_page()
        page.goto(f"{base}/en/accounts/login/?next=/en/operator/")
        page.locator("input[name=login]").fill(operator.email)
        page.locator("input[name=password]").fill("correct-horse-battery")
        submit(page.locator("main form button[type=submit]"))
        page.locator("#id_centre").select_option(str(service_centre_page.pk))
        submit(page.get_by_role("button", name="Start work here"))
        return context, page

    context, page = signed_in(javascript=False)
    seen = []

    def check():
        assert_fits_small_phone(page)
        seen.append(page.url)

    page.goto(f"{base}/en/operator/resident/{resident.pk}/")
    submit(page.get_by_role("link", name="Give input to a consultation"))
    check()
    submit(page.get_by_role("link", name=consultation.title))
    check()
    page.locator("#id_text").fill(TEXT)
    submit(page.get_by_role("button", name="Send the input"))
    assert_fits_small_phone(page)  # no consent yet: told, and what was typed is kept
    assert page.locator("#id_text").input_value() == TEXT and not Input.objects.exists()
    assert "consent is needed" in page.locator("main").inner_text()
    page.locator("#id_paper_form").fill("PSC-2026-0042")
    submit(page.get_by_role("button", name="Send the input"))
    assert page.url == f"{base}/en/operator/resident/{resident.pk}/"
    check()

    item = Input.objects.get()
    assert (item.author_id, item.channel, item.text) == (resident.pk, InputChannel.ASSISTED, TEXT)
    act = AssistedAct.objects.get()
    assert (act.kind, act.target_id) == (AssistedActKind.CONSULTATION_INPUT, str(item.pk))
    context.close()

    # axe needs script to run: the same pages, with it on.
    context, page = signed_in(javascript=True)
    served = {}
    for url in seen:
        page.goto(url)
        page.wait_for_load_state()
        page.evaluate(SETTLE)
        assert_accessible(page)
        served[url] = context.request.get(url).text()
    context.close()
    errors = nu_html_errors(served, tmp_path)
    assert not errors, "\n".join(errors)
