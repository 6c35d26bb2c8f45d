"""The "who took part" section: acts of participation across every feature, by kind, channel,
gender and age band, as each act recorded them when it happened (``ParticipationFigures``).

Features register a source: a function ``rows(territory, period)`` giving ``(channel, gender,
age_band, acts)`` for their acts in the period, one GROUP BY query. The core adds them up, so a
report costs one query per source however many acts there are, and it never imports a feature.

It counts acts, not distinct people: a resident who signs three petitions and votes is four
acts. Counting people would mean joining every feature's rows by person, and a meeting's
walk-ins are nobody's rows; acts are what each channel and each feature can answer for.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from participation.demographics import AGE_BANDS
from participation.models import Channel, Gender
from participation.transparency.registry import figure, register_section, table

# Raise when what is counted changes (a source added or removed counts too); the section's
# snapshots are then made again beside the old ones.
VERSION = 1


LABELS = {
    "acts": _("Acts of participation"),
    "acts_by_kind": _("Acts of participation, by kind"),
    "acts_by_channel": _("Acts of participation, by channel"),
    "acts_by_gender": _("Acts of participation, by gender"),
    "acts_by_age_band": _("Acts of participation, by age band"),
    **{choice.value: choice.label for choice in Gender},
    **{choice.value: choice.label for choice in Channel},
    "unrecorded": _("Not recorded (no consent to statistics)"),
}


@dataclass(frozen=True)
class ParticipationSource:
    key: str
    label: object  # lazy translated: the row of the "by kind" table
    rows: Callable[..., Iterable[tuple[str, str, str, int]]]
    order: int


_SOURCES: dict[str, ParticipationSource] = {}


def register_participation_source(key: str, *, label, rows: Callable, order: int = 100) -> None:
    _SOURCES[key] = ParticipationSource(key=key, label=label, rows=rows, order=order)
    LABELS[key] = label  # the snapshot keeps the key; pages label it in the reader's language


def participation_sources() -> list[ParticipationSource]:
    return sorted(_SOURCES.values(), key=lambda source: (source.order, source.key))


def acts_by_figures(queryset) -> Iterable[tuple[str, str, str, int]]:
    """A source's rows from a queryset of ``ParticipationFigures`` rows: one GROUP BY."""
    return queryset.values_list("channel", "gender", "age_band").annotate(acts=Count("pk")).order_by()


def participants_report(territory, period) -> dict:
    by_kind: Counter = Counter()
    by_channel: Counter = Counter()
    by_gender: Counter = Counter()
    by_age: Counter = Counter()
    sources = participation_sources()
    for source in sources:
        for channel, gender, band, acts in source.rows(territory, period):
            by_kind[source.key] += acts
            by_channel[channel] += acts
            by_gender[gender] += acts
            by_age[band] += acts
    return {
        "figures": [figure("acts", sum(by_kind.values()), people=True, whole="acts")],
        "tables": [
            table("acts_by_kind", [(s.key, "", by_kind[s.key]) for s in sources], people=True, whole="acts"),
            table("acts_by_channel", [(c.value, "", by_channel[c.value]) for c in Channel], people=True, whole="acts"),
            table(
                "acts_by_gender",
                [(g.value, "", by_gender[g.value]) for g in Gender] + [("unrecorded", "", by_gender[""])],
                people=True,
                whole="acts",
            ),
            table(
                "acts_by_age_band",
                [(band, band, by_age[band]) for _limit, band in AGE_BANDS] + [("unrecorded", "", by_age[""])],
                people=True,
                whole="acts",
            ),
        ],
    }


def register() -> None:
    register_section(
        "participants",
        title=_("Who took part"),
        version=VERSION,
        compute=participants_report,
        labels=LABELS,
        order=5,
    )
