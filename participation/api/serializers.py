"""Serializer pieces every feature's endpoints share."""

from rest_framework import serializers

from participation.models import Territory


def blank_or(kind: str) -> serializers.CharField:
    """A URL or e-mail field that may be empty: plain text in the schema, since "" is neither
    a valid URL nor a valid address and the schema must describe every response."""
    return serializers.CharField(read_only=True, help_text=f"A {kind}, or empty.")


class TerritoryRefSerializer(serializers.ModelSerializer):
    """A territory as a row names it: its id (for ``?territory=``) and its names."""

    class Meta:
        model = Territory
        fields = ("id", "name_uz", "name_ru", "name_en")
        read_only_fields = fields
