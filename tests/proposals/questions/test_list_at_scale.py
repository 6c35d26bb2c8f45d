"""A khokimiyat's questions, listed on its questions page and on its own page, cost the same
queries at 3 questions as at 30 (answered, overdue and awaiting, every topic), and the list
can be browsed up to a bound that it names."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from proposals.questions import views
from proposals.questions.models import Question, QuestionTopic
from tests.proposals.questions.support import ask, publish

TOPICS = [QuestionTopic.WATER, QuestionTopic.ROADS, QuestionTopic.HEALTH]


def grow(khokimiyat, resident, moderator, total: int) -> None:
    """Published questions up to ``total``: every third answered, every third overdue."""
    now = timezone.now()
    while (index := Question.objects.count()) < total:
        question = ask(khokimiyat, resident, title=f"Savol raqami {index:02d}", topic=TOPICS[index % 3])
        days_ago = 20 if index % 3 == 1 else 1  # past the 15 days of the answer: overdue
        publish(question, moderator, now=now - timedelta(days=days_ago, minutes=index))
        if index % 3 == 0:
            Question.objects.filter(pk=question.pk).update(answer="Javob.", answered_at=now - timedelta(hours=index))


@pytest.mark.parametrize(
    "address",
    [
        "/en/yangiqorgon/questions/",
        "/en/yangiqorgon/questions/?state=answered",
        "/en/yangiqorgon/questions/?state=overdue",
        "/en/yangiqorgon/questions/?state=awaiting&topic=roads",
        "/en/yangiqorgon/questions/?page=2",
        "/en/yangiqorgon/",  # the khokimiyat page: overdue questions and the latest
    ],
)
def test_question_lists_cost_the_same_queries_at_3_and_at_30(client, khokimiyat, resident, staff, address):
    counts = []
    for total in (3, 30):
        grow(khokimiyat, resident, staff["moderator"], total)
        client.get(address)  # warm Wagtail's site cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_list_is_browsable_up_to_its_last_page_and_says_so(client, khokimiyat, resident, staff, monkeypatch):
    monkeypatch.setattr(views, "QUESTIONS_PER_PAGE", 2)
    monkeypatch.setattr(views, "QUESTION_PAGES_MAX", 2)
    grow(khokimiyat, resident, staff["moderator"], 5)
    first = client.get("/en/yangiqorgon/questions/").content.decode()
    assert "5 questions" in first and "Page 1 of 2" in first and "can be browsed" not in first
    last = client.get("/en/yangiqorgon/questions/?page=3").content.decode()
    assert "Page 2 of 2" in last and 'rel="next"' not in last
    assert "The list can be browsed as far as page 2." in last
