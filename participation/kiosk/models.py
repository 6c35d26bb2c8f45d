from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class KioskStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Revoked")


class Kiosk(models.Model):
    """A browser a manager registered as a public kiosk of a service centre.

    The browser proves it is this kiosk with a signed cookie that carries the kiosk's id and a
    random secret; only the secret's SHA-256 is kept here, so reading the database does not
    let anyone make a kiosk of another browser. Revoking is final (register the device again
    for a new secret): a revoked kiosk's cookie is refused and removed on its next request.
    """

    # A cms.ServiceCentrePage, known to the core only as a page (participation.centres).
    centre = models.ForeignKey("wagtailcore.Page", on_delete=models.PROTECT, related_name="+", verbose_name=_("centre"))
    name = models.CharField(_("name"), max_length=100, help_text=_("Where the device stands, e.g. “Desk by the door”."))
    secret_hash = models.CharField(max_length=64, editable=False)
    status = models.CharField(_("status"), max_length=8, choices=KioskStatus.choices, default=KioskStatus.ACTIVE)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosks")
        ordering = ["-registered_at", "-pk"]
        constraints = [
            # Revoked says when and by whom (the audit log says it too); active says neither.
            models.CheckConstraint(
                condition=models.Q(status=KioskStatus.ACTIVE, revoked_at__isnull=True, revoked_by__isnull=True)
                | models.Q(status=KioskStatus.REVOKED, revoked_at__isnull=False, revoked_by__isnull=False),
                name="kiosk_revoked_when_and_by_whom",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == KioskStatus.ACTIVE
