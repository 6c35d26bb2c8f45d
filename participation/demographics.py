"""Gender and age band as reports count them: only for people who consented to statistics,
and only ever added up (consultation inputs keep them on the input; meeting attendance adds
them to counts and keeps nothing per person)."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from participation.models.participation import Channel

# (age below which, band label): the bands every report uses.
AGE_BANDS = ((18, "<18"), (30, "18-29"), (45, "30-44"), (60, "45-59"), (200, "60+"))


def age_band(birth_year: int | None, now: datetime) -> str:
    """The band of someone born in ``birth_year`` on ``now``'s year in Tashkent; "" if unknown."""
    if not birth_year:
        return ""
    age = timezone.localtime(now).year - birth_year
    return next(label for limit, label in AGE_BANDS if age < limit)


def consented_demographics(user, now: datetime) -> tuple[str, str]:
    """(gender, age band) of ``user`` if they consented to statistics, else ("", "")."""
    if user is None or not getattr(user, "demographics_consent_at", None):
        return "", ""
    return user.gender or "", age_band(user.birth_year, now)


# The channel of the acts done in this request or task: a kiosk's requests and an operator's
# assisted acts set it around the feature's own service, so no feature service needs to know
# about kiosks or operators to record how an act reached the platform.
@dataclass
class ActingThrough:
    """The channel of a block of work, and how many acts were recorded in it (the kiosk signs
    a person out once an act of theirs went through)."""

    channel: str
    acts: int = 0


_acting: ContextVar[ActingThrough | None] = ContextVar("participation_acting_through", default=None)


@contextmanager
def acting_through(channel: str) -> Iterator[ActingThrough]:
    """Acts recorded inside this block count under ``channel`` (kiosk, assisted, ...)."""
    acting = ActingThrough(channel)
    token = _acting.set(acting)
    try:
        yield acting
    finally:
        _acting.reset(token)


def current_channel() -> str:
    acting = _acting.get()
    return acting.channel if acting is not None else Channel.WEB


def participation_figures(user, now: datetime, channel: str | None = None) -> dict:
    """The ``ParticipationFigures`` columns of an act ``user`` does ``now`` through ``channel``
    (by default the channel this request acts through: see ``acting_through``, which counts
    the act: a feature asks for these figures as it writes the act's row)."""
    gender, band = consented_demographics(user, now)
    acting = _acting.get()
    if channel is None and acting is not None:
        acting.acts += 1
    return {"channel": channel or current_channel(), "gender": gender, "age_band": band}
