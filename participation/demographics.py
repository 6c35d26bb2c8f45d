"""Gender and age band as reports count them: only for people who consented to statistics,
and only ever added up (consultation inputs keep them on the input; meeting attendance adds
them to counts and keeps nothing per person)."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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
_current_channel: ContextVar[str] = ContextVar("participation_channel", default=Channel.WEB)


@contextmanager
def acting_through(channel: str) -> Iterator[None]:
    """Acts recorded inside this block count under ``channel`` (kiosk, assisted, ...)."""
    token = _current_channel.set(channel)
    try:
        yield
    finally:
        _current_channel.reset(token)


def current_channel() -> str:
    return _current_channel.get()


def participation_figures(user, now: datetime, channel: str | None = None) -> dict:
    """The ``ParticipationFigures`` columns of an act ``user`` does ``now`` through ``channel``
    (by default the channel this request acts through: see ``acting_through``)."""
    gender, band = consented_demographics(user, now)
    return {"channel": channel or current_channel(), "gender": gender, "age_band": band}
