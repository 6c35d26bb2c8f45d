"""Participation records that the sitemap lists beside the pages: what is public is decided
by each feature (its status sets and selectors); this only reads across every cycle.

Each read is one query (plus none per row): the sitemap lists every item of the site.
"""

from django.db.models import QuerySet

from proposals.budgeting.models import PUBLIC_PROJECT_STATUSES, Cycle, Project
from proposals.petitions.models import Petition
from proposals.petitions.transitions import PUBLIC_STATUSES


def petitions_published() -> QuerySet[Petition]:
    """Petitions from publication on (collecting, threshold reached, answered, closed); drafts,
    petitions gathering co-sponsors or in moderation, rejected and withdrawn ones are not public."""
    return Petition.objects.filter(status__in=PUBLIC_STATUSES).order_by("pk")


def budget_cycles() -> QuerySet[Cycle]:
    """Every cycle: its page is public from creation (the budget, the rules and the dates)."""
    return Cycle.objects.order_by("pk")


def budget_projects_published() -> QuerySet[Project]:
    """Projects in a public status in every cycle; those in moderation, rejected or withdrawn
    are shown only to their author and staff."""
    return Project.objects.filter(status__in=PUBLIC_PROJECT_STATUSES).order_by("pk")


def budget_cycles_with_results() -> QuerySet[Cycle]:
    """Cycles whose count is published (the results page shows a notice until then)."""
    return Cycle.objects.filter(results_published_at__isnull=False, result__isnull=False).order_by("pk")
