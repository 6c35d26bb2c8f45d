"""Every pair of question states, for every mover: the moves the rules allow happen and are
recorded in the audit log; everything else is refused with a clear message and changes nothing.

The expected moves are written out here from the rules in words, not read from the table:
- a moderator publishes a waiting question, or rejects it;
- a moderator takes down a published question found unlawful after reports;
- the author's appeal sends a rejected question back to the moderators;
- nothing else: a published question is never sent back to moderation, a rejected one is
  never published without a new moderation, and no one but these movers moves a question.
"""

import itertools

import pytest
from django.utils import translation
from wagtail.models import ModelLogEntry

from participation.exceptions import ServiceError
from proposals.questions import services as question_services
from proposals.questions.models import Question
from proposals.questions.models import QuestionStatus as S
from proposals.questions.transitions import Mover
from tests.proposals.questions.support import T0, ask

EXPECTED = {
    (S.PENDING, S.PUBLISHED): Mover.MODERATION,
    (S.PENDING, S.REJECTED): Mover.MODERATION,
    (S.PUBLISHED, S.REJECTED): Mover.MODERATION,
    (S.REJECTED, S.PENDING): Mover.AUTHOR,
}
MOVERS = [Mover.MODERATION, Mover.AUTHOR]
PAIRS = [(source, target) for source, target in itertools.product(S.values, S.values) if source != target]

# What the database asks of each state (a published question has its dates, a rejected one its reason).
STATE_FIELDS = {
    S.PENDING: {"published_at": None, "due_at": None, "rejection_reason": ""},
    S.PUBLISHED: {"published_at": T0, "due_at": T0, "rejection_reason": ""},
    S.REJECTED: {"published_at": None, "due_at": None, "rejection_reason": "Sabab"},
}


def _entries(question) -> int:
    return ModelLogEntry.objects.filter(object_id=str(question.pk), action__startswith="proposals.question_").count()


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_each_pair_of_states_follows_the_rules(khokimiyat, resident, source, target):
    question = ask(khokimiyat, resident)
    Question.objects.filter(pk=question.pk).update(status=source, **STATE_FIELDS[source])
    question.refresh_from_db()
    entries_before = _entries(question)
    for mover in MOVERS:
        if EXPECTED.get((source, target)) == mover:
            changes = {name: value for name, value in STATE_FIELDS[target].items() if value}
            question_services.question_transition(question, target, mover=mover, actor=None, now=T0, changes=changes)
            question.refresh_from_db()
            assert question.status == target
            entry = ModelLogEntry.objects.filter(object_id=str(question.pk)).latest("pk")
            assert (entry.data["from"], entry.data["to"]) == (source, target)
            assert _entries(question) == entries_before + 1
            return
        with pytest.raises(ServiceError) as refused:
            question_services.question_transition(question, target, mover=mover, actor=None, now=T0)
        with translation.override("en"):
            assert str(refused.value.message) == str(question_services.NOT_ALLOWED_STATE % {"status": S(source).label})
        question.refresh_from_db()
        assert question.status == source
        assert _entries(question) == entries_before
