"""Who may register and who may check in, as matrices: people (anonymous, unconfirmed, residents
of the district and elsewhere, representatives with an open or ended membership, a member, a
representative of an unverified organisation, staff) × for whom (themself, an organisation) ×
meeting states (announced, started, past, cancelled, draft); and staff roles × territories ×
states for check-in. The rule (``has_perm``) and the service's refusal must agree."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.meetings.services import attendance as attendance_svc
from meetings.meetings.services import registrations as svc
from participation.exceptions import ServiceError
from participation.models import MembershipRole, OrganisationStatus, StaffRoleKind
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

STATES = {
    "announced": {"starts_in": timedelta(days=5)},
    "started": {"starts_in": timedelta(minutes=-30), "hours": 3},
    "past": {"starts_in": timedelta(days=-2)},
    "cancelled": {"status": "cancelled"},
    "draft": {"status": "draft"},
}
CLOSED = {
    "started": svc.REGISTRATION_CLOSED,
    "past": svc.REGISTRATION_CLOSED,
    "cancelled": svc.MEETING_CANCELLED,
    "draft": svc.REGISTRATION_CLOSED,
}
# who -> (refusal for themself, refusal for the organisation) while the meeting is announced.
OPEN = {
    "anonymous": (svc.SIGN_IN, svc.SIGN_IN),
    "unverified_resident": (svc.EMAIL_NOT_CONFIRMED, svc.EMAIL_NOT_CONFIRMED),
    "resident": (None, svc.NOT_REPRESENTATIVE),
    "zomin_resident": (None, svc.NOT_REPRESENTATIVE),  # a public meeting: anyone may come
    "manager": (svc.EMAIL_NOT_CONFIRMED, svc.EMAIL_NOT_CONFIRMED),  # staff only, no confirmed e-mail
    "representative": (None, None),
    "ended_representative": (None, svc.NOT_REPRESENTATIVE),
    "member": (None, svc.NOT_REPRESENTATIVE),
    "unverified_organisation": (None, svc.NOT_REPRESENTATIVE),
}


@pytest.fixture
def cast(people, tree, resident):
    """The people of the matrix and the organisation each acts for."""
    group = OrganisationFactory(territory=tree.navbahor)
    unverified = OrganisationFactory(territory=tree.navbahor, status=OrganisationStatus.REQUESTED)
    today = timezone.localdate()

    def person_in(organisation, **membership):
        person = resident()
        MembershipFactory(organisation=organisation, user=person, **membership)
        return person, organisation

    return {
        "anonymous": (people["anonymous"], group),
        "unverified_resident": (people.unverified_resident, group),
        "resident": (people.resident, group),
        "zomin_resident": (people.zomin_resident, group),
        "manager": (people.manager, group),
        "representative": person_in(group, role=MembershipRole.REPRESENTATIVE),
        "ended_representative": person_in(group, role=MembershipRole.REPRESENTATIVE, ends_on=today),
        "member": person_in(group, role=MembershipRole.MEMBER),
        "unverified_organisation": person_in(unverified, role=MembershipRole.REPRESENTATIVE),
    }


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("who", list(OPEN))
def test_who_may_register_themself_or_their_organisation(make_meeting, cast, who, state):
    meeting = make_meeting(**STATES[state])
    person, organisation = cast[who]
    own, for_organisation = OPEN[who]
    if state != "announced":
        # Signing in and a confirmed address are asked first; then the meeting's state.
        own = own if own in (svc.SIGN_IN, svc.EMAIL_NOT_CONFIRMED) else CLOSED[state]
        for_organisation = (
            for_organisation if for_organisation in (svc.SIGN_IN, svc.EMAIL_NOT_CONFIRMED) else CLOSED[state]
        )
    assert svc.registration_refusal(meeting, person) == own
    assert svc.registration_refusal(meeting, person, organisation=organisation) == for_organisation
    assert person.has_perm("meetings.register_for_meeting", meeting) == (own is None)
    for target, expected in ((None, own), (organisation, for_organisation)):
        if expected is None:
            registration = svc.registration_create(meeting=meeting, user=person, organisation=target, people=2)
            svc.registration_cancel(registration=registration, user=person)
        else:
            with pytest.raises(ServiceError) as refused:
                svc.registration_create(meeting=meeting, user=person, organisation=target, people=2)
            assert str(refused.value.message) == str(expected)


STAFF = [
    (StaffRoleKind.MANAGER, "yangiqorgon", True),
    (StaffRoleKind.RESPONDER, "yangiqorgon", True),
    (StaffRoleKind.MANAGER, "namangan", True),  # the region above the district
    (StaffRoleKind.MANAGER, "country", True),
    (StaffRoleKind.MODERATOR, "yangiqorgon", False),
    (StaffRoleKind.EDITOR, "yangiqorgon", False),
    (StaffRoleKind.MANAGER, "navbahor", False),  # a mahalla below: not the district's meeting
    (StaffRoleKind.MANAGER, "zomin", False),
    (StaffRoleKind.RESPONDER, "zomin", False),
]
CHECK_IN_STATES = {
    "today": ({"starts_in": timedelta(hours=1)}, None),
    "started": ({"starts_in": timedelta(minutes=-30), "hours": 3}, None),
    # Messages are formatted in the test (lazy text formatted at import would take the language
    # active while the tests are collected).
    "in two days": ({"starts_in": timedelta(days=2)}, lambda: attendance_svc.NOT_YET % {"hours": 3}),
    "cancelled": ({"status": "cancelled"}, lambda: attendance_svc.NOT_ANNOUNCED),
}


@pytest.mark.parametrize("state", list(CHECK_IN_STATES))
@pytest.mark.parametrize(("role", "where", "runs"), STAFF)
def test_who_may_check_in_by_role_territory_and_state(
    make_meeting, make_staff, tree, resident, role, where, runs, state
):
    fields, refusal_when_running = CHECK_IN_STATES[state]
    meeting = make_meeting(**fields)
    staff = make_staff(role, getattr(tree, where))
    assert staff.has_perm("meetings.run_meeting", meeting) is runs
    assert staff.has_perm("meetings.check_in_at_meeting", meeting) is (runs and state != "cancelled")
    expected = (refusal_when_running and refusal_when_running()) if runs else attendance_svc.NOT_ALLOWED
    if expected is None:
        assert attendance_svc.walk_ins_add(meeting=meeting, staff=staff, count=1) == 1
    else:
        with pytest.raises(ServiceError) as refused:
            attendance_svc.walk_ins_add(meeting=meeting, staff=staff, count=1)
        assert str(refused.value.message) == str(expected)
