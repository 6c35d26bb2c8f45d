"""Minutes, as the people who keep and check them meet them: staff write a draft once the
meeting has started, circulate it to the registered attendees (e-mailed in their language),
attendees read and comment during the period, staff change the draft (comments stay), approve
only after the period, and after approval only a dated correction is added."""

from datetime import timedelta

import pytest
from django.core import mail
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from meetings.meetings.models import Minutes, MinutesComment, MinutesCorrection, MinutesStatus
from meetings.meetings.services import minutes as services
from participation.exceptions import ServiceError
from tests.factories.meetings import registration_made

pytestmark = pytest.mark.django_db


def panel(meeting, user=None) -> str:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/uz/meetings/")
    request.user = user or AnonymousUser()
    template = engines["django"].from_string('{% include "meetings/meetings/includes/followup_panel.html" %}')
    return template.render({"meeting": meeting, "request": request})


def circulated(meeting, staff, *, now=None, days=5) -> Minutes:
    minutes = services.minutes_write(meeting=meeting, staff=staff, text="1. Yoʻl taʼmiri kelishildi.", now=now)
    return services.minutes_circulate(minutes=minutes, staff=staff, comment_days=days, now=now)


def test_minutes_are_written_only_once_the_meeting_has_started(make_meeting, meeting_staff):
    upcoming = make_meeting(starts_in=timedelta(days=3))
    with pytest.raises(ServiceError) as refused:
        services.minutes_write(meeting=upcoming, staff=meeting_staff, text="Bayonnoma")
    assert refused.value.message == services.NOT_STARTED and not Minutes.objects.exists()


def test_circulated_minutes_reach_confirmed_attendees_in_their_language(
    past_meeting, meeting_staff, attendee, resident, django_capture_on_commit_callbacks
):
    waiting, cancelled = resident(), resident()
    registration_made(past_meeting, waiting, status="waiting")
    registration_made(past_meeting, cancelled, status="cancelled")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        minutes = circulated(past_meeting, meeting_staff)
    assert [message.to for message in mail.outbox] == [[attendee.email]]
    body = mail.outbox[0].body
    assert f"/ru/meetings/{past_meeting.pk}/minutes/" in body  # the language of the registration
    with translation.override("ru"):
        assert mail.outbox[0].subject == str(services_subject(past_meeting))
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED
    assert timezone.localtime(minutes.comments_until).hour == 23  # to the end of the fifth day
    # A retried task tells nobody twice.
    from meetings.meetings.services.followup_notices import notify_minutes_circulated

    assert notify_minutes_circulated(minutes_id=minutes.pk) == 0 and len(mail.outbox) == 1


def services_subject(meeting):
    from meetings.meetings.services.followup_notices import CIRCULATED_SUBJECT

    return CIRCULATED_SUBJECT % {"title": meeting.title}


def test_an_attendee_reads_the_draft_and_comments_and_others_cannot(
    client, past_meeting, meeting_staff, attendee, resident
):
    circulated(past_meeting, meeting_staff)
    url = reverse("meetings:minutes", args=[past_meeting.pk])
    outsider = resident()
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    refused = client.post(reverse("meetings:minutes_comment", args=[past_meeting.pk]), {"text": "Men ham bor edim"})
    assert refused.status_code == 403 and str(services.NOT_ATTENDEE) in refused.content.decode()
    assert "Yoʻl taʼmiri" not in refused.content.decode()
    client.force_login(attendee)
    page = client.get(url).content.decode()
    assert "Yoʻl taʼmiri" in page and "minutes-comment-form" in page
    sent = client.post(reverse("meetings:minutes_comment", args=[past_meeting.pk]), {"text": "Koʻprik ham aytilgan"})
    assert sent.status_code == 302
    assert list(MinutesComment.objects.values_list("author_id", "text")) == [(attendee.pk, "Koʻprik ham aytilgan")]
    assert client.get(reverse("meetings:minutes", args=[past_meeting.pk]), follow=True).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302  # to sign in


def test_a_comment_after_the_period_is_refused_naming_the_date_and_the_text_is_kept(
    client, past_meeting, meeting_staff, attendee
):
    long_ago = timezone.now() - timedelta(days=10)
    minutes = circulated(past_meeting, meeting_staff, now=long_ago, days=2)
    with pytest.raises(ServiceError) as refused:
        services.minutes_comment(minutes=minutes, user=attendee, text="Kech qoldim")
    assert refused.value.message == services.COMMENTS_CLOSED % {"date": services.when(minutes.comments_until)}
    client.force_login(attendee)
    response = client.post(reverse("meetings:minutes_comment", args=[past_meeting.pk]), {"text": "Kech qoldim"})
    page = response.content.decode()
    assert response.status_code == 400 and "Kech qoldim" in page and "form-errors" in page
    assert not MinutesComment.objects.exists()


