"""Saving a settings-like row (a moderation reason, petition rules) with its audit entry."""

from django.db import models
from django.forms.models import model_to_dict
from wagtail.log_actions import log


def save_with_log(instance: models.Model, values: dict, *, fields: list[str], action: str, user, data=None) -> bool:
    """Set ``values`` on ``instance``, save it, and record the ``fields`` before and after in
    Wagtail's audit log. For a row not saved yet, "before" holds the values it was built with
    (a model's defaults, or shipped defaults); a save that changes nothing logs nothing.
    Returns whether anything changed. Call inside the caller's transaction."""
    before = model_to_dict(instance, fields=fields)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.save()
    after = model_to_dict(instance, fields=fields)
    if after == before:
        return False
    log(instance=instance, action=action, user=user, data={**(data or {}), "before": before, "after": after})
    return True
