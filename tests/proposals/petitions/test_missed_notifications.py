"""E-mails an event's own task never sent (the broker was down at commit) go out late, once:
the event's work waits in the outbox, and the sweep every feature shares sends it."""

import pytest
from django.core import mail

from participation.models import OutboxEntry
from participation.queue import outbox_sweep
from proposals.petitions.models import PetitionRules
from proposals.petitions.models import PetitionStatus as S
from proposals.petitions.services import lifecycle as svc
from tests.fixtures.clock import T0


@pytest.mark.django_db
def test_the_sweep_sends_what_was_missed_and_only_once(make_petition, people):
    # Built without running on-commit callbacks: as if every task had been lost on the way.
    PetitionRules.objects.filter(level="district").update(signatures_needed=2)
    petition = make_petition(S.THRESHOLD_REACHED, moderator=people.moderator)
    OutboxEntry.objects.all().delete()  # what making the petition owed is not this test's business
    svc.petition_answer(petition=petition, responder=people.responder, answer="Javob.", now=T0)
    assert mail.outbox == []
    assert outbox_sweep() == 1
    told = [(m.to[0], m.subject) for m in mail.outbox]
    assert told and petition.author.email in {to for to, _subject in told}
    assert len(told) == len(set(told))  # each person once per occasion
    assert outbox_sweep() == 0 and len(mail.outbox) == len(told)  # nobody is told twice
