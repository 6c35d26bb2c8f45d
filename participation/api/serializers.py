"""Serializer pieces every feature's endpoints share."""

from rest_framework import serializers

from participation.models import Territory


class TerritoryRefSerializer(serializers.ModelSerializer):
    """A territory as a row names it: its id (for ``?territory=``) and its names."""

    class Meta:
        model = Territory
        fields = ("id", "name_uz", "name_ru", "name_en")
        read_only_fields = fields
