"""Budget projects in the shared moderation queue (see ``participation.moderation.registry``), and as a
target of the core's comments (see ``participation.comments``)."""

from django.urls import reverse

from participation.comments.registry import comment_target_register
from participation.moderation.registry import moderation_register
from proposals.budgeting.models import PUBLIC_PROJECT_STATUSES, Project
from proposals.budgeting.services.projects import comment_refusal, project_apply_appeal, project_apply_decision


class ProjectModeration:
    announces_approval = False  # the core e-mails the author "published"

    def territory(self, obj: Project):
        return obj.cycle.territory

    def author(self, obj: Project):
        return obj.author

    def title(self, obj: Project) -> str:
        return obj.title

    def text(self, obj: Project) -> str:
        return obj.description

    def public_url(self, obj: Project) -> str:
        return reverse("budgeting:project", args=[obj.pk])

    def is_published(self, obj: Project) -> bool:
        return obj.status in PUBLIC_PROJECT_STATUSES

    def decided(self, obj: Project, item, moderator) -> None:
        project_apply_decision(obj, item, moderator)

    def appealed(self, obj: Project, item, author) -> None:
        project_apply_appeal(obj, item, author)


class ProjectCommentTarget:
    """Projects take comments through the core (``participation.comments``): their territory's
    moderators read them, and the cycle's phase and the project's status say when."""

    def territory(self, obj: Project):
        return obj.cycle.territory

    def title(self, obj: Project) -> str:
        return obj.title

    def public_url(self, obj: Project) -> str:
        return reverse("budgeting:project", args=[obj.pk])

    def refusal(self, obj: Project, now):
        return comment_refusal(obj, now)


def register() -> None:
    moderation_register(Project, ProjectModeration())
    comment_target_register(Project, ProjectCommentTarget())
