"""Writing the record of an assisted act. The features call ``assisted_act_record`` inside the
transaction that creates the act, after checking ``Assistance`` is still valid."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from participation.assisted.models import AssistedAct
from participation.models import Territory, User


@dataclass(frozen=True)
class Assistance:
    """An operator helping one resident who is present and has consented.

    Features receive it from their view (the operator's session) and act as ``resident`` with
    the ``assisted`` channel; nothing here decides whether the operator may act.
    """

    operator: User
    resident: User
    centre_id: int | None
    consent_method: str
    consent_reference: str


def assisted_act_record(
    *, assistance: Assistance, kind: str, target, territory: Territory | None = None, now: datetime | None = None
) -> AssistedAct:
    """Record that ``assistance.operator`` did ``kind`` for the resident, creating ``target``.

    Must run inside the act's transaction: the act and its record commit together.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("assisted_act_record must run inside the act's transaction")
    act = AssistedAct.objects.create(
        resident=assistance.resident,
        operator=assistance.operator,
        centre_id=assistance.centre_id,
        kind=kind,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        target_id=target.pk,
        territory=territory if territory is not None else assistance.resident.home_territory,
        consent_method=assistance.consent_method,
        consent_reference=assistance.consent_reference,
        created_at=now or timezone.now(),
    )
    log(
        instance=assistance.resident,
        action="participation.assisted_act",
        user=assistance.operator,
        data={"kind": kind, "act": act.pk, "centre": assistance.centre_id},
    )
    return act
