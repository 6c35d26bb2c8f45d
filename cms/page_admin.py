"""Wagtail's page admin views, answering a forbidden action with HTTP 403.

Wagtail's admin turns a ``PermissionDenied`` raised by any admin view into a redirect to the
dashboard with a "Sorry, you do not have permission" message (``require_admin_access`` in
``wagtail.admin.auth``). Staff of one khokimiyat opening another khokimiyat's page must get a
403 instead: the response says what happened, and nothing downstream (a script, a test,
a monitoring probe) can mistake a refusal for a success. The decision itself stays
Wagtail's (page permissions, workflow tasks); only the form of the answer changes.

Page views are routed through a page viewset, so this replaces the default one with a
subclass whose views return the site's 403 page where Wagtail would have redirected.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.views.defaults import permission_denied
from wagtail import hooks
from wagtail.admin.viewsets.pages import PageViewSet


def forbidden_as_403(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exception:
            return permission_denied(request, exception)

    return wrapped


class ForbiddingPageViewSet(PageViewSet):
    """The default page viewset (edit, add, delete, workflow actions, …) with 403 refusals."""

    def get_view_by_name(self, name):
        return forbidden_as_403(super().get_view_by_name(name))


def register_hooks() -> None:
    # Registered after Wagtail's own page viewset (order -1), so this one is the one the page
    # URLs route to for every page type without a viewset of its own.
    hooks.register("register_admin_viewset", ForbiddingPageViewSet, order=0)
