from django.conf import settings
from django.db import models


class Notification(models.Model):
    """One message to one person about one thing: the guard that sends it exactly once.

    ``key`` names the occasion (``petition-event:41``). A sender writes the rows of everyone
    concerned (the unique pair keeps one row per person), then claims each row with a
    conditional UPDATE (``sent_at`` empty, no live claim) before sending: two runs of the same
    task, or two sweeps, can both try, and the database lets exactly one of them send. A claim
    expires (``claimed_until``), so a worker that died between claiming and sending does not
    cost the person their e-mail; ``sent_at`` is set once the mail server took it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=80)
    # Empty until the mail server accepted the message.
    sent_at = models.DateTimeField(null=True, blank=True)
    # A run is sending it now; another run leaves it alone until then.
    claimed_until = models.DateTimeField(null=True, blank=True)
    # The mail server refused this person's address; they are not tried again for this occasion.
    failed = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_occasion")]


class OutboxEntry(models.Model):
    """Work a service queued (a Celery task by name, with plain arguments), written in the
    action's own transaction (``participation.queue.enqueue_on_commit``).

    The row commits or rolls back with the action, so work is never queued for something that
    did not happen, and never lost when the broker is down at commit: the task sent after
    commit runs it and marks it done, and the periodic sweep runs whatever is still not done.
    ``claimed_until`` keeps two runs from doing the same entry at once; the tasks themselves
    are safe to run twice (e-mails are guarded per person by ``Notification``).
    """

    task = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField()
    claimed_until = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"], name="outbox_pending", condition=models.Q(done_at__isnull=True))]

    def __str__(self) -> str:
        return f"{self.task}({self.kwargs})"
