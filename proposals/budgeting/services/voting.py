"""Writes of a budget vote: check a ballot, cast it, prove it with a receipt, annul by criterion.

Casting writes a ``Participation`` (who) and a ``SealedBallot`` (what, unreadable until the
count) in one transaction, with nothing linking the two rows but their neighbourhood, which the
seal makes worthless; the count (``services.ballot_box``) opens and shuffles them. The unique
constraint ``pb_one_ballot_per_person`` on Participation is the one ballot rule; a second
ballot, however many arrive at once, fails on it and writes nothing.

A cast ballot is final: there is no function to change or withdraw it. Staff may annul
ballots only as a group matching a recorded criterion (a cohort or a day), never one person's.
"""

import ipaddress
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail.log_actions import log

from participation.demographics import participation_figures
from participation.exceptions import ServiceError
from participation.models import TerritoryKind, VerificationLevel
from participation.ratelimit import rate_limit
from participation.selectors import territory_contains
from proposals.budgeting.models import (
    BALLOT_PROJECT_STATUSES,
    PUBLIC_PROJECT_STATUSES,
    Ballot,
    BallotAnnulment,
    BallotCohort,
    BallotType,
    Cycle,
    Participation,
    PhaseKind,
    Project,
    SealedBallot,
)
from proposals.budgeting.sealing import seal
from proposals.budgeting.selectors.cycles import cycle_phase, cycle_reached, phase_allows
from proposals.budgeting.selectors.integrity import (
    DAY_CRITERION,
    TASHKENT,
    cohort_criterion,
    cohort_key,
    hour_start,
    is_night,
)
from proposals.budgeting.services.ballot_box import ballots_unseal, sealed_count, sealed_payload

# Eligibility, in the order they are checked.
VOTING_NOT_STARTED = _("Voting in this cycle has not started yet.")
VOTING_ENDED = _("Voting in this cycle has ended.")
VOTING_CLOSED = _("Voting is not open in this cycle now.")
SIGN_IN = _("Sign in to vote.")
ALREADY_VOTED = _("You have already voted in this cycle. A cast ballot is final.")
NOT_VERIFIED = _("To vote in this cycle your account must be verified: %(level)s.")
NO_HOME = _("Only residents of %(territory)s can vote in this cycle. Set where you live in your profile.")
NOT_RESIDENT = _("Only residents of %(territory)s can vote in this cycle.")
AGE_UNKNOWN = _("This cycle is open to voters aged %(age)d or older. Add your year of birth in your profile.")
TOO_YOUNG = _("This cycle is open to voters aged %(age)d or older.")
NOT_ELIGIBLE = _("You cannot vote in this cycle.")

# The ballot itself.
NOTHING_CHOSEN = _("Choose at least one project.")
NOT_ON_BALLOT = _("A chosen project is not on this cycle's ballot. Reload the page and choose again.")
PROJECT_OFF_BALLOT = _("“%(title)s” is not on the ballot.")
OVER_K = ngettext_lazy(
    "You chose %(count)d project; this ballot allows at most %(limit)d.",
    "You chose %(count)d projects; this ballot allows at most %(limit)d.",
    "count",
)
TOO_FEW = ngettext_lazy(
    "Choose at least %(minimum)d project; you chose %(count)d.",
    "Choose at least %(minimum)d projects; you chose %(count)d.",
    "minimum",
)
OVER_BUDGET = _("Your choices cost %(total)s soum, above the budget of %(budget)s soum.")
POINTS_WHOLE = _("Give each project a whole number of points above zero.")
OVER_POINTS = _("You gave %(used)d points; you have %(total)d to share.")
TOO_FEW_POINTS = ngettext_lazy(
    "Share your points among at least %(minimum)d project; you chose %(count)d.",
    "Share your points among at least %(minimum)d projects; you chose %(count)d.",
    "minimum",
)

# Annulment.
NOT_ALLOWED_ANNUL = _(
    "Only moderators and managers of this territory may annul ballots, and only before the results are published."
)
ANNUL_REASON_REQUIRED = _("Record why these ballots are annulled.")
ANNUL_ONE_CRITERION = _("Choose one criterion: a flagged group of ballots or a day.")
ANNUL_OTHER_CYCLE = _("This group of ballots belongs to another cycle.")
ANNUL_NOTHING = _("No counted ballots match this criterion.")
REASON_MAX = 2000
CRITERION_MAX = 300

# How long after publication the addresses and devices of voters are kept for investigations.
ADDRESS_RETENTION_DAYS = 30
_DEVICE_SALT = "proposals.budgeting.tally.device"
_RECEIPT_DROP = str.maketrans("", "", " -\t\n")


