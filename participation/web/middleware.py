"""Two middlewares every response goes through: one cleaning of what people send, and the
security headers the browser enforces.

Cleaning sits here, before any view, form or service, so that no path that takes text (a form,
a search box, a tag filter, a code in the address, Wagtail's admin) can forget it: each one
would otherwise need its own call, and the one that forgot would store U+202E or give a 500
on a NUL byte.
"""

from django.conf import settings
from django.http import QueryDict

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
