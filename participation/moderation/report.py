"""The moderation part of the transparency report: how many decisions, on which grounds, how
fast, how many were late at the end of the period, and how appeals ended. Moderation is in the
core, so the core registers this section itself (``ParticipationConfig.ready()``)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from participation.moderation.models import ModerationItem, ModerationKind, ModerationOutcome
from participation.transparency.aggregates import DaysBetween, Percentile, between, rounded_days
from participation.transparency.names import reason_names
from participation.transparency.registry import figure, register_section, report_moment, table

VERSION = 1

LABELS = {
    "decided": _("Moderation decisions"),
    "approved": _("Decisions to publish or keep"),
    "rejected": _("Decisions to refuse or remove"),
    "median_days_to_decide": _("Median days to a moderation decision"),
    "overdue": _("Items waiting past their decision date at the end of the period"),
    "appeals_decided": _("Appeals decided"),
    "appeals_granted": _("Appeals granted"),
    "decisions_by_reason": _("Refusals and removals, by reason"),
}


def moderation_report_figures(territory, period) -> dict:
    start, end, moment = period.starts_at, period.ends_at, report_moment(period)
    decided = between("decided_at", start, end)
    first = ~Q(kind=ModerationKind.APPEAL)
    appeal = Q(kind=ModerationKind.APPEAL)
    return ModerationItem.objects.filter(territory__path__startswith=territory.path).aggregate(
        decided=Count("id", filter=decided & first),
        approved=Count("id", filter=decided & first & Q(outcome=ModerationOutcome.APPROVE)),
        rejected=Count("id", filter=decided & first & Q(outcome=ModerationOutcome.REJECT)),
        median_days=Percentile(DaysBetween("created_at", "decided_at"), 0.5, filter=decided & first),
        overdue=Count(
            "id",
            filter=Q(created_at__lt=moment, due_at__lt=moment)
            & (Q(decided_at__isnull=True) | Q(decided_at__gte=moment)),
        ),
        appeals_decided=Count("id", filter=decided & appeal),
        appeals_granted=Count("id", filter=decided & appeal & Q(outcome=ModerationOutcome.APPROVE)),
    )


def moderation_decisions_by_reason(territory, period) -> list[tuple[str, str, int]]:
    rows = (
        ModerationItem.objects.filter(territory__path__startswith=territory.path, outcome=ModerationOutcome.REJECT)
        .exclude(kind=ModerationKind.APPEAL)
        .filter(between("decided_at", period.starts_at, period.ends_at))
        .values("reason__code", "reason__label_uz")
        .annotate(items=Count("id"))
        .order_by("reason__code")
    )
    return [(row["reason__code"] or "unknown", row["reason__label_uz"] or "", row["items"]) for row in rows]


def compute(territory, period) -> dict:
    figures = moderation_report_figures(territory, period)
    return {
        "figures": [
            figure("decided", figures["decided"]),
            figure("approved", figures["approved"]),
            figure("rejected", figures["rejected"]),
            figure("median_days_to_decide", rounded_days(figures["median_days"])),
            figure("overdue", figures["overdue"]),
            figure("appeals_decided", figures["appeals_decided"]),
            figure("appeals_granted", figures["appeals_granted"]),
        ],
        "tables": [table("decisions_by_reason", moderation_decisions_by_reason(territory, period), people=False)],
    }


def register() -> None:
    register_section(
        "moderation",
        title=_("Moderation"),
        version=VERSION,
        compute=compute,
        labels=LABELS,
        order=90,
        row_names={"decisions_by_reason": reason_names},
    )
