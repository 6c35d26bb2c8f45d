from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField

from cms import blocks
from cms.feeds import KhokimiyatAtomFeed, KhokimiyatRssFeed
from cms.models.base import BasePage
from participation.models import Territory, TerritoryKind

KHOKIMIYAT_KINDS = [TerritoryKind.REGION, TerritoryKind.CITY, TerritoryKind.DISTRICT]

# Views behind the question routes, filled by ``cms.questions.register()`` at start-up.
ROUTE_VIEWS: dict[str, Callable] = {}


def khokimiyat_fits_under(territory: Territory, parent) -> bool:
    """A district's page goes under its own region's page, never another region's."""
    parent_territory = getattr(parent, "territory", None)
    return parent_territory is None or territory.path.startswith(parent_territory.path)


class KhokimiyatPageForm(WagtailAdminPageForm):
    """Checks the parent while creating, when the page has no place in the tree yet."""

    def clean(self):
        cleaned_data = super().clean()
        territory = cleaned_data.get("territory")
        if (
            territory is not None
            and self.parent_page is not None
            and not khokimiyat_fits_under(territory, self.parent_page.specific)
        ):
            self.add_error("territory", _("This territory is not inside the territory of the parent page."))
        return cleaned_data


class KhokimiyatPage(RoutablePageMixin, BasePage):
    """One khokimiyat (region, city or district administration) and everything it publishes.

    District pages sit under their region's page, so a region's staff, whose roles cover the
    districts below, reach them through Wagtail's ordinary subtree permissions. Questions,
    feeds and the "ask" form are routes of this page rather than pages of their own.
    """

    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        related_name="khokimiyat_pages",
        limit_choices_to={"kind__in": KHOKIMIYAT_KINDS},
        verbose_name=_("territory"),
    )
    leadership = StreamField(
        [("person", blocks.PersonBlock())],
        blank=True,
        verbose_name=_("head and deputies"),
        help_text=_("The khokim first, then the deputies."),
    )
    departments = StreamField([("department", blocks.DepartmentBlock())], blank=True, verbose_name=_("departments"))
    address = models.TextField(_("address"), max_length=400)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    reception_hours = StreamField(
        [("hours", blocks.OpeningHoursBlock())], blank=True, max_num=1, verbose_name=_("reception hours")
    )
    directions = models.TextField(_("how to get there"), blank=True, max_length=1000)
    map_url = models.URLField(_("map link"), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("territory"),
        FieldPanel("leadership"),
        FieldPanel("departments"),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")], heading=_("Contact")),
        FieldPanel("reception_hours"),
        MultiFieldPanel([FieldPanel("directions"), FieldPanel("map_url")], heading=_("How to get there")),
    ]

    base_form_class = KhokimiyatPageForm
    parent_page_types = ["cms.HomePage", "cms.KhokimiyatPage"]
    subpage_types = [
        "cms.KhokimiyatPage",
        "cms.NewsIndexPage",
        "cms.DecisionIndexPage",
        "cms.ServiceIndexPage",
        "cms.ServiceCentreIndexPage",
    ]

    class Meta:
        verbose_name = _("khokimiyat page")
        # "One page per territory and language" is checked in clean(): the locale column lives
        # in wagtailcore's table, where a constraint of this table cannot reach it.

    def clean(self):
        super().clean()
        territory = Territory.objects.filter(pk=self.territory_id).first()
        if territory is None:
            return
        if territory.kind not in KHOKIMIYAT_KINDS:
            raise ValidationError({"territory": _("A khokimiyat belongs to a region, a city or a district.")})
        parent = self.get_parent() if self.path else None
        if parent is not None and not khokimiyat_fits_under(territory, parent.specific):
            raise ValidationError({"territory": _("This territory is not inside the territory of the parent page.")})
        duplicate = KhokimiyatPage.objects.filter(territory=territory, locale_id=self.locale_id).exclude(pk=self.pk)
        if duplicate.exists():
            raise ValidationError({"territory": _("This territory already has a khokimiyat page.")})

    def search_texts(self) -> list[str]:
        return [*super().search_texts(), self.territory.name_uz, self.address, self.directions]

    # Sub-routes: questions and feeds. Question routes dispatch to the views of
    # ``proposals.questions`` that ``cms.questions.register()`` puts in ROUTE_VIEWS (a page
    # model never imports a view). Method names end in _route, as the page's routes do.
    @path("questions/", name="questions")
    def questions_route(self, request):
        return ROUTE_VIEWS["questions"](request, self)

    @path("questions/ask/", name="ask_question")
    def ask_question_route(self, request):
        return ROUTE_VIEWS["ask_question"](request, self)

    @path("questions/<int:question_id>/", name="question")
    def question_route(self, request, question_id):
        return ROUTE_VIEWS["question"](request, self, question_id)

    @path("questions/<int:question_id>/follow/", name="follow_question")
    def follow_question_route(self, request, question_id):
        return ROUTE_VIEWS["follow_question"](request, self, question_id)

    @path("questions/<int:question_id>/appeal/", name="appeal_question")
    def appeal_question_route(self, request, question_id):
        return ROUTE_VIEWS["appeal_question"](request, self, question_id)

    # Transparency reports (``cms.reports``): ``report/2026/``, ``report/2026-q1/``, ``report/2026-03/``,
    # and the same figures as ``report/2026/csv/`` or ``json/`` (Wagtail serves only paths of
    # letters, digits and dashes, so ``2026.csv`` would never reach the page).
    @path("report/<str:slug>/", name="report")
    def report_route(self, request, slug):
        return ROUTE_VIEWS["report"](request, self, slug)

    @path("report/<str:slug>/<str:fmt>/", name="report_download")
    def report_download_route(self, request, slug, fmt):
        return ROUTE_VIEWS["report_download"](request, self, slug, fmt)

    @path("feed/rss/", name="feed_rss")
    def feed_rss_route(self, request):
        return KhokimiyatRssFeed()(request, page=self)

    @path("feed/atom/", name="feed_atom")
    def feed_atom_route(self, request):
        return KhokimiyatAtomFeed()(request, page=self)
