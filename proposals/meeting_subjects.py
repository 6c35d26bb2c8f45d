"""What a meeting can be about from this app: petitions, budget cycles and projects, registered
with the core so meeting pages link them without importing proposals."""

from django.utils.translation import gettext_lazy as _

from participation.subjects import register_subject


def register() -> None:
    from proposals.budgeting.models import PUBLIC_PROJECT_STATUSES, Cycle, Project
    from proposals.petitions.models import Petition
    from proposals.petitions.transitions import PUBLIC_STATUSES

    register_subject(
        Petition,
        code="petition",
        name=_("Petition"),
        url_name="petitions:detail",
        public=lambda rows: rows.filter(status__in=PUBLIC_STATUSES),
    )
    # Every budget cycle is public (the cycles page lists them all).
    register_subject(Cycle, code="cycle", name=_("Budget cycle"), url_name="budgeting:cycle", public=lambda rows: rows)
    register_subject(
        Project,
        code="project",
        name=_("Budget project"),
        url_name="budgeting:project",
        public=lambda rows: rows.filter(status__in=PUBLIC_PROJECT_STATUSES),
    )
