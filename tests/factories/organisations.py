"""Organisations written directly in a status, and memberships (for matrices and lists that do
not walk the registration and verification through the services)."""

from datetime import timedelta

import factory

from participation.models import Membership, MembershipRole, Organisation, OrganisationKind, OrganisationStatus
from tests.factories.accounts import UserFactory
from tests.fixtures.clock import T0


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A verified women's action group (verified at ``T0`` for a year); give ``territory``.
    ``status=OrganisationStatus.REQUESTED`` gives one awaiting verification."""

    class Meta:
        model = Organisation

    name_uz = factory.Sequence(lambda n: f"Faol ayollar guruhi {n}")
    name_ru = factory.Sequence(lambda n: f"Группа активных женщин {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganisationKind.WAG
    status = OrganisationStatus.VERIFIED
    registry_number = factory.LazyAttributeSequence(
        lambda o, n: f"NGO-{n:05d}" if o.kind == OrganisationKind.NGO else None
    )
    verified_at = factory.LazyAttribute(lambda o: T0 if o.status == OrganisationStatus.VERIFIED else None)
    verification_expires_on = factory.LazyAttribute(
        lambda o: (T0 + timedelta(days=365)).date() if o.status == OrganisationStatus.VERIFIED else None
    )
    verified_office = factory.LazyAttribute(lambda o: "Yangiqoʻrgʻon tumani hokimligi" if o.verified_at else "")
    status_reason = factory.LazyAttribute(
        lambda o: (
            "Hujjatlar yetarli emas" if o.status in (OrganisationStatus.REJECTED, OrganisationStatus.SUSPENDED) else ""
        )
    )


class MembershipFactory(factory.django.DjangoModelFactory):
    """An open membership from ``T0``'s date; ``role=MembershipRole.REPRESENTATIVE`` for a
    representative, ``ends_on`` for one that ended."""

    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = MembershipRole.MEMBER
    starts_on = factory.LazyFunction(lambda: (T0 - timedelta(days=30)).date())
    ends_on = None
    named_publicly = False
