"""Dated phases in the core: any feature's phases (here a consultation's, declared in the test)
answer which phase is on, what it allows and whether one has started, without the feature
comparing dates itself."""

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from participation.phases.selectors import phase_current, phase_following, phase_reached, phases_allow, phases_ordered
from proposals.budgeting.models import Phase

T0 = datetime(2027, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Tashkent"))
DAY = timedelta(days=1)

# A consultation declares its own kinds, in order, and what each allows.
KINDS = ("announcement", "open", "report")
ACTIONS = ("comment", "position")
ALLOWS = {"announcement": set(), "open": {"comment", "position"}, "report": {"comment"}}


@dataclass
class ConsultationPhase:
    kind: str
    starts_at: datetime
    ends_at: datetime
    pk: int = field(default_factory=itertools.count(1).__next__)

    def position(self) -> int:
        return KINDS.index(self.kind)

    def allows(self, action: str) -> bool:
        return action in ALLOWS[self.kind]


def consultation(gap: timedelta = timedelta(0)) -> list[ConsultationPhase]:
    """Announcement for 5 days, open for 20, report for 10; given out of order on purpose."""
    announcement = ConsultationPhase("announcement", T0, T0 + 5 * DAY)
    opened = ConsultationPhase("open", T0 + 5 * DAY + gap, T0 + 25 * DAY)
    report = ConsultationPhase("report", T0 + 25 * DAY, T0 + 35 * DAY)
    return [report, opened, announcement]


def test_phases_come_in_the_order_the_feature_declares():
    phases = consultation()
    assert [phase.kind for phase in phases_ordered(phases)] == list(KINDS)
    assert [phase.kind for phase in phase_following(phases, phases_ordered(phases)[0])] == ["open", "report"]


@pytest.mark.parametrize(
    "moment, kind, allowed",
    [
        (T0 - DAY, None, set()),
        (T0, "announcement", set()),
        (T0 + 5 * DAY, "open", {"comment", "position"}),
        (T0 + 25 * DAY - timedelta(seconds=1), "open", {"comment", "position"}),
        (T0 + 25 * DAY, "report", {"comment"}),
    ],
)
def test_the_phase_on_now_decides_what_is_allowed(moment, kind, allowed):
    current = phase_current(consultation(), moment)
    assert (current.kind if current else None) == kind
    assert {action for action in ACTIONS if phases_allow(consultation(), action, moment, actions=ACTIONS)} == allowed


def test_after_the_last_phase_it_stays_on_show_but_allows_nothing():
    late = T0 + 60 * DAY
    assert phase_current(consultation(), late).kind == "report"
    assert not phases_allow(consultation(), "comment", late, actions=ACTIONS)


def test_between_two_phases_nothing_is_on_and_nothing_allowed():
    gap = T0 + 5 * DAY + timedelta(hours=1)
    phases = consultation(gap=timedelta(days=2))
    assert phase_current(phases, gap) is None
    assert not phases_allow(phases, "comment", gap, actions=ACTIONS)


def test_an_action_the_feature_never_declared_is_a_programming_error():
    with pytest.raises(ValueError):
        phases_allow(consultation(), "vote", T0, actions=ACTIONS)


def test_a_phase_has_been_reached_from_its_start_on():
    assert not phase_reached(consultation(), "open", T0 + 5 * DAY - timedelta(seconds=1))
    assert phase_reached(consultation(), "open", T0 + 5 * DAY)
    assert phase_reached(consultation(), "open", T0 + 90 * DAY)


def test_budget_phases_declare_their_actions_through_the_shared_base():
    voting = Phase(kind="voting", starts_at=T0, ends_at=T0 + DAY, allows_vote=True, allows_comment=True)
    assert Phase.ACTIONS == ("submit", "edit", "comment", "vote")
    assert {action for action in Phase.ACTIONS if voting.allows(action)} == {"vote", "comment"}
    submission = Phase(kind="submission", starts_at=T0 - DAY, ends_at=T0)
    assert [phase.kind for phase in phases_ordered([voting, submission])] == ["submission", "voting"]
