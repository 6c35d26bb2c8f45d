from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.search_views import search
from cms.sitemaps import sitemap_index, sitemap_page
from participation import docs_views, views
from participation.assisted import resident_views as assisted_resident_views
from participation.identity import views as identity_views
from participation.identity.oneid import urls as oneid_urls
from participation.identity.oneid import views as oneid_views
from participation.opendata import urls as opendata_urls
from participation.staff_signin import staff_login, staff_password_reset
from participation.web.media import serve_media

urlpatterns = [
    # Both admins' login pages (and Wagtail's unthrottled password reset) lead to allauth's,
    # which limits failed tries and asks for the second factor (participation.staff_signin).
    path("admin/login/", staff_login, {"default_next": "/admin/"}, name="staff_login"),
    path("admin/password_reset/", staff_password_reset, name="staff_password_reset"),
    path("django-admin/login/", staff_login, {"default_next": "/django-admin/"}, name="django_admin_login"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>-<int:page>.xml", sitemap_page, name="sitemap_page"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("docs/<str:name>.md", docs_views.doc, name="doc"),
    # The public API: not language-prefixed (participation.config.api).
    path("api/", include("participation.config.api")),
    *opendata_urls.stable,
    # OneID's one redirect address, and its development stand-in with DEBUG (docs/identity.md).
    *oneid_urls.callback,
    *oneid_urls.dev_fake_patterns(),
]

urlpatterns += i18n_patterns(
    path("accounts/profile/", views.ProfileUpdateView.as_view(), name="account_profile"),
    # The resident reports an act an operator did for them (docs/assisted.md).
    path(
        "accounts/profile/assisted/<int:act_id>/report/",
        assisted_resident_views.assisted_act_report_view,
        name="assisted_act_report",
    ),
    # allauth's sign-up with the no-JavaScript mahalla step; before allauth's own URL.
    path("accounts/signup/", views.SignupView.as_view(), name="account_signup"),
    # allauth's sign-up of a person arriving from OneID, with the same mahalla step.
    path("accounts/3rdparty/signup/", oneid_views.SignupView.as_view(), name="socialaccount_signup"),
    # Adding a phone number to the account, and signing in with it (docs/identity.md).
    path("accounts/phone/", include("participation.identity.urls", namespace="identity")),
    path("accounts/", include("allauth.urls")),
    path("search/", search, name="site_search"),
    # A kiosk's simple home and its signed-out pages (docs/kiosk.md); 404 on other browsers.
    path("kiosk/", include("participation.kiosk.urls", namespace="kiosk")),
    path("petitions/", include("proposals.petitions.urls", namespace="petitions")),
    path("budget/", include("proposals.budgeting.urls", namespace="budgeting")),
    path("organisations/", include("participation.organisations.urls", namespace="organisations")),
    path("consultations/", include("meetings.consultations.urls", namespace="consultations")),
    path("meetings/", include("meetings.meetings.urls", namespace="meetings")),
    path("operator/", include("participation.assisted.urls", namespace="operator")),
    path("operator/petitions/", include("proposals.petitions.assisted_urls", namespace="operator_petitions")),
    path("operator/budget/", include("proposals.budgeting.assisted_urls", namespace="operator_budgeting")),
    path("operator/questions/", include("proposals.questions.assisted_urls", namespace="operator_questions")),
    path("operator/meetings/", include("meetings.meetings.assisted_urls", namespace="operator_meetings")),
    path(
        "operator/consultations/",
        include("meetings.consultations.assisted_urls", namespace="operator_consultations"),
    ),
    *opendata_urls.catalogue,
    # Wagtail's catch-all page serving must stay last.
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    # The console SMS backend's last messages, for reading codes in a demo: never in production.
    urlpatterns.insert(0, path("dev/sms/", identity_views.dev_sms, name="dev_sms"))

if settings.MEDIA_URL.startswith("/"):
    # Uploaded photos when nginx does not serve them (DEBUG, or SERVE_MEDIA); see the view.
    urlpatterns.insert(0, re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", serve_media, name="media"))
