"""Petitions as a target of the core's comments (see ``participation.comments``): residents
discuss a published petition on its page; the territory's moderators read every comment first."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.comments.registry import comment_target_register
from proposals.petitions.models import Petition
from proposals.petitions.transitions import PUBLIC_STATUSES

COMMENT_NOT_PUBLIC = _("Only published petitions can be commented on.")


class PetitionCommentTarget:
    def territory(self, obj: Petition):
        return obj.territory

    def title(self, obj: Petition) -> str:
        return obj.title

    def public_url(self, obj: Petition) -> str:
        return reverse("petitions:detail", args=[obj.pk])

    def refusal(self, obj: Petition, now):
        return None if obj.status in PUBLIC_STATUSES else COMMENT_NOT_PUBLIC


def register() -> None:
    comment_target_register(Petition, PetitionCommentTarget())
