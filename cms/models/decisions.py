from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from cms import blocks
from cms.models.base import BasePage
from cms.text import stream_text


class DecisionIndexPage(BasePage):
    """The register of a khokimiyat's decisions (qarorlar), newest first, by status."""

    parent_page_types = ["cms.KhokimiyatPage"]
    subpage_types = ["cms.DecisionPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("decisions register")


class DecisionStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("Amended")
    REPEALED = "repealed", _("Repealed")


class DecisionPage(BasePage):
    """An official act: number, date, status, the signed document, and what changed it."""

    number = models.CharField(_("number"), max_length=40)
    date = models.DateField(_("date of adoption"))
    status = models.CharField(
        _("status"), max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.IN_FORCE
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("signed document"),
    )
    changed_by = models.ForeignKey(
        "cms.DecisionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="changes",
        verbose_name=_("amended or repealed by"),
        help_text=_("The decision that amended or repealed this one."),
    )
    summary = StreamField(blocks.BodyBlock(), blank=True, verbose_name=_("summary"))

    content_panels = BasePage.content_panels + [
        MultiFieldPanel([FieldPanel("number"), FieldPanel("date"), FieldPanel("status"), FieldPanel("changed_by")]),
        FieldPanel("document"),
        FieldPanel("summary"),
    ]
    search_fields = BasePage.search_fields + [index.FilterField("status"), index.FilterField("date")]
    parent_page_types = ["cms.DecisionIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("decision")
        constraints = [
            # An act "in force" has not been replaced; an amended or repealed one names what did it
            # only when it is known, so the link is optional but never contradicts the status.
            models.CheckConstraint(
                condition=~Q(status="in_force") | Q(changed_by__isnull=True),
                name="decision_in_force_not_changed",
            ),
        ]

    def search_texts(self) -> list[str]:
        return [*super().search_texts(), self.number, stream_text(self.summary)]
