"""``/api/v1/territories/``: the territory tree (regions, districts, cities, mahallas) in force today."""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from rest_framework import serializers

from participation.api.registry import register
from participation.api.views import PublicReadOnlyViewSet
from participation.models import Territory, TerritoryKind
from participation.selectors import territories_current

FIELDS = ("id", "kind", "code", "name_uz", "name_uz_cyrl", "name_ru", "name_en", "name_kaa", "population", "depth")


class TerritorySerializer(serializers.ModelSerializer):
    parent = serializers.IntegerField(source="parent_id", allow_null=True, read_only=True)

    class Meta:
        model = Territory
        fields = (*FIELDS, "parent")
        read_only_fields = fields


class TerritoryViewSet(PublicReadOnlyViewSet):
    """Territories in force today, in tree order. ``?territory=`` lists one and all inside it."""

    serializer_class = TerritorySerializer
    choice_filters = {"kind": ("kind", TerritoryKind.choices)}

    def public_rows(self):
        # The parent is the row whose path is this one's without its last step: read in the
        # same query, so a page costs one query whatever its parents.
        parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Territory.steplen)
        parent = Territory.objects.filter(path=parent_path).values("pk")[:1]
        return territories_current().annotate(parent_id=Subquery(parent)).order_by("path")

    def filter_territory(self, queryset, territory):
        return queryset.filter(path__startswith=territory.path)


def register_endpoints() -> None:
    register("territories", TerritoryViewSet, "territory")
