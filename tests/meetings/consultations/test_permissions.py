"""Who may give input, as a matrix: people (anonymous, unverified, resident of the district,
resident of another district, representative of an invited / not invited organisation, with an
open or an ended membership, of an unverified organisation) × phases (announced, open, analysis,
concluded) × audiences (public, invited, both). And who runs a consultation: staff roles ×
territories."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.consultations.services import consultations as services
from meetings.consultations.services.inputs import (
    INPUT_NO_ORGANISATIONS,
    INPUT_NOT_INVITED,
    INPUT_NOT_OPEN,
    INPUT_NOT_PUBLIC,
    INPUT_NOT_REPRESENTATIVE,
    INPUT_NOT_RESIDENT,
    INPUT_NOT_VERIFIED,
    INPUT_SIGN_IN,
    input_refusal,
)
from participation.models import OrganisationKind, OrganisationStatus
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

PHASES = ["announced", "open", "analysis", "concluded"]
AUDIENCES = ["public", "invited", "both"]
NOT_RESIDENT = "not resident"

# (who, acting for) -> expected refusal by audience, while input is open (None: allowed).
OPEN_MATRIX = {
    ("anonymous", None): {"public": INPUT_SIGN_IN, "invited": INPUT_SIGN_IN, "both": INPUT_SIGN_IN},
    ("unverified_resident", None): {
        "public": INPUT_NOT_VERIFIED,
        "invited": INPUT_NOT_PUBLIC,
        "both": INPUT_NOT_VERIFIED,
    },
    ("resident", None): {"public": None, "invited": INPUT_NOT_PUBLIC, "both": None},
    ("zomin_resident", None): {"public": NOT_RESIDENT, "invited": INPUT_NOT_PUBLIC, "both": NOT_RESIDENT},
    ("representative", "invited"): {"public": INPUT_NO_ORGANISATIONS, "invited": None, "both": None},
    ("representative", "not_invited"): {
        "public": INPUT_NO_ORGANISATIONS,
        "invited": INPUT_NOT_INVITED,
        "both": INPUT_NOT_INVITED,
    },
    ("ended_representative", "invited"): {
        "public": INPUT_NO_ORGANISATIONS,
        "invited": INPUT_NOT_REPRESENTATIVE,
        "both": INPUT_NOT_REPRESENTATIVE,
    },
    ("member", "invited"): {
        "public": INPUT_NO_ORGANISATIONS,
        "invited": INPUT_NOT_REPRESENTATIVE,
        "both": INPUT_NOT_REPRESENTATIVE,
    },
    ("representative", "unverified"): {
        "public": INPUT_NO_ORGANISATIONS,
        "invited": INPUT_NOT_REPRESENTATIVE,
        "both": INPUT_NOT_REPRESENTATIVE,
    },
}


@pytest.fixture
def cast(tree, people, resident):
    """The people and organisations of the matrix."""
    invited = OrganisationFactory(territory=tree.navbahor, kind=OrganisationKind.WAG)
    not_invited = OrganisationFactory(territory=tree.navbahor, kind=OrganisationKind.YOUTH)
    unverified = OrganisationFactory(
        territory=tree.navbahor, kind=OrganisationKind.WAG, status=OrganisationStatus.REQUESTED
    )
    today = timezone.localdate()
    representative = resident()
    for organisation in (invited, not_invited, unverified):
        MembershipFactory(organisation=organisation, user=representative, role="representative")
    ended = resident()
    MembershipFactory(organisation=invited, user=ended, role="representative", ends_on=today)
    member = resident()
    MembershipFactory(organisation=invited, user=member, role="member")
    return {
        "people": {
            "anonymous": people["anonymous"],
            "unverified_resident": people.unverified_resident,
            "resident": people.resident,
            "zomin_resident": people.zomin_resident,
            "representative": representative,
            "ended_representative": ended,
            "member": member,
        },
        "organisations": {"invited": invited, "not_invited": not_invited, "unverified": unverified},
    }


def made(make_consultation, consultation_staff, tree, *, phase, audience):
    consultation = make_consultation(
        phase="analysis" if phase == "concluded" else phase,
        audience=audience,
        invite_kinds=[] if audience == "public" else [(OrganisationKind.WAG, tree.yangiqorgon)],
    )
    if phase == "concluded":
        services.consultation_conclude(consultation=consultation, staff=consultation_staff, outcome_summary="Natija")
        consultation.refresh_from_db()
    return consultation


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("phase", PHASES)
def test_who_may_give_input(phase, audience, cast, tree, make_consultation, consultation_staff):
    consultation = made(make_consultation, consultation_staff, tree, phase=phase, audience=audience)
    for (who, acting_for), by_audience in OPEN_MATRIX.items():
        user = cast["people"][who]
        organisation = cast["organisations"][acting_for] if acting_for else None
        refusal = input_refusal(consultation, user, organisation=organisation)
        expected = by_audience[audience]
        if phase != "open" and user.is_authenticated:
            expected = INPUT_NOT_OPEN
        if expected == NOT_RESIDENT:
            expected = INPUT_NOT_RESIDENT % {"territory": tree.yangiqorgon.name}
        assert (str(refusal) if refusal else None) == (str(expected) if expected else None), (who, acting_for)


def test_a_membership_that_ends_stops_the_representative_on_that_day(cast, tree, make_consultation, consultation_staff):
    consultation = made(make_consultation, consultation_staff, tree, phase="open", audience="invited")
    ended = cast["people"]["ended_representative"]
    invited = cast["organisations"]["invited"]
    yesterday = timezone.now() - timedelta(days=1)
    assert input_refusal(consultation, ended, organisation=invited, now=yesterday) is None
    assert input_refusal(consultation, ended, organisation=invited) == INPUT_NOT_REPRESENTATIVE


STAFF = {
    "editor": False,
    "moderator": False,
    "responder": True,
    "manager": True,
    "region_manager": True,
    "country_manager": True,
    "chair": False,  # a mahalla's manager does not run the district's consultations
    "zomin_manager": False,
    "zomin_responder": False,
    "resident": False,
    "anonymous": False,
}


@pytest.mark.parametrize(("who", "allowed"), STAFF.items())
def test_who_runs_a_consultation(who, allowed, people, make_consultation):
    consultation = make_consultation()
    assert people[who].has_perm("meetings.run_consultation", consultation) is allowed
    assert people[who].has_perm("meetings.answer_consultation", consultation) is allowed
