"""Who hears of what, by e-mail in their own language: an invitation goes to the
representatives of each invited organisation; the outcome goes to everyone who gave a
published input and everyone who follows the consultation. Each occasion is one key, so a
retried task tells nobody twice (``participation.mail.email_users_once``)."""

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from meetings.consultations.models import Consultation, Invitation
from meetings.consultations.selectors import invited_organisations, participants_of
from participation.follows.selectors import followers_of
from participation.mail import email_users_once
from participation.models import User
from participation.organisations.models import Membership

INVITED_SUBJECT = _("Your organisation is invited to a consultation: %(title)s")
OUTCOME_SUBJECT = _("What was done with the input: %(title)s")


def consultation_absolute_url(consultation: Consultation, name: str = "consultations:detail") -> str:
    return settings.SITE_URL + reverse(name, args=[consultation.pk])


def _representatives(organisations) -> list[User]:
    from django.db.models import Q
    from django.utils import timezone

    today = timezone.localdate()
    memberships = Membership.objects.filter(
        organisation__in=organisations, role="representative", starts_on__lte=today
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
    return list(User.objects.filter(pk__in=memberships.values("user_id")).order_by("pk"))


def notify_invitation(*, invitation_id: int, now: datetime | None = None) -> int:
    invitation = Invitation.objects.select_related("consultation__territory").filter(pk=invitation_id).first()
    if invitation is None or invitation.consultation.status == "draft":
        return 0
    consultation = invitation.consultation
    organisations = invited_organisations(consultation)
    if invitation.organisation_id:
        organisations = organisations.filter(pk=invitation.organisation_id)
    else:
        organisations = organisations.filter(
            kind=invitation.kind, territory__path__startswith=invitation.territory.path
        )
    return email_users_once(
        _representatives(organisations),
        key=f"consultation-invited:{consultation.pk}",
        template="meetings/consultations/email/invited.txt",
        subject=lambda: INVITED_SUBJECT % {"title": consultation.title},
        context={"consultation": consultation},
        per_reader={"url": lambda: consultation_absolute_url(consultation)},
        now=now,
    )


def notify_outcome(*, consultation_id: int, now: datetime | None = None) -> int:
    consultation = Consultation.objects.select_related("territory").filter(pk=consultation_id).first()
    if consultation is None or consultation.status != "concluded":
        return 0
    people = {user.pk: user for user in participants_of(consultation)}
    for user in followers_of(consultation):
        people.setdefault(user.pk, user)
    return email_users_once(
        list(people.values()),
        key=f"consultation-outcome:{consultation.pk}",
        template="meetings/consultations/email/outcome.txt",
        subject=lambda: OUTCOME_SUBJECT % {"title": consultation.title},
        context={"consultation": consultation},
        per_reader={"url": lambda: consultation_absolute_url(consultation, "consultations:outcome")},
        now=now,
    )
