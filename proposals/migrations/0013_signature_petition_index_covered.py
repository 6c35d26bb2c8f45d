"""Drop the signature's own index on the petition: the unique (petition, user) and the address
index (petition, ip, created_at) both begin with it. Only the index goes: Django's AlterField
would also drop and re-add the foreign key, which checks every signature again under a lock."""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "proposals_signature_petition_id_4efd1cad"


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0012_signing_mahalla_counts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="signature",
                    name="petition",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="signatures",
                        to="proposals.petition",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    reverse_sql=f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "proposals_signature" ("petition_id")',
                ),
            ],
        ),
    ]
