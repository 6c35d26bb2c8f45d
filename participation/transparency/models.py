from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.transparency.periods import PeriodKind


class ReportSnapshot(models.Model):
    """A closed period's report as published, never changed once written.

    One per territory, period and method version: a new calculation method adds a snapshot
    beside the old one, so a figure once cited can always be found again. ``sha256`` is the
    hash of ``content`` as canonical JSON, so anyone holding a download can check it.
    """

    territory = models.ForeignKey(
        "participation.Territory",
        on_delete=models.PROTECT,
        related_name="report_snapshots",
        verbose_name=_("territory"),
    )
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("period start"))
    method_version = models.CharField(_("method version"), max_length=200)
    content = models.JSONField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("frozen at"))

    class Meta:
        verbose_name = _("report snapshot")
        verbose_name_plural = _("report snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "period_kind", "period_start", "method_version"], name="report_snapshot_once"
            )
        ]
        indexes = [models.Index(fields=["period_kind", "period_start"], name="report_snapshot_period")]

    def __str__(self) -> str:
        return f"{self.territory_id} {self.period_kind} {self.period_start} {self.method_version}"
