"""Invariants the database holds whatever the code does: one registry number, one open
membership per person and organisation, reasons and dates where a status needs them."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from participation.models import Membership, MembershipRole, OrganisationKind, OrganisationStatus
from tests.factories.accounts import UserFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_registry_number_belongs_to_one_organisation(tree):
    OrganisationFactory(territory=tree.yangiqorgon, kind=OrganisationKind.NGO, registry_number="123456")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(territory=tree.zomin, kind=OrganisationKind.NGO, registry_number="123456")


def test_groups_without_a_registry_number_do_not_collide(tree):
    OrganisationFactory(territory=tree.yangiqorgon, registry_number=None)
    OrganisationFactory(territory=tree.yangiqorgon, registry_number=None)


def test_a_registered_ngo_needs_its_registry_number(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(territory=tree.yangiqorgon, kind=OrganisationKind.NGO, registry_number=None)


def test_a_verified_organisation_has_its_dates_and_a_rejection_its_reason(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(territory=tree.yangiqorgon, verification_expires_on=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(territory=tree.yangiqorgon, status=OrganisationStatus.REJECTED, status_reason="")


def test_one_open_membership_per_person_and_organisation(tree):
    organisation = OrganisationFactory(territory=tree.yangiqorgon)
    person = UserFactory()
    MembershipFactory(organisation=organisation, user=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(organisation=organisation, user=person, role=MembershipRole.REPRESENTATIVE)


def test_a_person_who_left_may_join_again(tree):
    organisation = OrganisationFactory(territory=tree.yangiqorgon)
    person = UserFactory()
    MembershipFactory(organisation=organisation, user=person, ends_on=date(2026, 10, 20))
    MembershipFactory(organisation=organisation, user=person)
    assert Membership.objects.filter(organisation=organisation, user=person).count() == 2


def test_a_membership_cannot_end_before_it_starts(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(
            organisation=OrganisationFactory(territory=tree.yangiqorgon),
            starts_on=date(2026, 10, 1),
            ends_on=date(2026, 9, 30),
        )


def test_the_name_follows_the_reader_language(tree):
    organisation = OrganisationFactory(
        territory=tree.yangiqorgon, name_uz="Navbahor ayollari", name_ru="Женщины Навбахора",
        name_other="Nawbahar hayallari", name_other_language="kaa",
    )  # fmt: skip
    with translation.override("uz"):
        assert organisation.name == "Navbahor ayollari"
    with translation.override("uz-cyrl"):
        assert organisation.name == "Навбаҳор аёллари"
    with translation.override("ru"):
        assert organisation.name == "Женщины Навбахора"
    with translation.override("kaa"):
        assert organisation.name == "Nawbahar hayallari"
