"""``/api/``: the read-only public API, its OpenAPI schema and docs, and Wagtail's pages API.

Mounted from ``participation.config.urls`` without a language prefix (an API client names a
language in ``Accept-Language`` or reads every ``name_*`` field). ``/api/v1/`` holds what the
features registered in their ``AppConfig.ready()`` (``participation.api.registry``), so adding
an endpoint never touches this file. ``/api/v2/`` is Wagtail's own pages API (live public pages).
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from participation.api.registry import endpoints
from participation.api.throttle import AddressRateThrottle


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint (live, public pages of this site), throttled like ``/api/v1/``."""

    throttle_classes = [AddressRateThrottle]


def _v1_router() -> SimpleRouter:
    router = SimpleRouter()
    for endpoint in endpoints():
        router.register(endpoint.prefix, endpoint.viewset, basename=endpoint.basename)
    return router


pages_router = WagtailAPIRouter("wagtailapi")
pages_router.register_endpoint("pages", PublicPagesAPIViewSet)

urlpatterns = [
    path("v1/", include(_v1_router().urls)),
    path("v2/", pages_router.urls),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # Swagger UI from our static files, its start-up script a file too (the policy refuses
    # inline scripts and styles; templates/api/swagger_ui.html drops the inline style).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api_schema", template_name="api/swagger_ui.html"),
        name="api_docs",
    ),
]
