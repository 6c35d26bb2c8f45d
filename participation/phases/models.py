"""Dated phases that declare what they allow: the abstract rows a feature's phases build on.

A feature (PB cycles, consultations) subclasses ``DatedPhase`` with its own ``kind`` choices,
its ``KIND_ORDER`` and its ``ACTIONS``, and one boolean ``allows_<action>`` column per action
(or its own ``allows`` method). Rules then ask ``participation.phases.selectors.phases_allow``,
never the dates themselves. Abstract: no table here, each feature keeps its own.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DatedPhase(models.Model):
    """One dated phase of something (a cycle, a consultation) and what it allows."""

    # The feature's kinds in the order they run, and the actions a phase may allow.
    KIND_ORDER: tuple[str, ...] = ()
    ACTIONS: tuple[str, ...] = ()

    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        abstract = True

    def allows(self, action: str) -> bool:
        """Whether this phase allows ``action``; by default its ``allows_<action>`` column."""
        return bool(getattr(self, f"allows_{action}", False))

    def position(self) -> int:
        """Where the phase stands among its siblings: by kind when the feature orders kinds."""
        kind = getattr(self, "kind", None)
        return self.KIND_ORDER.index(kind) if kind in self.KIND_ORDER else len(self.KIND_ORDER)


class DatedPhaseExtension(models.Model):
    """Staff moved a phase's end (and the later phases with it); the note is public.

    The concrete model adds ``phase``, a foreign key to the feature's phase.
    """

    old_ends_at = models.DateTimeField()
    new_ends_at = models.DateTimeField()
    note = models.TextField(_("public note"), max_length=1000)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        abstract = True