def test_staff_change_the_draft_during_the_period_and_the_comments_stay(past_meeting, meeting_staff, attendee):
    minutes = circulated(past_meeting, meeting_staff)
    services.minutes_comment(minutes=minutes, user=attendee, text="Sana notoʻgʻri")
    services.minutes_write(meeting=past_meeting, staff=meeting_staff, text="1. Yoʻl taʼmiri 12-mayda kelishildi.")
    minutes.refresh_from_db()
    assert minutes.text.endswith("12-mayda kelishildi.") and minutes.status == MinutesStatus.CIRCULATED
    assert minutes.comments.count() == 1


def test_approving_before_the_period_ends_is_refused_with_the_date(client, past_meeting, meeting_staff):
    minutes = circulated(past_meeting, meeting_staff)
    with pytest.raises(ServiceError) as refused:
        services.minutes_approve(minutes=minutes, staff=meeting_staff)
    assert refused.value.message == services.APPROVE_TOO_EARLY % {"date": services.when(minutes.comments_until)}
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED and minutes.approved_at is None
    client.force_login(meeting_staff)
    screen = client.post(reverse("meetings_followup_admin:meeting", args=[past_meeting.pk]), {"action": "approve"})
    with translation.override("en"):
        expected = str(services.APPROVE_TOO_EARLY % {"date": services.when(minutes.comments_until)})
    assert screen.status_code == 200 and expected in screen.content.decode()


def test_draft_minutes_cannot_skip_circulation(past_meeting, meeting_staff):
    minutes = services.minutes_write(meeting=past_meeting, staff=meeting_staff, text="Bayonnoma")
    with pytest.raises(ServiceError) as refused:
        services.minutes_approve(minutes=minutes, staff=meeting_staff)
    assert refused.value.message == services.TRANSITION_REFUSED % {
        "source": MinutesStatus.DRAFT.label,
        "target": MinutesStatus.APPROVED.label,
    }


def test_approved_minutes_are_published_never_edited_and_corrected_beside(past_meeting, meeting_staff, attendee):
    long_ago = timezone.now() - timedelta(days=10)
    minutes = circulated(past_meeting, meeting_staff, now=long_ago, days=2)
    assert "Yoʻl taʼmiri" not in panel(past_meeting)  # a draft is not public
    services.minutes_approve(minutes=minutes, staff=meeting_staff)
    public = panel(past_meeting)
    assert "Yoʻl taʼmiri kelishildi" in public and "minutes-corrections" not in public
    with pytest.raises(ServiceError) as refused:
        services.minutes_write(meeting=past_meeting, staff=meeting_staff, text="Boshqa matn")
    assert refused.value.message == services.APPROVED_LOCKED
    with pytest.raises(ServiceError):
        services.minutes_comment(minutes=minutes, user=attendee, text="Kech")
    services.minutes_correct(minutes=minutes, staff=meeting_staff, text="Sana 12-may emas, 13-may.")
    minutes.refresh_from_db()
    assert minutes.text == "1. Yoʻl taʼmiri kelishildi." and MinutesCorrection.objects.count() == 1
    public = panel(past_meeting)
    assert "minutes-corrections" in public and "13-may" in public


def test_a_correction_is_only_for_approved_minutes(past_meeting, meeting_staff):
    minutes = circulated(past_meeting, meeting_staff)
    with pytest.raises(ServiceError) as refused:
        services.minutes_correct(minutes=minutes, staff=meeting_staff, text="Tuzatish")
    assert refused.value.message == services.CORRECTION_NOT_APPROVED and not MinutesCorrection.objects.exists()


def test_minutes_text_is_escaped_on_the_page_and_the_panel(client, past_meeting, meeting_staff, attendee):
    minutes = services.minutes_write(meeting=past_meeting, staff=meeting_staff, text="<script>alert(1)</script>")
    services.minutes_circulate(minutes=minutes, staff=meeting_staff, now=timezone.now() - timedelta(days=10))
    client.force_login(attendee)
    page = client.get(reverse("meetings:minutes", args=[past_meeting.pk])).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    services.minutes_approve(minutes=minutes, staff=meeting_staff)
    assert "&lt;script&gt;" in panel(past_meeting)


def test_the_staff_screen_writes_circulates_and_shows_comments(
    client, past_meeting, meeting_staff, attendee, django_capture_on_commit_callbacks
):
    client.force_login(meeting_staff)
    url = reverse("meetings_followup_admin:meeting", args=[past_meeting.pk])
    empty = client.post(url, {"action": "write", "write-text": "  ", "write-comment_days": "5"})
    assert empty.status_code == 200 and not Minutes.objects.exists()
    assert (
        client.post(
            url, {"action": "write", "write-text": "Kun tartibi koʻrildi", "write-comment_days": "5"}
        ).status_code
        == 302
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"action": "circulate", "circulate-comment_days": "3"}).status_code == 302
    minutes = Minutes.objects.get()
    assert minutes.status == MinutesStatus.CIRCULATED and minutes.comment_days == 3
    services.minutes_comment(minutes=minutes, user=attendee, text="Men roziman")
    screen = client.get(url).content.decode()
    assert "Men roziman" in screen and "followup-approve" in screen
