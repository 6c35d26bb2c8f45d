"""What petitions, questions and budgeting tell the core about assisted acts
(``participation.assisted.registry``): the public thing behind each act's row, for the
resident's "Done for you" list and the staff screen, and the votes of each mahalla in each
budget cycle, for the flag "one operator behind most of a mahalla's votes"."""

import uuid

from django.db.models import Count, Q
from django.urls import reverse

from participation.assisted.models import AssistedActKind
from participation.assisted.registry import Target, VoteGroup, register_assisted_target, register_vote_totals
from proposals.budgeting.models import PUBLIC_PROJECT_STATUSES, Participation, Phase, PhaseKind, Project
from proposals.petitions.models import Signature
from proposals.petitions.transitions import PUBLIC_STATUSES
from proposals.questions.models import Question, QuestionStatus
from proposals.questions.pages import question_path


def _keys(ids, parse) -> list:
    """The act's target ids (stored as text) as the model's keys; anything else names no row."""
    keys = []
    for value in ids:
        try:
            keys.append(parse(str(value)))
        except ValueError:
            continue
    return keys


def petition_signatures_described(ids) -> dict:
    rows = Signature.objects.filter(pk__in=_keys(ids, int)).values_list(
        "pk", "petition_id", "petition__title", "petition__status"
    )
    return {
        pk: Target(title, reverse("petitions:detail", args=[petition_id]) if status in PUBLIC_STATUSES else "")
        for pk, petition_id, title, status in rows
    }


def budget_votes_described(ids) -> dict:
    """The cycle voted in, never the choice: the "who voted" row knows none."""
    rows = Participation.objects.filter(pk__in=_keys(ids, uuid.UUID)).values_list("pk", "cycle_id", "cycle__title")
    return {pk: Target(title, reverse("budgeting:cycle", args=[cycle_id])) for pk, cycle_id, title in rows}


def projects_described(ids) -> dict:
    """A project links to its page once public (after moderation)."""
    rows = Project.objects.filter(pk__in=_keys(ids, int)).values_list("pk", "title", "status")
    return {
        pk: Target(title, reverse("budgeting:project", args=[pk]) if status in PUBLIC_PROJECT_STATUSES else "")
        for pk, title, status in rows
    }


def questions_described(ids) -> dict:
    """A question links to its page once published. The page's address is found once per
    khokimiyat (it is the same route with another number)."""
    questions = list(Question.objects.filter(pk__in=_keys(ids, int)).only("pk", "title", "status", "territory_id"))
    paths: dict[int, tuple[int, str]] = {}
    described = {}
    for question in questions:
        url = ""
        if question.status == QuestionStatus.PUBLISHED:
            if question.territory_id not in paths:
                paths[question.territory_id] = (question.pk, question_path(question))
            first_pk, first_path = paths[question.territory_id]
            url = first_path.replace(f"/{first_pk}/", f"/{question.pk}/") if first_path else ""
        described[question.pk] = Target(question.title, url)
    return described


def budget_votes_by_mahalla(paths, since, until):
    """Each budget cycle in ``paths`` (None: everywhere) voting during the period: its voting
    window and the voters of each mahalla (two queries)."""
    phases = Phase.objects.filter(kind=PhaseKind.VOTING).select_related("cycle__territory")
    if paths is not None:
        scope = Q(pk__in=[])
        for path in paths:
            scope |= Q(cycle__territory__path__startswith=path)
        phases = phases.filter(scope)
    if since is not None:
        phases = phases.filter(ends_at__gt=since)
    if until is not None:
        phases = phases.filter(starts_at__lt=until)
    windows = {phase.cycle_id: phase for phase in phases}
    if not windows:
        return []
    totals = (
        Participation.objects.filter(cycle_id__in=windows, mahalla__isnull=False)
        .values("cycle_id", "mahalla_id", "mahalla__name_uz")
        .annotate(votes=Count("pk"))
        .order_by("cycle_id", "mahalla_id")
    )
    return [
        VoteGroup(
            context=windows[row["cycle_id"]].cycle.title,
            context_id=row["cycle_id"],
            mahalla_id=row["mahalla_id"],
            mahalla=row["mahalla__name_uz"],
            starts_at=windows[row["cycle_id"]].starts_at,
            ends_at=windows[row["cycle_id"]].ends_at,
            path=windows[row["cycle_id"]].cycle.territory.path,
            votes=row["votes"],
        )
        for row in totals
    ]


def register() -> None:
    register_assisted_target(Signature, petition_signatures_described)
    register_assisted_target(Participation, budget_votes_described)
    register_assisted_target(Question, questions_described)
    register_assisted_target(Project, projects_described)
    register_vote_totals("budget_votes", kind=AssistedActKind.BUDGET_VOTE, rows=budget_votes_by_mahalla)
