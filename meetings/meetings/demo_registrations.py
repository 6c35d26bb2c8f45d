"""Demo registrations for an upcoming hearing, seeded through the services: a verified women's
action group of the meeting's district (Navbahor faol ayollari, represented by
malika@demo.test, where the organisations demo has run) registers three people; residents take
the other seats, a few asking for help; one or two more land on the waiting list. Called by the
meetings demo with its hearing (``seed(meeting, staff=..., now=...)``). Idempotent: a meeting
that has registrations is left as it is."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from meetings.meetings.models import Meeting, Registration, RegistrationStatus
from meetings.meetings.services.registrations import registration_create
from participation.demo import DemoLogin, demo_demographics, demo_user
from participation.models import OrganisationKind
from participation.organisations.models import Membership, MembershipRole
from participation.organisations.predicates import membership_open_on
from participation.organisations.selectors import active_organisations

REPRESENTATIVE = "malika@demo.test"
ORGANISATION_PEOPLE = 3
WAITING = 2
# Residents who register (a few of the demo mahalla's names, numbered past the first round).
NAMES = (
    "Dilshod Karimov",
    "Nodira Yusupova",
    "Bahodir Rahimov",
    "Gulchehra Sobirova",
    "Sherzod Qodirov",
    "Mohira Ergasheva",
    "Jasur Toshmatov",
    "Feruza Nazarova",
)


def _representation(meeting: Meeting, on) -> tuple:
    """A verified women's action group of the meeting's territory and one of its
    representatives, the demo's Malika first; (None, None) when there is none."""
    groups = active_organisations(on=on).filter(
        kind=OrganisationKind.WAG, territory__path__startswith=meeting.territory.path
    )
    memberships = (
        Membership.objects.filter(membership_open_on(on), organisation__in=groups, role=MembershipRole.REPRESENTATIVE)
        .select_related("organisation", "user")
        .order_by("starts_on", "pk")
    )
    chosen = next((m for m in memberships if m.user.email == REPRESENTATIVE), None) or memberships.first()
    return (chosen.organisation, chosen.user) if chosen else (None, None)


def _resident(meeting: Meeting, number: int):
    name = NAMES[number % len(NAMES)]
    if number >= len(NAMES):
        name = f"{name} {number // len(NAMES) + 1}"
    user, _created = demo_user(
        f"meeting{meeting.pk}.resident{number + 1}@demo.test",
        name,
        home_territory=meeting.territory,
        **demo_demographics(number + 1),
    )
    return user


@transaction.atomic
def seed(meeting: Meeting, *, staff, now: datetime) -> list[DemoLogin]:
    """Fill ``meeting`` (announced, starting after ``now``) as the demo shows it. ``staff`` is
    who runs the meeting: nothing here is theirs to do, it is taken for the callers' symmetry."""
    if Registration.objects.filter(meeting=meeting).exists():
        return []
    at = now - timedelta(hours=6)  # registered before the demo's "now", a minute apart
    organisation, representative = _representation(meeting, timezone.localdate(at))
    logins = []
    if organisation is not None:
        people = min(ORGANISATION_PEOPLE, meeting.capacity or ORGANISATION_PEOPLE)
        registration_create(
            meeting=meeting,
            user=representative,
            organisation=organisation,
            people=people,
            needs_step_free=True,
            now=at,
            rate_limited=False,
        )
        logins.append(DemoLogin(representative.email, f"registered {organisation.name} ({people} people)"))
    meeting.refresh_from_db()
    free = (meeting.capacity - meeting.seats_taken) if meeting.capacity is not None else len(NAMES)
    for number in range(free + (WAITING if meeting.capacity is not None else 0)):
        at += timedelta(minutes=1)
        registration = registration_create(
            meeting=meeting,
            user=_resident(meeting, number),
            needs_sign_language=number == 1,
            needs_elderly_help=number in (2, 5),
            now=at,
            rate_limited=False,
        )
        if registration.status == RegistrationStatus.WAITING:
            logins.append(DemoLogin(registration.user.email, "on the waiting list of the hearing"))
    return logins
