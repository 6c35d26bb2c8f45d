"""Reads of follows: whether a person follows something, and who follows it."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from participation.follows.models import Follow
from participation.models import User


def follows_of(target) -> QuerySet[Follow]:
    return Follow.objects.filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)


def is_following(target, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return follows_of(target).filter(user=user).exists()


def followers_of(target) -> list[User]:
    """The people who follow ``target``, in the order they started (for the news e-mails)."""
    return [follow.user for follow in follows_of(target).select_related("user").order_by("created_at", "pk")]
