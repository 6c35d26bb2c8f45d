from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StaffRoleKind(models.TextChoices):
    EDITOR = "editor", _("Editor")
    MODERATOR = "moderator", _("Moderator")
    RESPONDER = "responder", _("Responder")
    MANAGER = "manager", _("Manager")
    # A public service centre operator, volunteer or mahalla self-service zone assistant: acts
    # for residents who are present (participation.assisted), nothing else.
    OPERATOR = "operator", _("Operator")


# The roles that work in the staff tools. An operator acts for residents at a service centre
# (participation.assisted) and nothing else: no admin, no queues, no pages.
STAFF_TOOL_ROLES = (
    StaffRoleKind.EDITOR,
    StaffRoleKind.MODERATOR,
    StaffRoleKind.RESPONDER,
    StaffRoleKind.MANAGER,
)


class StaffRole(models.Model):
    """A staff member's role on a territory, valid for that territory and everything below.

    A moderator of Namangan region moderates Yangikurgan district and its mahallas; a
    moderator of Yangikurgan does not moderate Zaamin. Predicates in ``participation.rules``
    read these rows; nothing else decides.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles")
    territory = models.ForeignKey("participation.Territory", on_delete=models.PROTECT, related_name="staff_roles")
    role = models.CharField(_("role"), max_length=16, choices=StaffRoleKind.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "territory", "role"], name="staff_role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.territory}"
