"""Petitions written directly in a status (for matrices and lists that do not walk the life of a
petition; the ``make_petition`` fixture brings one to a status through the services)."""

import factory

from participation.models import VerificationLevel
from participation.translit import search_key
from proposals.petitions.models import Petition, PetitionSearch, PetitionStatus
from tests.factories.accounts import UserFactory
from tests.fixtures.clock import T0


class PetitionFactory(factory.django.DjangoModelFactory):
    """A petition in ``status`` with the district's usual rules; give ``territory``."""

    class Meta:
        model = Petition
        skip_postgeneration_save = True

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Petitsiya {n}")
    text = "x" * 40
    status = PetitionStatus.COLLECTING
    created_at = T0
    signatures_needed = 10
    cosponsors_needed = 5
    collection_days = 90
    verification_level = VerificationLevel.EMAIL
    residents_only = True
    closes_at = T0
    answered_at = factory.LazyAttribute(lambda p: T0 if p.status == PetitionStatus.ANSWERED else None)

    # The search key the drafting service writes, so lists search these petitions too.
    search_text = factory.LazyAttribute(lambda p: search_key(f"{p.title} {p.text}"))

    @factory.post_generation
    def search(petition, create, extracted, **kwargs):
        if create:
            PetitionSearch.objects.create(petition=petition, key=petition.search_text)
