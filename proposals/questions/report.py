"""The residents' questions part of the transparency report: asked, published, rejected, and
answered on time or late, in one aggregate over the territory's questions."""

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from participation.transparency.aggregates import DaysBetween, Percentile, between, rounded_days
from participation.transparency.participants import acts_by_figures, register_participation_source
from participation.transparency.registry import figure, register_section, report_moment
from proposals.questions.models import Question, QuestionStatus

VERSION = 1

LABELS = {
    "received": _("Questions received"),
    "published": _("Questions published"),
    "rejected": _("Questions rejected"),
    "answered_on_time": _("Questions answered on time"),
    "answered_late": _("Questions answered late"),
    "overdue": _("Questions with an overdue answer at the end of the period"),
    "median_days_to_answer": _("Median days to answer a question"),
    "p90_days_to_answer": _("90th percentile of days to answer a question"),
}


def questions_report_figures(territory, period) -> dict:
    start, end, moment = period.starts_at, period.ends_at, report_moment(period)
    answered = between("answered_at", start, end)
    return Question.objects.filter(territory__path__startswith=territory.path).aggregate(
        received=Count("id", filter=between("created_at", start, end)),
        published=Count("id", filter=between("published_at", start, end)),
        rejected=Count("id", filter=Q(status=QuestionStatus.REJECTED) & between("moderated_at", start, end)),
        answered_on_time=Count("id", filter=answered & Q(answered_at__lte=F("due_at"))),
        answered_late=Count("id", filter=answered & Q(answered_at__gt=F("due_at"))),
        overdue=Count(
            "id",
            filter=Q(published_at__lt=moment, due_at__lt=moment)
            & (Q(answered_at__isnull=True) | Q(answered_at__gte=moment)),
        ),
        median_days=Percentile(DaysBetween("published_at", "answered_at"), 0.5, filter=answered),
        p90_days=Percentile(DaysBetween("published_at", "answered_at"), 0.9, filter=answered),
    )


def compute(territory, period) -> dict:
    figures = questions_report_figures(territory, period)
    return {
        "figures": [
            figure("received", figures["received"]),
            figure("published", figures["published"]),
            figure("rejected", figures["rejected"]),
            figure("answered_on_time", figures["answered_on_time"]),
            figure("answered_late", figures["answered_late"]),
            figure("overdue", figures["overdue"]),
            figure("median_days_to_answer", rounded_days(figures["median_days"])),
            figure("p90_days_to_answer", rounded_days(figures["p90_days"])),
        ],
        "tables": [],
    }


def question_acts(territory, period):
    """Asking the khokimiyat a question, as an act of participation."""
    return acts_by_figures(
        Question.objects.filter(territory__path__startswith=territory.path).filter(
            between("created_at", period.starts_at, period.ends_at)
        )
    )


def register() -> None:
    register_section(
        "questions", title=_("Residents' questions"), version=VERSION, compute=compute, labels=LABELS, order=20
    )
    register_participation_source("questions", label=_("Questions asked"), rows=question_acts, order=20)
