"""Create a budget cycle from a pabulib ``.pb`` file: its projects and its anonymous ballots.

    python manage.py budget_import FILE.pb --territory <code or exact Uzbek name>
                                       [--title T] [--mahalla <name or code>]

For demos, tests and recounts of real elections. The cycle is placed in its results phase
(submission, review and voting in the past; voting on the file's dates when it gives them as
dd.mm.yyyy), ready for a manager to publish. The file's project ids are kept (``source_id``),
so ties break as in the original (by id string). Ballots are anonymous: no participation
records, no voter metadata from the file, random UUIDs, all cast on the first day of voting.

Mapping of the file:

* ``approval`` -> approval ballot with K = ``max_length`` when given, else a knapsack ballot;
  ``choose-1`` -> approval with K = 1; ``cumulative`` -> points; ``ordinal`` -> points
  ``max_length - position`` (Kraków's 3/2/1, as the tally counts them); ``scoring`` is refused
  (unlisted projects would need ``default_score``, which a ballot row cannot hold).
* ``rule``: ``greedy``, ``equalshares``, ``equalshares/add1``, ``equalshares/add1-comparison``
  map to our rules; anything else (``greedy-threshold``, ``unknown`` ...) is counted with greedy.
  Points ballots are always counted with greedy.

Money is integer soum: a budget or cost that is not a whole number is refused with its line.
Any problem stops the import with every ``line N: message`` and nothing is written.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime, time, timedelta
from fractions import Fraction
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from participation.exceptions import ServiceError
from participation.models import Territory, TerritoryKind
from proposals.budgeting.models import (
    PHASE_ORDER,
    Ballot,
    BallotChoice,
    BallotType,
    PBCategory,
    PhaseKind,
    Project,
    ProjectStatus,
    WinnerRule,
)
from proposals.budgeting.services.cycles import PhaseDates, cycle_create
from proposals.budgeting.services.results import RULES_FROM_PABULIB
from proposals.budgeting.tally.pabulib import SECTIONS, PabulibError, PBInstance, parse_pabulib_file

BATCH = 1000
POINTS_MAX = 32767  # BallotChoice.points and Cycle.points_total are small integers
SOURCE_ID_MAX = 64


class ImportProblems(Exception):
    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = sorted(errors)
        super().__init__("; ".join(f"line {line}: {msg}" for line, msg in self.errors))


def meta_lines(text: str) -> dict[str, int]:
    """Line of each META key, counted the way the parser counts (physical lines, 1-based)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"')
    lines: dict[str, int] = {}
    section, header_seen, start = None, False, 1
    for fields in reader:
        line, start = start, reader.line_num + 1
        fields = [field.strip() for field in fields]
        if not fields or all(field == "" for field in fields):
            continue
        if fields[0] in SECTIONS and all(field == "" for field in fields[1:]):
            section, header_seen = fields[0], False
            if section != "META":
                break
            continue
        if section == "META":
            if not header_seen:
                header_seen = True
                continue
            lines.setdefault(fields[0], line)
    return lines


MONEY_MAX = 2**63 - 1  # a bigint column


def _whole(value: Fraction) -> bool:
    """A whole number of soum that the database can hold."""
    return value.denominator == 1 and value <= MONEY_MAX


def _small_int(text: str | None) -> int | None:
    try:
        value = int((text or "").strip())
    except ValueError:
        return None
    return value


def _local_day(text: str):
    try:
        return datetime.strptime(text.strip(), "%d.%m.%Y").date()
    except (ValueError, AttributeError):
        return None


