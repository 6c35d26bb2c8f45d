"""The filters every list shares: territory (with everything inside it), choices such as the
status, ids of a parent row, and a date range.

A viewset names what they apply to (``territory_field``, ``choice_filters``, ``id_filters``,
``date_field``); one backend reads them, validates the query string and describes the
parameters in the OpenAPI schema, so every list filters and documents the same way. A
malformed value is a 400 (an API client must know its filter was not applied); a well-formed
id that does not exist simply matches nothing.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from participation.models import Territory

# Ids are positive and fit a bigint: anything longer is refused before it reaches the database.
ID_DIGITS_MAX = 18


def _integer(request, name: str) -> int | None:
    value = request.query_params.get(name, "")
    if value == "":
        return None
    if not value.isascii() or not value.isdigit() or len(value) > ID_DIGITS_MAX:
        raise ValidationError({name: [_("Enter a whole number.")]})
    return int(value)


def _date(request, name: str) -> dt.date | None:
    value = request.query_params.get(name, "")
    if value == "":
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: [_("Enter a date as YYYY-MM-DD.")]}) from None


def day_start(day: dt.date) -> dt.datetime:
    """The first moment of ``day`` in Tashkent (the site's days are Tashkent days)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def territory_from(request) -> Territory | None:
    """The ``territory`` of the query string, or None. An id that exists nowhere is a territory
    whose path no row has, not an error."""
    pk = _integer(request, "territory")
    if pk is None:
        return None
    return Territory.objects.filter(pk=pk).only("pk", "path", "depth").first() or Territory(pk=pk, path="-", depth=0)


def _parameter(name: str, schema: dict, description) -> dict:
    """A query parameter as the OpenAPI dictionary a filter backend hands to the schema."""
    return {"name": name, "required": False, "in": "query", "description": str(description), "schema": schema}


def _date_label(view) -> str:
    """The name of the list's date, as its model calls it (already translated there)."""
    model = view.serializer_class.Meta.model
    *parents, name = view.date_field.split("__")
    for parent in parents:
        model = model._meta.get_field(parent).related_model
    return str(model._meta.get_field(name).verbose_name)


class PublicFilterBackend(BaseFilterBackend):
    """``?territory=<id>&status=<value>&cycle=<id>&date_from=YYYY-MM-DD&date_to=YYYY-MM-DD``."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) != "list":
            return queryset
        if view.territory_field:
            territory = territory_from(request)
            if territory is not None:
                queryset = view.filter_territory(queryset, territory)
        for name, (_lookup, choices) in view.choice_filters.items():
            value = request.query_params.get(name, "")
            if value:
                if value not in {choice for choice, _label in choices}:
                    raise ValidationError({name: [_("Not one of the listed values.")]})
                queryset = view.filter_choice(queryset, name, value)
        for name, lookup in view.id_filters.items():
            value = _integer(request, name)
            if value is not None:
                queryset = queryset.filter(**{lookup: value})
        if view.date_field:
            date_from, date_to = _date(request, "date_from"), _date(request, "date_to")
            if date_from is not None and date_from > dt.date.min:
                # Nothing is dated before the first day (whose start in Tashkent is before the
                # year 1 in UTC: SQLite could not even write it), so it bounds nothing.
                queryset = queryset.filter(**{f"{view.date_field}__gte": self._bound(view, date_from)})
            if date_to is not None and date_to < dt.date.max:
                # dt.date.max has no following day, and nothing is dated after it anyway.
                following = date_to + dt.timedelta(days=1)
                queryset = queryset.filter(**{f"{view.date_field}__lt": self._bound(view, following)})
        return queryset

    @staticmethod
    def _bound(view, day: dt.date):
        # A DateField compares with the day, a DateTimeField with the day's start in Tashkent.
        return day if view.date_is_day else day_start(day)

    def get_schema_operation_parameters(self, view):
        if getattr(view, "action", None) != "list":
            return []
        parameters = []
        if view.territory_field:
            about = _("Only rows of this territory and of every territory inside it (ids: /api/v1/territories/).")
            parameters.append(_parameter("territory", {"type": "integer", "minimum": 1}, about))
        for name, (_lookup, choices) in view.choice_filters.items():
            schema = {"type": "string", "enum": [choice for choice, _label in choices]}
            parameters.append(_parameter(name, schema, _("Only rows with this value.")))
        for name in view.id_filters:
            parameters.append(
                _parameter(name, {"type": "integer", "minimum": 1}, _("Only rows of the one with this id."))
            )
        if view.date_field:
            about = _date_label(view)
            for name, text in (("date_from", _("On or after this day")), ("date_to", _("On or before this day"))):
                parameters.append(_parameter(name, {"type": "string", "format": "date"}, f"{text}: {about}."))
        return parameters


def choices_among(choices, allowed) -> list[tuple[str, str]]:
    """The ``choices`` (a ``TextChoices``) that are in ``allowed``, in their declared order: a
    status filter offers only the statuses the public can see."""
    return [(choice.value, choice.label) for choice in choices if choice in allowed]
