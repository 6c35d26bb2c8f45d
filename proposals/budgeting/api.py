"""``/api/v1/cycles/``, ``/api/v1/projects/``, ``/api/v1/results/``: participatory budgeting.

A cycle's page is public from its creation; projects only in a public status (those in
moderation, rejected or withdrawn are shown to their author and staff only); a count only once
its results are published. Money is whole soum. Authors and voters are never named.
"""

from django.db.models import Q
from rest_framework import serializers

from participation.api.filters import choices_among
from participation.api.registry import register
from participation.api.serializers import TerritoryRefSerializer
from participation.api.views import PublicReadOnlyViewSet
from proposals.budgeting.models import (
    PUBLIC_PROJECT_STATUSES,
    Cycle,
    CycleResult,
    ImplementationStatus,
    Project,
    ProjectStatus,
)
from proposals.budgeting.selectors.projects import cycles_public


class CycleSerializer(serializers.ModelSerializer):
    territory = TerritoryRefSerializer(read_only=True)
    project_count = serializers.IntegerField(read_only=True, help_text="Projects in a public status.")

    class Meta:
        model = Cycle
        fields = (
            "id",
            "territory",
            "title",
            "description",
            "budget",
            "max_project_cost",
            "ballot_type",
            "max_choices",
            "winner_rule",
            "created_at",
            "results_published_at",
            "project_count",
        )
        read_only_fields = fields


class CycleViewSet(PublicReadOnlyViewSet):
    """Every budget cycle, newest first."""

    serializer_class = CycleSerializer
    date_field = "created_at"

    def public_rows(self):
        # The phases the selector prefetches are for the page's timeline, which this omits.
        return cycles_public().prefetch_related(None)


class ProjectSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    mahalla = TerritoryRefSerializer(read_only=True, allow_null=True)
    # Empty until a funded project's implementation starts.
    implementation_status = serializers.ChoiceField(
        choices=ImplementationStatus.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Project
        fields = (
            "id",
            "cycle",
            "title",
            "description",
            "category",
            "mahalla",
            "estimated_cost",
            "staff_cost",
            "status",
            "feasibility_note",
            "implementation_status",
            "progress",
            "created_at",
        )
        read_only_fields = fields


class ProjectViewSet(PublicReadOnlyViewSet):
    """Projects in a public status, of every cycle; ``?cycle=`` for one cycle's."""

    serializer_class = ProjectSerializer
    territory_field = "cycle__territory"
    choice_filters = {"status": ("status", choices_among(ProjectStatus, PUBLIC_PROJECT_STATUSES))}
    id_filters = {"cycle": "cycle_id"}
    date_field = "created_at"

    def public_rows(self):
        return (
            Project.objects.filter(status__in=PUBLIC_PROJECT_STATUSES)
            .select_related("category", "mahalla")
            .order_by("cycle_id", "title", "pk")
        )

    def filter_territory(self, queryset, territory):
        # A project belongs to its cycle's territory and, when it names one, to its mahalla.
        return queryset.filter(
            Q(cycle__territory__path__startswith=territory.path) | Q(mahalla__path__startswith=territory.path)
        )


class ResultSerializer(serializers.ModelSerializer):
    cycle = serializers.IntegerField(source="cycle_id", read_only=True)
    selected = serializers.ListField(
        child=serializers.IntegerField(), read_only=True, help_text="Funded projects' ids, in the order funded."
    )
    votes = serializers.DictField(
        child=serializers.IntegerField(), read_only=True, help_text="Approvals or points per project id."
    )
    results_published_at = serializers.DateTimeField(source="cycle.results_published_at", read_only=True)

    class Meta:
        model = CycleResult
        fields = (
            "id",
            "cycle",
            "rule",
            "selected",
            "votes",
            "ballots_counted",
            "ballots_annulled",
            "participants",
            "eligible",
            "computed_at",
            "results_published_at",
        )
        read_only_fields = fields


class ResultViewSet(PublicReadOnlyViewSet):
    """Published counts, one per cycle, most recently published first."""

    serializer_class = ResultSerializer
    territory_field = "cycle__territory"
    id_filters = {"cycle": "cycle_id"}
    date_field = "cycle__results_published_at"

    def public_rows(self):
        return (
            CycleResult.objects.filter(cycle__results_published_at__isnull=False)
            .select_related("cycle")
            .order_by("-cycle__results_published_at", "-pk")
        )


def register_endpoints() -> None:
    register("cycles", CycleViewSet, "cycle")
    register("projects", ProjectViewSet, "project")
    register("results", ResultViewSet, "result")
