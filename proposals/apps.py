from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Petitions and participatory budgeting")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from participation.moderation import moderation_register
        from proposals.models import Petition, Project, ProjectComment
        from proposals.moderation import PetitionModeration
        from proposals.pb_moderation import CommentModeration, ProjectModeration

        moderation_register(Petition, PetitionModeration())
        moderation_register(Project, ProjectModeration())
        moderation_register(ProjectComment, CommentModeration())
