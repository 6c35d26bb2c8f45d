"""Writes of comments: post one (or a reply), and apply the moderators' decision.

A comment waits for a moderator before the public sees it. The target's registered adapter
says whether comments are open (its phase, its status); the core checks the person (signed in,
e-mail confirmed), the text, the thread depth and the rate limit, and raises ``ServiceError``
with a message for the person, writing nothing, when any of them refuses.
"""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.comments.models import Comment
from participation.comments.selectors import comment_refusal
from participation.exceptions import ServiceError
from participation.models import ModerationOutcome, User, VerificationLevel
from participation.moderation.services import moderation_submit
from participation.ratelimit import rate_limit

COMMENT_SIGN_IN = _("Sign in to comment.")
COMMENT_NOT_VERIFIED = _("Confirm your e-mail address before commenting.")
COMMENT_REQUIRED = _("Write your comment.")
COMMENT_TOO_LONG = _("The comment is too long: at most %(limit)d characters.")
REPLY_NOT_HERE = _("You can reply only to a published comment on this page.")
REPLY_TOO_DEEP = _("Reply to the first comment of the conversation instead.")


def _check_parent(target, parent: Comment | None) -> None:
    if parent is None:
        return
    same_target = (
        parent.content_type_id == ContentType.objects.get_for_model(target).pk and parent.object_id == target.pk
    )
    if not same_target or parent.approved_at is None:
        raise ServiceError(REPLY_NOT_HERE)
    if parent.parent_id is not None:
        raise ServiceError(REPLY_TOO_DEEP)


@transaction.atomic
def comment_post(
    target, *, author: User, text: str, parent: Comment | None = None, ip: str = "", now: datetime | None = None
) -> Comment:
    """A comment (or a reply to a published top-level comment) on ``target``, into the
    moderation queue of the target's territory; shown once a moderator approves it."""
    now = now or timezone.now()
    refusal = comment_refusal(target, now)
    if refusal is not None:
        raise ServiceError(refusal)
    if not getattr(author, "is_authenticated", False):
        raise ServiceError(COMMENT_SIGN_IN)
    if getattr(author, "verification_level", 0) < VerificationLevel.EMAIL:
        raise ServiceError(COMMENT_NOT_VERIFIED)
    text = (text or "").strip()
    if not text:
        raise ServiceError(COMMENT_REQUIRED)
    if len(text) > Comment.TEXT_MAX:
        raise ServiceError(COMMENT_TOO_LONG % {"limit": Comment.TEXT_MAX})
    _check_parent(target, parent)
    rate_limit("comment", user=author, ip=ip)
    comment = Comment.objects.create(target=target, parent=parent, author=author, text=text, created_at=now)
    moderation_submit(comment, now=now)
    return comment


def comment_apply_decision(comment: Comment, item, moderator: User) -> None:
    """Moderation core callback: approval shows the comment, rejection (or a take-down) hides it."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if item.outcome == ModerationOutcome.APPROVE:
        comment.approved_at, comment.rejected_at = item.decided_at, None
    else:
        comment.approved_at, comment.rejected_at = None, item.decided_at
    comment.save(update_fields=["approved_at", "rejected_at"])
