"""The abstract page every public page type builds on.

Two things here make one Uzbek page tree serve five languages:

* ``route`` falls back to the default-language tree when the reader's language has no
  translation of a page, then serves the translation where one exists;
* ``get_url_parts`` keeps links in the reader's language even when the linked page exists
  only in Uzbek, so following a link never switches the language under the reader's feet.

What a page shows besides its own fields (a listing, the latest news, related centres) comes
from a context view of ``cms.page_views``, registered here for its page type at start-up: those
views read through the selectors, which import the page models, so the models do not import them.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Locale, Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from participation.translit import search_key

LANGUAGE_CODES = frozenset(code for code, _label in settings.LANGUAGES)

ContextView = Callable[[Page, HttpRequest], dict]
_context_views: dict[type[Page], ContextView] = {}


def register_context_view(page_type: type[Page], view: ContextView) -> None:
    """``view(page, request)`` returns what pages of ``page_type`` add to their template context."""
    _context_views[page_type] = view


def url_in_active_language(page_path: str | None) -> str | None:
    """``/uz/a/b/`` → ``/ru/a/b/`` while Russian is active; other paths unchanged."""
    active = translation.get_language()
    if not page_path or active not in LANGUAGE_CODES:
        return page_path
    parts = page_path.split("/", 2)
    if len(parts) == 3 and parts[1] in LANGUAGE_CODES and parts[1] != active:
        return f"/{active}/{parts[2]}"
    return page_path


def route_by_url_path(root: Page, request, path_components) -> RouteResult:
    """Find the deepest page on the path in one query instead of two per level.

    Wagtail stores each page's full ``url_path``; every prefix of the requested path is a
    candidate, and the deepest existing one takes the rest of the path (a routable page's
    sub-route such as ``questions/5/``, or a 404).
    """
    if not path_components:
        return Page.route(root, request, path_components)
    candidates = [
        root.url_path + "/".join(path_components[:count]) + "/" for count in range(1, len(path_components) + 1)
    ]
    deepest = Page.objects.filter(url_path__in=candidates).order_by("-depth").first()
    if deepest is None:
        raise Http404
    consumed = deepest.depth - root.depth
    return deepest.specific.route(request, path_components[consumed:])


def route_with_fallback(page: Page, request, path_components, *, resolve=Page.route) -> RouteResult:
    """Route in ``page``'s own language tree; where that has no such path, route in the
    default-language tree and serve the translation in the active language if it exists."""
    try:
        return resolve(page, request, path_components)
    except Http404:
        default_locale = Locale.get_default()
        if page.locale_id == default_locale.pk:
            raise
        source = page.get_translation_or_none(default_locale)
        if source is None:
            raise
        result = resolve(source.specific, request, path_components)
        return RouteResult(result.page.localized, result.args, result.kwargs)


class BasePage(Page):
    """Shared listing and search fields of every public page."""

    listing_summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=300,
        help_text=_("One or two sentences shown in lists and search results."),
    )

    promote_panels = [
        MultiFieldPanel(Page.promote_panels, _("Search engines and URL")),
        FieldPanel("listing_summary"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("search_document"),
        index.AutocompleteField("search_document"),
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        # Every language serves a page at the same path under its own prefix; a translation
        # with its own slug would break the language switcher, hreflang and the fallback.
        # Home pages are exempt: they are siblings under the root, where slugs must differ,
        # and their slug is not part of any URL.
        default = Locale.get_default()
        if self.depth and self.depth > 2 and self.translation_key and self.locale_id != default.pk:
            source = Page.objects.filter(translation_key=self.translation_key, locale=default).exclude(pk=self.pk)
            source_slug = source.values_list("slug", flat=True).first()
            if source_slug is not None and source_slug != self.slug:
                raise ValidationError(
                    {"slug": _("A translation keeps the address of the Uzbek page: %(slug)s") % {"slug": source_slug}}
                )

    def search_texts(self) -> list[str]:
        """The text a resident would search this page by; page types add their fields."""
        return [self.title, self.listing_summary, self.search_description]

    def search_document(self) -> str:
        """Indexed in spelling-insensitive form, so oʻ/o'/o‘, Latin and Cyrillic all match."""
        return search_key(" ".join(text for text in self.search_texts() if text))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        view = _context_views.get(type(self))
        if view is not None:
            context.update(view(self, request))
        return context

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None:  # the page is under no site: Wagtail's "no URL"
            return None
        site_id, root_url, page_path = parts
        return site_id, root_url, url_in_active_language(page_path)

    def route(self, request, path_components):
        return route_with_fallback(self, request, path_components)
