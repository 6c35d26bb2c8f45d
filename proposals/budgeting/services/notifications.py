"""E-mails of participatory budgeting: followers hear of each implementation update, once,
in their own language (``pb-update:<id>`` is the occasion ``email_users_once`` claims)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.follows.selectors import followers_of
from participation.mail import email_users_once, single_line
from proposals.budgeting.models import ProjectUpdate

UPDATE_SUBJECT = _("News of the project you follow: %(title)s")


def notify_followers(update_id: int) -> int:
    update = ProjectUpdate.objects.select_related("project").filter(pk=update_id).first()
    if update is None:
        return 0
    project = update.project
    followers = followers_of(project)
    return email_users_once(
        followers,
        key=f"pb-update:{update.pk}",
        template="proposals/budgeting/email/update.txt",
        subject=lambda: UPDATE_SUBJECT % {"title": single_line(project.title)},
        context={"project": project, "update": update},
        per_reader={"url": lambda: settings.SITE_URL + reverse("budgeting:project", args=[project.pk])},
    )
