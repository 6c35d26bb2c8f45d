"""Signing a petition for a resident at an operator's desk (participation.assisted).

The petition's own ``petition_sign`` does the signing, as the resident; this adapter only wraps
it in ``assisted_act_run`` (channel ``assisted``, one transaction with the act's record). No
address is passed: everyone at a centre signs from its one address, and the petition's address
burst check would take a busy morning at the centre for a bot; assisted acts have their own
anomaly flags (per operator).
"""

from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.assisted.models import AssistedAct, AssistedActKind
from participation.assisted.services import Assistance, assisted_act_run
from participation.models import User
from proposals.petitions.models import Petition, Signature
from proposals.petitions.services.lifecycle import petition_sign
from proposals.petitions.transitions import SIGNING_STATUSES

LIST_LIMIT = 50
WHAT = _("sign the petition “%(title)s”")


def petition_consent_reference(petition: Petition) -> str:
    return f"petition-sign:{petition.pk}"


def petition_consent_what(petition: Petition) -> str:
    """What the text message tells the resident they agree to (call in their language)."""
    return str(WHAT % {"title": petition.title[:80]})


def petitions_to_sign_for(resident: User, now: datetime | None = None) -> QuerySet[Petition]:
    """Petitions collecting signatures now in the resident's territories (their mahalla and
    every territory above it), newest first, each marked ``signed`` if the resident signed it.
    One query, at most LIST_LIMIT rows."""
    now = now or timezone.now()
    home = resident.home_territory
    if home is None:
        return Petition.objects.none()
    signed = Signature.objects.filter(
        petition=OuterRef("pk"), user=resident, withdrawn_at__isnull=True, invalidation__isnull=True
    )
    return (
        Petition.objects.filter(status__in=SIGNING_STATUSES, closes_at__gt=now, territory__path__in=home.ancestor_paths)
        .annotate(signed=Exists(signed))
        .select_related("territory")
        .order_by("-created_at", "-pk")[:LIST_LIMIT]
    )


def petition_sign_assisted(*, assistance: Assistance, petition: Petition, now: datetime | None = None) -> AssistedAct:
    """Sign ``petition`` as ``assistance.resident``, recorded as done for them by the operator.
    Refused (nothing written) exactly as the resident's own signature would be."""
    now = now or timezone.now()

    def sign():
        signature = petition_sign(petition=petition, user=assistance.resident, now=now)
        # A signature this call made (or renewed) carries its time; an earlier one keeps its own.
        return signature, signature.created_at == now

    return assisted_act_run(assistance=assistance, kind=AssistedActKind.PETITION_SIGNATURE, act=sign, now=now)
