"""The meeting pages on a 360 px phone, checked with axe, with JavaScript on and off: the list
(an upcoming hearing with its agenda, a cancelled meeting), the meeting page with its calendar
links and agenda, and the manager's admin screen of the meeting with its agenda form."""

from datetime import timedelta
from urllib.parse import quote

import pytest

from meetings.meetings.models import MeetingStatus
from meetings.meetings.services.agenda import AgendaEntry, agenda_set
from participation.models import StaffRoleKind
from tests.factories.meetings import meeting_made
from tests.fixtures.browser import SETTLE, SMALL_PHONE, assert_accessible, assert_fits_small_phone, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "sinov-parol-2026"


def check(page, javascript=True):
    page.wait_for_load_state()
    if javascript:
        # axe and the settling script need the page's JavaScript (the settling script would wait
        # for ever without it); with it off the same pages are checked with it on as well.
        page.evaluate(SETTLE)
        assert_accessible(page)
    assert_fits_small_phone(page)


@pytest.mark.parametrize("javascript", [True, False])
def test_the_meeting_pages_fit_a_phone_and_pass_axe(live_server, browser, tree, make_staff, javascript):
    manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon, password=PASSWORD)
    hearing = meeting_made(
        staff=manager,
        territory=tree.yangiqorgon,
        title="Ochiq eshituv: mahallalarni obodonlashtirish rejasi, 2027-yil loyihasi va aholining takliflari",
        attendance_mode="hybrid",
        online_url="https://meet.example.uz/juda-uzun-havola-nomi-telefonda-sigmasligi-mumkin-boʻlgan-manzil",
        step_free_entrance=True,
        sign_language=True,
        languages=["uz", "ru"],
    )
    agenda_set(
        meeting=hearing,
        staff=manager,
        entries=[
            AgendaEntry(title="Kirish soʻzi", presenter="Hokim oʻrinbosari", starts_at=hearing.starts_at),
            AgendaEntry(title="Reja taqdimoti", children=[AgendaEntry(title="Koʻkalamzorlashtirish")]),
        ],
    )
    meeting_made(
        staff=manager, territory=tree.yangiqorgon, title="Bekor qilingan yigʻin", status=MeetingStatus.CANCELLED
    )
    meeting_made(staff=manager, territory=tree.navbahor, title="Oʻtgan yigʻin", starts_in=timedelta(days=-5))
    base = live_server.url
    page = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=javascript).new_page()
    page.goto(f"{base}/uz/meetings/")
    check(page, javascript)
    page.goto(f"{base}/uz/meetings/{hearing.pk}/")
    check(page, javascript)
    assert page.locator("a[href$='meeting.ics']").count() == 1
    page.goto(f"{base}/admin/login/?next={quote(f'/admin/meetings/{hearing.pk}/')}")
    page.locator("input[name=login]").fill(manager.email)
    page.locator("input[name=password]").fill(PASSWORD)
    submit(page.locator("main form button[type=submit]"))
    assert page.url.endswith(f"/admin/meetings/{hearing.pk}/"), page.url
    check(page, javascript)
