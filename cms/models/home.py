from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from cms.models.base import BasePage, route_by_url_path, route_with_fallback


class HomePage(BasePage):
    """The site's front door: what the platform is for, and every khokimiyat by region.

    The list comes from the territory data, so it is complete before any khokimiyat has
    published an information page; districts with a published page link to it.
    """

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.KhokimiyatPage"]

    class Meta:
        verbose_name = _("home page")

    def search_texts(self) -> list[str]:
        return [*super().search_texts(), self.intro]

    def route(self, request, path_components):
        # Every request starts here (the site root): resolve the whole path in one query.
        return route_with_fallback(self, request, path_components, resolve=route_by_url_path)
