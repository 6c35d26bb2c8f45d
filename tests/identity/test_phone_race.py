"""One phone number confirms one person, also when two people confirm it at the same moment
(PostgreSQL: each on its own connection, as two web processes)."""

import pytest

from participation.identity import services
from participation.models import User, VerificationLevel
from tests.fixtures.concurrency import postgres_only, run_together, unexpected
from tests.identity.conftest import PHONE, last_code

pytestmark = [pytest.mark.django_db(transaction=True), postgres_only]


def test_two_people_confirming_the_same_number_at_once_leave_it_to_one(resident):
    first, second = resident(), resident()
    codes = {}
    for person in (first, second):
        services.phone_verify_send(user=person, phone=PHONE)
        codes[person.pk] = last_code()

    def confirm(user_id):
        return lambda: services.user_phone_verify(user=User.objects.get(pk=user_id), phone=PHONE, code=codes[user_id])

    outcomes = run_together([confirm(first.pk), confirm(second.pk)])
    assert unexpected(outcomes) == []
    refused = [outcome for outcome in outcomes if isinstance(outcome, services.PhoneTaken)]
    assert len(refused) == 1
    (holder,) = User.objects.filter(phone=PHONE, phone_verified_at__isnull=False)
    loser = User.objects.get(pk=(second if holder.pk == first.pk else first).pk)
    assert holder.verification_level == VerificationLevel.PHONE
    assert loser.verification_level == VerificationLevel.EMAIL and loser.phone is None
    assert loser.verifications.filter(method="phone").count() == 0
