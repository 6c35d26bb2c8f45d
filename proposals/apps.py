from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    """Petitions, residents' questions and participatory budgeting: one Django app (the label
    ``proposals`` keeps migrations, content types and permission names), one folder per feature."""

    name = "proposals"
    verbose_name = _("Petitions and participatory budgeting")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each feature registers itself with the core: its permissions, its moderation adapter,
        # its API endpoints, its open datasets and its report sections.
        from participation.assisted.desk import register_desk_act
        from proposals import meeting_subjects
        from proposals.assisted import targets as assisted_targets
        from proposals.budgeting import api as budgeting_api
        from proposals.budgeting import moderation as budgeting_moderation
        from proposals.budgeting import opendata as budgeting_opendata
        from proposals.budgeting import report as budgeting_report
        from proposals.budgeting import rules as budgeting_rules  # noqa: F401
        from proposals.petitions import api as petition_api
        from proposals.petitions import comments as petition_comments
        from proposals.petitions import moderation as petition_moderation
        from proposals.petitions import opendata as petition_opendata
        from proposals.petitions import report as petition_report
        from proposals.petitions import rules as petition_rules  # noqa: F401
        from proposals.questions import api as question_api
        from proposals.questions import moderation as question_moderation
        from proposals.questions import opendata as question_opendata
        from proposals.questions import report as question_report
        from proposals.questions import rules as question_rules  # noqa: F401

        petition_moderation.register()
        petition_comments.register()
        budgeting_moderation.register()
        question_moderation.register()
        meeting_subjects.register()
        petition_api.register_endpoints()
        question_api.register_endpoints()
        budgeting_api.register_endpoints()
        petition_opendata.register_opendata()
        question_opendata.register_opendata()
        budgeting_opendata.register_opendata()
        petition_report.register()
        question_report.register()
        budgeting_report.register()
        assisted_targets.register()
        # The acts an operator can do for a resident at the desk (participation.assisted).
        register_desk_act(label=_("Sign a petition"), url_name="operator_petitions:list", order=10)
        register_desk_act(label=_("Vote in participatory budgeting"), url_name="operator_budgeting:list", order=20)
        register_desk_act(label=_("Ask the khokimiyat a question"), url_name="operator_questions:ask", order=30)
        register_desk_act(label=_("Submit a budget project"), url_name="operator_budgeting:projects", order=25)