@dataclass
class BallotCheck:
    """A ballot read against the cycle's rules: what it holds, its limits, what is wrong.

    Filled even when it is wrong, so the voting page can show the running total against the
    limit beside the message and keep the voter's choices.
    """

    projects: list = field(default_factory=list)  # Project, in ballot order
    points: dict = field(default_factory=dict)  # project pk -> points (1 for approval/knapsack)
    total_cost: int = 0
    count: int = 0
    limit_cost: int | None = None  # knapsack: the budget
    limit_count: int | None = None  # approval: K
    points_total: int | None = None  # cumulative: points to share
    points_used: int = 0
    errors: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _money(amount: int) -> str:
    return number_format(amount, decimal_pos=0, force_grouping=True)


def _as_int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def ballot_check(cycle: Cycle, choices: dict) -> BallotCheck:
    """Read ``choices`` (project pk -> points) against the cycle's ballot. One query.

    Approval and knapsack ballots are ticks: any value counts as 1. On a cumulative ballot a
    project given 0 points is simply not chosen (a form sends every field); a negative or
    non-whole number is an error.
    """
    check = BallotCheck()
    cumulative = cycle.ballot_type == BallotType.CUMULATIVE
    if cycle.ballot_type == BallotType.APPROVAL:
        check.limit_count = cycle.max_choices
    elif cycle.ballot_type == BallotType.KNAPSACK:
        check.limit_cost = cycle.budget
    else:
        check.points_total = cycle.points_total

    wanted: dict[int, int] = {}
    unreadable = False
    points_bad = False
    for raw_pk, raw_points in (choices or {}).items():
        pk = _as_int(raw_pk)
        if pk is None:
            unreadable = True
            continue
        points = _as_int(raw_points) if cumulative else 1
        if points is None or points < 0:
            points_bad = True
            continue
        if points == 0:
            continue
        wanted[pk] = points

    found = {project.pk: project for project in Project.objects.filter(pk__in=wanted)} if wanted else {}
    missing = unreadable or any(pk not in found or found[pk].cycle_id != cycle.pk for pk in wanted)
    off_ballot = [
        project
        for pk, project in found.items()
        if project.cycle_id == cycle.pk and project.status not in BALLOT_PROJECT_STATUSES
    ]
    on_ballot = sorted(
        (
            project
            for project in found.values()
            if project.cycle_id == cycle.pk and project.status in BALLOT_PROJECT_STATUSES
        ),
        key=lambda project: (project.created_at, project.pk),
    )
    check.projects = on_ballot
    check.points = {project.pk: wanted[project.pk] for project in on_ballot}
    check.count = len(on_ballot)
    check.total_cost = sum(project.cost for project in on_ballot)
    check.points_used = sum(check.points.values())

    if missing:
        check.errors.append(NOT_ON_BALLOT)
    for project in sorted(off_ballot, key=lambda project: project.pk):
        # Only a public project is named: one still in moderation is nobody's business yet.
        public = project.status in PUBLIC_PROJECT_STATUSES
        check.errors.append(PROJECT_OFF_BALLOT % {"title": project.title} if public else NOT_ON_BALLOT)
    if points_bad:
        check.errors.append(POINTS_WHOLE)

    minimum = max(1, cycle.min_choices or 0)
    if not wanted and not missing and not off_ballot and not points_bad:
        check.errors.append(NOTHING_CHOSEN)
    elif cycle.ballot_type == BallotType.APPROVAL:
        if check.limit_count is not None and check.count > check.limit_count:
            check.errors.append(OVER_K % {"count": check.count, "limit": check.limit_count})
        elif check.count < minimum:
            check.errors.append(TOO_FEW % {"minimum": minimum, "count": check.count})
    elif cycle.ballot_type == BallotType.KNAPSACK:
        if check.total_cost > check.limit_cost:
            check.errors.append(OVER_BUDGET % {"total": _money(check.total_cost), "budget": _money(check.limit_cost)})
        elif check.count < minimum:
            check.errors.append(TOO_FEW % {"minimum": minimum, "count": check.count})
    else:
        if check.points_total is not None and check.points_used > check.points_total:
            check.errors.append(OVER_POINTS % {"used": check.points_used, "total": check.points_total})
        elif check.count < minimum:
            check.errors.append(TOO_FEW_POINTS % {"minimum": minimum, "count": check.count})
    # Several messages about one list read as noise: each problem once, in this order.
    unique = []
    for error in check.errors:
        if str(error) not in map(str, unique):
            unique.append(error)
    check.errors = unique
    return check


