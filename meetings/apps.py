from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Consultations and meetings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each feature registers itself with the core: permissions, moderation, comments, what
        # the organisation page shows of it, its API lists, open datasets and report sections.
        from meetings.consultations import api as consultation_api
        from meetings.consultations import assisted as consultation_assisted
        from meetings.consultations import moderation as consultation_moderation
        from meetings.consultations import opendata as consultation_opendata
        from meetings.consultations import registry as consultation_registry
        from meetings.consultations import report as consultation_report
        from meetings.consultations import rules as consultation_rules  # noqa: F401
        from meetings.consultations.models import Input
        from meetings.meetings import api as meeting_api
        from meetings.meetings import assisted as meeting_assisted
        from meetings.meetings import followup_registry
        from meetings.meetings import opendata as meeting_opendata
        from meetings.meetings import registry as meeting_registry
        from meetings.meetings import report as meeting_report
        from meetings.meetings import rules as meeting_rules  # noqa: F401
        from meetings.meetings.models import Registration
        from participation.assisted.desk import register_desk_act
        from participation.assisted.registry import register_assisted_target

        consultation_moderation.register()
        consultation_registry.register()
        meeting_registry.register()
        followup_registry.register()
        consultation_api.register_endpoints()
        meeting_api.register_endpoints()
        consultation_opendata.register_opendata()
        meeting_opendata.register_opendata()
        meeting_report.register()
        consultation_report.register()
        # The desk's acts for a resident (participation.assisted).
        register_desk_act(label=_("Register for a meeting"), url_name="operator_meetings:list", order=40)
        register_desk_act(label=_("Give input to a consultation"), url_name="operator_consultations:list", order=50)
        # What a registration or an input done for a resident is about, in their "Done for you" list.
        register_assisted_target(Registration, meeting_assisted.registrations_described)
        register_assisted_target(Input, consultation_assisted.inputs_described)
