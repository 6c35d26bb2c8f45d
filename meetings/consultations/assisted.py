"""Giving a consultation input for a resident at an operator's desk (participation.assisted).

The consultation's own ``input_give`` does it, as the resident (for themself, never for an
organisation), so it is refused exactly as theirs would be and goes to moderation like any
other; this adapter wraps it in ``assisted_act_run``, and the input records channel
``assisted``. The consent is bound to the exact input: its reference carries a hash of what
it is about and its text, so a code given for one wording does not send another.
"""

import hashlib
from datetime import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.consultations.models import (
    Audience,
    Consultation,
    ConsultationStatus,
    Input,
    InputStatus,
    PhaseKind,
)
from meetings.consultations.services.inputs import input_give
from meetings.consultations.transitions import PUBLIC_CONSULTATION_STATUSES
from participation.assisted.models import AssistedAct, AssistedActKind
from participation.assisted.registry import Target
from participation.assisted.services import Assistance, assisted_act_run
from participation.models import User

LIST_LIMIT = 30
WHAT = _("give your input to the consultation “%(title)s”")


def input_consent_reference(consultation: Consultation, place: str, text: str) -> str:
    digest = hashlib.sha256(f"{place}\n{text.strip()}".encode()).hexdigest()[:24]
    return f"consultation-input:{consultation.pk}:{digest}"


def input_consent_what(consultation: Consultation) -> str:
    """What the text message tells the resident they agree to (call in their language)."""
    return str(WHAT % {"title": consultation.title[:80]})


def consultations_open_for(resident: User, now: datetime | None = None) -> list[Consultation]:
    """Published consultations open for input from the public now, in the resident's
    territories (their mahalla and every territory above it), closing soonest first. One query,
    at most LIST_LIMIT; the service still decides (verification level, for one)."""
    now = now or timezone.now()
    home = resident.home_territory
    if home is None:
        return []
    return list(
        Consultation.objects.filter(
            Q(audience=Audience.PUBLIC) | Q(audience=Audience.BOTH),
            status=ConsultationStatus.PUBLISHED,
            territory__path__in=home.ancestor_paths,
            phases__kind=PhaseKind.OPEN,
            phases__starts_at__lte=now,
            phases__ends_at__gt=now,
        )
        .select_related("territory")
        .order_by("phases__ends_at", "pk")
        .distinct()[:LIST_LIMIT]
    )


def input_give_assisted(
    *,
    assistance: Assistance,
    consultation: Consultation,
    text: str,
    target: str,
    anchor: str = "",
    question=None,
    now: datetime | None = None,
) -> tuple[AssistedAct, Input]:
    """Give the input as ``assistance.resident``, recorded as done for them; refused, with
    nothing written, exactly as their own would be."""
    given = {}

    def give():
        given["input"] = input_give(
            consultation=consultation,
            user=assistance.resident,
            text=text,
            target=target,
            anchor=anchor,
            question=question,
            now=now,
        )
        return given["input"], True

    act = assisted_act_run(assistance=assistance, kind=AssistedActKind.CONSULTATION_INPUT, act=give, now=now)
    return act, given["input"]


def inputs_described(ids) -> dict:
    """For the resident's "Done for you" list: the consultation each input went to, linked to
    the input once published, else to the consultation while it is public (one query)."""
    keys = [int(value) for value in map(str, ids) if value.isdigit()]
    rows = Input.objects.filter(pk__in=keys).values_list(
        "pk", "status", "consultation_id", "consultation__title", "consultation__status"
    )
    described = {}
    for pk, status, consultation_id, title, consultation_status in rows:
        url = ""
        if consultation_status in PUBLIC_CONSULTATION_STATUSES:
            url = (
                reverse("consultations:input", args=[consultation_id, pk])
                if status == InputStatus.PUBLISHED
                else reverse("consultations:detail", args=[consultation_id])
            )
        described[pk] = Target(title, url)
    return described
