"""The signature's address index (petition, ip, created_at) also carries, on PostgreSQL, the
columns the transparency report reads of each signature (INCLUDE: mahalla, withdrawn_at,
invalidation, channel, gender, age_band; the id is in every index entry anyway).

A report of a territory reaches its signatures through its petitions, one index scan per
petition (the planner cannot tell that a district holds most of them). With the columns in
the index those scans read no table pages: at the bench's large data set (a million
signatures in one district's year) the two signature aggregates of the report went from about
950 ms each to 450 ms. It is the same index made wider, not another one, so signing still
writes as many index entries.

The wide index is built CONCURRENTLY beside the old one and then swapped in, so signing is
never blocked while a table of millions of signatures is indexed (hence a non-atomic
migration). SQLite (``make run``) has no INCLUDE: Django leaves its index as it was.
"""

from django.db import migrations, models

COLUMNS = ["mahalla", "withdrawn_at", "invalidation", "channel", "gender", "age_band"]


def _swap(schema_editor, columns: str, include: str = "") -> None:
    """Build the index anew beside the old one, then drop the old and take its name."""
    if schema_editor.connection.vendor != "postgresql":
        return
    # CONCURRENTLY cannot run in a transaction: a migration test that migrates inside its own
    # transaction gets the plain statements (its table is small, nobody is signing).
    concurrently = "" if schema_editor.connection.in_atomic_block else " CONCURRENTLY"
    schema_editor.execute(f"DROP INDEX{concurrently} IF EXISTS signature_ip_window_new")
    schema_editor.execute(
        f"CREATE INDEX{concurrently} signature_ip_window_new ON proposals_signature ({columns}){include}"
    )
    schema_editor.execute(f"DROP INDEX{concurrently} signature_ip_window")
    schema_editor.execute("ALTER INDEX signature_ip_window_new RENAME TO signature_ip_window")


def widen(apps, schema_editor):
    included = "mahalla_id, withdrawn_at, invalidation_id, channel, gender, age_band"
    _swap(schema_editor, "petition_id, ip, created_at", f" INCLUDE ({included})")


def narrow(apps, schema_editor):
    _swap(schema_editor, "petition_id, ip, created_at")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("proposals", "0014_participation_figures"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(widen, narrow, elidable=False)],
            state_operations=[
                migrations.RemoveIndex(model_name="signature", name="signature_ip_window"),
                migrations.AddIndex(
                    model_name="signature",
                    index=models.Index(
                        fields=["petition", "ip", "created_at"],
                        include=COLUMNS,
                        name="signature_ip_window",
                    ),
                ),
            ],
        )
    ]
