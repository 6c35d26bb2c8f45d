from django import forms
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from cms import blocks
from cms.models.base import BasePage
from cms.models.khokimiyat import KhokimiyatPage
from participation.accessibility import ACCESSIBILITY_FEATURES
from participation.models import Territory, TerritoryKind


class ServiceIndexPage(BasePage):
    """The public-services catalogue of a khokimiyat; filterable by the centre that offers it."""

    parent_page_types = ["cms.KhokimiyatPage"]
    subpage_types = ["cms.ServicePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("public services catalogue")


class ServicePage(BasePage):
    """One public service: who may apply, what to bring, what it costs, how long it takes."""

    description = models.TextField(_("what it is"), max_length=2000)
    eligibility = models.TextField(_("who may apply"), max_length=1000)
    required_documents = StreamField(
        [("document", blocks.RequiredDocumentBlock())], blank=True, verbose_name=_("documents to bring")
    )
    fee_soum = models.PositiveBigIntegerField(_("fee in soum"), default=0, help_text=_("0 when the service is free."))
    fee_note = models.CharField(_("about the fee"), max_length=200, blank=True)
    time_limit_days = models.PositiveSmallIntegerField(
        _("time limit in days"), null=True, blank=True, help_text=_("Leave empty when it is done on the spot.")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    online_url = models.URLField(_("apply online"), blank=True, help_text=_("e.g. the my.gov.uz page of this service"))

    content_panels = BasePage.content_panels + [
        FieldPanel("description"),
        FieldPanel("eligibility"),
        FieldPanel("required_documents"),
        MultiFieldPanel(
            [FieldPanel("fee_soum"), FieldPanel("fee_note"), FieldPanel("time_limit_days")], _("Cost and time")
        ),
        FieldPanel("legal_basis"),
        FieldPanel("online_url"),
    ]
    parent_page_types = ["cms.ServiceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("public service")
        constraints = [
            models.CheckConstraint(
                condition=Q(time_limit_days__isnull=True) | Q(time_limit_days__gte=1),
                name="service_time_limit_positive",
            ),
        ]

    def search_texts(self) -> list[str]:
        documents = " ".join(block.value["name"] for block in self.required_documents)
        return [*super().search_texts(), self.description, self.eligibility, documents, self.legal_basis]


class ServiceCentreIndexPage(BasePage):
    """The khokimiyat's service centres, filterable by accessibility feature and district."""

    parent_page_types = ["cms.KhokimiyatPage"]
    subpage_types = ["cms.ServiceCentrePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("service centres list")


class ServiceCentrePageForm(WagtailAdminPageForm):
    """Offers only the services of the centre's own khokimiyat (and of the khokimiyats above
    it), not every service in the country, and refuses any other."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "services" not in self.fields:
            return
        parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        if parent is None:
            return
        within_owner = Q(pk__in=[])  # matches nothing when no khokimiyat owns the parent
        for owner in KhokimiyatPage.objects.ancestor_of(parent, inclusive=True):
            within_owner |= Q(path__startswith=owner.path)
        self.fields["services"].queryset = ServicePage.objects.filter(within_owner).order_by("title")


class CentreKind(models.TextChoices):
    PUBLIC_SERVICE_CENTRE = "psc", _("Public Service Centre")
    MAHALLA_ZONE = "mahalla", _("Mahalla self-service zone")


class ServiceCentrePage(BasePage):
    """A Public Service Centre or a mahalla self-service zone: where, when, what, how accessible."""

    kind = models.CharField(
        _("kind"), max_length=16, choices=CentreKind.choices, default=CentreKind.PUBLIC_SERVICE_CENTRE
    )
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        related_name="service_centres",
        limit_choices_to={"kind__in": [TerritoryKind.CITY, TerritoryKind.DISTRICT, TerritoryKind.MAHALLA]},
        verbose_name=_("district, city or mahalla"),
    )
    address = models.TextField(_("address"), max_length=400)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    hours = StreamField([("hours", blocks.OpeningHoursBlock())], blank=True, max_num=1, verbose_name=_("opening hours"))
    directions = models.TextField(_("how to get there"), blank=True, max_length=1000)
    services = ParentalManyToManyField(
        "cms.ServicePage", blank=True, related_name="centres", verbose_name=_("services offered")
    )
    step_free_entrance = models.BooleanField(_("step-free entrance"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    sign_language = models.BooleanField(_("sign-language help"), default=False)
    large_print = models.BooleanField(_("large-print forms"), default=False)
    elderly_help = models.BooleanField(_("help for the elderly"), default=False)
    accessibility_note = models.CharField(_("more about access"), max_length=300, blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("kind"),
        FieldPanel("territory"),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("phone"), FieldPanel("directions")], _("Where")),
        FieldPanel("hours"),
        FieldPanel("services", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel(name) for name, _label in ACCESSIBILITY_FEATURES] + [FieldPanel("accessibility_note")],
            _("Accessibility"),
        ),
    ]
    search_fields = BasePage.search_fields + [index.FilterField(name) for name, _label in ACCESSIBILITY_FEATURES]
    base_form_class = ServiceCentrePageForm
    parent_page_types = ["cms.ServiceCentreIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("service centre")

    @property
    def accessibility(self) -> list[str]:
        """Labels of the features this centre has, in the fixed order."""
        return [label for name, label in ACCESSIBILITY_FEATURES if getattr(self, name)]

    def search_texts(self) -> list[str]:
        return [*super().search_texts(), self.address, self.directions, self.territory.name_uz]

    def is_open_at(self, at) -> bool | None:
        """Whether the centre is open at ``at`` (Tashkent time) by its published hours.

        None when it publishes no hours: an assisted act there cannot be "outside hours".
        A dated exception replaces the regular hours for its day.
        """
        if not self.hours:
            return None
        local = timezone.localtime(at)
        hours = self.hours[0].value
        for exception in hours.get("exceptions") or []:
            if exception["date"] == local.date():
                if exception.get("closed") or not (exception.get("opens") and exception.get("closes")):
                    return False
                return exception["opens"] <= local.time() < exception["closes"]
        weekday = str(local.weekday())
        return any(
            weekday in period["days"] and period["opens"] <= local.time() < period["closes"]
            for period in hours["periods"]
        )
