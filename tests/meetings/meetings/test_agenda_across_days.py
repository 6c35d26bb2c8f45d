"""A meeting may span days, and each agenda item has a time: staff write an item of the second
day as ``14.05 10:30`` on the agenda's line (a bare ``10:30`` is on the first day); the box gives
the day back, the page shows it, and a day outside the meeting is refused with the text kept."""

import html
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from meetings.meetings.models import AgendaItem, MeetingStatus
from meetings.meetings.services.agenda import TIME_OUTSIDE
from meetings.meetings.services.meetings import meeting_announce

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_days(make_meeting):
    """A draft forum from 09:00 on its first day to 17:00 on the next, a week ahead."""
    first = timezone.localdate() + timedelta(days=7)
    starts = timezone.make_aware(datetime.combine(first, time(9)))
    meeting = make_meeting(status=MeetingStatus.DRAFT, starts_in=starts - timezone.now(), hours=32)
    assert timezone.localtime(meeting.ends_at).date() == first + timedelta(days=1)
    return meeting


def test_an_item_of_the_second_day_is_written_with_its_day_and_shown_with_it(client, two_days, meeting_staff):
    first = timezone.localtime(two_days.starts_at).date()
    second = first + timedelta(days=1)
    client.force_login(meeting_staff)
    screen = f"/admin/meetings/{two_days.pk}/"
    lines = f"Ochilish | Hokim | 09:30\nIkkinchi kun: hisobot | Boʻlim boshligʻi | {second:%d.%m} 10:00"
    assert client.post(screen, {"action": "agenda", "agenda": lines}).status_code == 302
    opening, report = AgendaItem.objects.filter(meeting=two_days).order_by("position")
    assert timezone.localtime(opening.starts_at) == timezone.make_aware(datetime.combine(first, time(9, 30)))
    assert timezone.localtime(report.starts_at) == timezone.make_aware(datetime.combine(second, time(10)))
    assert lines in client.get(screen).content.decode()  # the box gives back what was written
    meeting_announce(meeting=two_days, staff=meeting_staff)
    page = client.get(f"/uz/meetings/{two_days.pk}/").content.decode()
    with translation.override("uz"):
        shown = date_format(timezone.localtime(report.starts_at), "j E, H:i")
    assert shown in page


def test_a_day_outside_the_meeting_is_refused_with_the_agenda_kept(client, two_days, meeting_staff):
    after = timezone.localtime(two_days.ends_at).date() + timedelta(days=1)
    client.force_login(meeting_staff)
    lines = f"Ochilish | Hokim | 09:30\nUchinchi kun | | {after:%d.%m} 10:00"
    response = client.post(f"/admin/meetings/{two_days.pk}/", {"action": "agenda", "agenda": lines})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200 and "Uchinchi kun" in page
    with translation.override("en"):  # the meeting staff read the admin in English
        assert str(TIME_OUTSIDE % {"title": "Uchinchi kun"}) in page
    assert not AgendaItem.objects.filter(meeting=two_days).exists()


def test_a_bare_time_after_midnight_falls_on_the_next_day_of_an_evening_hearing(client, make_meeting, meeting_staff):
    """An evening hearing from 22:00 to 01:00: "00:30" is half an hour after midnight, within the
    hearing, not 21½ hours before it. The box gives it back with its day; an hour outside the
    hearing is still refused."""
    first = timezone.localdate() + timedelta(days=7)
    starts = timezone.make_aware(datetime.combine(first, time(22)))
    hearing = make_meeting(status=MeetingStatus.DRAFT, starts_in=starts - timezone.now(), hours=3)
    client.force_login(meeting_staff)
    screen = f"/admin/meetings/{hearing.pk}/"
    lines = "Ochilish | Hokim | 22:05\nSavollar | | 00:30"
    assert client.post(screen, {"action": "agenda", "agenda": lines}).status_code == 302
    opening, questions = AgendaItem.objects.filter(meeting=hearing).order_by("position")
    assert timezone.localtime(opening.starts_at) == timezone.make_aware(datetime.combine(first, time(22, 5)))
    second = first + timedelta(days=1)
    assert timezone.localtime(questions.starts_at) == timezone.make_aware(datetime.combine(second, time(0, 30)))
    assert f"Savollar |  | {second:%d.%m} 00:30" in client.get(screen).content.decode()
    response = client.post(screen, {"action": "agenda", "agenda": "Kech | | 02:00"})
    assert response.status_code == 200 and "Kech" in html.unescape(response.content.decode())
    assert AgendaItem.objects.filter(meeting=hearing).count() == 2


def test_a_bare_time_before_a_forum_of_two_days_stays_on_its_first_day_and_is_refused(client, two_days, meeting_staff):
    """On a meeting of several days a bare time is on the first day, as the help text says; one
    before the start is refused, not moved silently to the second day."""
    client.force_login(meeting_staff)
    response = client.post(f"/admin/meetings/{two_days.pk}/", {"action": "agenda", "agenda": "Erta | | 08:00"})
    assert response.status_code == 200
    assert not AgendaItem.objects.filter(meeting=two_days).exists()
