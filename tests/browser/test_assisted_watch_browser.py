"""Watching assisted acts on a 360 px phone, each page checked with axe and the Nu checker: a
resident finds what an operator did for her and reports one act without JavaScript; the
district's manager sees it, with the flag, on the staff screen; another resident is shown how to
reach the verification a petition (phone) and a budget vote (OneID) ask for."""

import uuid
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from participation.assisted.models import AssistedAct, AssistedActKind, ConsentMethod
from participation.assisted.services import Assistance, assisted_act_record
from participation.demographics import acting_through
from participation.models import Channel, StaffRoleKind, VerificationLevel
from proposals.budgeting.models import Participation, PhaseKind
from proposals.petitions.models import Petition, PetitionStatus
from proposals.petitions.services import lifecycle as petitions
from tests.fixtures.browser import (
    SETTLE,
    SMALL_PHONE,
    assert_accessible,
    assert_fits_small_phone,
    nu_html_errors,
    submit,
)
from tests.fixtures.petitions import published_recently

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "sinov-parol-2026"


def check(page):
    page.wait_for_load_state()
    page.evaluate(SETTLE)
    assert_fits_small_phone(page)
    assert_accessible(page)


def signed_in(browser, base, user, path, *, javascript=True, admin=False):
    page = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=javascript).new_page()
    page.goto(f"{base}{'/admin/login/' if admin else '/uz/accounts/login/'}?next={quote(path)}")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    submit(page.locator("main form button[type=submit]").first)  # not "Sign in with OneID"
    assert page.url == f"{base}{path}", page.url
    return page


@override_settings(ONEID_CLIENT_ID="ishtirok-test")
def test_a_resident_reports_an_act_and_the_manager_sees_it(
    live_server, browser, tree, pages, resident, make_staff, make_petition, make_cycle, service_centre_page, tmp_path
):
    base = live_server.url
    operator = make_staff(StaffRoleKind.OPERATOR, tree.yangiqorgon, full_name="Olimjon Operator")
    manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon, password=PASSWORD)
    saodat = resident(full_name="Saodat Nazarova", password=PASSWORD, preferred_language="uz")
    petition = make_petition(PetitionStatus.COLLECTING, now=published_recently())
    late = timezone.localtime().replace(hour=20, minute=15) - timedelta(days=1)  # the centre closes at 18:00
    with acting_through(Channel.ASSISTED), transaction.atomic():
        signature = petitions.petition_sign(petition=petition, user=saodat)
        assisted_act_record(
            assistance=Assistance(
                operator=operator,
                resident=saodat,
                centre_id=service_centre_page.pk,
                consent_method=ConsentMethod.PAPER_FORM,
                consent_reference="PSC-2026-0107",
            ),
            kind=AssistedActKind.PETITION_SIGNATURE,
            target=signature,
            now=late,
        )
    cycle = make_cycle(PhaseKind.VOTING, at=timezone.now(), verification_level=VerificationLevel.NATIONAL_EID)
    AssistedAct.objects.create(
        resident=saodat,
        operator=operator,
        centre_id=service_centre_page.pk,
        kind=AssistedActKind.BUDGET_VOTE,
        target_type=ContentType.objects.get_for_model(Participation),
        target_id=str(uuid.uuid4()),  # a "who voted" row is keyed by a UUID
        territory=saodat.home_territory,
        consent_method=ConsentMethod.PHONE_CODE,
        consent_reference="+998 ** *** 19 49",
    )
    html = {}

    # 1. Saodat reads "Done for you" and reports the signature, with JavaScript off.
    profile = "/uz/accounts/profile/"
    page = signed_in(browser, base, saodat, profile, javascript=False)
    assert page.locator("#done-for-you li").count() == 2
    assert_fits_small_phone(page)
    report = page.locator("#done-for-you li", has_text=petition.title)
    report.locator("summary").click()  # a native disclosure, no script
    report.locator("textarea").fill("Men bu petitsiyani imzolashni soʻramaganman.")
    submit(report.locator("button[type=submit]"))
    assert page.url == f"{base}{profile}#done-for-you"
    assert AssistedAct.objects.get(kind=AssistedActKind.PETITION_SIGNATURE).reported_at is not None
    context = browser.new_context(viewport=SMALL_PHONE, storage_state=page.context.storage_state())
    again = context.new_page()
    again.goto(f"{base}{profile}")
    check(again)
    html[profile] = again.content()
    # The other act's own report page (where the inline form comes back when it needs fixing).
    vote_act = AssistedAct.objects.get(kind=AssistedActKind.BUDGET_VOTE)
    own_page = f"/uz/accounts/profile/assisted/{vote_act.pk}/report/"
    again.goto(f"{base}{own_page}")
    submit(again.locator("main form button[type=submit]"))  # empty: told, nothing saved
    assert again.locator(".field-error, .form-errors").count() >= 1
    check(again)
    html[own_page] = again.content()
    context.close()
    page.context.close()

    # 2. The district's manager sees the report and the flag (signed after closing time).
    screen = "/admin/assisted-acts/"
    page = signed_in(browser, base, manager, screen, admin=True)
    check(page)
    main = page.locator("main").inner_text()
    assert "outside its published hours" in main and "Men bu petitsiyani imzolashni soʻramaganman." in main
    page.context.close()

    # 3. A resident with e-mail only is shown the way to a phone, and to OneID.
    dilnoza = resident(full_name="Dilnoza Karimova", password=PASSWORD)
    Petition.objects.filter(pk=petition.pk).update(verification_level=VerificationLevel.PHONE)
    for path in (f"/uz/petitions/{petition.pk}/", f"/ru/budget/{cycle.pk}/vote/"):
        page = signed_in(browser, base, dilnoza, path)
        assert page.locator(".verification-reach").count() == 1
        check(page)
        html[path] = page.content()
        page.context.close()
    assert nu_html_errors(html, tmp_path) == []
