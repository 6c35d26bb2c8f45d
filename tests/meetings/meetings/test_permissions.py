"""Who may do what with a meeting, as a matrix: people (anonymous, a resident, the
representative of a verified / an unverified organisation, the district's editor, moderator,
responder and manager, a manager of another district and of the region above) × actions
(create, announce, reschedule, cancel, approve a proposal, see a draft, propose for the
organisation). Each action is tried through its service (or the page for seeing a draft): a
refusal writes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.meetings.models import Meeting, MeetingStatus
from meetings.meetings.selectors.meetings import meeting_get_for
from meetings.meetings.services import meetings as services
from participation.exceptions import ServiceError
from participation.models import OrganisationStatus
from tests.factories.meetings import meeting_made
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ACTIONS = ["create", "announce", "reschedule", "cancel", "approve", "see_draft", "propose"]
STAFF = {"create", "announce", "reschedule", "cancel", "approve", "see_draft"}
NOBODY: set[str] = set()
MATRIX = {
    "anonymous": NOBODY,
    "resident": NOBODY,
    "representative": {"propose"},
    "unverified_representative": NOBODY,
    "editor": NOBODY,
    "moderator": NOBODY,
    "responder": STAFF,
    "manager": STAFF,
    "zomin_manager": NOBODY,
    "region_manager": STAFF,
}


def person(name, people, tree, resident):
    """The person called ``name`` and the organisation they represent (or a verified one)."""
    verified = OrganisationFactory(territory=tree.yangiqorgon)
    if name == "representative":
        user = resident()
        MembershipFactory(organisation=verified, user=user, role="representative")
        return user, verified
    if name == "unverified_representative":
        unverified = OrganisationFactory(territory=tree.yangiqorgon, status=OrganisationStatus.REQUESTED)
        user = resident()
        MembershipFactory(organisation=unverified, user=user, role="representative")
        return user, unverified
    return people[name], verified


def fields():
    starts_at = timezone.now() + timedelta(days=6)
    return {
        "title": "Uchrashuv",
        "purpose": "Muhokama.",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "address": "Hokimlik",
    }


def attempt(action, user, organisation, *, tree, staff) -> bool:
    """Whether ``user`` managed ``action`` (and, when refused, that nothing changed)."""
    made = lambda status: meeting_made(staff=staff, territory=tree.yangiqorgon, status=status)  # noqa: E731
    try:
        if action == "create":
            before = Meeting.objects.count()
            try:
                services.meeting_create(staff=user, territory=tree.yangiqorgon, **fields())
            except ServiceError:
                assert Meeting.objects.count() == before
                return False
            return True
        if action == "propose":
            services.meeting_propose(user=user, organisation=organisation, territory=tree.yangiqorgon, **fields())
            return True
        if action == "see_draft":
            return meeting_get_for(user, made(MeetingStatus.DRAFT).pk) is not None
        if action == "announce":
            meeting = made(MeetingStatus.DRAFT)
            from meetings.meetings.services.agenda import AgendaEntry, agenda_set

            agenda_set(meeting=meeting, staff=staff, entries=[AgendaEntry(title="Kirish")])
            target = services.meeting_announce
            kwargs = {}
        elif action == "approve":
            meeting = made(MeetingStatus.PROPOSED)
            target, kwargs = services.meeting_approve, {}
        elif action == "reschedule":
            meeting = made(MeetingStatus.ANNOUNCED)
            later = meeting.starts_at + timedelta(days=1)
            target, kwargs = services.meeting_edit, {"starts_at": later, "ends_at": later + timedelta(hours=2)}
        elif action == "cancel":
            meeting = made(MeetingStatus.ANNOUNCED)
            target, kwargs = services.meeting_cancel, {"reason": "Sabab"}
        before = Meeting.objects.filter(pk=meeting.pk).values().get()
        try:
            target(meeting=meeting, staff=user, **kwargs)
        except ServiceError:
            assert Meeting.objects.filter(pk=meeting.pk).values().get() == before
            return False
        return True
    except ServiceError:
        return False


@pytest.mark.parametrize("name", list(MATRIX))
def test_meeting_permissions_matrix(name, people, tree, resident, meeting_staff):
    user, organisation = person(name, people, tree, resident)
    allowed = {action for action in ACTIONS if attempt(action, user, organisation, tree=tree, staff=meeting_staff)}
    assert allowed == MATRIX[name]
