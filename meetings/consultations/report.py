"""The consultations part of the transparency report: consultations published and concluded (on
time or late), inputs by organisation kind and by individuals, their dispositions, and who gave
them by gender and age band, as recorded with each input (only from people who consented, and
never read from today's profile). Everything about people is suppressed by the core's rule."""

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from meetings.consultations.models import Consultation, Disposition, Input, InputChannel
from participation.demographics import AGE_BANDS
from participation.models import Channel, Gender, OrganisationKind
from participation.transparency.aggregates import between
from participation.transparency.participants import register_participation_source
from participation.transparency.registry import figure, register_section, table

VERSION = 1

LABELS = {
    "published": _("Consultations published"),
    "concluded_on_time": _("Consultations whose outcome was published on time"),
    "concluded_late": _("Consultations whose outcome was published late"),
    "inputs": _("Inputs received"),
    "inputs_by_participant": _("Inputs by individuals and by kind of organisation"),
    "dispositions": _("Inputs answered, by disposition"),
    "inputs_by_gender": _("Inputs by gender (people who consented)"),
    "inputs_by_age_band": _("Inputs by age band (people who consented)"),
    "individual": _("Individuals"),
    **{choice.value: choice.label for choice in Disposition},
    **{choice.value: choice.label for choice in Gender},
    **{choice.value: choice.label for choice in OrganisationKind},
}


def consultations_report_figures(territory, period) -> dict:
    start, end = period.starts_at, period.ends_at
    concluded = between("concluded_at", start, end)
    return Consultation.objects.filter(territory__path__startswith=territory.path).aggregate(
        published=Count("id", filter=between("published_at", start, end)),
        concluded_on_time=Count("id", filter=concluded & Q(concluded_at__lte=F("outcome_due_at"))),
        concluded_late=Count("id", filter=concluded & Q(concluded_at__gt=F("outcome_due_at"))),
    )


def _inputs(territory, period):
    return Input.objects.filter(consultation__territory__path__startswith=territory.path).filter(
        between("created_at", period.starts_at, period.ends_at)
    )


def _grouped(queryset, field: str) -> dict[str, int]:
    return {row[field]: row["inputs"] for row in queryset.values(field).annotate(inputs=Count("id")).order_by(field)}


def compute(territory, period) -> dict:
    figures = consultations_report_figures(territory, period)
    by_participant = _grouped(_inputs(territory, period), "participant_kind")
    dispositions = _grouped(
        Input.objects.filter(consultation__territory__path__startswith=territory.path)
        .filter(between("disposition_at", period.starts_at, period.ends_at))
        .exclude(disposition=""),
        "disposition",
    )
    consented = _inputs(territory, period)
    by_gender = _grouped(consented.exclude(gender=""), "gender")
    by_age = _grouped(consented.exclude(age_band=""), "age_band")
    return {
        "figures": [
            figure("published", figures["published"]),
            figure("concluded_on_time", figures["concluded_on_time"]),
            figure("concluded_late", figures["concluded_late"]),
            figure("inputs", sum(by_participant.values()), people=True, whole="inputs"),
        ],
        "tables": [
            table(
                "inputs_by_participant",
                [(kind, "", count) for kind, count in by_participant.items()],
                people=True,
                whole="inputs",
            ),
            table("dispositions", [(c.value, "", dispositions.get(c.value, 0)) for c in Disposition], people=True),
            table("inputs_by_gender", [(g.value, "", by_gender.get(g.value, 0)) for g in Gender], people=True),
            table("inputs_by_age_band", [(band, band, by_age.get(band, 0)) for _limit, band in AGE_BANDS], people=True),
        ],
    }


# The consultation's own channels, in the words every other act uses.
_INPUT_CHANNELS = {
    InputChannel.ONLINE: Channel.WEB,
    InputChannel.PAPER: Channel.PAPER,
    InputChannel.MEETING: Channel.IN_PERSON,
    InputChannel.ASSISTED: Channel.ASSISTED,
    InputChannel.KIOSK: Channel.KIOSK,
}


def input_acts(territory, period):
    """Giving an input to a consultation, with the figures recorded when it was given."""
    rows = _inputs(territory, period).values_list("channel", "gender", "age_band").annotate(acts=Count("id")).order_by()
    return [(_INPUT_CHANNELS.get(channel, channel), gender, band, acts) for channel, gender, band, acts in rows]


def register() -> None:
    register_section(
        "consultations", title=_("Consultations"), version=VERSION, compute=compute, labels=LABELS, order=35
    )
    register_participation_source("inputs", label=_("Consultation inputs"), rows=input_acts, order=50)
