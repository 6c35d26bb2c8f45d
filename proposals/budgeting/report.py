"""The participatory budgeting part of the transparency report: cycles, projects, where the
money went (by category and mahalla, in whole soum), who voted where against the population
(people, so small counts are hidden), annulled ballots and how the winners are being built.

One aggregate per table; states are read as they stood at the end of a closed period (the last
implementation update before it), so the figures never move when a period is recomputed.
"""

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from participation.transparency.aggregates import between
from participation.transparency.names import territory_names
from participation.transparency.participants import acts_by_figures, register_participation_source
from participation.transparency.registry import figure, register_section, report_moment, table
from participation.transparency.suppression import is_hidden
from proposals.budgeting.models import (
    BALLOT_PROJECT_STATUSES,
    BallotAnnulment,
    Cycle,
    ImplementationStatus,
    Participation,
    Project,
    ProjectStatus,
    ProjectUpdate,
)

VERSION = 1

LABELS = {
    "cycles_started": _("Budget cycles started"),
    "results_published": _("Budget cycles whose results were published"),
    "projects_submitted": _("Projects submitted"),
    "projects_feasible": _("Projects found feasible"),
    "projects_funded": _("Projects funded"),
    "money_funded": _("Money for funded projects (soum)"),
    "annulled_ballots": _("Ballots annulled"),
    "money_by_category": _("Money for funded projects by category (soum)"),
    "money_by_mahalla": _("Money for funded projects by mahalla (soum)"),
    "voters_by_mahalla": _("Voters by mahalla"),
    "turnout_by_mahalla": _("Voters per 100 residents, by mahalla"),
    "annulled_by_criterion": _("Ballots annulled, by criterion"),
    "implementation": _("Funded projects by implementation status"),
    "unknown": _("Mahalla not recorded"),
    **{status.value: status.label for status in ImplementationStatus},
}


def _funded(territory, period):
    """Projects that won in a cycle whose results were published in the period."""
    return Project.objects.filter(
        cycle__territory__path__startswith=territory.path, status=ProjectStatus.SELECTED
    ).filter(between("cycle__results_published_at", period.starts_at, period.ends_at))


def _cost():
    return Coalesce(F("staff_cost"), F("estimated_cost"))


def budgeting_report_figures(territory, period) -> dict:
    start, end = period.starts_at, period.ends_at
    cycles = Cycle.objects.filter(territory__path__startswith=territory.path).aggregate(
        cycles_started=Count("id", filter=between("created_at", start, end)),
        results_published=Count("id", filter=between("results_published_at", start, end)),
    )
    projects = Project.objects.filter(cycle__territory__path__startswith=territory.path).aggregate(
        projects_submitted=Count("id", filter=between("created_at", start, end)),
        projects_feasible=Count(
            "id", filter=between("feasibility_at", start, end) & Q(status__in=BALLOT_PROJECT_STATUSES)
        ),
        projects_funded=Count(
            "id", filter=Q(status=ProjectStatus.SELECTED) & between("cycle__results_published_at", start, end)
        ),
        money_funded=Coalesce(
            Sum(_cost(), filter=Q(status=ProjectStatus.SELECTED) & between("cycle__results_published_at", start, end)),
            Value(0),
        ),
    )
    return {**cycles, **projects}


def budgeting_money_by(territory, period, field: str) -> list[tuple[str, str, int]]:
    rows = (
        _funded(territory, period)
        .values(f"{field}_id", f"{field}__name_uz")
        .annotate(money=Sum(_cost()))
        .order_by(f"{field}__name_uz", f"{field}_id")
    )
    return [(str(row[f"{field}_id"]), row[f"{field}__name_uz"], row["money"]) for row in rows]


def budgeting_voters_by_mahalla(territory, period) -> list[tuple[str, str, int, int | None]]:
    """(mahalla id, name, voters, population) of everyone who voted in the period, by the
    mahalla they voted as (recorded with the vote, not read from today's profile)."""
    rows = (
        Participation.objects.filter(cycle__territory__path__startswith=territory.path)
        .filter(between("voted_hour", period.starts_at, period.ends_at))
        .values("mahalla_id", "mahalla__name_uz", "mahalla__population")
        .annotate(voters=Count("id"))
        .order_by("mahalla__name_uz", "mahalla_id")
    )
    return [
        (str(row["mahalla_id"] or "unknown"), row["mahalla__name_uz"] or "", row["voters"], row["mahalla__population"])
        for row in rows
    ]


