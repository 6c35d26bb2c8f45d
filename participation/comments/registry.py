"""What can be commented on. The core knows no feature (imports point down only): a feature
registers a target adapter for its model in ``AppConfig.ready``, the way moderation adapters
are registered. The adapter says where the target belongs, what it is called, where it is on
the public site, and why a person may not comment on it now (the phase, its status).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from django.db import models

if TYPE_CHECKING:
    from participation.models import Territory


class CommentTarget(Protocol):
    def territory(self, obj) -> Territory:
        """Whose moderators read the comments."""

    def title(self, obj) -> str:
        """Shown in the moderation queue beside the comment."""

    def public_url(self, obj) -> str:
        """Path of the target's page on the public site; comments are anchors on it."""

    def refusal(self, obj, now: datetime) -> str | None:
        """Why nobody may comment on ``obj`` now (a closed phase, not published), or None.
        Who may comment (a signed-in person with a confirmed e-mail) is the core's rule."""


_REGISTRY: dict[str, CommentTarget] = {}


def comment_target_register(model: type[models.Model], target: CommentTarget) -> None:
    _REGISTRY[model._meta.label_lower] = target


def comment_target_for(obj_or_model) -> CommentTarget:
    label = obj_or_model._meta.label_lower
    try:
        return _REGISTRY[label]
    except KeyError:
        raise LookupError(f"{label} is not registered as a comment target") from None