class Plan:
    """What the file becomes, checked in full before anything is written."""

    def __init__(self, instance: PBInstance, lines: dict[str, int]):
        self.instance = instance
        errors: list[tuple[int, str]] = []
        meta, vote_type = instance.meta, instance.vote_type
        meta_line = lambda key: lines.get(key, 1)  # noqa: E731

        if vote_type == "scoring":
            errors.append(
                (
                    meta_line("vote_type"),
                    "vote_type 'scoring' cannot be imported (only approval, choose-1, cumulative and ordinal)",
                )
            )
        if not _whole(instance.budget) or instance.budget <= 0:
            errors.append(
                (
                    meta_line("budget"),
                    f"budget {meta.get('budget', '')!r} is not a whole number of "
                    "soum above zero (money is integer soum)",
                )
            )
        for project in instance.projects.values():
            if not _whole(project.cost) or project.cost <= 0:
                errors.append(
                    (
                        project.line,
                        f"project {project.id!r}: cost {project.row.get('cost', '')!r} is "
                        "not a whole number of soum above zero (money is integer soum)",
                    )
                )
            if len(project.id) > SOURCE_ID_MAX or "," in project.id:
                errors.append(
                    (
                        project.line,
                        f"project id {project.id[:80]!r} is longer than {SOURCE_ID_MAX} characters or contains a comma",
                    )
                )

        max_length = _small_int(meta.get("max_length"))
        min_length = _small_int(meta.get("min_length"))
        if "max_length" in meta and (max_length is None or max_length < 0):
            errors.append((meta_line("max_length"), f"max_length {meta['max_length']!r} is not a whole number"))
            max_length = None
        if "min_length" in meta and (min_length is None or min_length < 0):
            errors.append((meta_line("min_length"), f"min_length {meta['min_length']!r} is not a whole number"))
            min_length = None
        self.min_choices = min(max(min_length or 1, 1), POINTS_MAX)

        rule = RULES_FROM_PABULIB.get(meta.get("rule", "").strip())
        self.rule_recognised = rule is not None
        self.points_total = None
        self.max_choices = None
        # ballots: list of [(project id, points)]
        self.ballots: list[list[tuple[str, int]]] = []
        if vote_type in ("approval", "choose-1"):
            self.ballot_type = BallotType.APPROVAL
            if vote_type == "choose-1":
                self.max_choices = 1
            elif max_length and max_length <= POINTS_MAX:
                self.max_choices = max_length
            else:
                self.ballot_type = BallotType.KNAPSACK
            if self.max_choices is not None:
                self.min_choices = min(self.min_choices, self.max_choices)
            self.winner_rule = rule or WinnerRule.GREEDY
            self.ballots = [[(pid, 1) for pid in ballot.projects] for ballot in instance.ballots]
        elif vote_type == "cumulative":
            self.ballot_type, self.winner_rule = BallotType.CUMULATIVE, WinnerRule.GREEDY
            for ballot in instance.ballots:
                choices = []
                for pid, points in zip(ballot.projects, ballot.points, strict=True):
                    if not _whole(points) or points < 0 or points > POINTS_MAX:
                        errors.append(
                            (
                                ballot.line,
                                f"voter {ballot.voter_id!r}: points {points} for project "
                                f"{pid!r} are not a whole number from 0 to {POINTS_MAX}",
                            )
                        )
                    elif points > 0:  # 0 points is the same as not listed
                        choices.append((pid, int(points)))
                self.ballots.append(choices)
            declared = meta.get("max_sum_points")
            points_total = _small_int(declared)
            if declared is not None and (points_total is None or not 1 <= points_total <= POINTS_MAX):
                errors.append(
                    (
                        meta_line("max_sum_points"),
                        f"max_sum_points {declared!r} is not a whole number from 1 to {POINTS_MAX}",
                    )
                )
            if points_total is None or not 1 <= points_total <= POINTS_MAX:
                # Not declared: the most any voter gave is what each voter evidently had.
                points_total = max((sum(p for _, p in choices) for choices in self.ballots), default=1)
            self.points_total = min(max(points_total, 1), POINTS_MAX)
        elif vote_type == "ordinal":
            self.ballot_type, self.winner_rule = BallotType.CUMULATIVE, WinnerRule.GREEDY
            length = max_length or max((len(b.projects) for b in instance.ballots), default=1) or 1
            if length > POINTS_MAX:
                errors.append((meta_line("max_length"), f"max_length {length} is above {POINTS_MAX}"))
            for ballot in instance.ballots:
                if len(ballot.projects) > length:
                    errors.append(
                        (
                            ballot.line,
                            f"voter {ballot.voter_id!r} ranks {len(ballot.projects)} projects, "
                            f"more than max_length {length}",
                        )
                    )
                    continue
                self.ballots.append([(pid, length - position) for position, pid in enumerate(ballot.projects)])
            self.points_total = min(length * (length + 1) // 2, POINTS_MAX)
        if errors:
            raise ImportProblems(errors)


def _territory(value: str) -> Territory:
    matches = list(Territory.objects.filter(Q(code=value) | Q(name_uz=value))[:2])
    if not matches:
        raise CommandError(f"no territory with code or Uzbek name {value!r}")
    if len(matches) > 1:
        raise CommandError(f"several territories are named {value!r}; give the code")
    return matches[0]


def _mahalla(territory: Territory, value: str | None) -> Territory:
    mahallas = Territory.objects.filter(kind=TerritoryKind.MAHALLA, path__startswith=territory.path)
    if value:
        found = mahallas.filter(Q(code=value) | Q(name_uz=value)).first()
        if found is None:
            raise CommandError(f"no mahalla {value!r} inside {territory.name_uz}")
        return found
    first = mahallas.order_by("name_uz", "path").first()
    if first is None:
        raise CommandError(f"{territory.name_uz} has no mahalla to place the projects in; give --mahalla")
    return first


def _phases(meta: dict[str, str], now: datetime) -> list[PhaseDates]:
    """Back-to-back phases with the results phase running now; voting on the file's dates when
    they are full dates in the past, else the fortnight before today."""
    begin, end = _local_day(meta.get("date_begin", "")), _local_day(meta.get("date_end", ""))
    zone = timezone.get_current_timezone()
    today = timezone.localtime(now).date()
    if begin and end and begin <= end < today:
        voting_starts = datetime.combine(begin, time.min, tzinfo=zone)
        voting_ends = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    else:
        voting_ends = datetime.combine(today, time.min, tzinfo=zone)
        voting_starts = voting_ends - timedelta(days=14)
    results_ends = max(now, voting_ends) + timedelta(days=30)
    bounds = {
        PhaseKind.SUBMISSION: (voting_starts - timedelta(days=60), voting_starts - timedelta(days=30)),
        PhaseKind.REVIEW: (voting_starts - timedelta(days=30), voting_starts),
        PhaseKind.VOTING: (voting_starts, voting_ends),
        PhaseKind.RESULTS: (voting_ends, results_ends),
        PhaseKind.IMPLEMENTATION: (results_ends, results_ends + timedelta(days=365)),
    }
    return [PhaseDates(kind, *bounds[kind]) for kind in PHASE_ORDER]


def _category_lookup(categories: list[PBCategory]):
    names: dict[str, PBCategory] = {}
    for category in categories:
        for name in (category.slug, category.name_uz, category.name_en, category.name_ru, category.name_uz_cyrl):
            if name:
                names.setdefault(name.strip().lower(), category)

    def lookup(row: dict[str, str]) -> PBCategory:
        text = row.get("category") or row.get("categories") or ""
        for part in text.split(","):
            found = names.get(part.strip().lower())
            if found is not None:
                return found
        return categories[0]

    return lookup


class Command(BaseCommand):
    help = "Create a budget cycle (results phase, ready to publish) from a pabulib .pb file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .pb file")
        parser.add_argument(
            "--territory", required=True, help="code or exact Uzbek (Latin) name of a district, city or region"
        )
        parser.add_argument("--title", help="title of the cycle (default: the file's description)")
        parser.add_argument(
            "--mahalla", help="mahalla of every project, name or code (default: the first mahalla of the territory)"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            instance = parse_pabulib_file(path)
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as exc:
            raise CommandError(f"{path}: {exc}") from None
        except PabulibError as exc:
            raise self._problems(path, exc.errors) from None
        try:
            plan = Plan(instance, meta_lines(text))
        except ImportProblems as exc:
            raise self._problems(path, exc.errors) from None
        territory = _territory(options["territory"])
        mahalla = _mahalla(territory, options["mahalla"])
        if not plan.rule_recognised or (
            plan.ballot_type == BallotType.CUMULATIVE and instance.meta.get("rule", "").strip() != "greedy"
        ):
            self.stderr.write(
                f"note: rule {instance.meta.get('rule', '')!r} with {instance.vote_type} ballots is "
                f"counted with {plan.winner_rule}"
            )
        try:
            with transaction.atomic():
                cycle, choices = self._write(path, instance, plan, territory, mahalla, options["title"])
        except ServiceError as exc:
            raise CommandError(f"{path}: {exc.message}") from None
        self.stdout.write(
            f"cycle {cycle.pk}: {len(instance.projects)} projects, {len(plan.ballots)} ballots, "
            f"{choices} choices ({plan.ballot_type}, {plan.winner_rule})"
        )

    @staticmethod
    def _problems(path: Path, errors: list[tuple[int, str]]) -> CommandError:
        lines = "\n".join(f"  line {line}: {msg}" for line, msg in errors)
        return CommandError(f"{path}: not imported, nothing was written\n{lines}")

    def _write(self, path, instance: PBInstance, plan: Plan, territory, mahalla, title):
        now = timezone.now()
        meta = instance.meta
        categories = list(PBCategory.objects.filter(is_active=True).order_by("position", "slug"))
        if not categories:
            raise CommandError("there is no active project category")
        category_of = _category_lookup(categories)
        costs = [int(project.cost) for project in instance.projects.values()]
        budget = int(instance.budget)
        title = (title or meta.get("description") or path.stem).strip()[:150] or path.stem[:150]
        description = "\n\n".join(part for part in (meta.get("description", ""), meta.get("comment", "")) if part)
        phases = _phases(meta, now)
        cycle = cycle_create(
            territory=territory,
            title=title,
            description=description[:5000],
            budget=budget,
            max_project_cost=min(max(costs, default=budget), budget),
            categories=categories,
            phases=phases,
            staff=None,
            ballot_type=plan.ballot_type,
            max_choices=plan.max_choices,
            points_total=plan.points_total,
            min_choices=plan.min_choices,
            winner_rule=plan.winner_rule,
            now=now,
            imported_from=path.name[:255],
        )
        submitted = phases[0].starts_at
        projects = [
            Project(
                cycle=cycle,
                title=(row.get("name") or f"{pid}").strip()[: Project.TITLE_MAX] or pid,
                description=(row.get("description") or row.get("name") or "").strip()[: Project.DESCRIPTION_MAX],
                category=category_of(row),
                mahalla=mahalla,
                estimated_cost=int(project.cost),
                staff_cost=int(project.cost),
                status=ProjectStatus.FEASIBLE,
                created_at=submitted,
                source_id=pid,
            )
            for pid, project in instance.projects.items()
            for row in [project.row]
        ]
        Project.objects.bulk_create(projects, batch_size=BATCH)
        project_pk = {project.source_id: project.pk for project in projects}
        cast_on = timezone.localtime(phases[PHASE_ORDER.index(PhaseKind.VOTING)].starts_at).date()
        total, written, choices_written = len(plan.ballots), 0, 0
        for start in range(0, total, BATCH):
            ballots, choices = [], []
            for ballot_choices in plan.ballots[start : start + BATCH]:
                ballot = Ballot(id=uuid.uuid4(), cycle=cycle, cast_on=cast_on)
                ballots.append(ballot)
                choices.extend(
                    BallotChoice(ballot_id=ballot.id, project_id=project_pk[pid], points=points)
                    for pid, points in ballot_choices
                )
            Ballot.objects.bulk_create(ballots)
            BallotChoice.objects.bulk_create(choices, batch_size=5000)
            written += len(ballots)
            choices_written += len(choices)
            self.stderr.write(f"{written}/{total} ballots")
        return cycle, choices_written
