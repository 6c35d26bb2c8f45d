"""What the features tell the core about assisted acts, registered in their ``AppConfig.ready()``.

An ``AssistedAct`` names its target (the participation row the act created) by content type and
id; the core cannot import the features, so each feature registers:

* a **target describer** for the rows its acts create: ``describe(ids) -> {id: Target}``, one
  query for any number of rows, giving the public thing the act was about (the petition, the
  budget cycle, the question) with its address when it is public. It never says anything about
  a ballot: the target of an assisted vote is the "who voted" row, which knows no choice;
* a **vote totals source** for anomaly flag (b): ``rows(paths, since, until)`` giving, for each
  vote (a budget cycle) in those territories whose voting overlaps the period, its window and
  how many people voted from each mahalla (one GROUP BY).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Target:
    """The public thing an assisted act was about, as the resident's list shows it."""

    title: str
    url: str = ""  # empty when the thing is not public (a question still in moderation)


@dataclass(frozen=True)
class VoteGroup:
    """The votes of one mahalla in one vote, and when that vote was open."""

    context: str  # what the vote was: the cycle's title
    mahalla_id: int | None
    mahalla: str
    starts_at: datetime
    ends_at: datetime
    path: str  # the territory path of the vote: assisted acts below it count towards it
    votes: int
    context_id: int = 0


_DESCRIBERS: dict[tuple[str, str], Callable[[list[int]], dict[int, Target]]] = {}
_VOTE_SOURCES: dict[str, tuple[str, Callable[..., Iterable[VoteGroup]]]] = {}


def register_assisted_target(model: type, describe: Callable[[list[int]], dict[int, Target]]) -> None:
    """``describe(ids)`` names the public things behind rows of ``model`` (one query)."""
    _DESCRIBERS[(model._meta.app_label, model._meta.model_name)] = describe


def target_describer(app_label: str, model_name: str):
    return _DESCRIBERS.get((app_label, model_name))


def register_vote_totals(key: str, *, kind: str, rows: Callable[..., Iterable[VoteGroup]]) -> None:
    """``rows(paths, since, until)``: the votes (``kind``: an ``AssistedActKind``) per mahalla."""
    _VOTE_SOURCES[key] = (kind, rows)


def vote_totals_sources() -> list[tuple[str, Callable[..., Iterable[VoteGroup]]]]:
    return [_VOTE_SOURCES[key] for key in sorted(_VOTE_SOURCES)]
