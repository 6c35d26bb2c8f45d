"""How a kind of content joins the moderation queue.

The core knows nothing of petitions, questions or PB projects (imports point down only), so
each feature registers an adapter for its model in ``AppConfig.ready``; the queue names each
item's kind of content by its model's verbose name (``content_noun``). The adapter tells the core what
it needs to show and route an item (territory, author, title, text, public link) and hears
the decisions (``decided``), inside the decision's transaction, so a petition changes state
exactly when the decision is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.text import capfirst

if TYPE_CHECKING:
    from participation.models import ModerationItem, Territory, User


class ModerationAdapter(Protocol):
    # True when the content's app tells the author of an approval itself.
    announces_approval: bool

    def territory(self, obj) -> Territory: ...

    def author(self, obj) -> User | None: ...

    def title(self, obj) -> str: ...

    def text(self, obj) -> str:
        """The content as plain text, shown escaped to the moderator."""

    def public_url(self, obj) -> str:
        """Path of the content on the public site, in the active language."""

    def is_published(self, obj) -> bool:
        """Whether the public can see it now (only published content can be flagged)."""

    def decided(self, obj, item: ModerationItem, moderator: User) -> None:
        """Apply a decision to the content; runs inside the decision's transaction."""

    def appealed(self, obj, item: ModerationItem, author: User) -> None:
        """The author appealed a rejection; runs inside the appeal's transaction."""


@dataclass(frozen=True)
class Registered:
    model: type[models.Model]
    adapter: ModerationAdapter


_REGISTRY: dict[str, Registered] = {}


def moderation_register(model: type[models.Model], adapter: ModerationAdapter) -> None:
    _REGISTRY[model._meta.label_lower] = Registered(model=model, adapter=adapter)


def adapter_for(obj_or_model) -> ModerationAdapter:
    label = obj_or_model._meta.label_lower
    try:
        return _REGISTRY[label].adapter
    except KeyError:
        raise LookupError(f"{label} is not registered for moderation") from None


def registered_models() -> list[type[models.Model]]:
    return [entry.model for entry in _REGISTRY.values()]


def content_noun(model: type[models.Model]) -> str:
    """What kind of content this is, for the queue's "what" column ("Petition", "Public question")."""
    return capfirst(model._meta.verbose_name)


def registered_nouns() -> list[tuple[str, str]]:
    """``(label, noun)`` of every kind of content in the queue, for the queue's filter."""
    return sorted(
        ((label, content_noun(entry.model)) for label, entry in _REGISTRY.items()), key=lambda pair: str(pair[1])
    )


def content_type_noun(content_type_id: int) -> str:
    """The noun of a queue item's content, from the content-type cache (no query once warm)."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return content_noun(model) if model is not None else ""


def content_type_for_label(label: str) -> ContentType | None:
    """The content type of a registered kind of content (``"proposals.question"``), or None."""
    entry = _REGISTRY.get(label)
    return ContentType.objects.get_for_model(entry.model) if entry is not None else None
