"""``seed_demo`` leaves a petition in every state, built through the real services."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from participation.models import ModerationItem, User
from participation.selectors import moderation_queue
from proposals.petitions.models import Petition
from proposals.petitions.models import PetitionStatus as S
from proposals.petitions.services.lifecycle import petitions_reconcile_counts


@pytest.mark.django_db
def test_every_state_has_a_demo_petition(seeded):
    states = set(Petition.objects.values_list("status", flat=True))
    assert {S.GATHERING, S.MODERATION, S.COLLECTING, S.THRESHOLD_REACHED, S.ANSWERED, S.REJECTED, S.CLOSED} <= states


@pytest.mark.django_db
def test_demo_counts_are_exact_and_deadlines_follow_the_rules(seeded):
    assert petitions_reconcile_counts() == []
    extended, late = Petition.objects.filter(status=S.ANSWERED).order_by(F("extended_at").asc(nulls_last=True))
    assert extended.extended_at is not None and extended.answered_office == "Yangiqoʻrgʻon tumani hokimligi"
    assert extended.answered_at <= extended.answer_due_at
    assert late.extended_at is None and late.answered_at > late.answer_due_at  # the report's late answer
    reached = Petition.objects.get(status=S.THRESHOLD_REACHED)
    assert reached.signature_count >= reached.signatures_needed
    closed = Petition.objects.get(status=S.CLOSED)
    assert closed.signature_count < closed.signatures_needed


@pytest.mark.django_db
def test_each_moderator_sees_only_their_districts_waiting_petitions(seeded):
    yangiqorgon = moderation_queue(User.objects.get(email="moderator.yangiqorgon@demo.test"))
    zomin = moderation_queue(User.objects.get(email="moderator.zomin@demo.test"))
    assert {item.territory.name_uz for item in yangiqorgon} == {"Yangiqoʻrgʻon tumani"}
    assert {item.territory.name_uz for item in zomin} == {"Zomin tumani"}
    assert ModerationItem.objects.filter(decided_at__isnull=True).count() == len(yangiqorgon) + len(zomin)


@pytest.mark.django_db
def test_seeding_twice_adds_no_petition(seeded):
    before = Petition.objects.aggregate(
        n=Count("pk"), signed=Count("signatures", filter=Q(signatures__withdrawn_at=None))
    )
    call_command("seed_demo", stdout=io.StringIO())
    assert (
        Petition.objects.aggregate(n=Count("pk"), signed=Count("signatures", filter=Q(signatures__withdrawn_at=None)))
        == before
    )
