"""Results of a budget cycle: the count from the database, its publication, and what the results
page and the downloads show.

The count is the tally engine of :mod:`proposals.budgeting.tally` (equal to pabutools 1.2.3) run on the
cycle's counted ballots, turned into a pabulib :class:`~proposals.budgeting.tally.pabulib.PBInstance` by
``cycle_instance``. The same instance is what ``cycle_export_pb`` writes, so anyone can recompute
the published winners from the download with pabutools.

Project ids in the instance are ``project_pb_id``: the id from the pabulib file for imported
cycles (ties are broken by id *string*, so keeping the file's ids keeps its tie-breaking), the
primary key otherwise. Voter ids are 1..n in the order of the ballots' random UUIDs, so
neither the order of arrival nor the day nor any person can be read from them.

What was announced is stored once (``CycleResult``) at publication; the page, the CSV and the
per-mahalla table read that record, never a recomputation. The downloads themselves (the
``.pb`` and the CSV in each language) are written in the same transaction
(``CycleResultFile``) and served as stored. Publishing runs as a background task
(``publication_run``; the request is ``services.publication.publication_request``).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from participation.exceptions import ServiceError
from participation.models import Territory, User
from participation.opendata.formats import csv_text
from participation.web.page_cache import pages_changed
from participation.web.sitemap import sitemap_changed
from proposals.budgeting.models import (
    BALLOT_PROJECT_STATUSES,
    Ballot,
    BallotType,
    Cycle,
    CyclePublication,
    CycleResult,
    CycleResultFile,
    ImplementationStatus,
    Participation,
    PBCategory,
    PhaseKind,
    Project,
    ProjectStatus,
    PublicationStatus,
    WinnerRule,
)
from proposals.budgeting.selectors.cycles import cycle_phases
from proposals.budgeting.selectors.integrity import cycle_turnout
from proposals.budgeting.selectors.publication import result_file
from proposals.budgeting.services.ballot_box import ballots_unseal
from proposals.budgeting.services.projects import project_transition
from proposals.budgeting.services.publication import (  # the refusals, named here too for their callers
    PUBLISH_ALREADY,  # noqa: F401
    PUBLISH_FAILED,
    PUBLISH_NOT_ALLOWED,  # noqa: F401
    PUBLISH_TOO_EARLY,  # noqa: F401
    publication_report,
    publication_transition,
    publish_refusal,
)
from proposals.budgeting.tally import methods as pb_tally
from proposals.budgeting.tally import recompute
from proposals.budgeting.tally.pabulib import Ballot as PBBallot
from proposals.budgeting.tally.pabulib import PBInstance
from proposals.budgeting.tally.pabulib import Project as PBProject
from proposals.budgeting.transitions import Mover

logger = logging.getLogger(__name__)

# The pabulib ``rule`` label of each of our rules (shared/pabulib/README.md, section 3).
PABULIB_RULES = {
    WinnerRule.GREEDY: "greedy",
    WinnerRule.MES: "equalshares",
    WinnerRule.MES_ADD1: "equalshares/add1",
    WinnerRule.MES_ADD1_COMPARISON: "equalshares/add1-comparison",
}
RULES_FROM_PABULIB = {label: rule for rule, label in PABULIB_RULES.items()}

# Every character after which Python's str.splitlines() (which pabutools' parser uses) starts a
# new line, and every other control character: none may reach a field of the .pb file.
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_FIELD_TRANSLATION = {ord(ch): " " for ch in _LINE_BREAKS}
_FIELD_TRANSLATION.update({code: " " for code in range(32) if chr(code) not in _LINE_BREAKS})
_FIELD_TRANSLATION[ord(";")] = ","


def project_pb_id(project: Project) -> str:
    """The project's id in pabulib terms: the imported file's id, else the primary key."""
    return project.source_id or str(project.pk)


# --------------------------------------------------------------------------- the count


def _ballot_projects(cycle: Cycle) -> list[Project]:
    return list(
        Project.objects.filter(cycle=cycle, status__in=BALLOT_PROJECT_STATUSES)
        .select_related("category", "mahalla")
        .order_by("pk")
    )


def _vote_type(cycle: Cycle) -> str:
    return "cumulative" if cycle.ballot_type == BallotType.CUMULATIVE else "approval"


def add1_step(cycle: Cycle, voters: int) -> int:
    """The Add1 completion's per-voter increment, in soum.

    Cities in pabulib raise each voter's share by one currency unit per step; one soum is about
    a ten-thousandth of a zloty, so that would take millions of MES runs. The platform's step is
    a thousandth of each voter's starting share rounded down to a power of ten (a budget of
    2 billion soum and 60 voters: 33,333,333 soum each, step 10,000 soum), which keeps a count
    to a few thousand runs at most. It is written into the exported file's META
    (``add1_step``), and pabutools gives the same winners with ``budget_step = n * add1_step``.
    Imported cycles keep the file's own step (1 unless the file says otherwise).
    """
    if cycle.imported_from or voters == 0:
        return 1
    share = cycle.budget // voters
    step = 1
    while step * 10 * 1000 <= share:
        step *= 10
    return step


def _instance(cycle: Cycle, projects: list[Project]) -> PBInstance:
    """The counted ballots of ``cycle`` on ``projects`` as a pabulib instance (one query).

    One LEFT JOIN from the ballots keeps a ballot whose choices are all gone from the ballot
    list in the count (it still holds its share B/n under MES), ordered by the ballot's UUID so
    the voter ids 1..n reveal nothing.
    """
    pb_ids = {project.pk: project_pb_id(project) for project in projects}
    cumulative = cycle.ballot_type == BallotType.CUMULATIVE
    if connection.vendor == "postgresql":
        ballots = _ballots_aggregated(cycle, pb_ids, cumulative)
    else:
        ballots = _ballots_joined(cycle, pb_ids, cumulative)
    pb_projects = {pb_ids[project.pk]: PBProject(pb_ids[project.pk], Fraction(project.cost), 0) for project in projects}
    meta = {
        "budget": str(cycle.budget),
        "vote_type": _vote_type(cycle),
        "num_projects": str(len(pb_projects)),
        "num_votes": str(len(ballots)),
        "add1_step": str(add1_step(cycle, len(ballots))),
    }
    return PBInstance(
        meta=meta, projects=pb_projects, ballots=ballots, budget=Fraction(cycle.budget), vote_type=_vote_type(cycle)
    )


def _pb_ballot(number: int, choices: list[tuple[str, int]], cumulative: bool) -> PBBallot:
    if cumulative:
        # pabulib lists a cumulative ballot's projects by decreasing points.
        choices.sort(key=lambda choice: (-choice[1], choice[0]))
        points = tuple(Fraction(p) for _, p in choices)
    else:
        choices.sort()
        points = None
    return PBBallot(str(number), tuple(pid for pid, _ in choices), points, 0)


# One row per counted ballot, in UUID order, its choices gathered by the database: a third of
# the rows of the join, and no per-choice work in Python (100,000 ballots: most of the read).
_AGGREGATED = """
    SELECT COALESCE(array_agg(c.project_id ORDER BY c.project_id) FILTER (WHERE c.project_id IS NOT NULL), '{}'),
           COALESCE(array_agg(c.points ORDER BY c.project_id) FILTER (WHERE c.project_id IS NOT NULL), '{}')
    FROM proposals_ballot b LEFT JOIN proposals_ballotchoice c ON c.ballot_id = b.id
    WHERE b.cycle_id = %s AND b.annulment_id IS NULL
    GROUP BY b.id
    ORDER BY b.id
