"""Small pieces the staff screens in the Wagtail admin share: a plain 403 page, a one-choice
list filter, "overdue by N days", and the audit history with its before/after values. The
viewsets and the rules-backed permission policy they build on are in ``participation.wagtail_admin``.

The screens of every app (moderation, petitions, later PB and consultations) use these, so
they look and behave alike; the rules themselves stay in each app's services and selectors.
"""

import json
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import registry as log_registry

LIST_PER_PAGE = 50


def admin_context(title, *, icon: str, subtitle: str = "") -> dict:
    """The header of Wagtail's generic admin page: title, subtitle and icon."""
    return {"page_title": title, "header_title": title, "page_subtitle": subtitle, "header_icon": icon}


def forbidden(request, message, *, title, icon: str = "warning") -> TemplateResponse:
    """Refuse with 403 and say why: a forged POST or a hand-typed URL is plainly refused,
    not sent round Wagtail's sign-in redirect."""
    return TemplateResponse(
        request,
        "participation/admin/forbidden.html",
        {"message": message, **admin_context(title, icon=icon)},
        status=403,
    )


class ShowFilterForm(forms.Form):
    """A GET filter with one choice (``?show=``); the first choice is the default, and a
    hand-typed wrong value counts as the default. Subclasses set ``CHOICES``."""

    CHOICES: list[tuple[str, str]] = []

    def __init__(self, data=None):
        super().__init__(data)
        self.fields["show"] = forms.ChoiceField(label=_("Show"), required=False, choices=self.CHOICES)

    def value(self) -> str:
        if self.is_valid() and self.cleaned_data["show"]:
            return self.cleaned_data["show"]
        return self.CHOICES[0][0]


def overdue_days(due: datetime | None, now: datetime) -> int | None:
    """Whole days (rounded up) by which ``due`` has passed, or None when it has not."""
    if due is None or due >= now:
        return None
    return max(1, math.ceil((now - due) / timedelta(days=1)))


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _label(model, key: str) -> str:
    try:
        return str(model._meta.get_field(key).verbose_name)
    except FieldDoesNotExist:
        return key.replace("_", " ")


def _read(data, model) -> tuple[list[Change], list[tuple[str, str]]]:
    """Split a log entry's data into the changed fields (before → after) and other details."""
    data = data if isinstance(data, dict) else {}
    before, after = data.get("before"), data.get("after")
    changes = []
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*after, *(k for k in before if k not in after)]:
            if before.get(key) != after.get(key):
                changes.append(Change(_label(model, key), _shown(before.get(key)), _shown(after.get(key))))
    details = [(_label(model, key), _shown(value)) for key, value in data.items() if key not in ("before", "after")]
    return changes, details


def audit_history(instance) -> list:
    """Wagtail's log entries about ``instance``, newest first, each with ``changes`` (the
    before/after of the fields that changed) and ``details`` (the rest of its data). One query."""
    entries = list(log_registry.get_logs_for_instance(instance).select_related("user").order_by("-timestamp", "-pk"))
    for entry in entries:
        entry.changes, entry.details = _read(entry.data, type(instance))
    return entries
