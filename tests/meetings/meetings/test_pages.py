"""The public meeting pages as a reader uses them: the list (upcoming soonest first, then past
ones most recent first, a meeting spanning days still upcoming until it ends, cancelled and
minuted ones marked), its filters, the meeting page with its agenda linking a consultation
paragraph and a petition, calendar links, schema.org data escaped, drafts hidden, and an
organisation's proposal."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import gettext, override

from meetings.meetings.models import Meeting, MeetingKind, MeetingStatus, Minutes
from meetings.meetings.services.agenda import AgendaEntry, agenda_set
from meetings.meetings.services.meetings import meeting_edit
from participation.models import OrganisationKind
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.petitions import PetitionFactory

pytestmark = pytest.mark.django_db
EVIL = "</script><script>alert(1)</script>"
LIST = "/en/meetings/"


def titles(response) -> list[str]:
    return re.findall(r'<h2><a href="/en/meetings/\d+/"[^>]*>([^<]+)</a>', response.content.decode())


def test_upcoming_meetings_come_first_soonest_first_then_past_ones_most_recent_first(client, make_meeting):
    make_meeting(title="Past long ago", starts_in=timedelta(days=-30))
    make_meeting(title="Later", starts_in=timedelta(days=9))
    make_meeting(title="Past recently", starts_in=timedelta(days=-2))
    make_meeting(title="Soon", starts_in=timedelta(days=4))
    # Started yesterday, ends tomorrow: still upcoming (not shown as past after day one).
    make_meeting(title="Spanning days", starts_in=timedelta(days=-1), hours=48)
    assert titles(client.get(LIST)) == ["Spanning days", "Soon", "Later", "Past recently", "Past long ago"]


def test_drafts_and_proposals_are_not_public_but_their_staff_see_them(client, make_meeting, meeting_staff, people):
    draft = make_meeting(title="Qoralama", status=MeetingStatus.DRAFT)
    proposed = make_meeting(title="Taklif", status=MeetingStatus.PROPOSED)
    assert titles(client.get(LIST)) == []
    for meeting in (draft, proposed):
        assert client.get(f"/en/meetings/{meeting.pk}/").status_code == 404
    client.force_login(people.zomin_manager)
    assert client.get(f"/en/meetings/{draft.pk}/").status_code == 404
    client.force_login(meeting_staff)
    assert client.get(f"/en/meetings/{draft.pk}/").status_code == 200


def test_a_cancelled_meeting_stays_public_marked_with_its_reason(client, make_meeting):
    meeting = make_meeting(title="Bekor", status=MeetingStatus.CANCELLED)
    with override("en"):
        cancelled = gettext("Cancelled")
    listing = client.get(LIST).content.decode()
    assert "Bekor" in listing and cancelled in listing
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert cancelled in page and meeting.cancellation_reason in page
    assert "https://schema.org/EventCancelled" in page


def test_past_meetings_with_approved_minutes_are_marked(client, make_meeting):
    minuted = make_meeting(title="Minuted", starts_in=timedelta(days=-3))
    make_meeting(title="Not minuted", starts_in=timedelta(days=-4))
    now = timezone.now()
    Minutes.objects.create(
        meeting=minuted,
        text="…",
        status="approved",
        circulated_at=now,
        comments_until=now,
        approved_at=now,
        updated_at=now,
    )
    page = client.get(LIST).content.decode()
    cards = page.split('<li class="card">')[1:]
    marked = {re.search(r">([^<]+)</a></h2>", card).group(1): "badge-minutes" in card for card in cards}
    assert marked == {"Minuted": True, "Not minuted": False}


def test_filters_by_territory_include_its_mahallas_and_by_kind_and_date(client, make_meeting, tree, people):
    make_meeting(title="District hearing")
    make_meeting(title="Mahalla gathering", territory=tree.navbahor, kind=MeetingKind.MAHALLA_GATHERING)
    make_meeting(title="Zomin hearing", territory=tree.zomin, staff=people.zomin_manager)
    assert set(titles(client.get(LIST, {"territory": tree.yangiqorgon.pk}))) == {
        "District hearing",
        "Mahalla gathering",
    }
    assert titles(client.get(LIST, {"kind": MeetingKind.MAHALLA_GATHERING})) == ["Mahalla gathering"]
    far = (timezone.localdate() + timedelta(days=30)).isoformat()
    assert titles(client.get(LIST, {"date_from": far})) == []


def test_filter_by_organisation(client, make_meeting, tree):
    wag = OrganisationFactory(territory=tree.yangiqorgon, kind=OrganisationKind.WAG)
    make_meeting(title="Theirs", organisation=wag)
    make_meeting(title="Khokimiyat's")
    assert titles(client.get(LIST, {"organisation": wag.slug})) == ["Theirs"]


def test_the_meeting_page_shows_the_agenda_with_its_paragraph_and_petition_links(
    client, make_meeting, make_consultation, meeting_staff, tree
):
    consultation = make_consultation()
    petition = PetitionFactory(territory=tree.yangiqorgon, title="Yoʻlni taʼmirlash")
    meeting = make_meeting(consultation=consultation)
    from meetings.consultations.selectors import version_latest

    third = version_latest(consultation).paragraphs.get(position=3)
    agenda_set(
        meeting=meeting,
        staff=meeting_staff,
        entries=[
            AgendaEntry(
                title="Reja loyihasi",
                presenter="Hokim oʻrinbosari",
                children=[
                    AgendaEntry(title="Uchinchi band", paragraph_anchor=third.anchor),
                ],
            ),
            AgendaEntry(title="Petitsiya", subject=petition),
        ],
    )
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert f"/en/consultations/{consultation.pk}/#p-{third.anchor}" in page
    assert f"/en/petitions/{petition.pk}/" in page and "Yoʻlni taʼmirlash" in page
    assert page.index("Reja loyihasi") < page.index("Uchinchi band") < page.index("Petitsiya")
    assert "Hokim oʻrinbosari" in page
    # Add to calendar: the .ics and Google Calendar's render link.
    assert f"/en/meetings/{meeting.pk}/meeting.ics" in page
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in page


def test_user_text_is_escaped_in_the_page_and_its_structured_data(client, make_meeting):
    meeting = make_meeting(title=EVIL, capacity=40)
    Meeting.objects.filter(pk=meeting.pk).update(seats_taken=15)
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert "<script>alert(1)" not in page
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    event = json.loads(data)
    assert event["@type"] == "Event" and event["name"] == EVIL
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["location"]["@type"] == "Place"
    assert event["remainingAttendeeCapacity"] == 25
    assert event["startDate"].endswith("+05:00")


def test_a_rescheduled_hybrid_meeting_says_so_in_its_structured_data(client, make_meeting, meeting_staff):
    meeting = make_meeting(attendance_mode="hybrid", online_url="https://meet.example.org/h")
    later = meeting.starts_at + timedelta(days=2)
    meeting_edit(meeting=meeting, staff=meeting_staff, starts_at=later, ends_at=later + timedelta(hours=2))
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    event = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert event["eventStatus"] == "https://schema.org/EventRescheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert {place["@type"] for place in event["location"]} == {"Place", "VirtualLocation"}


def test_an_organisation_representative_proposes_a_meeting_that_staff_see_as_proposed(client, tree, resident):
    organisation = OrganisationFactory(territory=tree.yangiqorgon)
    person = resident()
    MembershipFactory(organisation=organisation, user=person, role="representative")
    client.force_login(person)
    starts = timezone.localtime(timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)
    response = client.post(
        "/en/meetings/propose/",
        {
            "organisation": organisation.pk,
            "territory": tree.navbahor.pk,
            "kind": MeetingKind.OTHER,
            "title": "Ayollar bilan uchrashuv",
            "purpose": "Tadbirkorlik boʻyicha suhbat.",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "attendance_mode": "in_person",
            "address": "Navbahor MFY binosi",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Ayollar bilan uchrashuv")
    assert meeting.status == MeetingStatus.PROPOSED and meeting.organisation == organisation
    assert titles(client.get(LIST)) == []


def test_a_refused_proposal_keeps_what_was_typed(client, tree, resident):
    organisation = OrganisationFactory(territory=tree.yangiqorgon)
    person = resident()
    MembershipFactory(organisation=organisation, user=person, role="representative")
    client.force_login(person)
    starts = timezone.localtime(timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)
    response = client.post(
        "/en/meetings/propose/",
        {
            "organisation": organisation.pk,
            "territory": tree.navbahor.pk,
            "kind": MeetingKind.OTHER,
            "title": "Ayollar bilan uchrashuv",
            "purpose": "Tadbirkorlik boʻyicha suhbat.",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "attendance_mode": "in_person",
            "address": "Navbahor MFY binosi",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Ayollar bilan uchrashuv" in page
    with override("en"):
        assert gettext("The meeting must end after it starts.") in page
    assert not Meeting.objects.exists()
