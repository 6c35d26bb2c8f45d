"""Who hears of what in a petition's life, by e-mail in their own language.

Each event is one occasion (``petition-event:<id>``): a retried task skips people already
told. The answer goes to the author, the co-sponsors and every signer; the threshold to the
author, the co-sponsors and the responders who must answer; a reminder to the responders
three days before the due date.
"""

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.answers.services import answer_reminded
from participation.mail import email_users_once
from participation.models import StaffRoleKind, User
from proposals.petitions.models import Petition, PetitionEvent, PetitionStatus
from proposals.petitions.selectors import ANSWER_DEADLINE, petitions_due_for_reminder

S = PetitionStatus

SUBJECTS = {
    S.COLLECTING: _("The petition is published: %(title)s"),
    S.THRESHOLD_REACHED: _("The petition reached its threshold: %(title)s"),
    S.ANSWERED: _("The petition was answered: %(title)s"),
    S.CLOSED: _("The petition closed without enough signatures: %(title)s"),
    S.MODERATION: _("The petition went to moderation: %(title)s"),
    "extended": _("The answer to the petition was postponed: %(title)s"),
    "overdue": _("The answer to the petition is overdue: %(title)s"),
    "reminder": _("Answer due in %(days)d days: %(title)s"),
}


def petition_absolute_url(petition: Petition) -> str:
    return settings.SITE_URL + reverse("petitions:detail", args=[petition.pk])


def _responders(petition: Petition) -> list[User]:
    paths = petition.territory.ancestor_paths
    return list(
        User.objects.filter(
            staff_roles__role__in=[StaffRoleKind.RESPONDER, StaffRoleKind.MANAGER],
            staff_roles__territory__path__in=paths,
        ).distinct()
    )


def _supporters(petition: Petition, *, signers: bool) -> list[User]:
    people = {petition.author_id: petition.author}
    for cosponsor in petition.cosponsors.select_related("user"):
        people.setdefault(cosponsor.user_id, cosponsor.user)
    if signers:
        signatures = petition.signatures.filter(withdrawn_at__isnull=True, invalidation__isnull=True).select_related(
            "user"
        )
        for signature in signatures.iterator(chunk_size=2000):
            people.setdefault(signature.user_id, signature.user)
    return list(people.values())


def _audience(event: PetitionEvent) -> tuple[str, list[User]]:
    petition = event.petition
    if event.kind == PetitionEvent.Kind.EXTENDED:
        return "extended", _supporters(petition, signers=False)
    if event.kind == PetitionEvent.Kind.OVERDUE:
        return "overdue", _responders(petition)
    if event.kind != PetitionEvent.Kind.TRANSITION:
        return "", []
    if event.to_status == S.COLLECTING:
        return S.COLLECTING, _supporters(petition, signers=False)
    if event.to_status == S.THRESHOLD_REACHED:
        return S.THRESHOLD_REACHED, _supporters(petition, signers=False) + _responders(petition)
    if event.to_status == S.ANSWERED:
        return S.ANSWERED, _supporters(petition, signers=True)
    if event.to_status == S.CLOSED:
        return S.CLOSED, [petition.author]
    if event.to_status == S.MODERATION and event.from_status == S.GATHERING:
        return S.MODERATION, _supporters(petition, signers=False)
    return "", []


def notify_event(*, event_id: int, now: datetime | None = None) -> int:
    event = PetitionEvent.objects.select_related("petition__territory", "petition__author").filter(pk=event_id).first()
    if event is None:
        return 0
    occasion, users = _audience(event)
    if not occasion:
        return 0
    petition = event.petition
    return email_users_once(
        users,
        key=f"petition-event:{event.pk}",
        template="proposals/petitions/email/event.txt",
        subject=lambda: SUBJECTS[occasion] % {"title": petition.title},
        context={"petition": petition, "event": event, "occasion": occasion},
        per_reader={"url": lambda: petition_absolute_url(petition)},
        now=now,
    )


def remind_responders(*, now: datetime | None = None) -> int:
    """E-mail the responders of petitions due within PETITION_REMIND_DAYS_BEFORE_DUE days,
    once per due date (an extension earns a new reminder)."""
    now = now or timezone.now()
    sent = 0
    for petition in petitions_due_for_reminder(now).select_related("territory", "author"):
        days = ANSWER_DEADLINE.reminder_days()
        sent += email_users_once(
            _responders(petition),
            key=f"petition-reminder:{petition.pk}:{petition.answer_due_at:%Y%m%d}",
            template="proposals/petitions/email/event.txt",
            subject=lambda p=petition, days=days: SUBJECTS["reminder"] % {"title": p.title, "days": days},
            context={"petition": petition, "event": None, "occasion": "reminder"},
            per_reader={"url": lambda p=petition: petition_absolute_url(p)},
            now=now,
        )
        answer_reminded(petition, deadline=ANSWER_DEADLINE, now=now)
    return sent
