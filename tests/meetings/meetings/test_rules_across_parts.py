"""Rules that hold where the parts of a meeting's life meet: announcing and approving each keep
the notice and the agenda, a meeting that has begun keeps its agenda and cannot be cancelled,
minutes changed while circulated go round again, a seat in the hall stays taken, a group never
waits for seats the hall does not have, and a busy feed keeps the meetings to come."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from meetings.meetings.models import AgendaItem, Meeting, MeetingStatus, Minutes, RegistrationStatus
from meetings.meetings.selectors import calendars
from meetings.meetings.services import minutes as minutes_services
from meetings.meetings.services.agenda import AgendaEntry, agenda_set
from meetings.meetings.services.attendance import check_in
from meetings.meetings.services.meetings import meeting_announce, meeting_approve, meeting_cancel
from meetings.meetings.services.registrations import registration_cancel, registration_create
from participation.exceptions import ServiceError

pytestmark = pytest.mark.django_db


def refused(call) -> str:
    with pytest.raises(ServiceError) as refusal:
        call()
    return str(refusal.value.message)


def test_approving_cannot_stand_in_for_announcing_a_draft_too_soon_without_an_agenda(make_meeting, meeting_staff):
    draft = make_meeting(status=MeetingStatus.DRAFT, starts_in=timedelta(hours=5))
    refused(lambda: meeting_approve(meeting=draft, staff=meeting_staff))
    proposal = make_meeting(status=MeetingStatus.PROPOSED, starts_in=timedelta(days=10))
    refused(lambda: meeting_announce(meeting=proposal, staff=meeting_staff))
    statuses = dict(Meeting.objects.values_list("pk", "status"))
    assert statuses[draft.pk] == MeetingStatus.DRAFT and statuses[proposal.pk] == MeetingStatus.PROPOSED
    meeting_approve(meeting=proposal, staff=meeting_staff)
    assert Meeting.objects.get(pk=proposal.pk).status == MeetingStatus.ANNOUNCED


def test_a_meeting_that_has_begun_can_no_longer_be_cancelled_nor_its_agenda_replaced(make_meeting, meeting_staff):
    started = make_meeting(starts_in=-timedelta(minutes=30))
    item = AgendaItem.objects.get(meeting=started)
    refused(lambda: meeting_cancel(meeting=started, staff=meeting_staff, reason="Chiroq oʻchdi."))
    refused(lambda: agenda_set(meeting=started, staff=meeting_staff, entries=[AgendaEntry(title="Boshqa")]))
    assert Meeting.objects.get(pk=started.pk).status == MeetingStatus.ANNOUNCED
    assert list(AgendaItem.objects.filter(meeting=started).values_list("pk", flat=True)) == [item.pk]


def test_minutes_changed_while_circulated_go_round_again_for_a_full_period(
    past_meeting, meeting_staff, attendee, django_capture_on_commit_callbacks
):
    start = timezone.now() - timedelta(days=6)
    with django_capture_on_commit_callbacks(execute=True):
        minutes = minutes_services.minutes_write(meeting=past_meeting, staff=meeting_staff, text="Birinchi", now=start)
        minutes = minutes_services.minutes_circulate(minutes=minutes, staff=meeting_staff, comment_days=2, now=start)
    assert len(mail.outbox) == 1
    changed_at = timezone.now() - timedelta(minutes=5)  # the first period is over
    with django_capture_on_commit_callbacks(execute=True):
        minutes_services.minutes_write(meeting=past_meeting, staff=meeting_staff, text="Ikkinchi", now=changed_at)
    minutes = Minutes.objects.get(pk=minutes.pk)
    assert minutes.comments_until > timezone.now() + timedelta(days=1)
    assert len(mail.outbox) == 2 and mail.outbox[1].to == [attendee.email]
    refused(lambda: minutes_services.minutes_approve(minutes=minutes, staff=meeting_staff))
    assert Minutes.objects.get(pk=minutes.pk).status == "circulated"


def test_a_registration_checked_in_at_the_door_keeps_its_seat(make_meeting, meeting_staff, resident):
    hearing = make_meeting(starts_in=timedelta(hours=1), capacity=1)
    person, waiting = resident(), resident()
    registration = registration_create(meeting=hearing, user=person)
    later = registration_create(meeting=hearing, user=waiting)
    check_in(meeting=hearing, staff=meeting_staff, code=registration.code)
    refused(lambda: registration_cancel(registration=registration, user=person))
    assert Meeting.objects.get(pk=hearing.pk).seats_taken == 1
    assert type(later).objects.get(pk=later.pk).status == RegistrationStatus.WAITING


def test_a_group_larger_than_the_hall_is_told_so_instead_of_waiting_for_ever(make_meeting, wag, make_representative):
    small = make_meeting(capacity=2)
    leader = make_representative(wag)
    message = refused(
        lambda: registration_create(meeting=small, user=leader, organisation=wag, people=3, rate_limited=False)
    )
    assert "2" in message
    assert not small.registrations.exists()


def test_a_busy_feed_keeps_the_meetings_to_come_and_then_the_latest_past(make_meeting, tree, monkeypatch):
    past = [make_meeting(starts_in=-timedelta(days=days)) for days in (40, 30, 20)]
    coming = [make_meeting(starts_in=timedelta(days=days)) for days in (5, 6)]
    monkeypatch.setattr(calendars, "FEED_MAX", 3)
    feed = calendars.calendar_of_territory(tree.yangiqorgon)
    assert [m.pk for m in feed] == [past[2].pk, coming[0].pk, coming[1].pk]
