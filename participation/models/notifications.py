from django.conf import settings
from django.db import models


class Notification(models.Model):
    """One message sent to one person about one thing, so a retried task never sends twice.

    ``key`` names the occasion (``petition-event:41``); a task sends to everyone concerned
    who has no row for that key yet, and writes the row as it sends.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=80)
    sent_at = models.DateTimeField()
    # The mail server refused this person's address; they are not tried again for this occasion.
    failed = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_occasion")]
