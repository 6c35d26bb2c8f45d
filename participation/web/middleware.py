"""The site's own middlewares: what every request and response goes through.

- ``CleanInputMiddleware``: one cleaning of what people send. It sits before any view, form or
  service, so that no path that takes text (a form, a search box, a tag filter, a code in the
  address, Wagtail's admin) can forget it: each one would otherwise need its own call, and the
  one that forgot would store U+202E or give a 500 on a NUL byte.
- ``SecurityHeadersMiddleware``: the security headers the browser enforces.
- ``LocaleMiddleware``: Django's, minus the language redirect for addresses that have none.
  On a 404 without a language prefix, Django tries ``/<language>/<path>`` and redirects there
  if that resolves. Wagtail's page serving is a catch-all inside the language prefix, so *every*
  address resolves: a mistyped ``/admin/pages/99999/`` or a deleted ``/documents/7/x.pdf`` was
  sent to ``/uz/admin/…`` and 404'd there. Sections mounted outside ``i18n_patterns`` (Wagtail's
  admin, its documents, Django's admin) and the static and media files keep their own 404.
"""

from functools import cache

from django.conf import settings
from django.http import QueryDict
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from participation.text import clean_text, is_secret_field


def _cleaned(query: QueryDict) -> QueryDict:
    copy = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        if is_secret_field(key):
            copy.setlist(clean_text(key), values)
        else:
            copy.setlist(clean_text(key), [clean_text(value) for value in values])
    copy._mutable = False
    return copy


class CleanInputMiddleware:
    """Query strings, form fields and the text parts of the address, through ``clean_text``.

    Passwords and tokens are left as typed (see ``is_secret_field``); files are not text.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _cleaned(request.GET)
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            request.POST = _cleaned(request.POST)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # A receipt code or a token in the path: the URL resolver's ``str`` accepts a NUL.
        for key, value in view_kwargs.items():
            if isinstance(value, str):
                view_kwargs[key] = clean_text(value)
        return None


def _is_admin(path: str) -> bool:
    return path.startswith(tuple(settings.CSP_RELAXED_PATH_PREFIXES))


class SecurityHeadersMiddleware:
    """``Content-Security-Policy`` and ``Permissions-Policy`` on every response.

    The public pages carry no inline script or style, so their policy allows only this
    site's own files: an injected ``<script>`` or ``onerror=`` would not run. Wagtail's and
    Django's admin ship inline scripts and ``style`` attributes that we do not control, so
    under their prefixes the policy allows inline code (still nothing from another origin);
    only signed-in staff reach those pages. A view may set its own policy; it is kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.CSP_ADMIN if _is_admin(request.path_info) else settings.CSP_PUBLIC
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response


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
