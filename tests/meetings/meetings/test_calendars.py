"""Calendar files parsed back with ``icalendar`` and checked per RFC 5545: every VEVENT has UID
and DTSTAMP; the UID is the same in every export and after a cancellation (STATUS:CANCELLED);
SEQUENCE rises after a reschedule; times are Tashkent's with its VTIMEZONE; the feeds of a
territory (with its mahallas) and of an organisation; a query budget that holds as meetings
grow; user text cannot forge a property."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from meetings.meetings.models import MeetingStatus
from meetings.meetings.services.meetings import meeting_cancel, meeting_edit
from tests.factories.organisations import OrganisationFactory
from tests.fixtures.meetings import calendar_events

pytestmark = pytest.mark.django_db
TASHKENT = ZoneInfo("Asia/Tashkent")


def parsed(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return calendar_events(response.content)


def ics(client, meeting):
    return parsed(client.get(f"/en/meetings/{meeting.pk}/meeting.ics"))[0]


def test_a_meeting_file_carries_its_identity_times_place_and_link(client, make_meeting, settings):
    settings.SITE_URL = "https://ishtirok.example.uz"
    meeting = make_meeting(title="Ochiq eshituv")
    event = ics(client, meeting)
    assert str(event["UID"]) == f"{meeting.uid}@ishtirok.example.uz"
    assert event.decoded("DTSTART") == meeting.starts_at.astimezone(TASHKENT).replace(microsecond=0)
    assert event.decoded("DTSTART").utcoffset() == timedelta(hours=5)
    assert str(event["SUMMARY"]) == "Ochiq eshituv"
    assert str(event["LOCATION"]) == meeting.address
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]) == f"https://ishtirok.example.uz/en/meetings/{meeting.pk}/"
    assert event.get("LAST-MODIFIED") is not None
    assert str(ics(client, meeting)["UID"]) == str(event["UID"])  # stable across exports


def test_a_reschedule_raises_the_sequence_and_a_cancellation_keeps_the_uid(client, make_meeting, meeting_staff):
    meeting = make_meeting()
    first = ics(client, meeting)
    later = meeting.starts_at + timedelta(days=1)
    meeting_edit(meeting=meeting, staff=meeting_staff, starts_at=later, ends_at=later + timedelta(hours=3))
    moved = ics(client, meeting)
    assert str(moved["UID"]) == str(first["UID"])
    assert int(moved["SEQUENCE"]) > int(first["SEQUENCE"])
    assert moved.decoded("DTSTART") == later.astimezone(TASHKENT).replace(microsecond=0)
    meeting_cancel(meeting=meeting, staff=meeting_staff, reason="Zal band.")
    cancelled = ics(client, meeting)
    assert str(cancelled["UID"]) == str(first["UID"])
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) > int(moved["SEQUENCE"])


def test_a_draft_has_no_calendar_file(client, make_meeting):
    meeting = make_meeting(status=MeetingStatus.DRAFT)
    assert client.get(f"/en/meetings/{meeting.pk}/meeting.ics").status_code == 404


def test_text_with_commas_semicolons_and_line_breaks_cannot_forge_a_property(client, make_meeting):
    meeting = make_meeting(title="Eshituv; 1, 2\nSTATUS:CANCELLED", purpose="Bir\nUID:evil@x\nIkki")
    response = client.get(f"/en/meetings/{meeting.pk}/meeting.ics")
    event = parsed(response)[0]
    assert str(event["SUMMARY"]) == "Eshituv; 1, 2 STATUS:CANCELLED"  # a title is one line
    assert str(event["DESCRIPTION"]).startswith("Bir\nUID:evil@x\nIkki")
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["UID"]).startswith(str(meeting.uid))
    assert b"\r\nUID:evil" not in response.content


def test_the_territory_feed_holds_its_meetings_and_its_mahallas_but_no_draft(client, make_meeting, tree, people):
    district = make_meeting(title="District")
    mahalla = make_meeting(title="Mahalla", territory=tree.navbahor)
    cancelled = make_meeting(title="Cancelled", status=MeetingStatus.CANCELLED)
    make_meeting(title="Draft", status=MeetingStatus.DRAFT)
    make_meeting(title="Zomin", territory=tree.zomin, staff=people.zomin_manager)
    events = parsed(client.get(f"/en/meetings/territory/{tree.yangiqorgon.pk}/calendar.ics"))
    by_uid = {str(e["UID"]).split("@")[0]: e for e in events}
    assert set(by_uid) == {str(m.uid) for m in (district, mahalla, cancelled)}
    assert str(by_uid[str(cancelled.uid)]["STATUS"]) == "CANCELLED"


def test_the_organisation_feed_holds_its_meetings(client, make_meeting, tree):
    organisation = OrganisationFactory(territory=tree.yangiqorgon)
    theirs = make_meeting(organisation=organisation)
    make_meeting()
    events = parsed(client.get(f"/en/meetings/organisation/{organisation.slug}/calendar.ics"))
    assert [str(e["UID"]).split("@")[0] for e in events] == [str(theirs.uid)]


def test_feeds_cost_the_same_queries_for_3_and_30_meetings(client, make_meeting, tree, django_assert_max_num_queries):
    organisation = OrganisationFactory(territory=tree.yangiqorgon)
    urls = [
        f"/en/meetings/territory/{tree.yangiqorgon.pk}/calendar.ics",
        f"/en/meetings/organisation/{organisation.slug}/calendar.ics",
    ]
    made = 0
    counts = []
    for total in (3, 30):
        while made < total:
            make_meeting(organisation=organisation, starts_in=timedelta(days=4 + made))
            made += 1
        for url in urls:
            client.get(url)  # warm the caches
            with django_assert_max_num_queries(6) as captured:
                events = parsed(client.get(url))
            assert len(events) == total
            counts.append(len(captured.captured_queries))
    assert counts[:2] == counts[2:]