def _age_ok(cycle: Cycle, user, now: datetime) -> str | None:
    if not cycle.minimum_age:
        return None
    birth_year = getattr(user, "birth_year", None)
    if birth_year is None:
        return AGE_UNKNOWN % {"age": cycle.minimum_age}
    if timezone.localtime(now, TASHKENT).year - birth_year < cycle.minimum_age:
        return TOO_YOUNG % {"age": cycle.minimum_age}
    return None


def vote_refusal(cycle: Cycle, user, now: datetime | None = None):
    """Why ``user`` may not vote in ``cycle`` at ``now``, or None when they may.

    The specific checks give the person a message they can act on; the named permission
    ``proposals.eligible_to_vote`` then has the last word, so the rule lives in one place.
    """
    now = now or timezone.now()
    if not phase_allows(cycle, "vote", now):
        if not cycle_reached(cycle, PhaseKind.VOTING, now):
            return VOTING_NOT_STARTED
        phase = cycle_phase(cycle, now)
        if phase is not None and phase.kind == PhaseKind.VOTING and now < phase.ends_at:
            return VOTING_CLOSED
        return VOTING_ENDED
    if not getattr(user, "is_authenticated", False):
        return SIGN_IN
    if Participation.objects.filter(cycle=cycle, user=user).exists():
        return ALREADY_VOTED
    if getattr(user, "verification_level", 0) < cycle.verification_level:
        return NOT_VERIFIED % {"level": VerificationLevel(cycle.verification_level).label}
    home = getattr(user, "home_territory", None)
    if home is None:
        return NO_HOME % {"territory": cycle.territory.name}
    if not territory_contains(cycle.territory, home):
        return NOT_RESIDENT % {"territory": cycle.territory.name}
    too_young = _age_ok(cycle, user, now)
    if too_young:
        return too_young
    if not user.has_perm("proposals.eligible_to_vote", cycle):
        return NOT_ELIGIBLE
    return None


def device_fingerprint(device: str) -> str:
    """What is stored of the device cookie: a keyed hash (64 hex characters), never the value."""
    if not device:
        return ""
    return salted_hmac(_DEVICE_SALT, device, algorithm="sha256").hexdigest()


def _clean_ip(ip: str) -> str | None:
    try:
        return str(ipaddress.ip_address((ip or "").strip()))
    except ValueError:
        return None


def _home_mahalla(user):
    home = getattr(user, "home_territory", None)
    return home if home is not None and home.kind == TerritoryKind.MAHALLA else None


def ballot_cast(
    cycle: Cycle, user, choices: dict, *, ip: str = "", device: str = "", now: datetime | None = None
) -> Participation:
    """Cast ``user``'s ballot in one transaction; returns the participation (its
    ``receipt_code`` is the voter's receipt). Refuses with ``ServiceError`` and writes
    nothing when the person may not vote, the ballot breaks the cycle's rules, or they have
    already voted (also when many requests race: the database keeps exactly one).
    """
    now = now or timezone.now()
    with transaction.atomic():
        if not _cycle_open_for_ballots(cycle):
            raise ServiceError(VOTING_ENDED)
        refusal = vote_refusal(cycle, user, now)
        if refusal:
            raise ServiceError(refusal)
        check = ballot_check(cycle, choices)
        if not check.ok:
            raise ServiceError(check.errors[0])
        rate_limit("pb_vote", user=user, ip=ip)
        address = _clean_ip(ip)
        fingerprint = device_fingerprint(device)
        participation = _participation_insert(cycle, user, address, fingerprint, now)
        payload = sealed_payload(
            check.points,
            day=timezone.localtime(now, TASHKENT).date(),
            hour=hour_start(now),
            address=cohort_key(BallotCohort.Kind.ADDRESS, address) if address else "",
            device=cohort_key(BallotCohort.Kind.DEVICE, fingerprint) if fingerprint else "",
            night=is_night(now),
        )
        SealedBallot.objects.create(cycle=cycle, sealed=seal(cycle.pk, payload))
    return participation


def _cycle_open_for_ballots(cycle: Cycle) -> bool:
    """Hold a share lock on the cycle row for this transaction and read whether its results
    are published. Publishing takes the row FOR UPDATE, so it waits for every ballot being
    cast to commit, and a ballot that started after it sees the publication and stops: no
    ballot can land outside the announced count. Share locks do not block each other, so
    voters never queue behind one another here."""
    if connection.vendor != "postgresql":
        return not Cycle.objects.filter(pk=cycle.pk, results_published_at__isnull=False).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT results_published_at FROM proposals_cycle WHERE id = %s FOR SHARE", [cycle.pk])
        row = cursor.fetchone()
    return row is not None and row[0] is None


