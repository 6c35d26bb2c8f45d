"""The permission matrix of organisations: people (by role, territory and membership state) ×
actions × verification states. The expectations are written as the rules read in words, so
a change of rule shows up here as a changed sentence, not a changed table of booleans."""

from datetime import date, timedelta

import pytest

from participation.models import MembershipRole, OrganisationStatus
from participation.organisations.predicates import can_act_for_organisation
from participation.organisations.selectors import organisations_user_can_represent
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.fixtures.clock import T0

pytestmark = pytest.mark.django_db

ACTIONS = [
    "act_for_organisation",
    "invite_organisation_member",
    "view_organisation_members",
    "end_organisation_membership",
    "leave_organisation",
    "verify_organisation",
]
STATES = ["requested", "verified", "expired_by_date", "suspended", "rejected"]
# Who, and how they relate to the organisation (which works in Navbahor, Yangiqoʻrgʻon).
PEOPLE = [
    "anonymous",
    "outsider",
    "member",
    "representative",
    "ended_representative",
    "future_representative",
    "moderator",
    "manager",
    "region_manager",
    "zomin_manager",
    "manager_who_is_a_member",
]
TODAY = T0.date()


def expected(person: str, action: str, state: str) -> bool:
    active = state == "verified"
    good_standing = state in ("requested", "verified")
    representative = person == "representative"
    member = person in ("member", "representative", "manager_who_is_a_member")
    manager_here = person in ("manager", "region_manager", "manager_who_is_a_member")
    return {
        # Only a current representative of a verified, unexpired organisation acts for it.
        "act_for_organisation": representative and active,
        # Representatives (and its managers, for a group staff registered) invite while the
        # group awaits verification or is verified and current.
        "invite_organisation_member": (representative or manager_here) and good_standing,
        # The member list: its representatives and the managers of its territory.
        "view_organisation_members": representative or manager_here,
        "end_organisation_membership": representative or manager_here,
        # Any current member may leave.
        "leave_organisation": member,
        # A manager of its territory (or above) who is not a member decides, in any state.
        "verify_organisation": manager_here and not member,
    }[action]


def make_organisation(tree, state):
    if state == "expired_by_date":
        # Still marked verified: the date alone stops it.
        return OrganisationFactory(territory=tree.navbahor, verification_expires_on=TODAY)
    return OrganisationFactory(territory=tree.navbahor, status=state)


def make_person(name, organisation, people):
    if name == "anonymous":
        return people["anonymous"]
    if name == "outsider":
        return people.author
    if name in ("moderator", "manager", "region_manager", "zomin_manager"):
        return people[name]
    if name == "manager_who_is_a_member":
        MembershipFactory(organisation=organisation, user=people.chair)
        return people.chair
    membership = {
        "member": {"role": MembershipRole.MEMBER},
        "representative": {"role": MembershipRole.REPRESENTATIVE},
        "ended_representative": {"role": MembershipRole.REPRESENTATIVE, "ends_on": TODAY},
        "future_representative": {"role": MembershipRole.REPRESENTATIVE, "starts_on": TODAY + timedelta(days=1)},
    }[name]
    return MembershipFactory(organisation=organisation, user=people.resident, **membership).user


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("person", PEOPLE)
def test_permission_matrix(people, tree, at_t0, person, state):
    organisation = make_organisation(tree, state)
    user = make_person(person, organisation, people)
    got = {action: user.has_perm(f"participation.{action}", organisation) for action in ACTIONS}
    assert got == {action: expected(person, action, state) for action in ACTIONS}


@pytest.mark.parametrize("state", STATES)
def test_the_represent_list_agrees_with_the_predicate(people, tree, state):
    organisation = make_organisation(tree, state)
    MembershipFactory(organisation=organisation, user=people.resident, role=MembershipRole.REPRESENTATIVE)
    listed = list(organisations_user_can_represent(people.resident, on=TODAY))
    assert (listed == [organisation]) == can_act_for_organisation(people.resident, organisation, on=TODAY)
    assert (listed == [organisation]) == (state == "verified")


def test_acting_is_judged_on_the_day_asked(people, tree):
    organisation = OrganisationFactory(territory=tree.navbahor, verification_expires_on=date(2027, 1, 1))
    MembershipFactory(
        organisation=organisation,
        user=people.resident,
        role=MembershipRole.REPRESENTATIVE,
        starts_on=date(2026, 10, 1),
        ends_on=date(2026, 11, 15),
    )
    assert not can_act_for_organisation(people.resident, organisation, on=date(2026, 9, 30))
    assert can_act_for_organisation(people.resident, organisation, on=date(2026, 11, 14))
    assert not can_act_for_organisation(people.resident, organisation, on=date(2026, 11, 15))
    assert list(organisations_user_can_represent(people.resident, on=date(2026, 11, 14))) == [organisation]
    assert not organisations_user_can_represent(people.resident, on=date(2026, 11, 15)).exists()


def test_nobody_anonymous_represents_anything(people):
    assert not organisations_user_can_represent(people["anonymous"]).exists()


def test_suspended_and_rejected_states_are_real_states():
    assert {"suspended", "rejected"} <= set(OrganisationStatus.values)
