"""The meeting pages no walk visits, on a 360 px phone: the list filtered by territory and kind,
an organisation's proposal form (and its refusal, with what was typed kept, without JavaScript),
the paper sign-in sheet at the door, approved minutes with a correction, and the staff's "Action
items" queue and item screen. Each fits the phone, axe finds nothing, and the Nu HTML Checker
finds no error in what the server sent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.meetings.services import actions as action_services
from meetings.meetings.services import minutes as minutes_services
from participation.models import StaffRoleKind
from tests.factories.meetings import meeting_made, registration_made
from tests.fixtures.browser import (
    SMALL_PHONE,
    assert_checked,
    assert_checked_with_javascript,
    nu_html_errors,
    signed_in,
    submit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "sinov-parol-2026"


def test_the_pages_no_walk_visits_fit_a_phone_pass_axe_and_the_nu_checker(
    live_server, browser, tree, make_staff, make_representative, wag, resident, tmp_path
):
    manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon, password=PASSWORD)
    representative = make_representative(wag, password=PASSWORD)
    today = meeting_made(
        staff=manager, territory=tree.yangiqorgon, starts_in=timedelta(hours=1), title="Bugungi yigʻin"
    )
    past = meeting_made(
        staff=manager, territory=tree.navbahor, starts_in=-timedelta(days=20), kind="mahalla", title="Oʻtgan yigʻin"
    )
    attendee = resident()
    registration_made(past, attendee)
    at = past.ends_at + timedelta(hours=1)
    minutes = minutes_services.minutes_write(meeting=past, staff=manager, text="Yigʻin boʻlib oʻtdi.", now=at)
    minutes_services.minutes_circulate(minutes=minutes, staff=manager, comment_days=2, now=at)
    minutes_services.minutes_approve(minutes=minutes, staff=manager)
    minutes_services.minutes_correct(minutes=minutes, staff=manager, text="Qatnashchilar soni: 31.")
    item = action_services.action_add(
        meeting=past,
        staff=manager,
        text="Ariqlarni tozalash",
        owner_organisation=wag,
        due_at=past.starts_at + timedelta(days=5),
        now=past.starts_at + timedelta(hours=1),
    )
    action_services.actions_mark_overdue()
    base = live_server.url
    html = {}

    def keep(page, kind):
        html[kind] = page.request.get(page.url).text()

    # A visitor filters the list; the approved minutes with their correction.
    page = browser.new_context(viewport=SMALL_PHONE).new_page()
    page.goto(f"{base}/uz/meetings/?territory={tree.yangiqorgon.pk}&kind=mahalla")
    assert "Oʻtgan yigʻin" in page.content() and "Bugungi yigʻin" not in page.content()
    assert_checked(page)
    keep(page, "meetings filtered")
    page.goto(f"{base}/uz/meetings/{past.pk}/minutes/")
    assert "Qatnashchilar soni: 31." in page.content()
    assert_checked(page)
    keep(page, "minutes approved")
    page.context.close()

    # A representative proposes a meeting without JavaScript: the end before the start is
    # refused with what was typed kept.
    page = signed_in(browser, base, representative, "/uz/meetings/propose/", password=PASSWORD, javascript=False)
    assert_checked_with_javascript(browser, page)
    keep(page, "propose")
    starts = timezone.localtime(timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)
    page.locator("select[name=organisation]").select_option(str(wag.pk))
    page.locator("select[name=territory]").select_option(str(tree.navbahor.pk))
    page.locator("input[name=title]").fill("Ayollar bilan uchrashuv")
    page.locator("textarea[name=purpose]").fill("Tadbirkorlik boʻyicha suhbat.")
    page.locator("input[name=starts_at]").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.locator("input[name=ends_at]").fill((starts - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("input[name=address]").fill("Navbahor MFY binosi")
    submit(page.locator("main form button[type=submit]"))
    assert page.locator("input[name=title]").input_value() == "Ayollar bilan uchrashuv"
    assert_checked_with_javascript(browser, page)
    html["propose refused"] = page.content()
    page.context.close()

    # At the door: the paper sign-in sheet.
    page = signed_in(browser, base, manager, f"/uz/meetings/{today.pk}/check-in/paper/", password=PASSWORD)
    assert_checked(page)
    keep(page, "paper sheet")
    page.context.close()

    # The staff's queue of action items and one item's screen in the admin.
    page = signed_in(browser, base, manager, "/admin/meetings/followup/actions/", password=PASSWORD, admin=True)
    assert_checked(page)
    keep(page, "admin action queue")
    page.goto(f"{base}/admin/meetings/followup/actions/{item.pk}/")
    assert "Ariqlarni tozalash" in page.content()
    assert_checked(page)
    keep(page, "admin action item")
    page.context.close()

    assert nu_html_errors(html, tmp_path) == []
