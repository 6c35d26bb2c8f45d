from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Information pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms import page_admin, page_views, questions, signals, translations

        signals.connect()
        translations.install()
        page_admin.register_hooks()
        page_views.register()
        questions.register()
        # Its lists on the public API (participation.api.registry).
        from cms import api

        api.register_endpoints()
