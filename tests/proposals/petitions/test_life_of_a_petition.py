"""The whole life of one petition through its services: every event in order, and the answer
e-mailed once to each person involved."""

import pytest
from django.core import mail
from django.utils import translation

from proposals.petitions.models import PetitionRules
from proposals.petitions.models import PetitionStatus as S
from proposals.petitions.services import lifecycle as svc
from proposals.petitions.services.notifications import SUBJECTS
from tests.fixtures.clock import T0


@pytest.mark.django_db
def test_petition_walks_from_draft_to_answer(make_petition, people, resident, django_capture_on_commit_callbacks):
    PetitionRules.objects.filter(level="district").update(signatures_needed=3)
    with django_capture_on_commit_callbacks(execute=True):
        petition = make_petition(S.THRESHOLD_REACHED, moderator=people.moderator)
    assert petition.status == S.THRESHOLD_REACHED
    assert petition.signature_count == 3
    with django_capture_on_commit_callbacks(execute=True):
        svc.petition_extend(
            petition=petition, staff=people.responder, days=10, reason="Qoʻshimcha oʻrganish kerak", now=T0
        )
        svc.petition_answer(
            petition=petition, responder=people.responder, answer="Yoʻl 2027-yil bahorida taʼmirlanadi.", now=T0
        )
    petition.refresh_from_db()
    assert petition.status == S.ANSWERED
    assert petition.answered_office == "Yangiqoʻrgʻon tumani hokimligi"
    assert list(petition.events.values_list("to_status", flat=True)) == [
        "draft",
        "gathering",
        "moderation",
        "collecting",
        "threshold",
        "threshold",
        "answered",
    ]
    # The answer reaches the author, the five co-sponsors and the three signers, once each.
    with translation.override("uz"):  # everyone here reads Uzbek, the default
        subject = str(SUBJECTS[S.ANSWERED] % {"title": petition.title})
    answered = [m.to[0] for m in mail.outbox if m.subject == subject]
    assert len(answered) == len(set(answered)) == 9
    assert petition.author.email in answered
