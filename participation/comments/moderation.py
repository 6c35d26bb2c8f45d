"""Comments in the shared moderation queue, whatever they are written on: the target's
registered adapter gives the territory, the title and the page (see ``registry``)."""

from participation.comments.models import Comment
from participation.comments.registry import comment_target_for
from participation.comments.services import comment_apply_decision
from participation.moderation.registry import moderation_register


class CommentModeration:
    """Comments are moderated before they appear; an appeal sends them back to the queue."""

    announces_approval = False

    def territory(self, obj: Comment):
        return comment_target_for(obj.target).territory(obj.target)

    def author(self, obj: Comment):
        return obj.author

    def title(self, obj: Comment) -> str:
        return comment_target_for(obj.target).title(obj.target)

    def text(self, obj: Comment) -> str:
        return obj.text

    def public_url(self, obj: Comment) -> str:
        return comment_target_for(obj.target).public_url(obj.target) + f"#comment-{obj.pk}"

    def is_published(self, obj: Comment) -> bool:
        return obj.approved_at is not None

    def decided(self, obj: Comment, item, moderator) -> None:
        comment_apply_decision(obj, item, moderator)

    def appealed(self, obj: Comment, item, author) -> None:
        pass  # the appeal is a new queue item; the comment stays hidden until it is decided


def register() -> None:
    moderation_register(Comment, CommentModeration())
