"""The meetings section against figures computed by hand."""

from meetings.meetings import report
from meetings.meetings.models import ActionItem, AttendanceCount, AttendanceSource, Meeting, Registration
from participation.transparency.periods import period_parse
from participation.transparency.suppression import SUPPRESSED
from tests.factories.accounts import UserFactory
from tests.transparency.conftest import at


def meeting(territory, *, starts, status="announced", walk_ins=0, paper=0, cancelled_at=None):
    held = Meeting.objects.create(
        territory=territory,
        title="Yigʻin",
        starts_at=starts,
        ends_at=starts.replace(hour=starts.hour + 2),
        status=status,
        cancelled_at=cancelled_at,
        announced_at=at(1, 6),
        address="Mahalla guzari, 1",
        created_at=at(1, 5),
        updated_at=at(1, 5),
    )
    for source, count in ((AttendanceSource.WALK_IN, walk_ins), (AttendanceSource.PAPER, paper)):
        if count:
            AttendanceCount.objects.create(meeting=held, source=source, count=count)
    return held


def action(held, *, created_at, due_at, status="open", done_at=None):
    return ActionItem.objects.create(
        meeting=held,
        text="Ariqni tozalash",
        owner_department="Obodonlashtirish",
        created_at=created_at,
        due_at=due_at,
        status=status,
        done_at=done_at,
        created_by=UserFactory(),
    )


def check_in(held, people, count):
    for number in range(count):
        Registration.objects.create(
            meeting=held,
            user=UserFactory(),
            people=people,
            status="confirmed",
            code=f"K{held.pk}-{people}-{number}",
            created_at=at(3, 1),
            checked_in_at=held.starts_at,
            checked_in_people=people,
        )
    AttendanceCount.objects.create(meeting=held, source=AttendanceSource.CHECK_IN, count=people * count)


def figures(territory, slug="2026-03"):
    return {item["key"]: item["value"] for item in report.compute(territory, period_parse(slug))["figures"]}


def test_march_counts_meetings_attendance_and_action_items(tree):
    hearing = meeting(tree.yangiqorgon, starts=at(3, 10), walk_ins=9)
    check_in(hearing, 1, 4)
    gathering = meeting(tree.navbahor, starts=at(3, 20), walk_ins=3, paper=6)
    meeting(tree.yangiqorgon, starts=at(3, 25), status="cancelled", cancelled_at=at(3, 24))
    meeting(tree.yangiqorgon, starts=at(4, 2))  # April's
    action(hearing, created_at=at(3, 10), due_at=at(3, 15), status="done", done_at=at(3, 14))
    action(hearing, created_at=at(3, 10), due_at=at(3, 25))  # overdue at the end of March
    action(gathering, created_at=at(3, 20), due_at=at(3, 30), status="done", done_at=at(4, 3))  # overdue then
    action(gathering, created_at=at(3, 20), due_at=at(3, 22), status="cancelled")

    assert figures(tree.yangiqorgon) == {
        "held": 2,
        "cancelled": 1,
        "attendance": 22,  # 9 walk-ins + 4 checked in, 3 walk-ins + 6 from a paper sheet
        "actions_created": 4,
        "actions_done": 1,
        "actions_overdue": 2,
    }


def test_a_meeting_of_few_people_shows_less_than_5(tree):
    meeting(tree.yangiqorgon, starts=at(3, 10), walk_ins=3)
    assert figures(tree.yangiqorgon)["attendance"] == SUPPRESSED
