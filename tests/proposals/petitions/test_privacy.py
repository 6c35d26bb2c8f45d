"""Signers' personal data: addresses are kept only while they can serve a fraud check."""

from datetime import timedelta

import pytest

from proposals.petitions.models import PetitionStatus as S
from proposals.petitions.models import Signature
from proposals.petitions.services import lifecycle as svc
from proposals.petitions.tasks import forget_signature_addresses
from tests.fixtures.clock import T0


@pytest.mark.django_db
def test_addresses_are_erased_a_month_after_collection_ends(make_petition, people, resident, settings):
    settings.PETITION_SIGNATURE_IP_RETENTION_DAYS = 30
    petition = make_petition(S.COLLECTING, moderator=people.moderator)
    svc.petition_sign(petition=petition, user=resident(), ip="203.0.113.7", now=T0)
    ended = petition.closes_at
    assert svc.signatures_forget_addresses(now=ended + timedelta(days=29)) == 0
    assert Signature.objects.get(petition=petition).ip == "203.0.113.7"
    assert svc.signatures_forget_addresses(now=ended + timedelta(days=31)) == 1
    signature = Signature.objects.get(petition=petition)
    assert signature.ip is None and signature.withdrawn_at is None  # the signature itself stays
    petition.refresh_from_db()
    assert petition.signature_count == 1


@pytest.mark.django_db
def test_the_nightly_task_runs_the_service():
    assert forget_signature_addresses.apply().get() == 0
