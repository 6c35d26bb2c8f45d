"""The issue's "Bad input", as the person meets it on the page, in their language: staff read
the admin in Uzbek (the default), residents the language of the page they are on. Each refusal
says what is wrong, keeps what was typed and writes nothing."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from meetings.meetings.models import (
    ActionItem,
    AttendanceCount,
    Meeting,
    MeetingStatus,
    MinutesStatus,
    Registration,
)
from meetings.meetings.services import attendance as attendance_services
from meetings.meetings.services import meetings as meeting_services
from meetings.meetings.services import minutes as minutes_services
from meetings.meetings.services import registrations as registration_services
from meetings.meetings.services.fields import ENDS_BEFORE_START
from participation.exceptions import ServiceError
from participation.models import StaffRoleKind

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def uzbek_manager(make_staff, tree):
    """A manager of Yangiqoʻrgʻon who never chose a language: the admin speaks Uzbek to them."""
    return make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)


def test_a_meeting_ending_before_it_starts_is_refused_on_the_staff_screen_in_uzbek(client, uzbek_manager, tree):
    client.force_login(uzbek_manager)
    starts = timezone.now() + timedelta(days=10)
    typed = {
        "territory": tree.yangiqorgon.pk,
        "kind": "hearing",
        "title": "Ochiq eshituv: yangi bogʻ",
        "purpose": "Bogʻ loyihasini muhokama qilish.",
        "starts_at": local(starts),
        "ends_at": local(starts - timedelta(hours=1)),
        "attendance_mode": "in_person",
        "address": "Hokimlik majlislar zali",
    }
    response = client.post(reverse("meetings_admin:add"), typed)
    page = text_of(response)
    with translation.override("uz"):
        assert str(ENDS_BEFORE_START) in page
    assert "Ochiq eshituv: yangi bogʻ" in page and "Bogʻ loyihasini muhokama qilish." in page
    assert typed["ends_at"] in page
    assert not Meeting.objects.exists()


def test_a_meeting_moved_to_end_before_it_starts_keeps_its_times_and_the_typed_ones(
    client, uzbek_manager, make_meeting
):
    meeting = make_meeting()
    client.force_login(uzbek_manager)
    typed = {
        "kind": "hearing",
        "title": meeting.title,
        "purpose": meeting.purpose,
        "starts_at": local(meeting.starts_at + timedelta(days=1)),
        "ends_at": local(meeting.starts_at),
        "attendance_mode": "in_person",
        "address": meeting.address,
    }
    response = client.post(reverse("meetings_admin:edit", args=[meeting.pk]), typed)
    with translation.override("uz"):
        assert str(ENDS_BEFORE_START) in text_of(response)
    assert typed["starts_at"] in text_of(response)
    assert Meeting.objects.get(pk=meeting.pk).starts_at == meeting.starts_at


def test_announcing_too_late_is_refused_on_the_staff_screen_in_uzbek_naming_the_earliest_start(
    client, uzbek_manager, make_meeting, settings
):
    settings.MEETING_NOTICE_DAYS = 3
    meeting = make_meeting(status=MeetingStatus.DRAFT, starts_in=timedelta(days=1))
    client.force_login(uzbek_manager)
    url = reverse("meetings_admin:meeting", args=[meeting.pk])
    client.post(url, {"action": "agenda", "agenda": "Kirish soʻzi | Hokim"})
    response = client.post(url, {"action": "announce"})
    earliest = re.escape(timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%d.%m.%Y"))
    with translation.override("uz"):
        sentence = str(meeting_services.NOTICE_TOO_SHORT).split("%(days)d")[0]
    assert response.status_code == 200 and sentence in text_of(response)
    assert re.search(earliest, text_of(response))
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.DRAFT


def test_a_refused_status_move_names_the_statuses_in_the_readers_language(make_meeting, meeting_staff):
    meeting = make_meeting(status=MeetingStatus.DRAFT)
    with translation.override("ru"), pytest.raises(ServiceError) as refused:
        meeting_services.meeting_transition(
            meeting, target=MeetingStatus.CANCELLED, staff=meeting_staff, now=timezone.now()
        )
    with translation.override("ru"):
        expected = meeting_services.TRANSITION_REFUSED % {
            "source": MeetingStatus.DRAFT.label,
            "target": MeetingStatus.CANCELLED.label,
        }
        assert str(refused.value.message) == str(expected)
        assert "draft" not in str(refused.value.message)
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.DRAFT


def test_registering_twice_is_refused_in_russian_on_the_russian_page(client, make_meeting, resident):
    meeting = make_meeting()
    person = resident()
    registration_services.registration_create(meeting=meeting, user=person)
    client.force_login(person)
    response = client.post(f"/ru/meetings/{meeting.pk}/register/", {"on_behalf": "self", "needs_step_free": "on"})
    with translation.override("ru"):
        assert str(registration_services.ALREADY_REGISTERED) in text_of(response)
    assert response.status_code == 400 and 'name="needs_step_free" id="id_needs_step_free" checked' in text_of(response)
    assert Registration.objects.filter(meeting=meeting).count() == 1


def test_a_typed_code_of_another_meeting_is_refused_at_the_door_naming_it_with_the_code_kept(
    client, make_meeting, resident, uzbek_manager
):
    here = make_meeting(starts_in=timedelta(hours=1), title="Bugungi eshituv")
    elsewhere = make_meeting(starts_in=timedelta(days=8), title="Keyingi hafta yigʻini")
    registration = registration_services.registration_create(meeting=elsewhere, user=resident())
    client.force_login(uzbek_manager)
    response = client.post(f"/uz/meetings/{here.pk}/check-in/", {"code": registration.code.lower()})
    page = text_of(response)
    with translation.override("uz"):
        sentence = str(attendance_services.CODE_OF_ANOTHER_MEETING).split("“")[0]
    assert response.status_code == 400 and sentence in page and "Keyingi hafta yigʻini" in page
    assert f'value="{registration.code.lower()}"' in page
    assert not AttendanceCount.objects.exists()
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None


def test_an_action_item_without_a_due_date_is_refused_on_the_staff_screen_with_what_was_typed(
    client, past_meeting, uzbek_manager
):
    client.force_login(uzbek_manager)
    response = client.post(
        reverse("meetings_followup_admin:meeting", args=[past_meeting.pk]),
        {
            "action": "action",
            "action-kind": "action",
            "action-text": "Koʻprik tagini tozalash",
            "action-owner_department": "Obodonlashtirish boʻlimi",
            "action-due_on": "",
        },
    )
    page = text_of(response)
    with translation.override("uz"):
        from meetings.meetings.services.actions import DUE_REQUIRED

        assert str(DUE_REQUIRED) in page
    assert "Koʻprik tagini tozalash" in page and 'value="Obodonlashtirish boʻlimi"' in page
    assert not ActionItem.objects.exists()


def test_approving_minutes_during_the_comment_period_is_refused_in_uzbek_naming_when_it_ends(
    client, past_meeting, uzbek_manager, meeting_staff
):
    minutes = minutes_services.minutes_write(meeting=past_meeting, staff=meeting_staff, text="Bayonnoma loyihasi")
    minutes_services.minutes_circulate(minutes=minutes, staff=meeting_staff, comment_days=5)
    minutes.refresh_from_db()
    client.force_login(uzbek_manager)
    response = client.post(reverse("meetings_followup_admin:meeting", args=[past_meeting.pk]), {"action": "approve"})
    with translation.override("uz"):
        expected = minutes_services.APPROVE_TOO_EARLY % {"date": minutes_services.when(minutes.comments_until)}
        assert str(expected) in text_of(response)
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED and minutes.approved_at is None
