"""Registration and check-in walked as the issue's "Done when" tells it, on a 360 px phone, every
page checked with axe, the forms used with JavaScript off: a WAG representative registers three
members and a resident takes the last seat; another resident lands on the waiting list and is
promoted when someone cancels from "My registrations"; on the day staff check people in on a
phone by code, by the QR image's address and by name, and count walk-ins and a paper sheet."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail

from meetings.meetings.models import Registration, RegistrationStatus
from meetings.meetings.qr import check_in_url
from meetings.meetings.selectors.attendance import meeting_attendance
from participation.models import StaffRoleKind
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.fixtures.browser import assert_checked, assert_checked_with_javascript, signed_in, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "sinov-parol-2026"


def test_registering_waiting_promotion_and_check_in_on_a_phone(
    live_server, browser, tree, resident, make_meeting, make_staff
):
    base = live_server.url
    meeting = make_meeting(capacity=4, starts_in=timedelta(hours=2), title="Ochiq eshituv: obodonlashtirish")
    group = OrganisationFactory(territory=tree.navbahor, name_uz="Navbahor faol ayollari")
    leader = resident(full_name="Malika Tursunova", password=PASSWORD, preferred_language="uz")
    MembershipFactory(organisation=group, user=leader, role="representative")
    last_seat = resident(full_name="Dilshod Karimov", password=PASSWORD)
    late = resident(full_name="Nodira Yusupova", password=PASSWORD)
    staff = make_staff(StaffRoleKind.RESPONDER, tree.yangiqorgon, password=PASSWORD)
    register = f"/uz/meetings/{meeting.pk}/register/"

    # 1. The representative registers three members of her group, asking for step-free access.
    page = signed_in(browser, base, leader, register, password=PASSWORD)
    assert_checked(page)
    page.locator("select[name=on_behalf]").select_option(str(group.pk))
    page.locator("input[name=people]").fill("3")
    page.locator("input[name=needs_step_free]").check()
    submit(page.locator("main form.registration-form button[type=submit]"))
    group_registration = Registration.objects.get(organisation=group)
    assert group_registration.people == 3 and group_registration.code in page.locator("main").inner_text()
    assert page.locator("main figure.registration-qr svg[role=img]").count() == 1
    assert_checked(page)
    page.context.close()

    # 2. A resident takes the last seat; 3. another lands on the waiting list (both without JavaScript).
    page = signed_in(browser, base, last_seat, register, password=PASSWORD, javascript=False)
    submit(page.locator("main form.registration-form button[type=submit]"))
    seat = Registration.objects.get(user=last_seat)
    assert seat.status == RegistrationStatus.CONFIRMED
    page.context.close()
    page = signed_in(browser, base, late, register, password=PASSWORD, javascript=False)
    submit(page.locator("main form.registration-form button[type=submit]"))
    assert Registration.objects.get(user=late).status == RegistrationStatus.WAITING
    assert "1" in page.locator("main .registration-state").inner_text()
    assert_checked_with_javascript(browser, page)
    page.context.close()

    # 4. The resident with the last seat cancels from "My registrations"; the waiting one is promoted and told.
    page = signed_in(browser, base, last_seat, "/uz/meetings/my-registrations/", password=PASSWORD)
    assert_checked(page)
    mail.outbox.clear()
    submit(page.locator("main form button.button-danger"))
    assert_checked(page)
    assert Registration.objects.get(user=late).status == RegistrationStatus.CONFIRMED
    assert [message.to for message in mail.outbox] == [[late.email]]
    page.context.close()

    # 5. On the day, staff check people in on a phone: the group by its QR image (two of three came),
    #    the promoted resident by name, walk-ins and a paper sheet as counts.
    screen = f"/uz/meetings/{meeting.pk}/check-in/"
    page = signed_in(browser, base, staff, screen, password=PASSWORD)
    assert_checked(page)
    page.goto(base + check_in_url(meeting.pk, group_registration.code).removeprefix(settings.SITE_URL))
    assert_checked(page)
    page.locator("input[name=people]").fill("2")
    submit(page.locator("main form.checkin-form button[type=submit]"))
    page.locator("#checkin-q").fill("Nodira")
    submit(page.locator("main form.checkin-search button[type=submit]"))
    assert_checked(page)
    submit(page.locator("main .checkin-found a.button"))
    submit(page.locator("main form.checkin-form button[type=submit]"))
    page.context.close()
    # The phone's browser may run no script at all: walk-ins and the paper sheet without JavaScript.
    page = signed_in(browser, base, staff, screen, password=PASSWORD, javascript=False)
    page.locator("input[name=count]").fill("3")
    submit(page.locator("main form.checkin-walk-ins button[type=submit]"))
    assert_checked_with_javascript(browser, page)
    page.goto(f"{base}{screen}paper/")
    assert_checked_with_javascript(browser, page)
    page.locator("input[name='cell_female_60+']").fill("2")
    page.locator("input[name=cell_x_x]").fill("4")
    submit(page.locator("main form.paper-sheet button[type=submit]"))
    assert_checked_with_javascript(browser, page)
    attendance = meeting_attendance(meeting)
    assert (attendance.checked_in, attendance.walk_ins, attendance.paper, attendance.total) == (3, 3, 6, 12)
    page.context.close()
