"""The signature's address index (petition, ip, created_at) also carries, on PostgreSQL, the
columns the transparency report reads of each signature (INCLUDE: id, mahalla, withdrawn_at,
invalidation, channel, gender, age_band).

A report of a territory reaches its signatures through its petitions, one index scan per
petition (the planner cannot tell that a district holds most of them). With the columns in
the index those scans read no table pages: at the bench's large data set (a million
signatures in one district's year) the two signature aggregates of the report went from about
950 ms each to 450 ms. It is the same index made wider, not another one, so signing still
writes as many index entries.

SQLite (``make run``) has no INCLUDE: the index stays as it was there. The name stays too, so
the model's state is unchanged."""

from django.db import migrations

COVERED = "id, mahalla_id, withdrawn_at, invalidation_id, channel, gender, age_band"


def _postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def widen(apps, schema_editor):
    if _postgresql(schema_editor):
        schema_editor.execute(
            "CREATE INDEX signature_ip_window_wide ON proposals_signature (petition_id, ip, created_at) "
            f"INCLUDE ({COVERED})"
        )
        schema_editor.execute("DROP INDEX signature_ip_window")
        schema_editor.execute("ALTER INDEX signature_ip_window_wide RENAME TO signature_ip_window")


def narrow(apps, schema_editor):
    if _postgresql(schema_editor):
        schema_editor.execute(
            "CREATE INDEX signature_ip_window_narrow ON proposals_signature (petition_id, ip, created_at)"
        )
        schema_editor.execute("DROP INDEX signature_ip_window")
        schema_editor.execute("ALTER INDEX signature_ip_window_narrow RENAME TO signature_ip_window")


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0014_participation_figures"),
    ]

    operations = [migrations.RunPython(widen, narrow, elidable=False)]
