"""E-mails about an organisation's verification, sent by a task after the decision commits:
its representatives hear that it was verified (or renewed), rejected or suspended, each in
their own language, once per decision."""

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.mail import email_users_once
from participation.organisations.models import Organisation, OrganisationStatus
from participation.organisations.selectors import organisation_representatives

SUBJECTS = {
    OrganisationStatus.VERIFIED: _("Your organisation is verified: %(name)s"),
    OrganisationStatus.REJECTED: _("Your organisation was not verified: %(name)s"),
    OrganisationStatus.SUSPENDED: _("Your organisation is suspended: %(name)s"),
}


def organisation_notify_decision(*, organisation_id: int, occasion: str, now: datetime | None = None) -> int:
    """Tell the current representatives of the decision ``occasion`` names (safe to run twice:
    each person is told once per occasion). Returns how many e-mails this run sent."""
    organisation = Organisation.objects.select_related("territory").filter(pk=organisation_id).first()
    if organisation is None or organisation.status not in SUBJECTS:
        return 0
    subject = SUBJECTS[organisation.status]
    return email_users_once(
        list(organisation_representatives([organisation])),
        key=f"organisation-decision:{occasion}",
        template="participation/organisations/email/decision.txt",
        subject=lambda: subject % {"name": organisation.name},
        context={"organisation": organisation},
        per_reader={"url": lambda: settings.SITE_URL + reverse("organisations:detail", args=[organisation.slug])},
        now=now or timezone.now(),
    )
