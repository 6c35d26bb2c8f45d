"""Helping a resident vote, or submit a project, at an operator's desk (participation.assisted),
keeping the ballot secret.

The budget's own ``ballot_cast`` casts the ballot, as the resident; this adapter wraps it in
``assisted_act_run``, so the ``Participation`` row records channel ``assisted`` and the
``AssistedAct`` points at that participation, never at the ballot. The sealed ballot is written
exactly as any other, and no address or device goes with it: everyone at a centre shares one,
and an address cohort made of a centre's ballots would tell, as a group, which ballots were
assisted. Nothing in a ballot row can say it was.

A project is submitted by the budget's own ``project_submit``, as the resident (its author, who
is told of its moderation and can edit or withdraw it). The consent is bound to the exact
project: its reference carries a hash of what was typed, so a code given for one project does
not submit another.
"""

import hashlib
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.assisted.models import AssistedAct, AssistedActKind
from participation.assisted.services import CONSENT_TTL, Assistance, assisted_act_run
from participation.models import Territory, User
from participation.selectors import territory_contains
from proposals.budgeting.models import Cycle, PBCategory, Project
from proposals.budgeting.selectors.cycles import phase_allows
from proposals.budgeting.selectors.projects import cycles_current
from proposals.budgeting.services.projects import project_submit
from proposals.budgeting.services.voting import ballot_cast

WHAT = _("vote in “%(title)s”")
PROJECT_WHAT = _("submit the project “%(title)s” to “%(cycle)s”")


def vote_consent_reference(cycle: Cycle) -> str:
    return f"pb-vote:{cycle.pk}"


def vote_consent_what(cycle: Cycle) -> str:
    """What the text message tells the resident they agree to (call in their language)."""
    return str(WHAT % {"title": cycle.title[:80]})


def cycles_voting_for(resident: User, now: datetime | None = None) -> list[Cycle]:
    """Cycles in their voting phase now whose territory contains the resident's home. Two
    queries (cycles, then all their phases), however many cycles."""
    now = now or timezone.now()
    home = resident.home_territory
    if home is None:
        return []
    cycles = cycles_current(now).filter(territory__path__in=home.ancestor_paths).prefetch_related("phases")
    return [cycle for cycle in cycles.select_related("territory") if phase_allows(cycle, "vote", now)]


def ballot_cast_assisted(
    *, assistance: Assistance, cycle: Cycle, choices: dict, now: datetime | None = None
) -> tuple[AssistedAct, str]:
    """Cast the resident's ballot (their choices, made alone) as an assisted act. Returns the
    record and the receipt code, which is shown to the resident only. Refused, with nothing
    written, exactly as the resident's own ballot would be."""
    receipt = {}

    def cast():
        participation = ballot_cast(cycle, assistance.resident, choices, now=now)
        receipt["code"] = participation.receipt_code
        return participation, True

    act = assisted_act_run(assistance=assistance, kind=AssistedActKind.BUDGET_VOTE, act=cast)
    return act, receipt["code"]


def resident_may_vote_in(resident: User, cycle: Cycle) -> bool:
    home = resident.home_territory
    return home is not None and territory_contains(cycle.territory, home)


# --- submitting a project ---------------------------------------------------------------------


def cycles_submitting_for(resident: User, now: datetime | None = None) -> list[Cycle]:
    """Cycles taking projects now whose territory contains the resident's home. Two queries
    (cycles, then all their phases), however many cycles."""
    now = now or timezone.now()
    home = resident.home_territory
    if home is None:
        return []
    cycles = cycles_current(now).filter(territory__path__in=home.ancestor_paths).prefetch_related("phases")
    return [cycle for cycle in cycles.select_related("territory") if phase_allows(cycle, "submit", now)]


def project_consent_reference(
    cycle: Cycle, *, title: str, description: str, category: PBCategory, mahalla: Territory, estimated_cost: int
) -> str:
    wording = "\n".join([title, description, str(category.pk), str(mahalla.pk), str(estimated_cost)])
    return f"pb-project:{cycle.pk}:{hashlib.sha256(wording.encode()).hexdigest()[:24]}"


def project_consent_what(cycle: Cycle, title: str) -> str:
    """What the text message tells the resident they agree to (call in their language)."""
    return str(PROJECT_WHAT % {"title": title[:80], "cycle": cycle.title[:80]})


def project_submit_assisted(
    *,
    assistance: Assistance,
    cycle: Cycle,
    title: str,
    description: str,
    category: PBCategory,
    mahalla: Territory,
    estimated_cost: int,
    now: datetime | None = None,
) -> tuple[AssistedAct, Project]:
    """Submit the project as ``assistance.resident`` (its author), recorded as done for them by
    the operator. Refused, with nothing written, exactly as the resident's own would be (the
    phase, their verification level, where they live, the cost, the mahalla's cooldown).
    No photo and no address: the centre's address is everyone's, and the rate limit counts the
    resident's own submissions."""
    submitted = {}

    def submit():
        submitted["project"] = project_submit(
            cycle=cycle,
            author=assistance.resident,
            title=title,
            description=description,
            category=category,
            mahalla=mahalla,
            estimated_cost=estimated_cost,
            now=now,
        )
        return submitted["project"], True

    act = assisted_act_run(assistance=assistance, kind=AssistedActKind.PROJECT, act=submit, now=now)
    return act, submitted["project"]


def project_just_submitted_for(
    *,
    operator: User,
    resident: User,
    cycle: Cycle,
    title: str,
    description: str,
    category: PBCategory,
    mahalla: Territory,
    estimated_cost: int,
    now: datetime | None = None,
) -> Project | None:
    """The same project this operator submitted for the resident within the consent's lifetime,
    if any: a form posted twice is one act, not a refused second one. One query."""
    now = now or timezone.now()
    recorded = AssistedAct.objects.filter(
        operator=operator,
        kind=AssistedActKind.PROJECT,
        target_type=ContentType.objects.get_for_model(Project),
        target_id=OuterRef("key"),
    )
    return (
        Project.objects.filter(
            cycle=cycle,
            author=resident,
            title=title.strip(),
            description=description.strip(),
            category=category,
            mahalla=mahalla,
            estimated_cost=estimated_cost,
            created_at__gte=now - CONSENT_TTL,
        )
        .annotate(key=Cast("pk", CharField()))
        .filter(Exists(recorded))
        .first()
    )
