"""What a meeting is about beyond its consultation: a budget cycle and a project (petitions are in
test_admin.py), linked by number on the staff's form and on an agenda line, titled and linked on
the meeting page; a project still in moderation is refused and nothing is written."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.meetings.models import AgendaItem, Meeting, MeetingStatus, MeetingSubject
from meetings.meetings.services import meetings as services
from meetings.meetings.services.fields import SUBJECT_NOT_PUBLIC
from participation.exceptions import ServiceError
from proposals.budgeting.models import ProjectStatus

pytestmark = pytest.mark.django_db


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_meeting_about_a_budget_cycle_and_a_project_links_both_from_its_page(
    client, meeting_staff, tree, make_cycle, make_project
):
    cycle = make_cycle(title="Yangiqoʻrgʻon 2027: ochiq budjet")
    project = make_project(cycle, title="Navbahor bogʻchasi tomini yopish")
    client.force_login(meeting_staff)
    starts = timezone.now() + timedelta(days=6)
    response = client.post(
        "/admin/meetings/new/",
        {
            "territory": tree.yangiqorgon.pk,
            "kind": "hearing",
            "title": "Ochiq budjet eshituvi",
            "purpose": "Loyihalarni muhokama qilish.",
            "starts_at": local(starts),
            "ends_at": local(starts + timedelta(hours=2)),
            "attendance_mode": "in_person",
            "address": "Hokimlik",
            "subjects": f"cycle {cycle.pk}, project {project.pk}",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and MeetingSubject.objects.filter(meeting=meeting).count() == 2
    screen = f"/admin/meetings/{meeting.pk}/"
    client.post(screen, {"action": "agenda", "agenda": f"Bogʻcha tomi | Muallif | | project {project.pk}"})
    assert AgendaItem.objects.get(meeting=meeting).subject_id == project.pk
    services.meeting_announce(meeting=meeting, staff=meeting_staff)
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert "Yangiqoʻrgʻon 2027: ochiq budjet" in page and f"/budget/{cycle.pk}/" in page
    assert "Navbahor bogʻchasi tomini yopish" in page and f"/budget/projects/{project.pk}/" in page


def test_a_project_not_yet_published_cannot_be_what_a_meeting_is_about(
    client, meeting_staff, make_meeting, make_cycle, make_project
):
    hidden = make_project(make_cycle(), status=ProjectStatus.MODERATION, title="Moderatsiyadagi loyiha")
    meeting = make_meeting(status=MeetingStatus.DRAFT)
    with pytest.raises(ServiceError) as refused:
        services.meeting_edit(meeting=meeting, staff=meeting_staff, subjects=[hidden])
    assert refused.value.message == SUBJECT_NOT_PUBLIC
    assert not MeetingSubject.objects.filter(meeting=meeting).exists()
    client.force_login(meeting_staff)
    response = client.post(
        f"/admin/meetings/{meeting.pk}/", {"action": "agenda", "agenda": f"Loyiha | | | project {hidden.pk}"}
    )
    assert f"project {hidden.pk}" in response.content.decode()
    assert not AgendaItem.objects.filter(meeting=meeting).exists()
