"""The ballot box: ballots are sealed when cast and opened all at once at the count.

Threat model (docs/ballot-secrecy.md): someone who can read the database, its backups and its
physical row order, during voting or after, must not be able to pair a voter with a ballot
better than by chance among at least ``PB_SECRECY_K`` voters of the cycle.

- Casting writes the ``Participation`` and a ``SealedBallot`` in one transaction: nothing is
  lost and nobody votes twice, whatever crashes. The sealed row sits next to its voter's row,
  so it holds nothing readable (``proposals.budgeting.sealing``).
- The count (``ballots_unseal``) opens every sealed ballot of the cycle in one transaction,
  shuffles them together with any ballots opened before, deletes and rewrites the cycle's
  ``Ballot`` rows in that random order with fresh random keys. Every ballot row then carries
  the same transaction id, and its physical position (and so the order of a dump) is the
  shuffle's, not the voters'.
- What a ballot still says about its voter is its class: the day it was cast and the cohort of
  flagged ballots it belongs to. Each class is made to hold at least ``PB_SECRECY_K`` ballots:
  a cohort smaller than that is not kept (the anomaly itself is still flagged to staff from
  the participations), and days with fewer ballots are merged with the next, the ballots
  carrying the last day of their group.
"""

import secrets
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from participation.exceptions import ServiceError
from proposals.budgeting import sealing
from proposals.budgeting.models import (
    Ballot,
    BallotChoice,
    BallotCohort,
    BallotCohortMember,
    Cycle,
    PhaseKind,
    SealedBallot,
)
from proposals.budgeting.selectors.cycles import cycle_reached, phase_allows

STILL_VOTING = _("The ballots stay sealed while voting is open: they are opened at the count, after voting ends.")

_KINDS = (BallotCohort.Kind.ADDRESS, BallotCohort.Kind.DEVICE, BallotCohort.Kind.NIGHT)


def _thresholds() -> dict[str, int]:
    return {
        BallotCohort.Kind.ADDRESS: settings.PB_FLAG_ADDRESS_PER_HOUR,
        BallotCohort.Kind.DEVICE: settings.PB_FLAG_DEVICE_PER_HOUR,
        BallotCohort.Kind.NIGHT: settings.PB_FLAG_NIGHT_PER_HOUR,
    }


def sealed_payload(choices: dict[int, int], *, day: date, hour: datetime, address: str, device: str, night: bool):
    """What a sealed ballot holds: the choices (project pk -> points), the day, and the
    anomaly context (keyed hashes of the address and device, the hour, whether at night),
    which the count needs to put the ballot in its cohort."""
    return {
        "choices": [[pk, points] for pk, points in sorted(choices.items())],
        "day": day.isoformat(),
        "hour": hour.isoformat(),
        "address": address,
        "device": device,
        "night": bool(night),
    }


@dataclass
class _Entry:
    choices: list  # [[project pk, points], ...]
    day: date
    annulment_id: int | None = None
    cohort: BallotCohort | None = None
    contexts: list = field(default_factory=list)  # [(kind, key, hour)] in order of preference


def _opened(cycle: Cycle) -> list[_Entry]:
    entries = []
    for sealed in SealedBallot.objects.filter(cycle=cycle).iterator(chunk_size=2000):
        payload = sealing.unseal(cycle.pk, sealed.sealed)
        hour = datetime.fromisoformat(payload["hour"])
        contexts = []
        if payload["address"]:
            contexts.append((BallotCohort.Kind.ADDRESS, payload["address"], hour))
        if payload["device"]:
            contexts.append((BallotCohort.Kind.DEVICE, payload["device"], hour))
        if payload["night"]:
            contexts.append((BallotCohort.Kind.NIGHT, "", hour))
        entries.append(_Entry(choices=payload["choices"], day=date.fromisoformat(payload["day"]), contexts=contexts))
    return entries


def _already_open(cycle: Cycle) -> list[_Entry]:
    """Ballots opened at an earlier count (voting reopened by an extension): they are shuffled
    again with the new ones, keeping their day, annulment and cohort."""
    entries: dict = {}
    rows = Ballot.objects.filter(cycle=cycle).values_list("id", "cast_on", "annulment_id")
    for ballot_id, cast_on, annulment_id in rows.iterator(chunk_size=5000):
        entries[ballot_id] = _Entry(choices=[], day=cast_on, annulment_id=annulment_id)
    for ballot_id, project_id, points in BallotChoice.objects.filter(ballot__cycle=cycle).values_list(
        "ballot_id", "project_id", "points"
    ):
        entries[ballot_id].choices.append([project_id, points])
    cohorts = {cohort.pk: cohort for cohort in BallotCohort.objects.filter(cycle=cycle)}
    for ballot_id, cohort_id in BallotCohortMember.objects.filter(ballot__cycle=cycle).values_list(
        "ballot_id", "cohort_id"
    ):
        entries[ballot_id].cohort = cohorts[cohort_id]
    return list(entries.values())


