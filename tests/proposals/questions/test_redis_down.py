"""Asking and answering a question while Redis (cache and broker) is down: the resident is
told why and keeps what they wrote; the answer is saved, the page after it opens, and the
followers' e-mails wait in the outbox until the sweep sends them, once."""

import pytest
from django.utils import timezone
from django.utils.html import escape

from participation import ratelimit
from participation.models import OutboxEntry
from participation.queue import outbox_sweep
from proposals.questions.models import Question
from tests.proposals.questions.support import ask, publish

pytestmark = pytest.mark.django_db

QUESTION = {"title": "Navbahor koʻchasida suv yoʻq", "text": "Dushanbadan beri suv yoʻq.", "topic": "water"}


def test_asking_says_why_keeps_the_text_and_saves_nothing(client, khokimiyat, resident, redis_down):
    client.force_login(resident)
    response = client.post("/en/yangiqorgon/questions/ask/", QUESTION)
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(str(ratelimit.UNAVAILABLE)) in page
    assert QUESTION["title"] in page and QUESTION["text"] in page
    assert not Question.objects.exists()


def test_answering_is_saved_the_next_page_opens_and_followers_hear_later_once(
    client, khokimiyat, resident, staff, mailoutbox, request, django_capture_on_commit_callbacks
):
    question = publish(ask(khokimiyat, resident), staff["moderator"], now=timezone.now())
    OutboxEntry.objects.all().delete()
    client.force_login(staff["responder"])
    request.getfixturevalue("redis_down")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/questions/{question.pk}/", {"action": "answer", "answer-answer": "Suv 5-martda keladi."}
        )
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert client.get(f"/en/yangiqorgon/questions/{question.pk}/").status_code == 200
    question.refresh_from_db()
    assert question.answer == "Suv 5-martda keladi."
    assert mailoutbox == []
    assert outbox_sweep() == 1
    assert [email.to for email in mailoutbox] == [[resident.email]]
    assert outbox_sweep() == 0 and len(mailoutbox) == 1
