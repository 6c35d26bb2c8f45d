from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OneIDConfig(AppConfig):
    # allauth finds a provider by importing ``<app name>.provider`` of every installed app.
    name = "participation.identity.oneid"
    label = "oneid"
    verbose_name = _("OneID")
