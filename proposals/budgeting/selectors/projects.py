"""Reads of budget cycles and projects for pages, staff screens and services."""

from datetime import datetime

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from participation.models import Territory, TerritoryKind
from participation.selectors import territory_descendants
from proposals.budgeting.models import (
    BALLOT_PROJECT_STATUSES,
    PUBLIC_PROJECT_STATUSES,
    Cycle,
    Project,
    ProjectPhoto,
    ProjectStatus,
    ProjectUpdate,
)


def cycles_public() -> QuerySet[Cycle]:
    """Every cycle with its territory and phases: one query plus one for all phases.

    ``project_count`` is counted per listed cycle (a subquery on the cycle's projects): a
    grouped join would read the projects of every cycle, and the paginator's count with it."""
    published = (
        Project.objects.filter(cycle=OuterRef("pk"), status__in=PUBLIC_PROJECT_STATUSES)
        .order_by()
        .values("cycle")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Cycle.objects.select_related("territory")
        .prefetch_related("phases")
        .annotate(project_count=Coalesce(Subquery(published), 0))
        .order_by("-created_at", "-pk")
    )


def cycle_get(pk: int) -> Cycle | None:
    return (
        Cycle.objects.select_related("territory", "result")
        .prefetch_related("phases", "phases__extensions", "categories")
        .filter(pk=pk)
        .first()
    )


def _project_rows() -> QuerySet[Project]:
    return Project.objects.select_related("category", "mahalla").prefetch_related(
        Prefetch("photos", queryset=ProjectPhoto.objects.filter(update__isnull=True))
    )


def projects_public(
    cycle: Cycle, *, category: int | None = None, mahalla: int | None = None, status: str | None = None
) -> QuerySet[Project]:
    """Published projects of a cycle: three queries whatever the number of rows."""
    queryset = _project_rows().filter(cycle=cycle, status__in=PUBLIC_PROJECT_STATUSES)
    if category:
        queryset = queryset.filter(category_id=category)
    if mahalla:
        queryset = queryset.filter(mahalla_id=mahalla)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("title", "pk")


def projects_on_ballot(cycle: Cycle) -> QuerySet[Project]:
    """What voters choose from: the feasible projects, in a fixed order (by title)."""
    return _project_rows().filter(cycle=cycle, status__in=BALLOT_PROJECT_STATUSES).order_by("title", "pk")


def projects_of_author(user) -> QuerySet[Project]:
    return Project.objects.select_related("cycle", "category", "mahalla").filter(author=user).order_by("-created_at")


def project_get(pk: int) -> Project | None:
    return (
        Project.objects.select_related("cycle", "cycle__territory", "category", "mahalla", "author", "rejection_reason")
        .prefetch_related(
            "cycle__phases",
            Prefetch("photos", queryset=ProjectPhoto.objects.filter(update__isnull=True)),
            Prefetch("updates", queryset=ProjectUpdate.objects.prefetch_related("photos")),
            "sign_offs__user",
        )
        .filter(pk=pk)
        .first()
    )


def project_visible_to(project: Project, user) -> bool:
    """Published projects are public; the rest (in moderation, rejected, withdrawn) only to the
    author and to staff of the territory, like petitions' drafts are to their author."""
    if project.status in PUBLIC_PROJECT_STATUSES:
        return True
    if getattr(user, "pk", None) is not None and project.author_id == user.pk:
        return True
    return getattr(user, "is_authenticated", False) and user.has_perm("proposals.see_anomalies", project.cycle)


def mahallas_in_cooldown(cycle: Cycle) -> set[int]:
    """Mahallas whose project won in the last ``cooldown_cycles`` published cycles of the same
    territory before this one (Open Budget's "tanaffus")."""
    if not cycle.cooldown_cycles:
        return set()
    earlier = list(
        Cycle.objects.filter(
            territory_id=cycle.territory_id, results_published_at__isnull=False, created_at__lt=cycle.created_at
        )
        .exclude(pk=cycle.pk)
        .order_by("-created_at")
        .values_list("pk", flat=True)[: cycle.cooldown_cycles]
    )
    return set(
        Project.objects.filter(cycle_id__in=earlier, status=ProjectStatus.SELECTED).values_list("mahalla_id", flat=True)
    )


def cycle_mahallas(cycle: Cycle) -> QuerySet[Territory]:
    return territory_descendants(cycle.territory).filter(kind=TerritoryKind.MAHALLA).order_by("name_uz")


def cycles_current(now: datetime | None = None) -> QuerySet[Cycle]:
    now = now or timezone.now()
    return cycles_public().filter(phases__starts_at__lte=now).distinct()
