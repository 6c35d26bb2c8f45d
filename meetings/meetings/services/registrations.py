"""Registration: a resident for themself, or a representative for their organisation with a
number of people; a waiting list when the seats run out; cancellation that promotes whoever
waits, in the same transaction.

Every write locks the meeting row first (always the meeting, then its registrations), so seats
are counted one registration at a time; ``Meeting.seats_taken`` carries the count and the
database refuses more than the capacity whatever happens above it.

Promotion is "first in line who fits": waiting registrations are taken in the order they came,
and one that needs more seats than are free keeps its place (first in line still) while the
ones after it that fit are promoted. So no seat stays empty while someone who fits waits, and a
large group is promoted as soon as enough seats are free, before anyone who came after it.
"""

import secrets
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from meetings.meetings import predicates as p
from meetings.meetings.models import ACTIVE_REGISTRATION, Meeting, MeetingStatus, Registration, RegistrationStatus
from meetings.meetings.registration_transitions import REGISTRATION_TRANSITIONS
from meetings.meetings.selectors.registrations import CODE_ALPHABET, registration_open
from participation.demographics import participation_figures
from participation.exceptions import ServiceError
from participation.organisations.predicates import can_act_for_organisation
from participation.queue import enqueue_on_commit
from participation.ratelimit import rate_limit
from participation.web.page_cache import pages_changed

SIGN_IN = _("Sign in to register for this meeting.")
EMAIL_NOT_CONFIRMED = _("Confirm your e-mail address before registering: we send your registration code there.")
MEETING_CANCELLED = _("This meeting was cancelled: registration is closed.")
REGISTRATION_CLOSED = _("Registration for this meeting is closed: it is open until the meeting starts.")
ALREADY_REGISTERED = _("You are already registered for this meeting.")
ORGANISATION_ALREADY_REGISTERED = _("%(organisation)s is already registered for this meeting.")
NOT_REPRESENTATIVE = _(
    "You cannot register for this organisation: you are not (or no longer) its representative, or it is not verified."
)
PEOPLE_OUT_OF_RANGE = _("An organisation registers from 1 to %(max)d people.")
ALREADY_CANCELLED = _("This registration is already cancelled.")
NOT_YOURS = _("Only the person who registered, or the meeting's staff, can cancel this registration.")
MEETING_STARTED = _("This meeting has already started: registrations can no longer be cancelled.")
TRANSITION_REFUSED = _("This registration cannot move from “%(source)s” to “%(target)s”.")
TRY_AGAIN = _("We could not save your registration. Nothing was saved; please try again.")
MORE_THAN_THE_HALL = _("This meeting has %(capacity)d seats in all: register at most that many people.")
ALREADY_AT_THE_DOOR = _("This registration was checked in at the door: it can no longer be cancelled.")


def organisation_seats_max() -> int:
    return settings.MEETING_ORGANISATION_SEATS_MAX


def _label(status: str) -> str:
    return str(RegistrationStatus(status).label) if status in RegistrationStatus.values else status


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("territory").get(pk=meeting.pk)


def _changed() -> None:
    pages_changed("meetings")


def registration_refusal(meeting: Meeting, user, *, organisation=None, now: datetime | None = None) -> str | None:
    """Why ``user`` may not register now (themself, or ``organisation``), or None. The page asks
    it to decide what to offer; the service asks it again under the meeting's lock."""
    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False):
        return SIGN_IN
    if not p.has_confirmed_email(user):
        return EMAIL_NOT_CONFIRMED
    if meeting.status == MeetingStatus.CANCELLED:
        return MEETING_CANCELLED
    if not registration_open(meeting, now):
        return REGISTRATION_CLOSED
    if organisation is not None and not can_act_for_organisation(user, organisation, on=timezone.localdate(now)):
        return NOT_REPRESENTATIVE
    return None


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(Registration.CODE_LENGTH))


def _already(meeting: Meeting, user, organisation) -> str | None:
    active = Registration.objects.filter(ACTIVE_REGISTRATION, meeting=meeting)
    if organisation is None:
        if active.filter(user=user, organisation__isnull=True).exists():
            return ALREADY_REGISTERED
        return None
    if active.filter(organisation=organisation).exists():
        return ORGANISATION_ALREADY_REGISTERED % {"organisation": organisation.name}
    return None


