"""Who may keep minutes and follow up a meeting, as a matrix: people (staff of the meeting's
territory, of the region above it, of another district, a resident who attended, one who did
not, a representative of the organisation owning the item) × actions (write, circulate,
comment, approve, correct the minutes; add, move, report progress on an item). Each cell runs
the service in the state where the action makes sense and checks it is done or refused with
nothing written."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.meetings.models import ActionItem, ActionProgress, Minutes, MinutesComment, MinutesCorrection
from meetings.meetings.models import ActionStatus as A
from meetings.meetings.models import MinutesStatus as M
from meetings.meetings.services import actions as action_services
from meetings.meetings.services import minutes as minutes_services
from participation.exceptions import ServiceError
from tests.factories.meetings import registration_made

pytestmark = pytest.mark.django_db

ACTIONS = ["write", "circulate", "comment", "approve", "correct", "add_item", "move_item", "add_progress"]
ALLOWED = {
    "staff": {"write", "circulate", "approve", "correct", "add_item", "move_item", "add_progress"},
    "region_staff": {"write", "circulate", "approve", "correct", "add_item", "move_item", "add_progress"},
    "other_district_staff": set(),
    "attendee": {"comment"},
    "non_attendee": set(),
    "owner_representative": {"add_progress"},
}


@pytest.fixture
def cast(people, past_meeting, resident, wag, make_representative, meeting_staff):
    attendee = resident()
    registration_made(past_meeting, attendee)
    return {
        "staff": meeting_staff,
        "region_staff": people.region_manager,
        "other_district_staff": people.zomin_manager,
        "attendee": attendee,
        "non_attendee": resident(),
        "owner_representative": make_representative(wag),
    }


def _minutes(meeting, staff, status, *, period_over=False):
    at = timezone.now() - timedelta(days=10) if period_over else timezone.now()
    minutes = minutes_services.minutes_write(meeting=meeting, staff=staff, text="Bayonnoma loyihasi", now=at)
    if status in (M.CIRCULATED, M.APPROVED):
        minutes_services.minutes_circulate(minutes=minutes, staff=staff, comment_days=2, now=at)
    if status == M.APPROVED:
        minutes_services.minutes_approve(minutes=minutes, staff=staff)
    minutes.refresh_from_db()
    return minutes


def _attempt(action, who, *, meeting, staff, wag):
    """Run ``action`` as ``who``; returns a function telling whether it was written."""
    if action == "write":
        minutes_services.minutes_write(meeting=meeting, staff=who, text="Bayonnoma")
        return
    if action == "circulate":
        minutes = _minutes(meeting, staff, M.DRAFT)
        minutes_services.minutes_circulate(minutes=minutes, staff=who)
        return
    if action == "comment":
        minutes_services.minutes_comment(minutes=_minutes(meeting, staff, M.CIRCULATED), user=who, text="Izoh")
        return
    if action == "approve":
        minutes = _minutes(meeting, staff, M.CIRCULATED, period_over=True)
        minutes_services.minutes_approve(minutes=minutes, staff=who)
        return
    if action == "correct":
        minutes = _minutes(meeting, staff, M.APPROVED, period_over=True)
        minutes_services.minutes_correct(minutes=minutes, staff=who, text="Tuzatish")
        return
    if action == "add_item":
        action_services.action_add(
            meeting=meeting, staff=who, text="Ish", owner_department="Boʻlim", due_at=timezone.now() + timedelta(days=9)
        )
        return
    item = action_services.action_add(
        meeting=meeting, staff=staff, text="Ish", owner_organisation=wag, due_at=timezone.now() + timedelta(days=9)
    )
    if action == "move_item":
        action_services.action_progress_add(item=item, user=who, note="Kerak emas", target=A.CANCELLED)
    else:
        action_services.action_progress_add(item=item, user=who, note="Boshlandi")


def _written(action, meeting) -> bool:
    minutes = Minutes.objects.filter(meeting=meeting).first()
    return {
        "write": minutes is not None,
        "circulate": minutes is not None and minutes.status == M.CIRCULATED,
        "comment": MinutesComment.objects.exists(),
        "approve": minutes is not None and minutes.status == M.APPROVED,
        "correct": MinutesCorrection.objects.exists(),
        "add_item": ActionItem.objects.exists(),
        "move_item": ActionItem.objects.filter(status=A.CANCELLED).exists(),
        "add_progress": ActionProgress.objects.exists(),
    }[action]


@pytest.mark.parametrize("who", list(ALLOWED))
def test_followup_permission_matrix(who, cast, past_meeting, meeting_staff, wag):
    from django.db import transaction

    outcome = {}
    for action in ACTIONS:
        sid = transaction.savepoint()
        try:
            _attempt(action, cast[who], meeting=past_meeting, staff=meeting_staff, wag=wag)
        except ServiceError:
            outcome[action] = ("refused", _written(action, past_meeting))
        else:
            outcome[action] = ("done", _written(action, past_meeting))
        transaction.savepoint_rollback(sid)
    expected = {action: ("done", True) if action in ALLOWED[who] else ("refused", False) for action in ACTIONS}
    assert outcome == expected


@pytest.mark.parametrize("who", list(ALLOWED))
def test_the_rules_the_pages_ask_agree_with_the_matrix(who, cast, past_meeting, meeting_staff, wag):
    minutes = _minutes(past_meeting, meeting_staff, M.CIRCULATED)
    item = action_services.action_add(
        meeting=past_meeting,
        staff=meeting_staff,
        text="Ish",
        owner_organisation=wag,
        due_at=timezone.now() + timedelta(days=9),
    )
    user = cast[who]
    asked = {
        "write": user.has_perm("meetings.write_minutes", past_meeting),
        "comment": user.has_perm("meetings.comment_minutes", minutes),
        "add_item": user.has_perm("meetings.add_action", past_meeting),
        "move_item": user.has_perm("meetings.move_action", item),
        "add_progress": user.has_perm("meetings.report_action_progress", item),
    }
    assert asked == {action: action in ALLOWED[who] for action in asked}
    reads_draft = user.has_perm("meetings.read_draft_minutes", minutes)
    assert reads_draft == (who in ("staff", "region_staff", "attendee"))
