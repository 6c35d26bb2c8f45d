"""The demo's organisations are what the README promises: verified groups in Yangiqoʻrgʻon
(two WAGs and an NGO with its registry number) and Zomin, one waiting for the manager, and a
leader and a member who can sign in and act as the README says."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from participation.models import Membership, Organisation, OrganisationKind, OrganisationStatus, Territory, User
from participation.organisations.predicates import can_act_for_organisation
from participation.organisations.selectors import organisations_public, organisations_user_can_represent

pytestmark = pytest.mark.usefixtures("seeded")


def test_verified_organisations_where_the_readme_says():
    yangiqorgon = Territory.objects.get(name_uz="Yangiqoʻrgʻon tumani")
    zomin = Territory.objects.get(name_uz="Zomin tumani")
    there = list(organisations_public(territory=yangiqorgon))
    assert sorted(o.kind for o in there) == ["ngo", "wag", "wag"]
    assert next(o for o in there if o.kind == OrganisationKind.NGO).registry_number
    assert [o.kind for o in organisations_public(territory=zomin)] == ["wag"]


def test_the_leader_acts_the_member_belongs_and_one_group_waits():
    malika = User.objects.get(email="malika@demo.test")
    shahnoza = User.objects.get(email="shahnoza@demo.test")
    group = organisations_user_can_represent(malika).get()
    assert group.slug == "navbahor-faol-ayollari" and group.verified_office == "Yangiqoʻrgʻon tumani hokimligi"
    assert group.memberships.filter(user=shahnoza, role="member").exists()
    assert not can_act_for_organisation(shahnoza, group)
    waiting = User.objects.get(email="zarina@demo.test").organisation_memberships.get().organisation
    assert waiting.status == OrganisationStatus.REQUESTED
    manager = User.objects.get(email="manager.yangiqorgon@demo.test")
    assert manager.has_perm("participation.verify_organisation", waiting)


def test_the_memberships_began_before_today_so_acts_seeded_hours_back_fall_within_them():
    """The other demos seed acts in the hours before "now" (the hearing's registration six hours
    back); a membership that began today would not cover them before Tashkent's 6 a.m."""
    yesterday = timezone.localdate() - timedelta(days=1)
    assert not Membership.objects.filter(starts_on__gt=yesterday).exists()
    verified = Organisation.objects.filter(status=OrganisationStatus.VERIFIED)
    assert verified.count() == 4 and not verified.filter(verification_expires_on__lte=timezone.localdate()).exists()


def test_seeding_again_adds_nothing():
    before = (Organisation.objects.count(), Membership.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Organisation.objects.count(), Membership.objects.count()) == before
