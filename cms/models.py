from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from participation.selectors import regions_with_khokimiyats


class HomePage(Page):
    """The site's front door: what the platform is for, and every khokimiyat by region.

    The list comes from the territory data, so it is complete before any khokimiyat has
    published an information page.
    """

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["regions"] = regions_with_khokimiyats()
        return context
