"""Participatory-budgeting fixtures: a cycle of Yangiqoʻrgʻon standing in any phase at ``T0``,
and projects in any status. Registered as a plugin in tests/conftest.py.

Cycles are made through ``cycle_create`` (so the phase rules are the real ones); projects are
written directly in the status asked for, because most tests start from "on the ballot" and
the path there (submission, moderation, feasibility) has its own tests.
"""

from datetime import timedelta

import pytest

from proposals.budgeting.models import PHASE_ORDER, PBCategory, Project, ProjectStatus
from proposals.budgeting.services.cycles import PhaseDates, cycle_create
from tests.petition_fixtures import T0

PHASE_DAYS = 10


def phases_around(current: str, at=T0) -> list[PhaseDates]:
    """Five back-to-back phases of PHASE_DAYS days, ``current`` running at ``at`` (day 5 of it)."""
    start = at - timedelta(days=5) - timedelta(days=PHASE_DAYS) * PHASE_ORDER.index(current)
    phases = []
    for index, kind in enumerate(PHASE_ORDER):
        begins = start + timedelta(days=PHASE_DAYS) * index
        phases.append(PhaseDates(kind, begins, begins + timedelta(days=PHASE_DAYS)))
    return phases


def ensure_categories() -> None:
    """The data migration's categories; transactional tests flush them with everything else."""
    import importlib

    if not PBCategory.objects.exists():
        shipped = importlib.import_module("proposals.migrations.0004_pb_categories").CATEGORIES
        for position, (slug, uz, ru, en) in enumerate(shipped):
            PBCategory.objects.create(slug=slug, name_uz=uz, name_ru=ru, name_en=en, position=position)


@pytest.fixture
def make_cycle(tree):
    def make(phase="voting", *, territory=None, at=T0, **options):
        ensure_categories()
        options.setdefault("budget", 1_000_000_000)
        options.setdefault("max_project_cost", 400_000_000)
        options.setdefault("ballot_type", "approval")
        if options["ballot_type"] == "approval":
            options.setdefault("max_choices", 3)
        if options["ballot_type"] == "cumulative":
            options.setdefault("points_total", 10)
            options.setdefault("winner_rule", "greedy")
        return cycle_create(
            territory=territory or tree.yangiqorgon,
            title=options.pop("title", "Yangiqoʻrgʻon 2026: ochiq budjet"),
            categories=list(PBCategory.objects.all()),
            phases=phases_around(phase, at),
            staff=None,
            now=at - timedelta(days=60),
            **options,
        )

    return make


@pytest.fixture
def make_project(tree, resident):
    def make(cycle, *, status=ProjectStatus.FEASIBLE, cost=100_000_000, mahalla=None, author=None, title=None,
             category=None):
        on_ballot = status in (ProjectStatus.FEASIBLE, ProjectStatus.SELECTED, ProjectStatus.NOT_SELECTED)
        return Project.objects.create(
            cycle=cycle,
            author=author or resident(),
            title=title or f"Loyiha {Project.objects.count() + 1}",
            description="Mahalladagi ichki yoʻlni asfaltlash, 1,2 km.",
            category=category or PBCategory.objects.get(slug="roads"),
            mahalla=mahalla or tree.navbahor,
            estimated_cost=cost,
            staff_cost=cost if on_ballot else None,
            status=status,
            created_at=T0 - timedelta(days=40),
        )

    return make
