"""Reads of comments: what the public sees on a target's page, and whether comments are open."""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from participation.comments.models import Comment
from participation.comments.registry import comment_target_for


def comments_of(target) -> QuerySet[Comment]:
    """Every comment on ``target``, whatever its moderation state (for staff and tests)."""
    return Comment.objects.filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)


def comments_public(target) -> list[Comment]:
    """The approved comments on ``target``, oldest first, each with its approved replies in
    ``public_replies``: two queries however many there are."""
    replies = Comment.objects.filter(approved_at__isnull=False).select_related("author")
    return list(
        comments_of(target)
        .filter(parent__isnull=True, approved_at__isnull=False)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="public_replies"))
    )


def comment_refusal(target, now: datetime | None = None) -> str | None:
    """Why no comment may be written on ``target`` now (the target's own rule), or None."""
    return comment_target_for(target).refusal(target, now or timezone.now())


def comments_open(target, now: datetime | None = None) -> bool:
    """Whether the target takes comments now, from anyone allowed to comment."""
    return comment_refusal(target, now) is None


def comment_get(pk) -> Comment | None:
    """One comment by its key (the one a reply answers), or None."""
    try:
        return Comment.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None
