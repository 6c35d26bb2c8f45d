"""A meeting through its services: created, refused an announcement too close to its start,
without an end after its start or without an agenda (nothing written), announced, rescheduled
and cancelled with every active registrant told in their language with the new calendar entry."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar
from wagtail.models import ModelLogEntry

from meetings.meetings.models import AgendaItem, Meeting, MeetingStatus, Registration
from meetings.meetings.services import meetings as services
from meetings.meetings.services.agenda import AgendaEntry, agenda_set
from meetings.meetings.services.fields import ENDS_BEFORE_START
from participation.exceptions import ServiceError

pytestmark = pytest.mark.django_db


def draft(staff, territory, *, starts_in=timedelta(days=5), **fields):
    starts_at = timezone.now() + starts_in
    values = {
        "title": "Ochiq eshituv",
        "purpose": "Reja loyihasini muhokama qilish.",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "address": "Hokimlik, majlislar zali",
    }
    values.update(fields)
    return services.meeting_create(staff=staff, territory=territory, **values)


def with_agenda(meeting, staff):
    agenda_set(meeting=meeting, staff=staff, entries=[AgendaEntry(title="Kirish")])
    return meeting


def register(meeting, user, *, status="confirmed", language=""):
    import secrets

    return Registration.objects.create(
        meeting=meeting,
        user=user,
        status=status,
        code=secrets.token_hex(4),
        created_at=timezone.now(),
        language=language,
        **({"cancelled_at": timezone.now()} if status == "cancelled" else {}),
    )


def test_announcing_less_than_the_notice_ahead_is_refused_with_the_earliest_start(tree, meeting_staff, settings):
    settings.MEETING_NOTICE_DAYS = 3
    meeting = with_agenda(draft(meeting_staff, tree.yangiqorgon, starts_in=timedelta(days=2)), meeting_staff)
    with pytest.raises(ServiceError) as refused:
        services.meeting_announce(meeting=meeting, staff=meeting_staff)
    assert "3" in str(refused.value.message)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT and meeting.announced_at is None
    assert not ModelLogEntry.objects.filter(action="meetings.meeting_announced").exists()


def test_announcing_without_an_agenda_is_refused(tree, meeting_staff):
    meeting = draft(meeting_staff, tree.yangiqorgon)
    with pytest.raises(ServiceError) as refused:
        services.meeting_announce(meeting=meeting, staff=meeting_staff)
    assert refused.value.message == services.AGENDA_REQUIRED
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.DRAFT


def test_a_meeting_that_ends_before_it_starts_is_refused_and_nothing_is_written(tree, meeting_staff):
    starts_at = timezone.now() + timedelta(days=5)
    with pytest.raises(ServiceError) as refused:
        draft(meeting_staff, tree.yangiqorgon, starts_at=starts_at, ends_at=starts_at - timedelta(hours=1))
    assert refused.value.message == ENDS_BEFORE_START
    assert not Meeting.objects.exists()


def test_announced_with_notice_and_agenda_it_becomes_public_and_audited(tree, meeting_staff):
    meeting = with_agenda(draft(meeting_staff, tree.yangiqorgon, starts_in=timedelta(days=5)), meeting_staff)
    services.meeting_announce(meeting=meeting, staff=meeting_staff)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ANNOUNCED and meeting.announced_by == meeting_staff
    assert ModelLogEntry.objects.filter(action="meetings.meeting_announced", object_id=str(meeting.pk)).exists()


def test_the_agenda_nests_one_level_only_and_a_refusal_keeps_the_old_agenda(tree, meeting_staff):
    meeting = with_agenda(draft(meeting_staff, tree.yangiqorgon), meeting_staff)
    deep = AgendaEntry(title="A", children=[AgendaEntry(title="A.1", children=[AgendaEntry(title="A.1.a")])])
    with pytest.raises(ServiceError):
        agenda_set(meeting=meeting, staff=meeting_staff, entries=[deep])
    assert list(AgendaItem.objects.filter(meeting=meeting).values_list("title", flat=True)) == ["Kirish"]
    agenda_set(
        meeting=meeting,
        staff=meeting_staff,
        entries=[
            AgendaEntry(title="A", children=[AgendaEntry(title="A.1"), AgendaEntry(title="A.2")]),
            AgendaEntry(title="B"),
        ],
    )
    rows = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    assert [(r.title, r.parent.title if r.parent else None) for r in rows] == [
        ("A", None),
        ("A.1", "A"),
        ("A.2", "A"),
        ("B", None),
    ]


def test_an_agenda_time_outside_the_meeting_is_refused(tree, meeting_staff):
    meeting = draft(meeting_staff, tree.yangiqorgon)
    with pytest.raises(ServiceError):
        agenda_set(
            meeting=meeting,
            staff=meeting_staff,
            entries=[AgendaEntry(title="Late", starts_at=meeting.ends_at + timedelta(hours=1))],
        )
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_rescheduling_raises_the_sequence_keeps_the_uid_and_tells_every_active_registrant(
    make_meeting, resident, django_capture_on_commit_callbacks, meeting_staff
):
    meeting = make_meeting(starts_in=timedelta(days=6))
    uid, sequence = meeting.uid, meeting.sequence
    confirmed, waiting, gone = resident(preferred_language="uz"), resident(preferred_language="uz"), resident()
    register(meeting, confirmed, language="ru")
    register(meeting, waiting, status="waiting")
    register(meeting, gone, status="cancelled")
    mail.outbox.clear()
    later = meeting.starts_at + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_edit(meeting=meeting, staff=meeting_staff, starts_at=later, ends_at=later + timedelta(hours=2))
    meeting.refresh_from_db()
    assert meeting.uid == uid and meeting.sequence == sequence + 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([confirmed.email, waiting.email])
    by_person = {m.to[0]: m for m in mail.outbox}
    with translation.override("ru"):
        assert (
            gettext("The meeting has changed: %(title)s") % {"title": meeting.title}
            == by_person[confirmed.email].subject
        )
    _filename, content, mimetype = by_person[waiting.email].attachments[0]
    assert mimetype == "text/calendar"
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) == meeting.sequence
    assert str(event["UID"]).startswith(str(uid))


def test_a_change_of_wording_only_tells_nobody_but_a_title_moves_the_calendar_entry(
    make_meeting, resident, django_capture_on_commit_callbacks, meeting_staff
):
    meeting = make_meeting()
    register(meeting, resident())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_edit(meeting=meeting, staff=meeting_staff, purpose="Yangi maqsad matni.")
    assert Meeting.objects.get(pk=meeting.pk).sequence == meeting.sequence
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_edit(meeting=meeting, staff=meeting_staff, title="Yangi nom")
    assert Meeting.objects.get(pk=meeting.pk).sequence == meeting.sequence + 1
    assert mail.outbox == []


def test_bringing_a_meeting_forward_inside_the_notice_is_refused(make_meeting, meeting_staff, settings):
    settings.MEETING_NOTICE_DAYS = 3
    meeting = make_meeting(starts_in=timedelta(days=6))
    sooner = timezone.now() + timedelta(days=1)
    with pytest.raises(ServiceError):
        services.meeting_edit(
            meeting=meeting, staff=meeting_staff, starts_at=sooner, ends_at=sooner + timedelta(hours=1)
        )
    assert Meeting.objects.get(pk=meeting.pk).starts_at == meeting.starts_at


def test_cancelling_keeps_the_meeting_public_with_its_reason_and_tells_registrants(
    make_meeting, resident, django_capture_on_commit_callbacks, meeting_staff
):
    meeting = make_meeting()
    person = resident()
    register(meeting, person)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=meeting, staff=meeting_staff, reason="Zal taʼmirda.")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED and meeting.cancellation_reason == "Zal taʼmirda."
    assert [m.to[0] for m in mail.outbox] == [person.email]
    event = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"


def test_cancelling_without_a_reason_is_refused(make_meeting, meeting_staff):
    meeting = make_meeting()
    with pytest.raises(ServiceError):
        services.meeting_cancel(meeting=meeting, staff=meeting_staff, reason="  ")
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.ANNOUNCED


def test_a_cancelled_meeting_cannot_be_changed_or_cancelled_again(make_meeting, meeting_staff):
    meeting = make_meeting(status=MeetingStatus.CANCELLED)
    with pytest.raises(ServiceError):
        services.meeting_edit(meeting=meeting, staff=meeting_staff, title="Boshqa")
    with pytest.raises(ServiceError):
        services.meeting_cancel(meeting=meeting, staff=meeting_staff, reason="Yana")
