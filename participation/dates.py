"""Dates people may type, and dates the pages can always show.

A cycle saved with 0001-01-01 took /uz/budget/ and its admin down for everyone: typed in
Tashkent time, that moment is 0001-12-31 BC in UTC, which PostgreSQL stores and psycopg then
refuses to read ("timestamp too small"); a moment near 9999-12-31 reads, but overflows when
shown in Tashkent time. Nothing the platform records (a petition, a phase, a decision, a news
item) happens outside ``DATE_MIN``..``DATE_MAX``, so:

* every form's date and date-time fields refuse anything outside the range, with a message
  naming it (our own forms through ``bounded``; Wagtail's page and snippet forms and Django's
  admin through ``install``, which adds the validator to every model date field they build);
* a value already stored outside what Python can show is read as the nearest showable moment
  (``install`` again, at the database driver), so the pages render and staff can open the
  record and correct it, where the form then asks for a date in the range.
"""

import sqlite3
from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import BaseValidator
from django.db.backends.signals import connection_created
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

DATE_MIN = date(2000, 1, 1)
DATE_MAX = date(2100, 12, 31)
DATE_OUT_OF_RANGE = _("Enter a date between the years %(first)d and %(last)d.")

# The extreme moments any time zone can still show (UTC±14 stays inside year 1..9999).
SHOWABLE_MIN = datetime(1, 1, 2, tzinfo=UTC)
SHOWABLE_MAX = datetime(9999, 12, 30, tzinfo=UTC)


@deconstructible
class SaneDateValidator(BaseValidator):
    """A date (or the day of a date-time) between ``DATE_MIN`` and ``DATE_MAX``."""

    message = DATE_OUT_OF_RANGE
    code = "date_out_of_range"

    def __init__(self):
        super().__init__(limit_value=(DATE_MIN, DATE_MAX))

    def __call__(self, value):
        if value is None:
            return
        day = value.date() if isinstance(value, datetime) else value
        if not DATE_MIN <= day <= DATE_MAX:
            raise ValidationError(self.message, code=self.code, params={"first": DATE_MIN.year, "last": DATE_MAX.year})


validate_sane_date = SaneDateValidator()


def bounded(field):
    """``field`` (a form DateField or DateTimeField) refusing dates outside the range; the
    browser's date picker is told the range too (``min``/``max``), where it knows one."""
    field.validators.append(validate_sane_date)
    input_type = getattr(field.widget, "input_type", "")
    if input_type == "date":
        field.widget.attrs.setdefault("min", DATE_MIN.isoformat())
        field.widget.attrs.setdefault("max", DATE_MAX.isoformat())
    elif input_type == "datetime-local":
        field.widget.attrs.setdefault("min", f"{DATE_MIN.isoformat()}T00:00")
        field.widget.attrs.setdefault("max", f"{DATE_MAX.isoformat()}T23:59")
    return field


# --- every admin form built from a model ----------------------------------------------------------


def _bound_admin_forms() -> None:
    from django.contrib.admin import options as django_admin
    from django.db import models
    from wagtail.admin import widgets
    from wagtail.admin.forms.models import register_form_field_override

    # Wagtail builds page, snippet and viewset forms from these (its own widgets, kept).
    register_form_field_override(
        models.DateField, override={"widget": widgets.AdminDateInput, "validators": [validate_sane_date]}
    )
    register_form_field_override(
        models.DateTimeField, override={"widget": widgets.AdminDateTimeInput, "validators": [validate_sane_date]}
    )
    # Django's admin (/django-admin/): territories' validity dates and any model added later.
    for model_field in (models.DateField, models.DateTimeField):
        defaults = django_admin.FORMFIELD_FOR_DBFIELD_DEFAULTS.setdefault(model_field, {})
        defaults["validators"] = [validate_sane_date]


# --- reading what is already stored ------------------------------------------------------------


def _clamped(value):
    if isinstance(value, datetime) and value.tzinfo is not None:
        return min(max(value, SHOWABLE_MIN), SHOWABLE_MAX)
    if isinstance(value, datetime):
        return min(max(value, SHOWABLE_MIN.replace(tzinfo=None)), SHOWABLE_MAX.replace(tzinfo=None))
    return value


def _clamping_loader(base):
    """A loader that reads with ``base`` (Django's time-zone-aware one) and clamps. A wrapper,
    not a subclass: psycopg's C loaders cannot be subclassed."""
    from psycopg import DataError
    from psycopg.adapt import Loader

    class ClampingLoader(Loader):
        # Django compares this with its connection's zone to decide whether to re-register.
        timezone = getattr(base, "timezone", UTC)

        def __init__(self, oid, context=None):
            super().__init__(oid, context)
            self._inner = base(oid, context)

        def load(self, data):
            try:
                return _clamped(self._inner.load(data))
            except DataError:  # before year 1 ("... BC") or after 9999
                far = SHOWABLE_MIN if bytes(data).rstrip().endswith(b"BC") else SHOWABLE_MAX
                zone = self.timezone
                return far.astimezone(zone) if zone is not None else far.replace(tzinfo=None)

    return ClampingLoader


def _sqlite_datetime(raw: bytes):
    from django.utils.dateparse import parse_datetime

    return _clamped(parse_datetime(raw.decode()))


def _lenient_reads(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql":
        from psycopg.pq import Format

        adapters = connection.connection.adapters
        oid = adapters.types["timestamptz"].oid
        base = adapters.get_loader(oid, Format.TEXT)
        if base is not None and base.__name__ != "ClampingLoader":
            adapters.register_loader("timestamptz", _clamping_loader(base))
    elif connection.vendor == "sqlite":
        # Django registers its parser when its SQLite backend is imported; ours, registered
        # after, reads the same text and only moves what no time zone could show.
        sqlite3.register_converter("datetime", _sqlite_datetime)
        sqlite3.register_converter("timestamp", _sqlite_datetime)


def install() -> None:
    """Called once from the core's ``AppConfig.ready``."""
    _bound_admin_forms()
    connection_created.connect(_lenient_reads, dispatch_uid="participation.dates.lenient_reads")
