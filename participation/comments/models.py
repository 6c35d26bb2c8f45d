"""Threaded comments on anything a feature registers as a comment target (a PB project, a
petition, later a consultation): one table, replies one level deep, moderated before the
public sees them (``approved_at``) through the shared moderation queue.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Comment(models.Model):
    """A resident's comment, or a reply to one, on a registered target.

    Comments pass the moderation queue before the public sees them: a project or petition page
    is read by a whole mahalla, and nobody should be named or insulted there before a
    moderator has looked.
    """

    TEXT_MAX = 2000

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=TEXT_MAX)
    created_at = models.DateTimeField(_("written"))
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("rejected"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "approved_at"], name="comment_public")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="comment_not_own_reply"),
        ]

    def __str__(self) -> str:
        return self.text[:60]
