"""Shipped petition rules per level, and the append-only guarantee on the timeline.

Thresholds scale with population: about 2,000-5,000 adults in a mahalla, 100,000-250,000
in a district or city, millions in a region. Mening fikrim asks 10,000 of national bodies.
"""

from django.db import migrations

RULES = [("mahalla", 50), ("district", 500), ("city", 500), ("region", 2000)]

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION proposals_petitionevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'petition events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER proposals_petitionevent_append_only
    BEFORE UPDATE OR DELETE ON proposals_petitionevent
    FOR EACH ROW WHEN (pg_trigger_depth() = 0 AND current_setting('proposals.allow_event_delete', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION proposals_petitionevent_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS proposals_petitionevent_append_only ON proposals_petitionevent;
DROP FUNCTION IF EXISTS proposals_petitionevent_append_only();
"""


def create_rules(apps, schema_editor):
    PetitionRules = apps.get_model("proposals", "PetitionRules")
    for level, needed in RULES:
        PetitionRules.objects.get_or_create(
            level=level,
            defaults={"signatures_needed": needed, "collection_days": 90, "cosponsors_needed": 5,
                      "verification_level": 10, "residents_only": True},
        )


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY)


def drop_append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]
    operations = [
        migrations.RunPython(create_rules, migrations.RunPython.noop),
        migrations.RunPython(append_only, drop_append_only),
    ]
