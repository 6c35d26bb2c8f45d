"""The legal answer deadline (participation.answers), as every feature that answers uses it:
due at the end of the fifteenth day in Tashkent, one extension of 1 to 30 days with a public
reason before the date passes, overdue from the next second, reminded once per due date.

The rules are pure and tested without a database; the writes and reads are tested on the rows
of a feature that keeps such a deadline (a petition awaiting its answer)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from participation.answers import deadline as rules
from participation.answers.deadline import AnswerDeadline
from participation.answers.selectors import (
    answer_extension_open,
    answer_overdue,
    answers_due_for_reminder,
    answers_to_mark_overdue,
)
from participation.answers.services import answer_extend, answer_mark_overdue, answer_reminded
from participation.exceptions import ServiceError
from proposals.petitions.models import Petition, PetitionStatus
from tests.fixtures.clock import T0, TASHKENT

SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)
DUE = datetime(2026, 11, 17, 23, 59, 59, tzinfo=TASHKENT)
REASON = "Yoʻl loyihasi viloyatda koʻrib chiqilmoqda"

DEADLINE = AnswerDeadline(
    answer_days="PETITION_ANSWER_DAYS",
    extension_max_days="PETITION_EXTENSION_MAX_DAYS",
    reason_max=2000,
    due="answer_due_at",
    reason="extension_reason",
    overdue_since="overdue_since",
    reminder_sent_at="reminder_sent_at",
    remind_days_before="PETITION_REMIND_DAYS_BEFORE_DUE",
)


def refusal(**overrides):
    values = {
        "due_at": DUE,
        "extended_at": None,
        "days": 10,
        "reason": REASON,
        "now": DUE - SECOND,
        "max_days": 30,
        "reason_max": 2000,
    }
    return rules.extension_refusal(**{**values, **overrides})


# --- the due date ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start",
    [
        datetime(2026, 11, 2, 0, 0, 0, tzinfo=TASHKENT),
        datetime(2026, 11, 2, 10, 0, tzinfo=TASHKENT),
        datetime(2026, 11, 2, 23, 59, 59, tzinfo=TASHKENT),
        # 20:00 UTC on 1 November is already 01:00 on 2 November in Tashkent: Tashkent's day counts.
        datetime(2026, 11, 1, 20, 0, tzinfo=UTC),
    ],
)
def test_an_answer_is_due_at_the_end_of_the_fifteenth_day_in_tashkent(start):
    assert rules.due_date(start, 15) == datetime(2026, 11, 17, 23, 59, 59, tzinfo=TASHKENT)


def test_the_days_to_answer_are_read_from_the_setting_at_each_call(settings):
    settings.PETITION_ANSWER_DAYS = 5
    assert DEADLINE.due_from(T0) == datetime(2026, 11, 7, 23, 59, 59, tzinfo=TASHKENT)
    settings.PETITION_ANSWER_DAYS = 15
    assert DEADLINE.due_from(T0) == DUE


def test_overdue_from_the_second_after_the_due_moment():
    assert [rules.is_overdue(DUE, moment) for moment in [DUE - SECOND, DUE, DUE + SECOND]] == [False, False, True]
    assert not rules.is_overdue(None, DUE + 100 * DAY)  # no date, no duty yet


# --- the one extension -------------------------------------------------------------------------------


def test_an_extension_of_1_to_the_limit_days_with_a_reason_before_the_date_is_allowed():
    assert refusal(days=1) is None
    assert refusal(days=30) is None
    assert refusal(now=DUE) is None  # the last second of the due day still counts


@pytest.mark.parametrize("days", [0, 31, -1, True, "10", 2.5, None])
def test_days_outside_1_to_the_limit_are_refused_with_the_limit(days):
    assert refusal(days=days) == "The answer date can be extended by 1 to 30 days."


def test_only_one_extension():
    assert refusal(extended_at=DUE - DAY) == rules.ALREADY_EXTENDED
    assert str(rules.ALREADY_EXTENDED) == "The answer date has already been extended once; it cannot be extended again."


def test_the_public_reason_is_required():
    for blank in ["", "   ", "\r\n", None]:
        assert refusal(reason=blank) == rules.EXTENSION_REASON_REQUIRED


def test_an_over_long_reason_is_reported_as_a_reason_not_as_an_answer():
    message = refusal(reason="x" * 2001)
    assert message == "The reason is too long: at most 2000 characters."
    assert refusal(reason="x" * 2000) is None
    assert refusal(reason=f"  {'x' * 2000}  ") is None  # the spaces around are not the reason's


def test_the_reason_too_long_message_is_translated():
    with translation.override("ru"):
        message = refusal(reason="x" * 2001)
    assert message == "Причина слишком длинная: максимум символов — 2000."


def test_after_the_date_has_passed_it_can_no_longer_be_extended():
    assert refusal(now=DUE + SECOND) == rules.EXTENSION_TOO_LATE
    assert refusal(due_at=None) == rules.EXTENSION_TOO_LATE


def test_extension_open_agrees_with_the_refusal():
    for now in [DUE - DAY, DUE, DUE + SECOND]:
        for extended_at in [None, DUE - 2 * DAY]:
            opened = rules.extension_open(due_at=DUE, extended_at=extended_at, now=now)
            assert opened == (refusal(now=now, extended_at=extended_at) is None)


# --- writes and reads on a row that keeps the deadline -------------------------------------------------


@pytest.fixture
def awaiting(make_petition):
    """A petition awaiting its answer, due at DUE, never extended."""

    def make(due=DUE) -> Petition:
        petition = make_petition(PetitionStatus.THRESHOLD_REACHED)
        Petition.objects.filter(pk=petition.pk).update(answer_due_at=due, extended_at=None, reminder_sent_at=None)
        petition.refresh_from_db()
        return petition

    return make


@pytest.mark.django_db
def test_extending_moves_the_date_records_who_and_why_and_earns_a_new_reminder(awaiting, people):
    petition = awaiting()
    Petition.objects.filter(pk=petition.pk).update(reminder_sent_at=DUE - 3 * DAY)
    petition.refresh_from_db()
    staff = people.responder

    extension = answer_extend(petition, deadline=DEADLINE, staff=staff, days=7, reason=f" {REASON} ", now=DUE - DAY)

    assert (extension.days, extension.reason, extension.due_before, extension.due_after) == (
        7,
        REASON,
        DUE,
        DUE + 7 * DAY,
    )
    data = extension.data()
    assert data["days"] == 7
    due_before, due_after = datetime.fromisoformat(data["due_before"]), datetime.fromisoformat(data["due_after"])
    assert (due_before, due_after) == (DUE, DUE + 7 * DAY)
    petition.refresh_from_db()
    assert (petition.answer_due_at, petition.extended_at, petition.extended_by, petition.extension_reason) == (
        DUE + 7 * DAY,
        DUE - DAY,
        staff,
        REASON,
    )
    assert petition.reminder_sent_at is None
    with pytest.raises(ServiceError) as error:
        answer_extend(petition, deadline=DEADLINE, staff=staff, days=1, reason=REASON, now=DUE - DAY)
    assert error.value.message == rules.ALREADY_EXTENDED


@pytest.mark.django_db
def test_a_refused_extension_changes_nothing(awaiting, people):
    petition = awaiting()
    with pytest.raises(ServiceError) as error:
        answer_extend(petition, deadline=DEADLINE, staff=people.responder, days=5, reason="x" * 2001, now=T0)
    assert error.value.message == "The reason is too long: at most 2000 characters."
    petition.refresh_from_db()
    assert (petition.answer_due_at, petition.extended_at, petition.extension_reason) == (DUE, None, "")


@pytest.mark.django_db
def test_overdue_rows_are_found_and_marked_once(awaiting):
    late, in_time = awaiting(due=DUE - DAY), awaiting()
    rows = Petition.objects.filter(status=PetitionStatus.THRESHOLD_REACHED)

    assert list(answers_to_mark_overdue(rows, deadline=DEADLINE, now=DUE)) == [late]
    assert answer_overdue(late, deadline=DEADLINE, now=DUE) and not answer_overdue(in_time, deadline=DEADLINE, now=DUE)
    assert answer_mark_overdue(in_time, deadline=DEADLINE, now=DUE) is False
    assert answer_mark_overdue(late, deadline=DEADLINE, now=DUE) is True
    assert answer_mark_overdue(late, deadline=DEADLINE, now=DUE + DAY) is False  # a second run changes nothing
    late.refresh_from_db()
    assert late.overdue_since == DUE
    assert list(answers_to_mark_overdue(rows, deadline=DEADLINE, now=DUE)) == []


@pytest.mark.django_db
def test_reminders_select_dates_due_within_the_days_before_once_per_date(awaiting, settings):
    settings.PETITION_REMIND_DAYS_BEFORE_DUE = 3
    petition = awaiting()
    rows = Petition.objects.all()

    def due_soon(now):
        return list(answers_due_for_reminder(rows, deadline=DEADLINE, now=now))

    assert due_soon(DUE - 3 * DAY - SECOND) == []
    assert due_soon(DUE - 3 * DAY) == [petition]
    assert due_soon(DUE - SECOND) == [petition]  # a late run still reminds
    assert due_soon(DUE) == []  # due now: overdue next, no reminder

    assert answer_reminded(petition, deadline=DEADLINE, now=DUE - 2 * DAY) is True
    assert answer_reminded(petition, deadline=DEADLINE, now=DUE - DAY) is False  # recorded once
    petition.refresh_from_db()
    assert petition.reminder_sent_at == DUE - 2 * DAY
    assert due_soon(DUE - DAY) == []


@pytest.mark.django_db
def test_extension_open_on_a_row(awaiting, people):
    petition = awaiting()
    assert answer_extension_open(petition, deadline=DEADLINE, now=DUE)
    assert not answer_extension_open(petition, deadline=DEADLINE, now=DUE + SECOND)
    answer_extend(petition, deadline=DEADLINE, staff=people.responder, days=2, reason=REASON, now=DUE - DAY)
    assert not answer_extension_open(petition, deadline=DEADLINE, now=DUE - DAY)
