"""Publishing a cycle's count in the background: the request, the moves of its status, the
progress the count reports.

A manager's POST only records the request (``publication_request``) and queues the count
through the outbox, so the page returns at once however many ballots there are. The worker
runs ``results.publication_run``, which counts and publishes in one transaction
(``results.cycle_publish_results``). Safe to retry, never twice:

* a second request while one is queued or counting changes nothing and queues nothing;
* the count and everything it publishes (result, downloads, project statuses, the
  ``published`` status) commit together under the cycle's row lock, and a count that finds
  the cycle already published stops: two workers, or a redelivered task, publish once;
* a worker that dies mid-count commits nothing; the redelivered task counts again;
* a count that fails records its reason, and the cycle can be published again.
"""

from __future__ import annotations

from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from participation.exceptions import ServiceError
from participation.models import User
from participation.queue import enqueue_on_commit
from proposals.budgeting.models import Cycle, CyclePublication, PhaseKind, PublicationStatus
from proposals.budgeting.selectors.cycles import cycle_reached
from proposals.budgeting.selectors.publication import PROGRESS_TIMEOUT, publication_progress_key
from proposals.budgeting.transitions import Mover, publication_transition_allowed

PUBLISH_NOT_ALLOWED = _("Only managers of this territory may publish the results.")
PUBLISH_ALREADY = _("The results of this cycle are already published.")
PUBLISH_TOO_EARLY = _("The results can be published once the results phase has started.")
PUBLISH_FAILED = _("The count failed because of an error on the server; nothing was published. Try again later.")
NOT_ALLOWED_PUBLICATION_STATUS = _("The publication cannot move from “%(source)s” to “%(target)s”.")

PUBLISH_TASK = "proposals.budgeting.tasks.publish_results"


def publication_transition(
    publication: CyclePublication,
    target: str,
    *,
    mover: str,
    actor: User | None,
    changes: dict | None = None,
    data: dict | None = None,
    source: str | None = None,
) -> CyclePublication:
    """Move ``publication`` (a row the caller has locked, or is creating: ``source=""``) to
    ``target`` if ``PUBLICATION_TRANSITIONS`` allows it for this mover, save ``changes`` with
    it and write the audit entry on the cycle. Every move of a publication goes through here."""
    source = publication.status if source is None else source
    rule = publication_transition_allowed(source, target)
    if rule is None or rule.mover != mover:
        raise ServiceError(NOT_ALLOWED_PUBLICATION_STATUS % {"source": source or "—", "target": target})
    publication.status = target
    for name, value in (changes or {}).items():
        setattr(publication, name, value)
    publication.save()
    log(
        instance=publication.cycle,
        action=rule.action,
        user=actor,
        data={"from": source, "to": target, "mover": mover, **(data or {})},
    )
    return publication


def publish_refusal(cycle: Cycle, staff: User | None, now: datetime) -> str | None:
    """Why ``staff`` may not publish ``cycle`` now (a message), or None."""
    if cycle.results_published_at is not None:
        return PUBLISH_ALREADY
    if staff is None or not staff.has_perm("proposals.publish_results", cycle):
        return PUBLISH_NOT_ALLOWED
    if not cycle_reached(cycle, PhaseKind.RESULTS, now):
        return PUBLISH_TOO_EARLY
    return None


@transaction.atomic
def publication_request(cycle: Cycle, *, staff: User, now: datetime | None = None) -> CyclePublication:
    """Ask for the cycle's count to be published in the background and return at once.

    The same checks as publishing itself (permission, the results phase, not yet published),
    under the cycle's row lock. While a request is queued or counting, asking again returns
    it unchanged: one click or five, one count. After a failure, asking again queues a new
    count on the same row.
    """
    now = now or timezone.now()
    locked = Cycle.objects.select_for_update(of=("self",)).select_related("territory").get(pk=cycle.pk)
    refusal = publish_refusal(locked, staff, now)
    if refusal is not None:
        raise ServiceError(refusal)
    publication = CyclePublication.objects.select_for_update().filter(cycle=locked).first()
    if publication is not None and publication.status in (PublicationStatus.QUEUED, PublicationStatus.COUNTING):
        return publication
    changes = {"requested_by": staff, "requested_at": now, "started_at": None, "finished_at": None, "error": ""}
    if publication is None:
        publication = CyclePublication(cycle=locked, **changes)
        publication_transition(publication, PublicationStatus.QUEUED, mover=Mover.STAFF, actor=staff, source="")
    else:
        publication_transition(publication, PublicationStatus.QUEUED, mover=Mover.STAFF, actor=staff, changes=changes)
    enqueue_on_commit(PUBLISH_TASK, publication_id=publication.pk)
    return publication


def publication_report(publication_id: int | None, stage: str, **progress) -> None:
    """Tell the staff screen what the count is doing (see ``selectors.publication``)."""
    if publication_id is None:
        return
    cache.set(publication_progress_key(publication_id), {"stage": stage, **progress}, PROGRESS_TIMEOUT)
