"""Consultation inputs in the shared moderation queue, and inputs as comment targets."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from meetings.consultations.models import Input, InputStatus
from meetings.consultations.selectors import consultation_phase_allows
from meetings.consultations.services.inputs import input_apply_appeal, input_apply_decision
from participation.comments.registry import comment_target_register
from participation.moderation.registry import moderation_register

COMMENT_NOT_PUBLIC = _("Only published inputs can be commented on.")
COMMENT_CLOSED = _("Comments on this consultation are closed.")


def input_url(item: Input) -> str:
    return reverse("consultations:input", args=[item.consultation_id, item.pk])


class InputModeration:
    announces_approval = False

    def territory(self, obj: Input):
        return obj.consultation.territory

    def author(self, obj: Input):
        return obj.author

    def title(self, obj: Input) -> str:
        return obj.consultation.title

    def text(self, obj: Input) -> str:
        return obj.text

    def public_url(self, obj: Input) -> str:
        return input_url(obj)

    def is_published(self, obj: Input) -> bool:
        return obj.status == InputStatus.PUBLISHED

    def decided(self, obj: Input, item, moderator) -> None:
        input_apply_decision(obj, item, moderator)

    def appealed(self, obj: Input, item, author) -> None:
        input_apply_appeal(obj, item, author)


class InputCommentTarget:
    def territory(self, obj: Input):
        return obj.consultation.territory

    def title(self, obj: Input) -> str:
        return obj.consultation.title

    def public_url(self, obj: Input) -> str:
        return input_url(obj)

    def refusal(self, obj: Input, now):
        if obj.status != InputStatus.PUBLISHED:
            return COMMENT_NOT_PUBLIC
        if not consultation_phase_allows(obj.consultation, "comment", now):
            return COMMENT_CLOSED
        return None


def register() -> None:
    moderation_register(Input, InputModeration())
    comment_target_register(Input, InputCommentTarget())
