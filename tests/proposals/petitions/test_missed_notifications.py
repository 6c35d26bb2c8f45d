"""E-mails an event's own task never sent (the broker was down at commit) go out late, once."""

from datetime import timedelta

import pytest
from django.core import mail

from proposals.petitions.models import PetitionRules
from proposals.petitions.models import PetitionStatus as S
from proposals.petitions.services import lifecycle as svc
from proposals.petitions.services.notifications import notify_missed
from proposals.petitions.tasks import send_missed_notifications
from tests.fixtures.clock import T0


@pytest.mark.django_db
def test_the_hourly_sweep_sends_what_was_missed_and_only_once(make_petition, people):
    # Built without running on-commit callbacks: as if every task had been lost on the way.
    PetitionRules.objects.filter(level="district").update(signatures_needed=2)
    petition = make_petition(S.THRESHOLD_REACHED, moderator=people.moderator)
    svc.petition_answer(petition=petition, responder=people.responder, answer="Javob.", now=T0)
    assert mail.outbox == []
    sent = notify_missed(now=T0 + timedelta(hours=1))
    told = [(m.to[0], m.subject) for m in mail.outbox]
    assert sent == len(told) > 0 and petition.author.email in {to for to, _subject in told}
    assert len(told) == len(set(told))  # each person once per occasion
    assert notify_missed(now=T0 + timedelta(hours=2)) == 0  # nobody is told twice


@pytest.mark.django_db
def test_old_events_are_left_alone(make_petition):
    make_petition(S.GATHERING)
    assert notify_missed(now=T0 + timedelta(days=3)) == 0


@pytest.mark.django_db
def test_the_task_runs_the_sweep():
    assert send_missed_notifications.apply().get() == 0