"""


def _ballots_aggregated(cycle: Cycle, pb_ids: dict[int, str], cumulative: bool) -> list[PBBallot]:
    ballots: list[PBBallot] = []
    with connection.cursor() as cursor:
        cursor.execute(_AGGREGATED, [cycle.pk])
        while rows := cursor.fetchmany(5000):
            for project_ids, points in rows:
                choices = [(pb_ids[pk], p) for pk, p in zip(project_ids, points, strict=True) if pk in pb_ids]
                ballots.append(_pb_ballot(len(ballots) + 1, choices, cumulative))
    return ballots


def _ballots_joined(cycle: Cycle, pb_ids: dict[int, str], cumulative: bool) -> list[PBBallot]:
    rows = (
        Ballot.objects.filter(cycle=cycle, annulment__isnull=True)
        .order_by("id", "choices__project_id")
        .values_list("id", "choices__project_id", "choices__points")
    )
    ballots: list[PBBallot] = []
    current = None
    choices: list[tuple[str, int]] = []

    def close():
        ballots.append(_pb_ballot(len(ballots) + 1, choices, cumulative))

    for ballot_id, project_id, points in rows.iterator(chunk_size=5000):
        if ballot_id != current:
            if current is not None:
                close()
            current, choices = ballot_id, []
        if project_id in pb_ids:
            choices.append((pb_ids[project_id], points))
    if current is not None:
        close()
    return ballots


def cycle_instance(cycle: Cycle) -> PBInstance:
    """The cycle as the tally engine reads it: counted ballots (not annulled), the projects on
    the ballot with their cost in soum, the budget; approval (approval and knapsack ballots) or
    cumulative (points)."""
    return _instance(cycle, _ballot_projects(cycle))


@dataclass
class Tally:
    rule: str
    selected: list[Project]  # in the order the cycle's rule funded them
    greedy_selected: list[Project]  # most votes first, within the budget, beside it
    votes: dict[int, int]  # project pk -> approvals (or points)
    cost_selected: int
    cost_greedy: int
    ballots: int
    seconds: float


def _tally(
    cycle: Cycle,
    projects: list[Project],
    instance: PBInstance | None = None,
    progress: Callable[[int, Fraction, Fraction], None] | None = None,
) -> Tally:
    instance = _instance(cycle, projects) if instance is None else instance
    started = time.monotonic()
    by_pb_id = {project_pb_id(project): project for project in projects}
    if cycle.winner_rule in (WinnerRule.MES_ADD1, WinnerRule.MES_ADD1_COMPARISON):
        outcome = pb_tally.RULES[cycle.winner_rule](instance, progress=progress)
    else:
        outcome = pb_tally.RULES[cycle.winner_rule](instance)
    greedy = outcome if cycle.winner_rule == WinnerRule.GREEDY else pb_tally.greedy(instance)
    seconds = time.monotonic() - started
    scores = pb_tally.project_scores(instance)
    return Tally(
        rule=cycle.winner_rule,
        selected=[by_pb_id[pid] for pid in outcome.selected],
        greedy_selected=[by_pb_id[pid] for pid in greedy.selected],
        votes={by_pb_id[pid].pk: int(score) for pid, score in scores.items()},
        cost_selected=int(outcome.cost),
        cost_greedy=int(greedy.cost),
        ballots=len(instance.ballots),
        seconds=seconds,
    )


def cycle_tally(cycle: Cycle) -> Tally:
    """Count the cycle now with its rule, and with greedy beside it (nothing is stored)."""
    return _tally(cycle, _ballot_projects(cycle))


def _counting(locked: Cycle, staff: User, now: datetime) -> CyclePublication:
    """The cycle's publication (the caller holds the cycle's lock), moved to "counting".

    The background task has moved it already; a direct call (the demo, a command) makes the
    request and takes it in the same transaction, so every publication has its row."""
    publication = CyclePublication.objects.select_for_update().filter(cycle=locked).first()
    if publication is None:
        publication = CyclePublication(cycle=locked, requested_by=staff, requested_at=now)
        publication_transition(publication, PublicationStatus.QUEUED, mover=Mover.STAFF, actor=staff, source="")
    elif publication.status == PublicationStatus.FAILED:
        publication_transition(
            publication,
            PublicationStatus.QUEUED,
            mover=Mover.STAFF,
            actor=staff,
            changes={"requested_by": staff, "requested_at": now, "error": ""},
        )
    if publication.status == PublicationStatus.QUEUED:
        publication_transition(
            publication,
            PublicationStatus.COUNTING,
            mover=Mover.SYSTEM,
            actor=None,
            changes={"started_at": now, "attempts": publication.attempts + 1},
        )
    return publication


@transaction.atomic
def cycle_publish_results(cycle: Cycle, *, staff: User, now: datetime | None = None) -> CycleResult:
    """Count the cycle and publish the result: from then on ballots and annulments are frozen.

    Runs under a lock on the cycle, so two managers (or two workers) publishing at once publish
    once and no annulment can slip in between the count and the record. Winners become
    ``SELECTED`` with implementation "planned"; the other projects on the ballot
    ``NOT_SELECTED``. The address and device kept on each participation exist only for the
    anomaly flags, which end here, so they are erased. The downloads (``.pb``, CSV) are written
    in the same transaction, from the ballots this count read. Progress goes to the staff
    screen through ``publication_report`` (the transaction's own writes are invisible until
    it commits). The background task (``publication_run``) calls this; so may a command.
    """
    pages_changed("budgeting")
    now = now or timezone.now()
    locked = Cycle.objects.select_for_update(of=("self",)).select_related("territory").get(pk=cycle.pk)
    refusal = publish_refusal(locked, staff, now)
    if refusal is not None:
        raise ServiceError(refusal)
    publication = _counting(locked, staff, now)

    def report(stage: str, **progress) -> None:
        publication_report(publication.pk, stage, **progress)

    report("unsealing")
    ballots_unseal(locked, staff=staff, now=now)  # the count opens the sealed ballots, shuffled
    report("reading")
    projects = _ballot_projects(locked)
    instance = _instance(locked, projects)
    step = int(instance.meta["add1_step"])
    # Only the Add1 rules step; their loop stops at this step at the latest.
    add1 = locked.winner_rule in (WinnerRule.MES_ADD1, WinnerRule.MES_ADD1_COMPARISON)
    last_step = int(locked.budget // step) if add1 else 0
    runs = 0

    def counted_one(k: int, _share: Fraction, _cost: Fraction) -> None:
        nonlocal runs
        runs += 1
        report("counting", runs=runs, step=k, last_step=last_step)

    report("counting", runs=0, step=0, last_step=last_step)
    counted = _tally(locked, projects, instance, progress=counted_one)
    report("saving", runs=runs, step=last_step, last_step=last_step)
    result, _created = CycleResult.objects.update_or_create(
        cycle=locked,
        defaults={
            "rule": locked.winner_rule,
            "selected": [project.pk for project in counted.selected],
            "greedy_selected": [project.pk for project in counted.greedy_selected],
            "votes": {str(pk): votes for pk, votes in counted.votes.items()},
            "ballots_counted": counted.ballots,
            "ballots_annulled": Ballot.objects.filter(cycle=locked, annulment__isnull=False).count(),
            "participants": Participation.objects.filter(cycle=locked).count(),
            # Counted once, at publication: the results page then reads it instead of
            # scanning every resident of the territory on each view.
            "eligible": cycle_turnout(locked, now)["eligible"],
            "computed_at": now,
            "seconds": counted.seconds,
        },
    )
    winners = {project.pk for project in counted.selected}
    for project in Project.objects.select_for_update().filter(cycle=locked, status=ProjectStatus.FEASIBLE):
        if project.pk in winners:
            project_transition(
                project,
                ProjectStatus.SELECTED,
                mover=Mover.SYSTEM,
                actor=staff,
                changes={"implementation_status": ImplementationStatus.PLANNED},
            )
        else:
            project_transition(project, ProjectStatus.NOT_SELECTED, mover=Mover.SYSTEM, actor=staff)
    Participation.objects.filter(cycle=locked).update(ip=None, device="")
    locked.results_published_at = now
    locked.save(update_fields=["results_published_at"])
    locked.result = result
    _store_files(locked, result, projects, instance, now)
    sitemap_changed()
    publication_transition(
        publication,
        PublicationStatus.PUBLISHED,
        mover=Mover.SYSTEM,
        actor=staff,
        changes={"finished_at": now, "error": ""},
        data={
            "rule": locked.winner_rule,
            "selected": result.selected,
            "greedy_selected": result.greedy_selected,
            "ballots_counted": result.ballots_counted,
            "ballots_annulled": result.ballots_annulled,
        },
    )
    # The caller's object may have looked for a result before (and cached "none").
    cycle.results_published_at = now
    cycle.result = result
    return result


def publication_run(*, publication_id: int, now: datetime | None = None) -> bool:
    """The background count of a publication request; True when this run published it.

    Takes the request ("queued", or "counting" again when a redelivered task finds its
    worker's count died uncommitted), then counts and publishes in one transaction. A request
    already published, or failed, is left alone: a task delivered twice publishes once. A
    refusal (too early, no longer allowed) or an error marks the request failed with its
    reason, and the cycle can be published again.
    """
    with transaction.atomic():
        publication = (
            CyclePublication.objects.select_for_update(of=("self",))
            .select_related("cycle", "requested_by")
            .filter(pk=publication_id)
            .first()
        )
        if publication is None or publication.status not in (PublicationStatus.QUEUED, PublicationStatus.COUNTING):
            return False
        publication_transition(
            publication,
            PublicationStatus.COUNTING,
            mover=Mover.SYSTEM,
            actor=None,
            changes={"started_at": timezone.now(), "attempts": publication.attempts + 1},
        )
    try:
        cycle_publish_results(publication.cycle, staff=publication.requested_by, now=now)
    except ServiceError as error:
        _publication_failed(publication_id, error.message)
        return False
    except Exception:
        logger.exception("The count of publication %s failed; nothing was published.", publication_id)
        _publication_failed(publication_id, PUBLISH_FAILED)
        return False
    return True


def _publication_failed(publication_id: int, reason) -> None:
    with transaction.atomic():
        publication = CyclePublication.objects.select_for_update().select_related("cycle").get(pk=publication_id)
        if publication.status != PublicationStatus.COUNTING:
            return  # another run published it meanwhile (then "already published" is no failure)
        with translation.override(None):
            # The message's own words (its msgid): the screen translates it for whoever reads it.
            message = str(reason)
        publication_transition(
            publication,
            PublicationStatus.FAILED,
            mover=Mover.SYSTEM,
            actor=None,
            changes={"finished_at": timezone.now(), "error": message},
            data={"error": message},
        )


# --------------------------------------------------------------------------- stored downloads


def _file(result: CycleResult, kind: str, language: str, content: str, now: datetime) -> CycleResultFile:
    data = content.encode("utf-8")
    return CycleResultFile(
        result=result,
        kind=kind,
        language=language,
        content=content,
        content_gzip=_gzipped(data),
        etag=hashlib.sha256(data).hexdigest(),
        created_at=now,
    )


def _gzipped(data: bytes) -> bytes:
    # Compressed once, so as hard as gzip goes; no timestamp, so the same file gives the same bytes.
    return gzip.compress(data, compresslevel=9, mtime=0)


def _store_files(cycle: Cycle, result: CycleResult, projects: list[Project], instance: PBInstance, now) -> None:
    """The downloads of the result just published, written once: the ``.pb`` from the ballots
    the count read, the results CSV in every language of the site (its mahalla and category
    names are in the reader's language)."""
    cycle = Cycle.objects.select_related("territory").prefetch_related("phases").get(pk=cycle.pk)
    cycle.result = result
    files = [_file(result, CycleResultFile.Kind.PB, "", _pb_text(cycle, projects, instance, result), now)]
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            files.append(_file(result, CycleResultFile.Kind.CSV, language, results_csv(cycle), now))
    CycleResultFile.objects.filter(result=result).delete()
    CycleResultFile.objects.bulk_create(files)


def result_download(cycle: Cycle, kind: str, *, compressed: bool = False) -> CycleResultFile:
    """The stored download of a published cycle (the CSV in the active language), with its
    gzipped copy (``content_gzip``) read instead of its text when ``compressed``.

    A cycle published before the downloads were stored gets them built once, here, and
    stored: its result is frozen, so the file is what the old code built on every download.
    A file stored before the gzipped copies were gets its copy the same way."""
    language = translation.get_language() if kind == CycleResultFile.Kind.CSV else ""
    stored = result_file(cycle, kind, language, compressed=compressed)
    if stored is not None:
        if compressed and stored.content_gzip is None:
            content = CycleResultFile.objects.values_list("content", flat=True).get(pk=stored.pk)
            stored.content_gzip = _gzipped(content.encode("utf-8"))
            # Two first downloads at once store the same bytes.
            CycleResultFile.objects.filter(pk=stored.pk).update(content_gzip=stored.content_gzip)
        return stored
    result = cycle.result
    content = cycle_export_pb(cycle) if kind == CycleResultFile.Kind.PB else results_csv(cycle)
    built = _file(result, kind, language, content, result.computed_at)
    try:
        with transaction.atomic():
            built.save()
    except IntegrityError:
        # Another download stored it first: the same bytes.
        return result_file(cycle, kind, language, compressed=compressed)
    return built


# --------------------------------------------------------------------------- the results page


@dataclass
class ResultRow:
    project: Project
    pb_id: str
    votes: int
    cost: int
    funded_by_rule: bool
    funded_by_greedy: bool
    funding_order: int | None  # 1 for the rule's first pick, None when not funded
    mahalla: Territory
    category: PBCategory


@dataclass
class MahallaRow:
    mahalla: Territory
    projects: int
    funded_count: int
    funded_cost: int
    greedy_count: int
    greedy_cost: int


@dataclass
class ResultSummary:
    result: CycleResult
    budget: int
    cost_selected: int
    cost_greedy: int
    funded_count: int
    greedy_count: int
    ballots_counted: int
    ballots_annulled: int
    participants: int
    eligible: int | None

    @property
    def turnout(self) -> float | None:
        """Share of eligible residents who voted, when the number of eligible is known."""
        return self.participants / self.eligible if self.eligible else None


def _stored_result(cycle: Cycle) -> CycleResult | None:
    try:
        return cycle.result
    except CycleResult.DoesNotExist:
        return None


RESULT_ROW_NAMES = (
    *(f"mahalla__{field}" for field in ("name_uz", "name_uz_cyrl", "name_ru", "name_en", "name_kaa")),
    *(f"category__{field}" for field in ("name_uz", "name_uz_cyrl", "name_ru", "name_en")),
)


def result_rows(cycle: Cycle) -> list[ResultRow]:
    """Every project that was on the ballot, as announced: votes, cost, funded by the cycle's
    rule and by greedy; most votes first (ties in id order, the order greedy takes them).
    Empty before publication. Two queries whatever the number of projects."""
    result = _stored_result(cycle)
    if result is None:
        return []
    order = {pk: index for index, pk in enumerate(result.selected, start=1)}
    greedy = set(result.greedy_selected)
    projects = (
        Project.objects.filter(pk__in=[int(pk) for pk in result.votes])
        .select_related("category", "mahalla")
        # Only what a row shows: a district's cycle has a hundred projects, and their
        # descriptions and dates were most of what this read carried and built.
        .only("title", "estimated_cost", "staff_cost", "source_id", *RESULT_ROW_NAMES)
    )
    rows = [
        ResultRow(
            project=project,
            pb_id=project_pb_id(project),
            votes=int(result.votes.get(str(project.pk), 0)),
            cost=project.cost,
            funded_by_rule=project.pk in order,
            funded_by_greedy=project.pk in greedy,
            funding_order=order.get(project.pk),
            mahalla=project.mahalla,
            category=project.category,
        )
        for project in projects
    ]
    rows.sort(key=lambda row: (-row.votes, row.pb_id))
    return rows


def results_by_mahalla(cycle: Cycle, rows: list[ResultRow] | None = None) -> list[MahallaRow]:
    """Funded projects and money per mahalla, by the cycle's rule and by greedy; every mahalla
    that had a project on the ballot, most money first. Pass ``rows`` to reuse ``result_rows``."""
    rows = result_rows(cycle) if rows is None else rows
    by_mahalla: dict[int, MahallaRow] = {}
    for row in rows:
        entry = by_mahalla.setdefault(row.mahalla.pk, MahallaRow(row.mahalla, 0, 0, 0, 0, 0))
        entry.projects += 1
        if row.funded_by_rule:
            entry.funded_count += 1
            entry.funded_cost += row.cost
        if row.funded_by_greedy:
            entry.greedy_count += 1
            entry.greedy_cost += row.cost
    return sorted(
        by_mahalla.values(),
        key=lambda entry: (-entry.funded_cost, -entry.greedy_cost, entry.mahalla.name_uz, entry.mahalla.pk),
    )


def result_summary(cycle: Cycle, rows: list[ResultRow] | None = None) -> ResultSummary | None:
    """Totals of the published result (None before publication)."""
    result = _stored_result(cycle)
    if result is None:
        return None
    rows = result_rows(cycle) if rows is None else rows
    return ResultSummary(
        result=result,
        budget=cycle.budget,
        cost_selected=sum(row.cost for row in rows if row.funded_by_rule),
        cost_greedy=sum(row.cost for row in rows if row.funded_by_greedy),
        funded_count=sum(1 for row in rows if row.funded_by_rule),
        greedy_count=sum(1 for row in rows if row.funded_by_greedy),
        ballots_counted=result.ballots_counted,
        ballots_annulled=result.ballots_annulled,
        participants=result.participants,
        eligible=result.eligible,
    )


@dataclass
class Recompute:
    """How to recompute the published winners with pabutools, as the page states it."""

    version: str
    call: str
    script: str
    filename: str
    voters: int
    add1_step: int
    budget_step: int
    guide_url: str


def result_recompute(cycle: Cycle) -> Recompute | None:
    """The pabutools call and program for the published result (None before publication).

    Built by :mod:`proposals.budgeting.tally.recompute` from the stored count, exactly as the
    ``.pb`` META is built from the file's ballots: the number of ballots counted is the number
    of voters in the file (ballots are frozen at publication), so page and file state one call.
    """
    result = _stored_result(cycle)
    if result is None:
        return None
    voters = result.ballots_counted
    step = add1_step(cycle, voters)
    vote_type = _vote_type(cycle)
    filename = f"cycle-{cycle.pk}.pb"
    return Recompute(
        version=recompute.PABUTOOLS_VERSION,
        call=recompute.pabutools_call(result.rule, vote_type=vote_type, num_voters=voters, add1_step=step),
        script=recompute.pabutools_script(
            result.rule, vote_type=vote_type, num_voters=voters, add1_step=step, filename=filename
        ),
        filename=filename,
        voters=voters,
        add1_step=step,
        budget_step=recompute.add1_budget_step(voters, step),
        guide_url=recompute.GUIDE_URL,
    )


CSV_HEADER = ["id", "title", "mahalla", "category", "cost", "votes", "funded", "funded_by_greedy"]


def results_csv(cycle: Cycle) -> str:
    """The published result, one row per project, as CSV text with a byte-order mark (so Excel
    reads oʻ, gʻ and Cyrillic); a cell a spreadsheet would run as a formula gets a leading
    apostrophe, exactly as every open-data export does (``participation.opendata``)."""
    rows = (
        (
            row.pb_id,
            row.project.title,
            row.mahalla.name,
            row.category.name,
            row.cost,
            row.votes,
            int(row.funded_by_rule),
            int(row.funded_by_greedy),
        )
        for row in result_rows(cycle)
    )
    return csv_text(CSV_HEADER, rows)


# --------------------------------------------------------------------------- the .pb export


def pb_field(text: str) -> str:
    """User text made safe for one field of a .pb file: no ';' and nothing that ends a line."""
    return " ".join(str(text).translate(_FIELD_TRANSLATION).split())


def _voting_dates(cycle: Cycle) -> tuple[str, str] | None:
    voting = next((phase for phase in cycle_phases(cycle) if phase.kind == PhaseKind.VOTING), None)
    if voting is None:
        return None
    first = timezone.localtime(voting.starts_at).date()
    # ends_at is the first moment after voting: the last day is the day of the moment before it.
    last = timezone.localtime(voting.ends_at - timedelta(microseconds=1)).date()
    return first.strftime("%d.%m.%Y"), last.strftime("%d.%m.%Y")


def cycle_export_pb(cycle: Cycle) -> str:
    """The cycle as a pabulib ``.pb`` file anyone can recompute with pabutools.

    Counted ballots only (annulled ones are left out), voter ids 1..n in UUID order, no voter
    metadata. ``selected`` is the published result; before publication the column is left out
    (there is no outcome yet). pabutools cannot read a cumulative ballot with no projects, and
    such a ballot changes no points, so it is left out of cumulative files.
    """
    cycle = Cycle.objects.select_related("territory").prefetch_related("phases").get(pk=cycle.pk)
    projects = _ballot_projects(cycle)
    return _pb_text(cycle, projects, _instance(cycle, projects), _stored_result(cycle))


def _pb_text(cycle: Cycle, projects: list[Project], instance: PBInstance, result: CycleResult | None) -> str:
    cumulative = cycle.ballot_type == BallotType.CUMULATIVE
    ballots = [b for b in instance.ballots if b.projects or not cumulative]
    selected = {str(pk) for pk in result.selected} if result is not None else None

    voters = dict.fromkeys(instance.projects, 0)
    points = dict.fromkeys(instance.projects, 0)
    for ballot in ballots:
        for index, pid in enumerate(ballot.projects):
            voters[pid] += 1
            points[pid] += int(ballot.points[index]) if cumulative else 1

    meta = [
        ("description", pb_field(cycle.title)),
        ("country", "Uzbekistan"),
        ("unit", pb_field(cycle.territory.name_uz)),
        ("instance", str(cycle.pk)),
        ("num_projects", str(len(projects))),
        ("num_votes", str(len(ballots))),
        ("budget", str(cycle.budget)),
        ("vote_type", instance.vote_type),
        ("rule", PABULIB_RULES.get(cycle.winner_rule, "greedy")),
    ]
    if cycle.winner_rule in (WinnerRule.MES_ADD1, WinnerRule.MES_ADD1_COMPARISON):
        meta.append(("add1_step", instance.meta["add1_step"]))
    # The call that gives the published winners, from the file's own numbers (its ballots).
    meta += recompute.pabutools_meta(
        cycle.winner_rule,
        vote_type=instance.vote_type,
        num_voters=len(ballots),
        add1_step=int(instance.meta["add1_step"]),
    )
    dates = _voting_dates(cycle)
    if dates:
        meta += [("date_begin", dates[0]), ("date_end", dates[1])]
    meta.append(("min_length", str(cycle.min_choices or 1)))
    if cycle.ballot_type == BallotType.APPROVAL and cycle.max_choices:
        meta.append(("max_length", str(cycle.max_choices)))
    if cycle.ballot_type == BallotType.KNAPSACK:
        meta.append(("max_sum_cost", str(cycle.budget)))
    if cumulative and cycle.points_total:
        meta.append(("max_sum_points", str(cycle.points_total)))
    meta += [("language", "uz"), ("currency", "UZS")]

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    writer.writerows(meta)

    writer.writerow(["PROJECTS"])
    header = ["project_id", "cost", "votes"] + (["score"] if cumulative else []) + ["name", "category"]
    if selected is not None:
        header.append("selected")
    writer.writerow(header)
    by_pb_id = {project_pb_id(project): project for project in projects}
    order = sorted(instance.projects, key=lambda pid: (-points[pid], pid))
    for pid in order:
        project = by_pb_id[pid]
        row = [pid, str(project.cost), str(voters[pid])]
        if cumulative:
            row.append(str(points[pid]))
        row += [pb_field(project.title), pb_field(project.category.slug)]
        if selected is not None:
            row.append("1" if str(project.pk) in selected else "0")
        writer.writerow(row)

    writer.writerow(["VOTES"])
    writer.writerow(["voter_id", "vote", "points"] if cumulative else ["voter_id", "vote"])
    for number, ballot in enumerate(ballots, start=1):
        row = [str(number), ",".join(ballot.projects)]
        if cumulative:
            row.append(",".join(str(int(p)) for p in ballot.points))
        writer.writerow(row)
    return buffer.getvalue()