def _assign_cohorts(cycle: Cycle, new: list[_Entry], k: int) -> None:
    """Each newly opened ballot joins the first of its contexts (address, device, night) that
    reached its flag threshold; every ballot of that context joins, not only the later ones,
    so the cohort is exactly "the ballots of this context and hour". A cohort that would hold
    fewer than ``k`` ballots is not kept."""
    thresholds = _thresholds()
    sizes = Counter(context for entry in new for context in entry.contexts)
    chosen: dict[int, tuple] = {}
    for index, entry in enumerate(new):
        for context in entry.contexts:
            if sizes[context] >= thresholds[context[0]]:
                chosen[index] = context
                break
    members = Counter(chosen.values())
    existing = {(c.kind, c.key, c.hour): c for c in BallotCohort.objects.filter(cycle=cycle)}
    for index, context in chosen.items():
        if members[context] < k and context not in existing:
            continue
        if context not in existing:
            kind, key, hour = context
            existing[context], _created = BallotCohort.objects.get_or_create(cycle=cycle, kind=kind, key=key, hour=hour)
        new[index].cohort = existing[context]


def _group_days(entries: list[_Entry], k: int) -> None:
    """Give every ballot outside a cohort a day shared by at least ``k`` such ballots: days in
    order are gathered until the group holds ``k``; a short last group joins the one before.
    When ballots outside cohorts are some but fewer than ``k``, the smallest cohorts give theirs
    up until they are not (or none is left: then the whole cycle is one group)."""
    loose = [entry for entry in entries if entry.cohort is None]
    if 0 < len(loose) < k:
        by_cohort = defaultdict(list)
        for entry in entries:
            if entry.cohort is not None:
                by_cohort[entry.cohort.pk].append(entry)
        for group in sorted(by_cohort.values(), key=len):
            if len(loose) >= k:
                break
            for entry in group:
                entry.cohort = None
            loose.extend(group)
    per_day = Counter(entry.day for entry in loose)
    groups: list[list[date]] = []
    current: list[date] = []
    count = 0
    for day in sorted(per_day):
        current.append(day)
        count += per_day[day]
        if count >= k:
            groups.append(current)
            current, count = [], 0
    if current:
        if groups:
            groups[-1].extend(current)
        else:
            groups.append(current)
    label = {day: group[-1] for group in groups for day in group}
    for entry in loose:
        entry.day = label[entry.day]


def sealed_count(cycle: Cycle) -> int:
    return SealedBallot.objects.filter(cycle=cycle).count()


def ballots_unseal(cycle: Cycle, *, staff=None, now: datetime | None = None) -> int:
    """Open the cycle's sealed ballots and write them, with every ballot opened before, in a
    random order (see the module docstring). Only once voting has ended; returns how many
    sealed ballots were opened (0 when there were none: nothing is rewritten)."""
    now = now or timezone.now()
    k = settings.PB_SECRECY_K
    with transaction.atomic():
        # The cycle row FOR UPDATE: a voter holds it FOR SHARE while casting, so the count
        # waits for every ballot in flight, and no annulment or publication overlaps it.
        locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if phase_allows(locked, "vote", now) or not cycle_reached(locked, PhaseKind.VOTING, now):
            raise ServiceError(STILL_VOTING)
        new = _opened(locked)
        if not new:
            return 0
        _assign_cohorts(locked, new, k)
        entries = _already_open(locked) + new
        _group_days(entries, k)
        secrets.SystemRandom().shuffle(entries)
        # Fresh rows for all: deleting and rewriting in the shuffled order is what breaks the
        # link between a ballot's position (and transaction id) and the moment it was cast.
        Ballot.objects.filter(cycle=locked).delete()
        SealedBallot.objects.filter(cycle=locked).delete()
        ballots, choices, members = [], [], []
        for entry in entries:
            ballot = Ballot(id=uuid.uuid4(), cycle=locked, cast_on=entry.day, annulment_id=entry.annulment_id)
            ballots.append(ballot)
            choices.extend(
                BallotChoice(id=uuid.uuid4(), ballot_id=ballot.id, project_id=pk, points=points)
                for pk, points in entry.choices
            )
            if entry.cohort is not None:
                members.append(BallotCohortMember(id=uuid.uuid4(), ballot_id=ballot.id, cohort_id=entry.cohort.pk))
        Ballot.objects.bulk_create(ballots, batch_size=2000)
        BallotChoice.objects.bulk_create(choices, batch_size=5000)
        BallotCohortMember.objects.bulk_create(members, batch_size=5000)
        # Cohorts left empty (every ballot of theirs given up to keep a class of k) go too.
        BallotCohort.objects.filter(cycle=locked, ballotcohortmember__isnull=True).exclude(
            pk__in=locked.annulments.exclude(cohort=None).values("cohort")
        ).delete()
        log(instance=locked, action="proposals.ballots_unsealed", user=staff, data={"opened": len(new)})
    return len(new)


def cycles_to_unseal():
    """Cycles holding sealed ballots (the periodic count opens those whose voting has ended)."""
    return Cycle.objects.filter(pk__in=SealedBallot.objects.values("cycle")).select_related("territory")