def _participation_insert(cycle, user, ip, device, now) -> Participation:
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return Participation.objects.create(
                    cycle=cycle,
                    user=user,
                    mahalla=_home_mahalla(user),
                    voted_hour=hour_start(now),
                    ip=ip,
                    device=device,
                    **participation_figures(user, now),
                )
        except IntegrityError:
            # The one-ballot constraint (a concurrent request of the same person committed
            # first), or, once in billions, a receipt code already given: draw another.
            if Participation.objects.filter(cycle=cycle, user=user).exists():
                raise ServiceError(ALREADY_VOTED) from None
    raise ServiceError(ALREADY_VOTED)


def receipt_lookup(code: str) -> dict | None:
    """What a receipt proves: that someone took part in a cycle on a day. Never the choices,
    which no column connects to it."""
    normalised = (code or "").upper().translate(_RECEIPT_DROP)
    if not normalised or len(normalised) > Participation._meta.get_field("receipt_code").max_length:
        return None
    participation = Participation.objects.filter(receipt_code=normalised).select_related("cycle").first()
    if participation is None:
        return None
    return {"cycle": participation.cycle, "day": timezone.localtime(participation.voted_hour, TASHKENT).date()}


# --- Annulment --------------------------------------------------------------------------------


def _annulment_queryset(cycle: Cycle, cohort: BallotCohort | None, cast_on):
    if (cohort is None) == (cast_on is None):
        raise ServiceError(ANNUL_ONE_CRITERION)
    ballots = Ballot.objects.filter(cycle=cycle, annulment__isnull=True)
    if cohort is not None:
        if cohort.cycle_id != cycle.pk:
            raise ServiceError(ANNUL_OTHER_CYCLE)
        return ballots.filter(cohorts=cohort)
    return ballots.filter(cast_on=cast_on)


def annulment_preview(cycle: Cycle, *, cohort: BallotCohort | None = None, cast_on=None) -> int:
    """How many counted ballots the criterion would annul; nothing changes."""
    return _annulment_queryset(cycle, cohort, cast_on).count()


def ballots_annul(
    cycle: Cycle, *, staff, reason: str, cohort: BallotCohort | None = None, cast_on=None, now: datetime | None = None
) -> BallotAnnulment:
    """Annul every counted ballot matching one criterion, by a staff decision with a reason;
    recorded with its count (public) and in the audit log. Never automatic."""
    now = now or timezone.now()
    with transaction.atomic():
        # The cycle row first: publishing the results takes it too, so an annulment and a
        # publication never overlap, and the permission reads the committed state.
        locked = Cycle.objects.select_for_update().select_related("territory").get(pk=cycle.pk)
        if not staff.has_perm("proposals.annul_ballots", locked):
            raise ServiceError(NOT_ALLOWED_ANNUL)
        if sealed_count(locked):
            # Ballots are annulled as groups of opened ballots: open the box first (refused,
            # with its own message, while voting is still open).
            ballots_unseal(locked, staff=staff, now=now)
        reason = (reason or "").strip()
        if not reason:
            raise ServiceError(ANNUL_REASON_REQUIRED)
        matching = _annulment_queryset(locked, cohort, cast_on).order_by("pk")
        ids = list(matching.select_for_update().values_list("pk", flat=True))
        if not ids:
            raise ServiceError(ANNUL_NOTHING)
        criterion = cohort_criterion(cohort) if cohort is not None else DAY_CRITERION % {"day": cast_on.isoformat()}
        annulment = BallotAnnulment.objects.create(
            cycle=locked,
            criterion=str(criterion)[:CRITERION_MAX],
            cohort=cohort,
            cast_on=cast_on,
            reason=reason[:REASON_MAX],
            staff=staff,
            created_at=now,
            count=len(ids),
        )
        Ballot.objects.filter(pk__in=ids).update(annulment=annulment)
        log(
            instance=locked,
            action="proposals.ballots_annulled",
            user=staff,
            data={"count": len(ids), "criterion": annulment.criterion, "reason": annulment.reason},
        )
    return annulment


def participations_forget_addresses(now: datetime | None = None) -> int:
    """Erase voters' addresses and device hashes once they can no longer serve an investigation.

    They exist only for the anomaly flags (law ZRU-547: personal data only for a purpose);
    ADDRESS_RETENTION_DAYS after the results are published, annulment is closed and they go.
    The participation itself stays: it is the one-ballot rule and the receipt. Returns how
    many participations were cleared.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=getattr(settings, "PB_ADDRESS_RETENTION_DAYS", ADDRESS_RETENTION_DAYS))
    stale = Participation.objects.filter(cycle__results_published_at__lt=cutoff)
    return stale.exclude(ip__isnull=True, device="").update(ip=None, device="")
