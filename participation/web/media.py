"""Uploaded photos served by Django where no web server stands in front of it.

In production nginx serves ``/media/`` (docs/deployment.md gives the location block); Django
never sees those requests. This view is for the other cases: ``DEBUG`` (development), and a
small deployment that sets ``SERVE_MEDIA=true`` instead of configuring nginx. Then only the
public image folders are served (``MEDIA_PUBLIC_PREFIXES``): Wagtail's documents also live
under MEDIA_ROOT, but they go through Wagtail's own view, which checks their collection's
privacy; serving their files directly would bypass it.
"""

from django.conf import settings
from django.http import Http404
from django.views.static import serve

# An uploaded file is never a page: no script runs in it, nothing is fetched for it.
MEDIA_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def serve_media(request, path: str):
    public = settings.SERVE_MEDIA and path.startswith(tuple(settings.MEDIA_PUBLIC_PREFIXES))
    if not (settings.DEBUG or public):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Security-Policy"] = MEDIA_CSP
    # Stored under random names that never change: a phone may keep them for a day.
    response["Cache-Control"] = "public, max-age=86400"
    return response
