"""The check-in screen on a staff phone: only for who runs the meeting, by code typed, by the
QR image's address (a confirm page first), by name; walk-ins and a paper sheet; totals and
needs in aggregate; a budget of queries that holds as registrations grow."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.meetings.models import Registration
from meetings.meetings.qr import check_in_url
from meetings.meetings.selectors.attendance import meeting_attendance
from meetings.meetings.services.registrations import registration_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def hearing(make_meeting):
    return make_meeting(starts_in=timedelta(hours=1), capacity=40, title="Ochiq eshituv <b>loyiha</b>")


def page_of(response) -> str:
    assert response.status_code in (200, 400), response.status_code
    return response.content.decode()


def url(meeting, tail="") -> str:
    return f"/en/meetings/{meeting.pk}/check-in/{tail}"


def test_only_who_runs_the_meeting_opens_the_screen(client, hearing, people, meeting_staff):
    response = client.get(url(hearing))
    assert response.status_code == 302 and "/login/" in response.url
    for outsider in (people.resident, people.moderator, people.zomin_manager):
        client.force_login(outsider)
        assert client.get(url(hearing)).status_code == 403
        assert client.post(url(hearing, "walk-ins/"), {"count": 3}).status_code == 403
    assert meeting_attendance(hearing).walk_ins == 0
    for staff in (meeting_staff, people.responder, people.region_manager):
        client.force_login(staff)
        assert client.get(url(hearing)).status_code == 200


def test_a_typed_code_checks_in_and_the_screen_says_who(client, hearing, resident, meeting_staff):
    person = resident(full_name="Dilshod Karimov")
    registration = registration_create(meeting=hearing, user=person)
    client.force_login(meeting_staff)
    response = client.post(url(hearing), {"code": f" {registration.code[:4].lower()}-{registration.code[4:]} "})
    assert response.status_code == 302
    page = page_of(client.get(response.url))
    assert "Checked in: Dilshod Karimov (1 person)." in page
    assert "<dt>Checked in</dt><dd>1</dd>" in page
    # User text is escaped.
    assert "&lt;b&gt;loyiha&lt;/b&gt;" in page and "<b>loyiha</b>" not in page
    again = client.post(url(hearing), {"code": registration.code})
    assert again.status_code == 400 and "Already checked in at" in page_of(again)
    assert f'value="{registration.code}"' in page_of(again)


def test_the_qr_address_opens_a_confirm_page_before_anything_is_written(
    client, hearing, wag, make_representative, meeting_staff
):
    registration = registration_create(
        meeting=hearing, user=make_representative(wag), organisation=wag, people=4, needs_sign_language=True
    )
    client.force_login(meeting_staff)
    scanned = check_in_url(hearing.pk, registration.code).split("/en", 1)[1]
    page = page_of(client.get("/en" + scanned))
    assert "Check this person in?" in page and "Navbahor faol ayollari" in page
    assert "4 people registered" in page and "Needs sign-language interpretation" in page
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None
    client.post(url(hearing), {"code": registration.code, "people": 3})
    assert meeting_attendance(hearing).checked_in == 3


def test_another_meetings_code_is_named_on_the_confirm_page(client, make_meeting, hearing, resident, meeting_staff):
    other = make_meeting(title="Zomin: bogʻlar", starts_in=timedelta(days=6))
    code = registration_create(meeting=other, user=resident()).code
    client.force_login(meeting_staff)
    page = page_of(client.get(url(hearing) + f"?code={code}"))
    assert "This is a code of another meeting: “Zomin: bogʻlar”" in page and "Check this person in?" not in page


def test_staff_find_a_registration_by_name_in_latin_or_cyrillic(client, hearing, resident, meeting_staff):
    registration_create(meeting=hearing, user=resident(full_name="Gulnora Karimova"))
    registration_create(meeting=hearing, user=resident(full_name="Bahodir Rahimov"))
    client.force_login(meeting_staff)
    page = page_of(client.get(url(hearing) + "?q=karim"))
    assert "Gulnora Karimova" in page and "Bahodir" not in page and "Check in Gulnora Karimova" in page
    assert "Gulnora Karimova" in page_of(client.get(url(hearing) + "?q=Карим"))
    assert "Nobody with a confirmed registration has this name." in page_of(client.get(url(hearing) + "?q=Zzz"))


def test_walk_ins_and_a_paper_sheet_are_entered_as_counts(client, hearing, meeting_staff):
    client.force_login(meeting_staff)
    response = client.post(url(hearing, "walk-ins/"), {"count": 5}, follow=True)
    assert "5 people came without registering so far." in page_of(response)
    bad = client.post(url(hearing, "walk-ins/"), {"count": 0})
    assert bad.status_code == 400 and meeting_attendance(hearing).walk_ins == 5
    form = page_of(client.get(url(hearing, "paper/")))
    assert 'name="cell_female_60+"' in form and 'name="cell_x_x"' in form
    response = client.post(url(hearing, "paper/"), {"cell_female_60+": "2", "cell_x_x": "6"}, follow=True)
    page = page_of(response)
    assert "The sheet is counted: 8 people added." in page
    assert "<dt>From paper sheets</dt><dd>8</dd>" in page and "Woman: 2" in page
    empty = client.post(url(hearing, "paper/"), {"cell_x_x": ""})
    assert empty.status_code == 400 and "Enter how many people signed the sheet." in page_of(empty)
    assert meeting_attendance(hearing).paper == 8


def test_the_screen_shows_needs_in_aggregate(client, hearing, resident, meeting_staff):
    for _ in range(3):
        registration_create(meeting=hearing, user=resident(), needs_sign_language=True)
    client.force_login(meeting_staff)
    page = page_of(client.get(url(hearing)))
    assert "3 registrations need sign language" in page and "0 registrations need help for the elderly" in page


def test_the_screen_costs_the_same_queries_however_many_registered(
    client, hearing, resident, meeting_staff, django_assert_max_num_queries
):
    client.force_login(meeting_staff)
    client.get(url(hearing) + "?q=Karim")
    counts = []
    for total in (3, 30):
        while Registration.objects.filter(meeting=hearing).count() < total:
            registration_create(meeting=hearing, user=resident(full_name="Karim Toshev"))
        with django_assert_max_num_queries(16), CaptureQueriesContext(connection) as queries:
            page = page_of(client.get(url(hearing) + "?q=Karim"))
        assert page.count("Check in Karim Toshev") == min(total, 20)
        counts.append(len(queries))
    assert counts[0] == counts[1]
