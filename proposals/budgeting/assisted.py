"""Helping a resident vote at an operator's desk (participation.assisted), keeping the ballot
secret.

The budget's own ``ballot_cast`` casts the ballot, as the resident; this adapter wraps it in
``assisted_act_run``, so the ``Participation`` row records channel ``assisted`` and the
``AssistedAct`` points at that participation, never at the ballot. The sealed ballot is written
exactly as any other, and no address or device goes with it: everyone at a centre shares one,
and an address cohort made of a centre's ballots would tell, as a group, which ballots were
assisted. Nothing in a ballot row can say it was.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.assisted.models import AssistedAct, AssistedActKind
from participation.assisted.services import Assistance, assisted_act_run
from participation.models import User
from participation.selectors import territory_contains
from proposals.budgeting.models import Cycle
from proposals.budgeting.selectors.cycles import phase_allows
from proposals.budgeting.selectors.projects import cycles_current
from proposals.budgeting.services.voting import ballot_cast

WHAT = _("vote in “%(title)s”")


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