def _insert(meeting: Meeting, user, organisation, **values) -> Registration:
    """Insert with a fresh code; a code already taken (one in a trillion) draws another. The
    one-per-person constraints are the last word on registering twice."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Registration.objects.create(
                    meeting=meeting, user=user, organisation=organisation, code=_new_code(), **values
                )
        except IntegrityError:
            refusal = _already(meeting, user, organisation)
            if refusal:
                raise ServiceError(refusal) from None
    raise ServiceError(TRY_AGAIN)


@transaction.atomic
def registration_create(
    *,
    meeting: Meeting,
    user,
    organisation=None,
    people: int = 1,
    needs_sign_language: bool = False,
    needs_step_free: bool = False,
    needs_elderly_help: bool = False,
    language: str = "",
    ip: str = "",
    now: datetime | None = None,
    rate_limited: bool = True,
) -> Registration:
    """Register ``user`` (or ``organisation`` with ``people`` seats). Confirmed while enough
    seats are free, else on the waiting list. The registrant is e-mailed their code (or their
    place in line) after commit, in ``language`` (the page's) or their own. ``rate_limited=False``
    only for the demo."""
    now = now or timezone.now()
    if organisation is None:
        people = 1
    elif not 1 <= people <= organisation_seats_max():
        raise ServiceError(PEOPLE_OUT_OF_RANGE % {"max": organisation_seats_max()})
    refusal = registration_refusal(meeting, user, organisation=organisation, now=now)
    if refusal:
        raise ServiceError(refusal)
    if meeting.capacity is not None and people > meeting.capacity:
        # It would wait for ever: promotion gives a registration only the seats that are free.
        raise ServiceError(MORE_THAN_THE_HALL % {"capacity": meeting.capacity})
    if rate_limited:
        rate_limit("meeting_register", user=user, ip=ip)
    meeting = _lock(meeting)
    # Asked again under the lock: the meeting may have been cancelled or moved meanwhile.
    refusal = registration_refusal(meeting, user, organisation=organisation, now=now) or _already(
        meeting, user, organisation
    )
    if refusal:
        raise ServiceError(refusal)
    fits = meeting.capacity is None or meeting.seats_taken + people <= meeting.capacity
    registration = _insert(
        meeting,
        user,
        organisation,
        people=people,
        status=RegistrationStatus.CONFIRMED if fits else RegistrationStatus.WAITING,
        needs_sign_language=needs_sign_language,
        needs_step_free=needs_step_free,
        needs_elderly_help=needs_elderly_help,
        language=language,
        created_at=now,
        # An organisation's people are not known: its registration counts as one act, no figures.
        **participation_figures(None if organisation else user, now),
    )
    if fits:
        Meeting.objects.filter(pk=meeting.pk).update(seats_taken=F("seats_taken") + people)
    log(
        instance=meeting,
        action="meetings.registration_created",
        user=user,
        data={"registration": registration.pk, "status": registration.status, "people": people},
    )
    enqueue_on_commit(
        "meetings.meetings.tasks.notify_registration",
        registration_id=registration.pk,
        occasion=registration.status,
    )
    _changed()
    return registration


def registration_transition(registration: Registration, *, target: str, user, now: datetime) -> None:
    """The one place a registration's status moves; refuses what the table does not list."""
    move = REGISTRATION_TRANSITIONS.get((registration.status, target))
    if move is None:
        # The statuses as the reader's language names them, never the stored codes.
        raise ServiceError(TRANSITION_REFUSED % {"source": _label(registration.status), "target": _label(target)})
    before = registration.status
    registration.status = target
    fields = ["status"]
    if target == RegistrationStatus.CANCELLED:
        registration.cancelled_at = now
        fields.append("cancelled_at")
    if target == RegistrationStatus.CONFIRMED:
        registration.promoted_at = now
        fields.append("promoted_at")
    registration.save(update_fields=fields)
    log(
        instance=registration.meeting,
        action=move.action,
        user=user,
        data={"registration": registration.pk, "before": before, "after": target},
    )


def registrations_promote(meeting: Meeting, *, now: datetime) -> list[Registration]:
    """Give free seats to waiting registrations, first in line who fits first (see the module's
    docstring). Call inside a transaction holding the meeting's lock (``_lock``): the cancel
    below does; so must anything that raises a capacity. Each promoted person is e-mailed."""
    if meeting.capacity is None:
        free = None
    else:
        free = meeting.capacity - Meeting.objects.values_list("seats_taken", flat=True).get(pk=meeting.pk)
        if free <= 0:
            return []
    waiting = Registration.objects.select_for_update().filter(meeting=meeting, status=RegistrationStatus.WAITING)
    promoted = []
    for registration in waiting.order_by("created_at", "pk"):
        if free is not None and registration.people > free:
            continue
        registration.meeting = meeting
        registration_transition(registration, target=RegistrationStatus.CONFIRMED, user=None, now=now)
        promoted.append(registration)
        if free is not None:
            free -= registration.people
            if free == 0:
                break
    if promoted:
        seats = sum(registration.people for registration in promoted)
        Meeting.objects.filter(pk=meeting.pk).update(seats_taken=F("seats_taken") + seats)
        for registration in promoted:
            enqueue_on_commit(
                "meetings.meetings.tasks.notify_registration",
                registration_id=registration.pk,
                occasion="promoted",
            )
    return promoted


@transaction.atomic
def registration_cancel(*, registration: Registration, user, now: datetime | None = None) -> list[Registration]:
    """Cancel a registration (its registrant, or staff who run the meeting); a confirmed one
    frees its seats, which go to the waiting list at once. Returns who was promoted."""
    now = now or timezone.now()
    meeting = _lock(registration.meeting)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.meeting = meeting
    if registration.user_id != getattr(user, "pk", None) and not user.has_perm("meetings.run_meeting", meeting):
        raise ServiceError(NOT_YOURS)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ServiceError(ALREADY_CANCELLED)
    if registration.checked_in_at is not None:
        # Check-in opens before the start: a seat of someone in the hall is not free.
        raise ServiceError(ALREADY_AT_THE_DOOR)
    if now >= meeting.starts_at:
        raise ServiceError(MEETING_STARTED)
    freed = registration.status == RegistrationStatus.CONFIRMED
    registration_transition(registration, target=RegistrationStatus.CANCELLED, user=user, now=now)
    promoted = []
    if freed:
        Meeting.objects.filter(pk=meeting.pk).update(seats_taken=F("seats_taken") - registration.people)
        if meeting.status == MeetingStatus.ANNOUNCED:
            promoted = registrations_promote(meeting, now=now)
    _changed()
    return promoted
