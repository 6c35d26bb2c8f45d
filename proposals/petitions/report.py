"""The petitions part of the transparency report: what was received, decided and answered in a
territory and period, and where the signatures came from (people, so small counts are hidden).

Every figure is one database aggregate; "overdue" and "signed" are read at the end of a closed
period (``report_moment``), so a period's figures do not change when recomputed later.
"""

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from participation.models import Territory
from participation.transparency.aggregates import DaysBetween, Percentile, between, rounded_days
from participation.transparency.names import reason_names, territory_names
from participation.transparency.participants import acts_by_figures, register_participation_source
from participation.transparency.registry import figure, register_section, report_moment, table
from proposals.petitions.models import Petition, PetitionEvent, PetitionStatus, Signature, SignatureInvalidation

# 2: "received" counts first submissions in the period (was: drafts created in it and not
# in a draft status today, a figure that changed after the period closed).
VERSION = 2
# A petition is submitted when it leaves drafting for moderation (once its co-sponsors are
# found); an appeal sends a rejected one back to moderation, which is not a new petition.
DRAFTING = [PetitionStatus.DRAFT, PetitionStatus.GATHERING]

LABELS = {
    "received": _("Petitions received"),
    "published": _("Petitions published for signing"),
    "rejected": _("Petitions rejected"),
    "threshold_reached": _("Petitions that reached their signature threshold"),
    "answered_on_time": _("Petitions answered on time"),
    "answered_late": _("Petitions answered late"),
    "overdue": _("Petitions with an overdue answer at the end of the period"),
    "median_days_to_answer": _("Median days to answer a petition"),
    "p90_days_to_answer": _("90th percentile of days to answer a petition"),
    "signatures": _("Signatures"),
    "rejected_by_reason": _("Petitions rejected, by reason"),
    "signatures_by_mahalla": _("Signatures by mahalla"),
    "unknown": _("Mahalla not recorded"),
}


def petitions_report_figures(territory, period) -> dict:
    start, end, moment = period.starts_at, period.ends_at, report_moment(period)
    answered = between("answered_at", start, end)
    return Petition.objects.filter(territory__path__startswith=territory.path).aggregate(
        published=Count("id", filter=between("published_at", start, end)),
        threshold_reached=Count("id", filter=between("threshold_reached_at", start, end)),
        answered_on_time=Count("id", filter=answered & Q(answered_at__lte=F("answer_due_at"))),
        answered_late=Count("id", filter=answered & Q(answered_at__gt=F("answer_due_at"))),
        overdue=Count(
            "id",
            filter=Q(answer_due_at__lt=moment) & (Q(answered_at__isnull=True) | Q(answered_at__gte=moment)),
        ),
        median_days=Percentile(DaysBetween("threshold_reached_at", "answered_at"), 0.5, filter=answered),
        p90_days=Percentile(DaysBetween("threshold_reached_at", "answered_at"), 0.9, filter=answered),
    )


def petitions_received(territory, period) -> int:
    """Petitions first submitted in the period: the recorded move from drafting to moderation,
    which never changes afterwards, so a closed period's figure stays what it was whatever
    later happens to the petition."""
    return (
        PetitionEvent.objects.filter(
            petition__territory__path__startswith=territory.path,
            kind=PetitionEvent.Kind.TRANSITION,
            from_status__in=DRAFTING,
            to_status=PetitionStatus.MODERATION,
        )
        .filter(between("created_at", period.starts_at, period.ends_at))
        .aggregate(received=Count("petition_id", distinct=True))["received"]
    )


def petitions_rejected_by_reason(territory, period) -> list[tuple[str, str, int]]:
    rows = (
        PetitionEvent.objects.filter(
            petition__territory__path__startswith=territory.path,
            to_status=PetitionStatus.REJECTED,
            kind=PetitionEvent.Kind.TRANSITION,
        )
        .filter(between("created_at", period.starts_at, period.ends_at))
        .values("petition__rejection_reason__code", "petition__rejection_reason__label_uz")
        .annotate(count=Count("petition_id", distinct=True))
        .order_by("petition__rejection_reason__code")
    )
    return [
        (
            row["petition__rejection_reason__code"] or "unknown",
            row["petition__rejection_reason__label_uz"] or "",
            row["count"],
        )
        for row in rows
    ]


def petitions_signatures_by_mahalla(territory, period) -> list[tuple[str, str, int]]:
    """Signatures given in the period and still standing at its end, by the signer's mahalla
    (recorded when they signed, not read from today's profile), ordered by the mahalla's name
    (the database's collation) and id, signers without a mahalla last.

    Counted by mahalla id alone, and the few mahallas' names read after: joining every
    signature to its mahalla (and to its invalidation) to group by the name took most of a
    district year's report (a million signatures: about twice as long)."""
    moment = report_moment(period)
    invalidated_later = SignatureInvalidation.objects.filter(created_at__gte=moment).values("id")
    counts = dict(
        Signature.objects.filter(petition__territory__path__startswith=territory.path)
        .filter(between("created_at", period.starts_at, period.ends_at))
        .filter(Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=moment))
        .filter(Q(invalidation__isnull=True) | Q(invalidation__in=invalidated_later))
        .values_list("mahalla_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    named = Territory.objects.filter(pk__in=[pk for pk in counts if pk is not None]).order_by("name_uz", "pk")
    rows = [(str(pk), name, counts[pk]) for pk, name in named.values_list("pk", "name_uz")]
    if None in counts:
        rows.append(("unknown", "", counts[None]))
    return rows


def compute(territory, period) -> dict:
    figures = petitions_report_figures(territory, period)
    reasons = petitions_rejected_by_reason(territory, period)
    return {
        "figures": [
            figure("received", petitions_received(territory, period)),
            figure("published", figures["published"]),
            figure("rejected", sum(count for _key, _label, count in reasons)),
            figure("threshold_reached", figures["threshold_reached"]),
            figure("answered_on_time", figures["answered_on_time"]),
            figure("answered_late", figures["answered_late"]),
            figure("overdue", figures["overdue"]),
            figure("median_days_to_answer", rounded_days(figures["median_days"])),
            figure("p90_days_to_answer", rounded_days(figures["p90_days"])),
        ],
        "tables": [
            table("rejected_by_reason", reasons, people=False),
            table("signatures_by_mahalla", petitions_signatures_by_mahalla(territory, period), people=True),
        ],
    }


def signature_acts(territory, period):
    """Signing a petition of the territory, as an act of participation."""
    return acts_by_figures(
        Signature.objects.filter(petition__territory__path__startswith=territory.path).filter(
            between("created_at", period.starts_at, period.ends_at)
        )
    )


def register() -> None:
    register_section(
        "petitions",
        title=_("Petitions"),
        version=VERSION,
        compute=compute,
        labels=LABELS,
        order=10,
        row_names={"rejected_by_reason": reason_names, "signatures_by_mahalla": territory_names},
    )
    register_participation_source("signatures", label=_("Petition signatures"), rows=signature_acts, order=10)
