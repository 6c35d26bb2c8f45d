"""At the Yangiqoʻrgʻon PSC an operator types a budget project for a resident who tells it,
with her consent (a code to her phone, from the console backend), in a browser without
JavaScript on a 360 px phone: every page without sideways scroll, with no axe violation, and
no Nu HTML Checker error in what the server sent."""

import pytest
from django.utils import timezone

from participation.assisted.models import AssistedAct, AssistedActKind
from participation.identity.sms.console import last_messages
from participation.models import Channel, StaffRoleKind, VerificationLevel
from proposals.budgeting.models import Project
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

PHONE = "+998907650011"


def code_sent_to(phone: str) -> str:
    message = next(message for message in last_messages() if message["to"] == phone)
    return "".join(ch for ch in message["text"] if ch.isdigit())[:6]


def test_an_operator_submits_her_project_without_javascript(
    live_server, tree, browser, service_centre_page, make_cycle, tmp_path
):
    operator = staff_member(StaffRoleKind.OPERATOR, tree.yangiqorgon, full_name="Operator Yangiqoʻrgʻon")
    resident = UserFactory(
        email=None,
        full_name="Xadicha Mirzayeva",
        home_territory=tree.navbahor,
        verification_level=VerificationLevel.IN_PERSON,
        phone=PHONE,
        verified_email=False,
    )
    cycle = make_cycle("submission", at=timezone.now())
    base = live_server.url
    # The walk runs without JavaScript; axe needs it, so a second context with the same session
    # checks each page the walk shows (the pages are server-rendered either way).
    context = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=False)
    page = context.new_page()
    served = {}

    def check():
        page.wait_for_load_state()
        assert_fits_small_phone(page)
        served[page.url] = context.request.get(page.url).text()

    page.goto(f"{base}/en/accounts/login/?next=/en/operator/")
    page.locator("input[name=login]").fill(operator.email)
    page.locator("input[name=password]").fill("correct-horse-battery")
    submit(page.locator("main form button[type=submit]"))
    page.locator("#id_centre").select_option(str(service_centre_page.pk))
    submit(page.get_by_role("button", name="Start work here"))
    page.goto(f"{base}/en/operator/resident/{resident.pk}/")

    submit(page.get_by_role("link", name="Submit a budget project"))
    check()
    submit(page.get_by_role("link", name=cycle.title))
    check()
    page.locator("#id_title").fill("Navbahor maktabi oldida yoʻlak")
    page.locator("#id_description").fill("Maktab oldidagi yoʻlakni asfaltlash: bolalar loyda yurishadi.")
    page.locator("#id_category").select_option(index=1)
    page.locator("#id_estimated_cost").fill("25 000 000")
    submit(page.get_by_role("button", name="Send the consent code"))
    assert_fits_small_phone(page)
    assert page.locator("#id_title").input_value() == "Navbahor maktabi oldida yoʻlak"  # kept
    with_code = page.content()
    page.locator("#id_code").fill(code_sent_to(PHONE))
    submit(page.get_by_role("button", name="Send the project"))
    assert page.url == f"{base}/en/operator/resident/{resident.pk}/"
    check()

    scripted = browser.new_context(viewport=SMALL_PHONE, storage_state=context.storage_state())
    seen = scripted.new_page()
    for url in served:
        seen.goto(url)
        seen.wait_for_load_state()
        seen.evaluate(SETTLE)
        assert_accessible(seen)
    # The form as the consent step shows it (a message, the code field), as the walk saw it.
    seen.set_content(with_code)
    assert_accessible(seen)
    scripted.close()

    project = Project.objects.get()
    assert (project.author, project.channel, project.mahalla) == (resident, Channel.ASSISTED, tree.navbahor)
    assert project.estimated_cost == 25_000_000
    act = AssistedAct.objects.get()
    assert (act.kind, act.target_id) == (AssistedActKind.PROJECT, str(project.pk))
    context.close()
    errors = nu_html_errors(served, tmp_path)
    assert not errors, "\n".join(errors)
