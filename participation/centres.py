"""Service centres as the core sees them: where assisted acts and kiosks happen.

A centre is a page of the information centre (``cms.ServiceCentrePage``), and the core may not
import ``cms``. So the core refers to a centre as a ``wagtailcore.Page`` and asks the model cms
registers here which pages are centres and when each is open. Assisted acts record their centre,
kiosks belong to one, and the anomaly flags compare an act's time with the centre's hours.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from participation.models import Territory


@dataclass(frozen=True)
class CentreSource:
    model: type  # a Page subclass with a ``territory`` foreign key
    # (centre page, aware datetime) -> True/False, or None when the centre publishes no hours.
    is_open: Callable[[object, datetime], bool | None]


_source: CentreSource | None = None


def register_centre_model(model: type, *, is_open: Callable[[object, datetime], bool | None]) -> None:
    global _source
    _source = CentreSource(model=model, is_open=is_open)


def centre_model() -> type:
    if _source is None:
        raise LookupError("No centre model is registered (cms registers ServiceCentrePage in its ready()).")
    return _source.model


def centres_in(territory: Territory) -> QuerySet:
    """Live centres in ``territory`` or below it: where its operators may work."""
    return (
        centre_model()
        .objects.live()
        .filter(Q(territory__path__startswith=territory.path))
        .select_related("territory")
        .order_by("title")
    )


def centre_is_open(centre, at: datetime) -> bool | None:
    """Whether ``centre`` is open at ``at`` by its published hours; None when it publishes none."""
    if _source is None or centre is None:
        return None
    specific = getattr(centre, "specific", centre)
    if not isinstance(specific, _source.model):
        return None
    return _source.is_open(specific, at)
