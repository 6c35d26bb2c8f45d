"""Writes of dated phases, for any feature: extend a phase (the later ones move along) or end
the current one now and start the next. The feature checks who may do it and when (its own
refusals, its lock, its audit entry) and then calls these; they keep phases back to back and
record the public note in the feature's extension model.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from participation.exceptions import ServiceError
from participation.models import User
from participation.phases.selectors import phase_following, phases_ordered

EXTEND_LATER = _("The new end must be later than the current end.")
ADVANCE_NO_NEXT = _("This is the last phase; there is no next one to start.")
ADVANCE_NOT_RUNNING = _("No phase is running now.")


@transaction.atomic
def phase_extend_dates(phase, *, phases, new_ends_at: datetime, note: str, staff: User, now: datetime, extension_model):
    """Move ``phase``'s end to ``new_ends_at`` and every later phase by the same time, with a
    public note recorded as ``extension_model(phase=..., ...)``."""
    if new_ends_at <= phase.ends_at:
        raise ServiceError(EXTEND_LATER)
    delta = new_ends_at - phase.ends_at
    # Move the later phases from the last backwards, so no two overlap midway.
    for later in sorted(phase_following(phases, phase), key=lambda p: p.starts_at, reverse=True):
        later.starts_at += delta
        later.ends_at += delta
        later.save(update_fields=["starts_at", "ends_at"])
    extension = extension_model.objects.create(
        phase=phase, old_ends_at=phase.ends_at, new_ends_at=new_ends_at, note=note, staff=staff, created_at=now
    )
    phase.ends_at = new_ends_at
    phase.save(update_fields=["ends_at"])
    return extension


@transaction.atomic
def phase_advance_dates(*, phases, note: str, staff: User, now: datetime, extension_model):
    """End the phase running at ``now`` and start the next one now. The next phase keeps its
    end date when that is still ahead; otherwise it gets its planned length from now and the
    phases after it move along. Returns ``(extension, ended phase, started phase)``."""
    ordered = phases_ordered(phases)
    current = next((phase for phase in ordered if phase.starts_at <= now < phase.ends_at), None)
    if current is None:
        raise ServiceError(ADVANCE_NOT_RUNNING)
    following = phase_following(ordered, current)
    if not following:
        raise ServiceError(ADVANCE_NO_NEXT)
    upcoming = following[0]
    shift = timedelta(0)
    if upcoming.ends_at <= now:  # cannot happen with back-to-back phases, kept for safety
        shift = now + (upcoming.ends_at - upcoming.starts_at) - upcoming.ends_at
    extension = extension_model.objects.create(
        phase=current, old_ends_at=current.ends_at, new_ends_at=now, note=note, staff=staff, created_at=now
    )
    # Shorten the current phase first, then pull the next one's start back to now.
    current.ends_at = now
    current.save(update_fields=["ends_at"])
    upcoming.starts_at = now
    upcoming.ends_at += shift
    upcoming.save(update_fields=["starts_at", "ends_at"])
    for later in following[1:]:
        if shift:
            later.starts_at += shift
            later.ends_at += shift
            later.save(update_fields=["starts_at", "ends_at"])
    return extension, current, upcoming
