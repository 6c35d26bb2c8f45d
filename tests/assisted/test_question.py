"""Asking the khokimiyat a question for a resident, with consent bound to the exact wording."""

import pytest

from participation.assisted import services
from participation.assisted.models import AssistedAct, AssistedActKind
from participation.exceptions import ServiceError
from participation.models import Channel
from proposals.questions.assisted import question_consent_reference, question_territory_for
from proposals.questions.models import Question
from tests.assisted.conftest import PHONE, last_code

pytestmark = pytest.mark.django_db

TITLE = "Navbahor koʻchasida ichimlik suvi yoʻq"
TEXT = "Dushanbadan beri Navbahor koʻchasida ichimlik suvi yoʻq. Qachon tiklanadi?"


def test_the_question_is_the_residents_asked_through_the_desk(desk, elderly, tree):
    url = f"/en/operator/questions/{elderly.pk}/"
    form = {"title": TITLE, "text": TEXT, "topic": "water"}
    desk.post(url, {**form, "action": "send"})
    response = desk.post(url, {**form, "action": "ask", "code": last_code(PHONE)})
    assert response.url == f"/en/operator/resident/{elderly.pk}/"
    question = Question.objects.get()
    assert (question.author, question.territory, question.channel) == (elderly, tree.yangiqorgon, Channel.ASSISTED)
    act = AssistedAct.objects.get()
    assert (act.kind, act.target_id) == (AssistedActKind.QUESTION, str(question.pk))


def test_a_code_for_one_wording_does_not_send_another(desk, elderly):
    url = f"/en/operator/questions/{elderly.pk}/"
    desk.post(url, {"title": TITLE, "text": TEXT, "topic": "water", "action": "send"})
    response = desk.post(
        url,
        {"title": TITLE, "text": TEXT + " Boshqa gap.", "topic": "water", "action": "ask", "code": last_code(PHONE)},
    )
    assert response.status_code == 200 and TEXT in response.content.decode()  # the input is kept
    assert not Question.objects.exists() and not AssistedAct.objects.exists()


def test_the_reference_binds_territory_and_wording(elderly):
    territory = question_territory_for(elderly)
    same = question_consent_reference(territory, TITLE, TEXT, "water")
    assert same == question_consent_reference(territory, TITLE, TEXT, "water")
    assert same != question_consent_reference(territory, TITLE, TEXT, "roads")


def test_another_districts_operator_cannot_ask_for_her(people, elderly):
    with pytest.raises(ServiceError):
        services.consent_code_send(operator=people.zomin_operator, resident=elderly, reference="q", what="q")
