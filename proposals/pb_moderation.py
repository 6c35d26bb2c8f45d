"""Budget projects in the shared moderation queue (see ``participation.moderation``)."""

from django.urls import reverse

from proposals.models import PUBLIC_PROJECT_STATUSES, Project


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
        return reverse("pb_project", args=[obj.pk])

    def is_published(self, obj: Project) -> bool:
        return obj.status in PUBLIC_PROJECT_STATUSES

    def decided(self, obj: Project, item, moderator) -> None:
        from proposals.services.pb_projects import project_apply_decision

        project_apply_decision(obj, item, moderator)

    def appealed(self, obj: Project, item, author) -> None:
        from proposals.services.pb_projects import project_apply_appeal

        project_apply_appeal(obj, item, author)
