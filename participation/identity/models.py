"""One-time codes sent by text message (``services.phone_code_send`` / ``phone_code_check``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PhoneCodePurpose(models.TextChoices):
    """What a code is good for: a code sent to confirm a number cannot sign anyone in, and a
    code a resident gives to consent to one act cannot consent to another."""

    VERIFY = "verify", _("Confirm a phone number")
    SIGN_IN = "sign_in", _("Sign in")
    CONSENT = "consent", _("Consent to an act done for you")


class PhoneCode(models.Model):
    """A six-digit code sent to ``phone``, kept only as a keyed hash (HMAC with SECRET_KEY): a
    copy of the database does not reveal a live code. Used once, before ``expires_at``, with at
    most ``PHONE_CODE_MAX_TRIES`` wrong guesses; rows are deleted once used or dead."""

    phone = models.CharField(max_length=16)
    purpose = models.CharField(max_length=16, choices=PhoneCodePurpose.choices)
    # The person the code is for: who adds the number, whose account it signs in, the resident
    # who consents. Empty only for a caller that has no account yet.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # What a consent code allows ("petition-sign:12"): checked with the code, so it cannot be
    # spent on another act.
    reference = models.CharField(max_length=100, blank=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    failed_tries = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("phone code")
        verbose_name_plural = _("phone codes")
        indexes = [models.Index(fields=["phone", "purpose"], name="phonecode_phone_purpose")]
        constraints = [
            # A new code replaces the person's previous one for the same purpose and act.
            models.UniqueConstraint(
                fields=["phone", "purpose", "user", "reference"], name="phonecode_one_live_per_purpose"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.created_at:%Y-%m-%d %H:%M})"
