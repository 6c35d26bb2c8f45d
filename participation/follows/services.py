"""Writes of follows: start or stop following something; idempotent either way."""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.exceptions import ServiceError
from participation.follows.models import Follow
from participation.follows.selectors import follows_of
from participation.models import User

FOLLOW_SIGN_IN = _("Sign in to follow.")


def follow_set(
    target, *, user: User, follow: bool = True, now: datetime | None = None, sign_in_message=FOLLOW_SIGN_IN
) -> bool:
    """Follow (or stop following) ``target``. Following twice keeps one row."""
    if not getattr(user, "is_authenticated", False):
        raise ServiceError(sign_in_message)
    if follow:
        Follow.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(target),
            object_id=target.pk,
            user=user,
            defaults={"created_at": now or timezone.now()},
        )
    else:
        follows_of(target).filter(user=user).delete()
    return follow
