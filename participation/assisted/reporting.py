"""Writes: a resident reports an act an operator did for them ("I did not ask for this", "the
operator chose for me"). The report goes on the act, into the audit log, and to the managers of
the act's territory by e-mail (through the outbox, after commit). It changes nothing else: the
act stands until staff look into it."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from participation.assisted.models import AssistedAct
from participation.exceptions import ServiceError
from participation.queue import enqueue_on_commit

NOT_YOURS = _("Only the resident it was done for can report this act.")
ALREADY_REPORTED = _("You have already reported this act; the khokimiyat's managers have your report.")
NOTE_NEEDED = _("Say in a few words what is wrong with this act.")
NOTE_MAX = 2000
NOTIFY_REPORT = "participation.tasks.notify_assisted_act_report"


def assisted_act_report(*, act: AssistedAct, resident, note: str, now: datetime | None = None) -> AssistedAct:
    """``resident`` reports ``act`` (theirs), once, with ``note`` saying why."""
    if getattr(resident, "pk", None) is None or act.resident_id != resident.pk:
        raise ServiceError(NOT_YOURS)
    note = (note or "").strip()[:NOTE_MAX]
    if not note:
        raise ServiceError(NOTE_NEEDED)
    now = now or timezone.now()
    with transaction.atomic():
        locked = AssistedAct.objects.select_for_update().get(pk=act.pk)
        if locked.reported_at is not None:
            raise ServiceError(ALREADY_REPORTED)
        locked.reported_at, locked.report_note = now, note
        locked.save(update_fields=["reported_at", "report_note"])
        log(
            instance=resident,
            action="participation.assisted_act_reported",
            user=resident,
            data={"act": locked.pk, "kind": locked.kind, "operator": locked.operator_id},
        )
        enqueue_on_commit(NOTIFY_REPORT, act_id=locked.pk)
    act.reported_at, act.report_note = locked.reported_at, locked.report_note
    return act
