from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.models import StaffRoleKind, Territory


class TerritoryGroup(models.Model):
    """The Wagtail group that carries one role's page permissions on one territory's pages.

    Provisioned when the first such role is granted (``cms.services.access``); members are
    exactly the holders of that role there.
    """

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=16, choices=StaffRoleKind.choices)
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="territory_access")

    class Meta:
        verbose_name = _("territory group")
        constraints = [models.UniqueConstraint(fields=["territory", "role"], name="one_group_per_territory_role")]

    def __str__(self) -> str:
        return self.group.name
