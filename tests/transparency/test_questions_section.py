"""The residents' questions section against figures computed by hand."""

from datetime import timedelta

from participation.transparency.periods import period_parse
from proposals.questions import report
from proposals.questions.models import Question, QuestionStatus
from tests.factories.accounts import UserFactory
from tests.transparency.conftest import at


def ask(territory, author, *, created_at, **fields):
    question = Question.objects.create(
        territory=territory,
        author=author,
        title="Savol",
        text="Matn",
        topic="roads",
        answer="Javob" if fields.get("answered_at") else "",
        rejection_reason="Takror" if fields.get("status") == QuestionStatus.REJECTED else "",
        **fields,
    )
    Question.objects.filter(pk=question.pk).update(created_at=created_at)  # auto_now_add set it to today


def test_march_counts_questions_asked_rejected_and_answered(tree):
    author = UserFactory()
    published = {"status": QuestionStatus.PUBLISHED}
    ask(
        tree.yangiqorgon,
        author,
        created_at=at(3, 1),
        **published,
        published_at=at(3, 2),
        due_at=at(3, 17),
        answered_at=at(3, 6),
    )  # on time, 4 days
    ask(
        tree.navbahor,
        author,
        created_at=at(2, 20),
        **published,
        published_at=at(2, 21),
        due_at=at(3, 8),
        answered_at=at(3, 11),
    )  # late, 18 days
    ask(tree.yangiqorgon, author, created_at=at(3, 3), **published, published_at=at(3, 4), due_at=at(3, 19))  # overdue
    ask(tree.yangiqorgon, author, created_at=at(3, 9), status=QuestionStatus.REJECTED, moderated_at=at(3, 10))
    ask(tree.yangiqorgon, author, created_at=at(3, 25), status=QuestionStatus.PENDING)
    ask(tree.zomin, author, created_at=at(3, 9), status=QuestionStatus.PENDING)  # another district

    section = report.compute(tree.yangiqorgon, period_parse("2026-03"))

    assert {item["key"]: item["value"] for item in section["figures"]} == {
        "received": 4,
        "published": 2,
        "rejected": 1,
        "answered_on_time": 1,
        "answered_late": 1,
        "overdue": 1,
        "median_days_to_answer": 11.0,  # of 4 and 18 days
        "p90_days_to_answer": 16.6,  # 4 + 0.9 * 14
    }


def test_a_question_answered_after_the_period_was_overdue_at_its_end(tree):
    ask(
        tree.yangiqorgon,
        UserFactory(),
        created_at=at(3, 1),
        status=QuestionStatus.PUBLISHED,
        published_at=at(3, 2),
        due_at=at(3, 17),
        answered_at=at(3, 31) + timedelta(days=3),
    )
    figures = {
        item["key"]: item["value"] for item in report.compute(tree.yangiqorgon, period_parse("2026-03"))["figures"]
    }
    assert (figures["overdue"], figures["answered_late"], figures["median_days_to_answer"]) == (1, 0, None)
