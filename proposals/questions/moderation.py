"""Residents' questions in the shared moderation queue (see ``participation.moderation.registry``)."""

from participation.moderation.registry import moderation_register
from proposals.questions import services
from proposals.questions.models import Question, QuestionStatus
from proposals.questions.pages import question_path


class QuestionModeration:
    announces_approval = False  # the core e-mails the author "published", with the decision

    def territory(self, obj: Question):
        return obj.territory

    def author(self, obj: Question):
        return obj.author

    def title(self, obj: Question) -> str:
        return obj.title

    def text(self, obj: Question) -> str:
        return obj.text

    def public_url(self, obj: Question) -> str:
        return question_path(obj)

    def is_published(self, obj: Question) -> bool:
        return obj.status == QuestionStatus.PUBLISHED

    def decided(self, obj: Question, item, moderator) -> None:
        services.question_apply_decision(obj, item, moderator)

    def appealed(self, obj: Question, item, author) -> None:
        services.question_apply_appeal(obj, item, author)


def register() -> None:
    moderation_register(Question, QuestionModeration())
