"""Staff reach the screens of a meeting's day and after from the pages they already use: the
meeting's admin screen links the check-in screen and the minutes and follow-up screen, and the
public meeting page shows whoever runs the meeting the way to check people in. Nobody else is
offered the link."""

import pytest
from django.contrib.auth.models import AnonymousUser

from meetings.meetings.models import MeetingStatus

pytestmark = pytest.mark.django_db


def test_the_admin_screen_of_an_announced_meeting_links_check_in_and_follow_up(client, make_meeting, meeting_staff):
    meeting = make_meeting()
    client.force_login(meeting_staff)
    html = client.get(f"/admin/meetings/{meeting.pk}/").content.decode()
    assert f'href="/en/meetings/{meeting.pk}/check-in/"' in html
    assert f'href="/admin/meetings/followup/{meeting.pk}/"' in html
    # A draft has no day yet: nothing to check in, no minutes.
    draft = make_meeting(status=MeetingStatus.DRAFT)
    html = client.get(f"/admin/meetings/{draft.pk}/").content.decode()
    assert f"/meetings/{draft.pk}/check-in/" not in html and f"/admin/meetings/followup/{draft.pk}/" not in html


def test_the_meeting_page_shows_the_check_in_link_only_to_who_runs_the_meeting(
    client, make_meeting, meeting_staff, people, resident
):
    meeting = make_meeting()
    link = f'href="/uz/meetings/{meeting.pk}/check-in/"'
    for outsider in (AnonymousUser(), resident(), people.editor, people.zomin_manager):
        client.logout()
        if outsider.is_authenticated:
            client.force_login(outsider)
        assert link not in client.get(f"/uz/meetings/{meeting.pk}/").content.decode()
    client.force_login(meeting_staff)
    assert link in client.get(f"/uz/meetings/{meeting.pk}/").content.decode()
    cancelled = make_meeting(status=MeetingStatus.CANCELLED)
    assert f"/meetings/{cancelled.pk}/check-in/" not in client.get(f"/uz/meetings/{cancelled.pk}/").content.decode()