def budgeting_annulled_by_criterion(territory, period) -> list[tuple[str, str, int]]:
    rows = (
        BallotAnnulment.objects.filter(cycle__territory__path__startswith=territory.path)
        .filter(between("created_at", period.starts_at, period.ends_at))
        .values("criterion")
        .annotate(ballots=Sum("count"))
        .order_by("criterion")
    )
    return [(row["criterion"], row["criterion"], row["ballots"]) for row in rows]


def budgeting_implementation(territory, period) -> list[tuple[str, str, int]]:
    """Every winner announced by the end of the period, by the status of its last update
    before that end ("planned" until the first)."""
    moment = report_moment(period)
    last_status = (
        ProjectUpdate.objects.filter(project=OuterRef("pk"), created_at__lt=moment)
        .order_by("-created_at", "-id")
        .values("status")[:1]
    )
    rows = (
        Project.objects.filter(
            cycle__territory__path__startswith=territory.path,
            status=ProjectStatus.SELECTED,
            cycle__results_published_at__lt=moment,
        )
        .annotate(status_then=Coalesce(Subquery(last_status), Value(ImplementationStatus.PLANNED.value)))
        .values("status_then")
        .annotate(projects=Count("id"))
        .order_by()
    )
    counts = {row["status_then"]: row["projects"] for row in rows}
    return [(status.value, "", counts.get(status.value, 0)) for status in ImplementationStatus]


def compute(territory, period) -> dict:
    figures = budgeting_report_figures(territory, period)
    voter_rows = budgeting_voters_by_mahalla(territory, period)
    voters = table("voters_by_mahalla", [(key, label, count) for key, label, count, _pop in voter_rows], people=True)
    population = {key: pop for key, _label, _count, pop in voter_rows}
    # Voters per 100 residents beside each visible voters cell; where the count is hidden, so is
    # the rate (rate times population would give the count back).
    turnout_rows = [
        {
            "key": row["key"],
            "label": row["label"],
            "value": row["value"]  # the count's own mark ("< 5" or "hidden")
            if is_hidden(row["value"])
            else (round(100 * row["value"] / population[row["key"]], 1) if population[row["key"]] else None),
        }
        for row in voters["rows"]
    ]
    annulled = budgeting_annulled_by_criterion(territory, period)
    return {
        "figures": [
            figure("cycles_started", figures["cycles_started"]),
            figure("results_published", figures["results_published"]),
            figure("projects_submitted", figures["projects_submitted"]),
            figure("projects_feasible", figures["projects_feasible"]),
            figure("projects_funded", figures["projects_funded"]),
            figure("money_funded", figures["money_funded"]),
            figure("annulled_ballots", sum(count for _key, _label, count in annulled)),
        ],
        "tables": [
            table("money_by_category", budgeting_money_by(territory, period, "category"), people=False),
            table("money_by_mahalla", budgeting_money_by(territory, period, "mahalla"), people=False),
            voters,
            {
                "key": "turnout_by_mahalla",
                "people": True,
                "rows": turnout_rows,
                "total": None,
                "mirror_of": "voters_by_mahalla",
            },
            table("annulled_by_criterion", annulled, people=False),
            table("implementation", budgeting_implementation(territory, period), people=False),
        ],
    }


def ballot_acts(territory, period):
    """Voting in a budget cycle, from the participation row (the ballot knows nobody)."""
    return acts_by_figures(
        Participation.objects.filter(cycle__territory__path__startswith=territory.path).filter(
            between("voted_hour", period.starts_at, period.ends_at)
        )
    )


def project_acts(territory, period):
    """Proposing a project to a budget cycle, as an act of participation."""
    return acts_by_figures(
        Project.objects.filter(cycle__territory__path__startswith=territory.path).filter(
            between("created_at", period.starts_at, period.ends_at)
        )
    )


def register() -> None:
    register_section(
        "budgeting",
        title=_("Participatory budgeting"),
        version=VERSION,
        compute=compute,
        labels=LABELS,
        order=30,
        row_names=dict.fromkeys(("money_by_mahalla", "voters_by_mahalla", "turnout_by_mahalla"), territory_names),
    )
    register_participation_source("ballots", label=_("Budget votes"), rows=ballot_acts, order=30)
    register_participation_source("projects", label=_("Budget projects proposed"), rows=project_acts, order=40)
