from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.search_views import search
from cms.sitemaps import PageSitemap, QuestionSitemap
from participation import views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PageSitemap, "questions": QuestionSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

urlpatterns += i18n_patterns(
    path("accounts/profile/", views.ProfileUpdateView.as_view(), name="account_profile"),
    # allauth's sign-up with the no-JavaScript mahalla step; before allauth's own URL.
    path("accounts/signup/", views.SignupView.as_view(), name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("search/", search, name="site_search"),
    path("petitions/", include("proposals.petitions.urls", namespace="petitions")),
    path("budget/", include("proposals.budgeting.urls", namespace="budgeting")),
    # Wagtail's catch-all page serving must stay last.
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
