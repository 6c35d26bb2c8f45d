"""E-mail to the managers of an act's territory when its resident reports it, sent by a task
after the report commits, each manager in their own language, once per report."""

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.assisted.models import AssistedAct
from participation.centres import centre_model
from participation.mail import email_users_once
from participation.models import StaffRoleKind, Territory, User

SUBJECT = _("A resident reported an act done for them at a service centre")


def _territory_of(act: AssistedAct) -> Territory | None:
    """Where the act counts; for a resident without a mahalla, the centre's territory."""
    if act.territory_id is not None:
        return act.territory
    if act.centre_id is None:
        return None
    centre = centre_model().objects.filter(pk=act.centre_id).select_related("territory").first()
    return getattr(centre, "territory", None)


def assisted_act_managers(act: AssistedAct) -> list[User]:
    """The managers of the act's territory or of a territory above it."""
    territory = _territory_of(act)
    if territory is None:
        return []
    return list(
        User.objects.filter(
            staff_roles__role=StaffRoleKind.MANAGER, staff_roles__territory__path__in=territory.ancestor_paths
        )
        .exclude(pk=act.operator_id)
        .distinct()
        .order_by("pk")
    )


def assisted_act_notify_report(*, act_id: int, now: datetime | None = None) -> int:
    """Tell the managers about the report (safe to run twice); returns the e-mails sent."""
    act = (
        AssistedAct.objects.select_related("resident", "operator", "centre", "territory")
        .filter(pk=act_id, reported_at__isnull=False)
        .first()
    )
    if act is None:
        return 0
    return email_users_once(
        assisted_act_managers(act),
        key=f"assisted-act-report:{act.pk}",
        template="participation/assisted/email/reported.txt",
        subject=lambda: SUBJECT,
        context={"act": act},
        per_reader={"url": lambda: settings.SITE_URL + reverse("participation_assisted_acts") + "?show=reported"},
        now=now or timezone.now(),
    )
