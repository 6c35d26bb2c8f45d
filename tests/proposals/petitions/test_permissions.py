"""The permission matrix of petitions: roles × actions × territories × states.

Each expectation is written as the rule a person would state ("a responder of the addressed
district, or of its region, answers a petition that reached its threshold"), then checked
against ``has_perm`` for every combination.
"""

import pytest

from participation.models import ModerationItem, ModerationKind, StaffRoleKind, VerificationLevel
from proposals.petitions.models import Petition
from proposals.petitions.models import PetitionStatus as S
from tests.factories import UserFactory
from tests.fixtures.clock import T0

ROLES = [
    "anonymous",
    "resident",
    "unverified_resident",
    "zomin_resident",
    "editor",
    "moderator",
    "responder",
    "manager",
    "region_manager",
    "zomin_moderator",
    "zomin_responder",
]
# Where each person lives (verified by e-mail); staff are residents too.
HOME = {
    "resident": "yangiqorgon",
    "zomin_resident": "zomin",
    "editor": "yangiqorgon",
    "moderator": "yangiqorgon",
    "responder": "yangiqorgon",
    "manager": "yangiqorgon",
    "region_manager": "yangiqorgon",
    "zomin_moderator": "zomin",
    "zomin_responder": "zomin",
}
ACTIONS = ["sign", "answer", "extend", "invalidate", "decide_moderation"]
STATES = [S.MODERATION, S.COLLECTING, S.THRESHOLD_REACHED, S.ANSWERED]
PLACES = ["yangiqorgon", "zomin"]


def expected(role: str, action: str, place: str, state: str) -> bool:
    local = {"yangiqorgon": not role.startswith("zomin"), "zomin": role.startswith("zomin")}[place]
    if role == "region_manager":
        local = place == "yangiqorgon"  # Namangan region contains Yangiqoʻrgʻon, not Zomin
    staff_role = {"region_manager": "manager"}.get(role, role.removeprefix("zomin_"))
    if action == "sign":
        # Anyone verified by e-mail who lives in the addressed territory, while collecting.
        return HOME.get(role) == place and state in {S.COLLECTING, S.THRESHOLD_REACHED}
    if action in {"answer", "extend"}:
        return local and staff_role in {"responder", "manager"} and state == S.THRESHOLD_REACHED
    if action == "invalidate":
        return local and staff_role in {"moderator", "manager"} and state in {S.COLLECTING, S.THRESHOLD_REACHED}
    if action == "decide_moderation":
        return local and staff_role in {"moderator", "manager"}
    raise AssertionError(action)


# Staff are residents too: the mahalla each staff member lives in (verified by e-mail).
STAFF_HOMES = {
    "editor": "istiqlol",
    "moderator": "istiqlol",
    "responder": "istiqlol",
    "manager": "istiqlol",
    "region_manager": "navbahor",
    "zomin_moderator": "duoba",
    "zomin_responder": "oʻrikli",
}


def living_in_their_district(user, role, tree):
    if role in STAFF_HOMES:
        user.home_territory, user.verification_level = getattr(tree, STAFF_HOMES[role]), VerificationLevel.EMAIL
        user.save()
    return user


@pytest.fixture
def petitions(tree):
    author = UserFactory(home_territory=tree.navbahor)
    made = {}
    for place in PLACES:
        for state in STATES:
            made[place, state] = Petition.objects.create(
                territory=getattr(tree, place),
                author=author,
                title=f"{place} {state}",
                text="x" * 40,
                status=state,
                created_at=T0,
                signatures_needed=10,
                cosponsors_needed=5,
                collection_days=90,
                verification_level=VerificationLevel.EMAIL,
                residents_only=True,
                closes_at=T0,
                answered_at=T0 if state == S.ANSWERED else None,
            )
    return made


def _target(action, petition):
    if action == "decide_moderation":
        return ModerationItem(
            kind=ModerationKind.REVIEW, territory=petition.territory, author=petition.author, title=petition.title
        )
    return petition


PERMS = {
    "sign": "proposals.sign_petition",
    "answer": "proposals.answer_petition",
    "extend": "proposals.extend_petition",
    "invalidate": "proposals.invalidate_signatures",
    "decide_moderation": "participation.decide_moderation",
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(people, petitions, tree, role):
    user = living_in_their_district(people[role], role, tree)
    mismatches = []
    for action in ACTIONS:
        for (place, state), petition in petitions.items():
            allowed = user.has_perm(PERMS[action], _target(action, petition))
            if allowed != expected(role, action, place, state):
                mismatches.append((action, place, state, allowed))
    assert mismatches == []


@pytest.mark.django_db
def test_nobody_moderates_their_own_petition(petitions, make_staff, tree):
    petition = petitions["yangiqorgon", S.MODERATION]
    author_moderator = petition.author
    from participation.services.roles import staff_role_grant

    staff_role_grant(user=author_moderator, territory=tree.yangiqorgon, role=StaffRoleKind.MODERATOR, granted_by=None)
    item = _target("decide_moderation", petition)
    assert not author_moderator.has_perm("participation.decide_moderation", item)


@pytest.mark.django_db
def test_an_appeal_is_not_for_the_moderator_who_decided_first(petitions, make_staff, tree):
    first, second = make_staff("moderator", tree.yangiqorgon), make_staff("moderator", tree.yangiqorgon)
    appeal = _target("decide_moderation", petitions["yangiqorgon", S.MODERATION])
    appeal.kind, appeal.excluded_moderator = ModerationKind.APPEAL, first
    assert not first.has_perm("participation.decide_moderation", appeal)
    assert second.has_perm("participation.decide_moderation", appeal)


@pytest.mark.django_db
def test_signing_open_to_non_residents_when_the_rules_say_so(petitions, people):
    petition = petitions["yangiqorgon", S.COLLECTING]
    outsider = people["zomin_resident"]
    assert not outsider.has_perm("proposals.sign_petition", petition)
    petition.residents_only = False
    assert outsider.has_perm("proposals.sign_petition", petition)


@pytest.mark.django_db
def test_country_managers_edit_petition_rules_and_district_managers_do_not(people, tree, make_staff):
    national = make_staff("manager", tree.country)
    assert national.has_perm("proposals.edit_petition_rules")
    assert not people["manager"].has_perm("proposals.edit_petition_rules")
    assert not people["resident"].has_perm("proposals.edit_petition_rules")
