"""Petitions in the shared moderation queue (see ``participation.moderation.registry``)."""

from django.urls import reverse

from participation.moderation.registry import moderation_register
from proposals.petitions.models import Petition
from proposals.petitions.services.lifecycle import petition_apply_appeal, petition_apply_decision
from proposals.petitions.transitions import PUBLIC_STATUSES


class PetitionModeration:
    announces_approval = True  # "the petition is published" goes to the author and co-sponsors

    def territory(self, obj: Petition):
        return obj.territory

    def author(self, obj: Petition):
        return obj.author

    def title(self, obj: Petition) -> str:
        return obj.title

    def text(self, obj: Petition) -> str:
        return obj.text

    def public_url(self, obj: Petition) -> str:
        return reverse("petitions:detail", args=[obj.pk])

    def is_published(self, obj: Petition) -> bool:
        return obj.status in PUBLIC_STATUSES

    def decided(self, obj: Petition, item, moderator) -> None:
        petition_apply_decision(obj, item, moderator)

    def appealed(self, obj: Petition, item, author) -> None:
        petition_apply_appeal(obj, item, author)


def register() -> None:
    moderation_register(Petition, PetitionModeration())
