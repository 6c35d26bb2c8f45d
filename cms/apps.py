from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Information pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms import api, kiosk, opendata, page_admin, page_views, questions, reports, signals, translations

        signals.connect()
        translations.install()
        page_admin.register_hooks()
        page_views.register()
        questions.register()
        api.register_endpoints()
        opendata.register_opendata()
        reports.register()
        kiosk.register()
        from cms.models import ServiceCentrePage
        from participation.centres import register_centre_model

        # Assisted acts and kiosks name their centre; the core knows centres only through this.
        register_centre_model(ServiceCentrePage, is_open=ServiceCentrePage.is_open_at)
