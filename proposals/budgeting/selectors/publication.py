"""Reads of a cycle's publication: what the staff screen shows while the count runs in the
background, and the stored downloads of a published result.

The count writes its progress to the cache (``publication_progress_key``), not to the
database: it runs inside the transaction that publishes, whose writes nobody sees before it
commits. A missing entry (evicted, Redis down) only hides the detail, never the status.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from proposals.budgeting.models import Cycle, CyclePublication, CycleResultFile, PublicationStatus

PROGRESS_TIMEOUT = 6 * 3600

# What the count is doing, by the stage names the service writes.
STAGES = {
    "unsealing": _("Opening the ballot box"),
    "reading": _("Reading the ballots"),
    "counting": _("Counting with the cycle's rule"),
    "saving": _("Saving the result and the downloads"),
}


def publication_progress_key(publication_id: int) -> str:
    return f"pb-publication-progress:{publication_id}"


@dataclass
class PublicationState:
    publication: CyclePublication
    stage: str  # the words for the current stage, "" when unknown
    runs: int  # MES runs done so far (0 for greedy and plain MES)
    step: int  # the Add1 step reached
    last_step: int  # the Add1 step at which the count would stop at the latest

    @property
    def status(self) -> str:
        return self.publication.status

    @property
    def in_progress(self) -> bool:
        return self.publication.status in (PublicationStatus.QUEUED, PublicationStatus.COUNTING)

    @property
    def percent(self) -> int | None:
        """How far through the Add1 steps the count is (it stops earlier when the budget is spent)."""
        if not self.last_step:
            return None
        return min(100, round(100 * self.step / self.last_step))


def cycle_publication(cycle: Cycle) -> PublicationState | None:
    """The cycle's publication request and the progress of its count; None if never requested."""
    publication = CyclePublication.objects.filter(cycle=cycle).first()
    if publication is None:
        return None
    progress = {}
    if publication.status == PublicationStatus.COUNTING:
        progress = cache.get(publication_progress_key(publication.pk)) or {}
    return PublicationState(
        publication=publication,
        stage=str(STAGES.get(progress.get("stage", ""), "")),
        runs=int(progress.get("runs", 0)),
        step=int(progress.get("step", 0)),
        last_step=int(progress.get("last_step", 0)),
    )


def result_file(cycle: Cycle, kind: str, language: str = "", *, compressed: bool = False) -> CycleResultFile | None:
    """The stored download of the cycle's published result (one query), or None. Only one of
    its two copies is read: the gzipped one when ``compressed``, else the text."""
    return (
        CycleResultFile.objects.filter(result__cycle=cycle, kind=kind, language=language)
        .only("content_gzip" if compressed else "content", "etag", "created_at")
        .first()
    )
