"""A crafted month (March 2026 in Yangiqoʻrgʻon) whose report figures are computed by hand in
the tests, with rows just outside it (February, April, Zomin, the Tashkent midnight) that must
not count."""

from datetime import datetime

import pytest

from participation.models import ReasonCode
from participation.transparency.periods import TASHKENT
from proposals.petitions.models import Petition, PetitionEvent, PetitionStatus, Signature
from tests.factories.accounts import UserFactory
from tests.factories.petitions import PetitionFactory


def at(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=TASHKENT)


def submitted(petition: Petition, when: datetime) -> Petition:
    """Record the petition's submission (co-sponsors found, sent to moderation) at ``when``:
    what "received" counts."""
    PetitionEvent.objects.create(
        petition=petition, from_status=PetitionStatus.GATHERING, to_status=PetitionStatus.MODERATION, created_at=when
    )
    return petition


def sign(petition: Petition, mahalla, when: datetime, count: int, **fields) -> None:
    for _ in range(count):
        Signature.objects.create(petition=petition, user=UserFactory(), mahalla=mahalla, created_at=when, **fields)


@pytest.fixture
def march(tree):
    """Petitions of Yangiqoʻrgʻon touching March 2026, and their signatures."""
    # The migration's reason codes, unless a browser test's flush took them.
    reason = ReasonCode.objects.order_by("position").first() or ReasonCode.objects.create(code="spam", label_uz="Spam")
    district = tree.yangiqorgon

    def petition(**fields):
        made = PetitionFactory(territory=fields.pop("territory", district), closes_at=None, **fields)
        if made.status not in (PetitionStatus.DRAFT, PetitionStatus.GATHERING):
            submitted(made, made.created_at)  # sent to moderation the day it was written
        return made

    received = petition(  # submitted, published and over the threshold in March; due in April
        status=PetitionStatus.THRESHOLD_REACHED,
        created_at=at(3, 2),
        published_at=at(3, 3),
        threshold_reached_at=at(3, 10),
        answer_due_at=at(4, 10),
    )
    petition(  # answered on time in March, 7 days after its threshold
        territory=tree.navbahor,
        status=PetitionStatus.ANSWERED,
        created_at=at(2, 20),
        published_at=at(2, 21),
        threshold_reached_at=at(2, 25),
        answer_due_at=at(3, 5),
        answered_at=at(3, 4),
    )
    petition(  # answered late in March, 38 days after its threshold
        status=PetitionStatus.ANSWERED,
        created_at=at(1, 10),
        published_at=at(1, 11),
        threshold_reached_at=at(2, 1),
        answer_due_at=at(3, 1),
        answered_at=at(3, 11),
    )
    petition(  # overdue at the end of March, still unanswered
        status=PetitionStatus.THRESHOLD_REACHED,
        created_at=at(1, 2),
        published_at=at(1, 3),
        threshold_reached_at=at(1, 15),
        answer_due_at=at(3, 20),
    )
    petition(  # over the threshold in March, overdue on 1 April, answered only on 5 April
        status=PetitionStatus.ANSWERED,
        created_at=at(2, 10),
        published_at=at(2, 11),
        threshold_reached_at=at(3, 1),
        answer_due_at=at(3, 31),
        answered_at=at(4, 5),
    )
    petition(status=PetitionStatus.DRAFT, created_at=at(3, 5))  # never submitted: not received
    rejected = petition(status=PetitionStatus.REJECTED, created_at=at(3, 6), rejection_reason=reason)
    PetitionEvent.objects.create(
        petition=rejected, from_status=PetitionStatus.MODERATION, to_status=PetitionStatus.REJECTED, created_at=at(3, 7)
    )
    petition(territory=tree.zomin, status=PetitionStatus.MODERATION, created_at=at(3, 2))  # another district
    # 01:00 on 1 April in Tashkent is still 31 March in UTC: April's, not March's.
    petition(status=PetitionStatus.MODERATION, created_at=at(4, 1, hour=1))

    sign(received, tree.navbahor, at(3, 12), 12)
    sign(received, tree.istiqlol, at(3, 13), 3)
    sign(received, None, at(3, 14), 6)
    sign(received, tree.navbahor, at(3, 15), 1, withdrawn_at=at(3, 20))  # withdrawn in March: gone
    sign(received, tree.navbahor, at(3, 15), 1, withdrawn_at=at(4, 2))  # withdrawn later: stood at the end
    sign(received, tree.navbahor, at(2, 27), 10)  # February's
    return {"reason": reason, "petition": received}
