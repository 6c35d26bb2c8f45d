"""Participation records that the sitemap lists beside the pages: what is public is decided
by each feature (its status sets and selectors); this only reads across every cycle.

Each read is plain values (what an address and its date need), one query for any number of
rows; the sitemap pages them by primary key (``cms.sitemaps``), so none is ever read whole.
"""

from django.db.models import OuterRef, QuerySet, Subquery

from cms.models import KhokimiyatPage
from meetings.consultations.models import Consultation
from participation.languages import default_locale
from proposals.budgeting.models import PUBLIC_PROJECT_STATUSES, Cycle, Project
from proposals.petitions.models import Petition
from proposals.petitions.transitions import PUBLIC_STATUSES
from proposals.questions.selectors import questions_all_published


def petitions_published() -> QuerySet:
    """``(pk, answered_at, threshold_reached_at, published_at)`` of petitions from publication
    on (collecting, threshold reached, answered, closed); drafts, petitions gathering co-sponsors
    or in moderation, rejected and withdrawn ones are not public."""
    return Petition.objects.filter(status__in=PUBLIC_STATUSES).values_list(
        "pk", "answered_at", "threshold_reached_at", "published_at"
    )


def questions_published_with_page() -> QuerySet:
    """``(pk, answered_at, published_at, url_path)`` of published questions, each with the
    ``url_path`` of its territory's default-language khokimiyat page (a question is shown on that
    page); questions of a territory without one are left out."""
    page_path = KhokimiyatPage.objects.filter(territory_id=OuterRef("territory_id"), locale_id=default_locale().pk)
    return (
        questions_all_published()
        .annotate(page_path=Subquery(page_path.order_by("pk").values("url_path")[:1]))
        .filter(page_path__isnull=False)
        .values_list("pk", "answered_at", "published_at", "page_path")
    )


def budget_cycles() -> QuerySet:
    """``(pk,)`` of every cycle: its page is public from creation (the budget, the rules and the dates)."""
    return Cycle.objects.values_list("pk")


def budget_projects_published() -> QuerySet:
    """``(pk,)`` of projects in a public status in every cycle; those in moderation, rejected or
    withdrawn are shown only to their author and staff."""
    return Project.objects.filter(status__in=PUBLIC_PROJECT_STATUSES).values_list("pk")


def budget_cycles_with_results() -> QuerySet:
    """``(pk, results_published_at)`` of cycles whose count is published (the results page shows
    a notice until then)."""
    return Cycle.objects.filter(results_published_at__isnull=False, result__isnull=False).values_list(
        "pk", "results_published_at"
    )


def consultations_published() -> QuerySet:
    """``(pk, concluded_at, published_at)`` of every public consultation (published or concluded)."""
    from meetings.consultations.transitions import PUBLIC_CONSULTATION_STATUSES

    return Consultation.objects.filter(status__in=PUBLIC_CONSULTATION_STATUSES).values_list(
        "pk", "concluded_at", "published_at"
    )
