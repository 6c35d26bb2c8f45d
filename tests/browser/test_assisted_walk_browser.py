"""At the Yangiqoʻrgʻon PSC an operator registers an elderly resident without e-mail, verifies
her in person, and with her consent (a code to her phone, from the console backend) signs a
petition for her and helps her vote: the step-away screen, she chooses alone, the receipt is
hers. On a 360 px phone, every page without sideways scroll, with no axe violation, and no Nu
HTML Checker error in what the server sent."""

import pytest
from django.utils import timezone

from participation.assisted.models import AssistedAct, AssistedActKind
from participation.identity.sms.console import last_messages
from participation.models import Channel, StaffRoleKind, User, VerificationLevel
from proposals.budgeting.models import Participation
from proposals.petitions.models import Signature
from tests.factories.accounts import staff_member
from tests.fixtures.browser import (
    SETTLE,
    SMALL_PHONE,
    assert_accessible,
    assert_fits_small_phone,
    nu_html_errors,
    submit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "+998907654321"


def code_sent_to(phone: str) -> str:
    message = next(message for message in last_messages() if message["to"] == phone)
    return "".join(ch for ch in message["text"] if ch.isdigit())[:6]


def test_an_operator_registers_verifies_signs_and_helps_her_vote(
    live_server, tree, browser, service_centre_page, publish, make_cycle, make_project, tmp_path
):
    operator = staff_member(StaffRoleKind.OPERATOR, tree.yangiqorgon, full_name="Operator Yangiqoʻrgʻon")
    petition = publish(title="Navbahorda yoʻlni taʼmirlash")
    cycle = make_cycle("voting", at=timezone.now())
    projects = [make_project(cycle, title=title) for title in ("Bogʻcha tomi", "Koʻcha chiroqlari")]
    base = live_server.url
    context = browser.new_context(viewport=SMALL_PHONE)
    page = context.new_page()
    served = {}

    def check():
        page.wait_for_load_state()
        page.evaluate(SETTLE)
        assert_fits_small_phone(page)
        assert_accessible(page)
        served[page.url] = context.request.get(page.url).text()

    page.goto(f"{base}/en/accounts/login/?next=/en/operator/")
    page.locator("input[name=login]").fill(operator.email)
    page.locator("input[name=password]").fill("correct-horse-battery")
    submit(page.locator("main form button[type=submit]"))
    assert page.url == f"{base}/en/operator/"
    check()

    # Today's centre.
    page.locator("#id_centre").select_option(str(service_centre_page.pk))
    submit(page.get_by_role("button", name="Start work here"))
    check()

    # An elderly resident without e-mail.
    submit(page.get_by_role("link", name="Register a resident"))
    check()
    page.locator("#id_full_name").fill("Xadicha Mirzayeva")
    page.locator("#id_mahalla").select_option(str(tree.navbahor.pk))
    page.locator("#id_phone").fill("90 765 43 21")
    page.locator("#id_preferred_language").select_option("uz")
    submit(page.get_by_role("button", name="Register"))
    resident = User.objects.get(full_name="Xadicha Mirzayeva")
    assert resident.email is None and page.url == f"{base}/en/operator/resident/{resident.pk}/"
    check()

    # In person, by the kind of document.
    page.locator("#id_document_type").select_option("passport")
    submit(page.get_by_role("button", name="I saw the resident and this document"))
    resident.refresh_from_db()
    assert resident.verification_level == VerificationLevel.IN_PERSON
    check()

    # A petition, with the code sent to her phone.
    submit(page.get_by_role("link", name="Sign a petition"))
    check()
    submit(page.get_by_role("link", name=petition.title))
    check()
    submit(page.get_by_role("button", name="Send the consent code"))
    check()
    page.locator("#id_code").fill(code_sent_to(PHONE))
    submit(page.get_by_role("button", name="Sign for Xadicha Mirzayeva"))
    assert page.url == f"{base}/en/operator/resident/{resident.pk}/"
    assert Signature.objects.get(petition=petition, user=resident).channel == Channel.ASSISTED

    # The vote: consent, the operator steps away, she chooses alone, the receipt is hers.
    submit(page.get_by_role("link", name="Vote in participatory budgeting"))
    check()
    submit(page.get_by_role("link", name=cycle.title))
    check()
    submit(page.get_by_role("button", name="Send the consent code"))
    page.locator("#id_code").fill(code_sent_to(PHONE))
    submit(page.get_by_role("button", name="Consent given: continue"))
    assert page.url.endswith("/hand-over/")
    check()
    submit(page.get_by_role("link", name="I am the resident: show the ballot"))
    check()
    page.get_by_label(projects[1].title).check()
    submit(page.get_by_role("button", name="Check my choices"))
    check()
    submit(page.get_by_role("button", name="Cast my ballot"))
    assert page.url.endswith("/receipt/")
    check()
    receipt = Participation.objects.get(cycle=cycle, user=resident)
    assert receipt.receipt_code in page.locator("main").inner_text()
    assert receipt.channel == Channel.ASSISTED
    submit(page.get_by_role("button", name="Done: give the device back to the operator"))
    assert page.url == f"{base}/en/operator/resident/{resident.pk}/"
    assert receipt.receipt_code not in page.content()
    check()

    assert sorted(AssistedAct.objects.filter(resident=resident).values_list("kind", flat=True)) == sorted(
        [AssistedActKind.PETITION_SIGNATURE, AssistedActKind.BUDGET_VOTE]
    )
    context.close()
    errors = nu_html_errors(served, tmp_path)
    assert not errors, "\n".join(errors)
