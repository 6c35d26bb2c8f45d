"""Participatory budgeting: the shipped categories, phase dates around a moment, and projects
written directly in a status (most tests start from "on the ballot"; the path there has its
own tests). Cycles are made through ``cycle_create`` by the ``make_cycle`` fixture."""

import importlib
from datetime import timedelta

import factory

from proposals.budgeting.models import PHASE_ORDER, PBCategory, Project, ProjectStatus
from proposals.budgeting.services.cycles import PhaseDates
from tests.factories.accounts import ResidentFactory
from tests.fixtures.clock import T0

PHASE_DAYS = 10
ON_BALLOT = (ProjectStatus.FEASIBLE, ProjectStatus.SELECTED, ProjectStatus.NOT_SELECTED)


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
    if not PBCategory.objects.exists():
        shipped = importlib.import_module("proposals.migrations.0004_pb_categories").CATEGORIES
        for position, (slug, uz, ru, en) in enumerate(shipped):
            PBCategory.objects.create(slug=slug, name_uz=uz, name_ru=ru, name_en=en, position=position)


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project of ``cycle`` in ``status``; on the ballot it carries the staff's estimate."""

    class Meta:
        model = Project

    author = factory.SubFactory(ResidentFactory, home_territory=factory.SelfAttribute("..mahalla"))
    title = factory.LazyFunction(lambda: f"Loyiha {Project.objects.count() + 1}")
    description = "Mahalladagi ichki yoʻlni asfaltlash, 1,2 km."
    category = factory.LazyFunction(lambda: PBCategory.objects.get(slug="roads"))
    estimated_cost = 100_000_000
    staff_cost = factory.LazyAttribute(lambda p: p.estimated_cost if p.status in ON_BALLOT else None)
    status = ProjectStatus.FEASIBLE
    created_at = T0 - timedelta(days=40)
