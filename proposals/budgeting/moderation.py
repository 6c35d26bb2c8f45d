"""Budget projects in the shared moderation queue (see ``participation.moderation``)."""

from django.urls import reverse

from participation.moderation import moderation_register
from proposals.budgeting.models import PUBLIC_PROJECT_STATUSES, Project, ProjectComment


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
        from proposals.budgeting.services.projects import project_apply_decision

        project_apply_decision(obj, item, moderator)

    def appealed(self, obj: Project, item, author) -> None:
        from proposals.budgeting.services.projects import project_apply_appeal

        project_apply_appeal(obj, item, author)


class CommentModeration:
    """Comments are moderated before they appear; an appeal sends them back to the queue."""

    announces_approval = False

    def territory(self, obj: ProjectComment):
        return obj.project.cycle.territory

    def author(self, obj: ProjectComment):
        return obj.author

    def title(self, obj: ProjectComment) -> str:
        return obj.project.title

    def text(self, obj: ProjectComment) -> str:
        return obj.text

    def public_url(self, obj: ProjectComment) -> str:
        return reverse("budgeting:project", args=[obj.project_id]) + f"#comment-{obj.pk}"

    def is_published(self, obj: ProjectComment) -> bool:
        return obj.approved_at is not None

    def decided(self, obj: ProjectComment, item, moderator) -> None:
        from proposals.budgeting.services.projects import comment_apply_decision

        comment_apply_decision(obj, item, moderator)

    def appealed(self, obj: ProjectComment, item, author) -> None:
        pass  # the appeal is a new queue item; the comment stays hidden until it is decided


def register() -> None:
    moderation_register(Project, ProjectModeration())
    moderation_register(ProjectComment, CommentModeration())
