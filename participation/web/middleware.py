"""Django's ``LocaleMiddleware``, minus the language redirect for addresses that have none.

On a 404 without a language prefix, Django tries ``/<language>/<path>`` and redirects there if
that resolves. Wagtail's page serving is a catch-all inside the language prefix, so *every*
address resolves: a mistyped ``/admin/pages/99999/`` or a deleted ``/documents/7/x.pdf`` was
sent to ``/uz/admin/…`` and 404'd there, under a language the staff member never chose and
with a page that cannot help. Sections mounted outside ``i18n_patterns`` (Wagtail's admin, its
documents, Django's admin) and the static and media files keep their own 404.
"""

from functools import cache

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation


@cache
def unprefixed_sections(urlconf: str) -> tuple[str, ...]:
    """Path prefixes (``/admin/``) of the URL sections mounted without a language prefix,
    read from the URL configuration so a section added there is covered without a list here."""
    sections = []
    for entry in get_resolver(urlconf).url_patterns:
        if isinstance(entry, URLResolver) and not isinstance(entry.pattern, LocalePrefixPattern):
            route = str(entry.pattern).lstrip("^")
            if route and route.endswith("/"):
                sections.append("/" + route)
    sections += [url for url in (settings.STATIC_URL, settings.MEDIA_URL) if url and url.startswith("/")]
    return tuple(sections)


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request, response):
        if response.status_code == 404:
            urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
            if request.path_info.startswith(unprefixed_sections(urlconf)):
                response.headers.setdefault("Content-Language", translation.get_language())
                return response
        return super().process_response(request, response)
