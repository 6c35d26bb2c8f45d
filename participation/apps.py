from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class ParticipationConfig(AppConfig):
    # Two configs live in this module: without ``default`` Django would use a bare AppConfig
    # and never run ``ready``.
    default = True
    name = "participation"
    verbose_name = _("Participation core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Locale

        from participation import (
            checks,  # noqa: F401  (registers the system checks)
            dates,
            languages,
        )
        from participation.api import territories as territory_api
        from participation.comments import moderation as comment_moderation
        from participation.moderation import report as moderation_report
        from participation.opendata.territories import register_territories
        from participation.organisations import api as organisation_api
        from participation.organisations.opendata import register_opendata as register_organisation_opendata
        from participation.transparency import api as report_api
        from participation.transparency import participants as participants_report
        from participation.transparency.opendata import register_opendata as register_report_opendata

        comment_moderation.register()
        # The core's own lists on the public API, datasets and report sections.
        territory_api.register_endpoints()
        organisation_api.register_endpoints()
        report_api.register_endpoints()
        register_territories()
        register_organisation_opendata()
        register_report_opendata()
        moderation_report.register()
        participants_report.register()  # its sources come from the features' ready()
        # Locales are kept per process (participation.languages): a change reads them again.
        post_save.connect(languages.forget_locales, sender=Locale, dispatch_uid="participation.locales.saved")
        post_delete.connect(languages.forget_locales, sender=Locale, dispatch_uid="participation.locales.deleted")
        languages.install_locale_cache()
        dates.install()  # every admin form's dates bounded; stored extremes still readable


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app with forms for our user model (see ``participation.wagtail_users``)."""

    user_viewset = "participation.wagtail_users.StaffUserViewSet"
