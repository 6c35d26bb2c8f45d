"""The lists stay on indexes at any size: partial indexes for each sort of the petitions list
and the questions list, and the petitions' search keys in a row of their own with a trigram
index (PostgreSQL only; SQLite, used by ``make run``, searches them by scanning)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TRIGRAM_INDEX = "petition_search_key_trgm"


def copy_search_keys(apps, schema_editor):
    """Every petition's search key, as ``Petition.search_text`` already holds it."""
    schema_editor.execute(
        "INSERT INTO proposals_petitionsearch (petition_id, key) SELECT id, search_text FROM proposals_petition"
    )


def trigram_index(apps, schema_editor):
    # pg_trgm turns LIKE '%word%' into an index lookup (for words of three letters or more).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON proposals_petitionsearch USING gin (key gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('participation', '0007_outbox_and_notification_claims'),
        ('proposals', '0010_budget_background_publication'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PetitionSearch',
            fields=[
                ('petition', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search', serialize=False, to='proposals.petition')),
                ('key', models.TextField(blank=True)),
            ],
        ),
        migrations.RemoveIndex(
            model_name='petition',
            name='petition_status_published',
        ),
        migrations.RemoveIndex(
            model_name='petition',
            name='petition_status_closes',
        ),
        migrations.RemoveIndex(
            model_name='petition',
            name='petition_most_signed',
        ),
        migrations.AlterField(
            model_name='petition',
            name='territory',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='petitions', to='participation.territory', verbose_name='addressed to'),
        ),
        migrations.AddIndex(
            model_name='petition',
            index=models.Index(condition=models.Q(('status__in', ['answered', 'closed', 'collecting', 'threshold'])), fields=['-published_at', '-id'], name='petition_public_newest'),
        ),
        migrations.AddIndex(
            model_name='petition',
            index=models.Index(condition=models.Q(('status__in', ['answered', 'closed', 'collecting', 'threshold'])), fields=['-signature_count', '-published_at', '-id'], name='petition_public_most_signed'),
        ),
        migrations.AddIndex(
            model_name='petition',
            index=models.Index(condition=models.Q(('status__in', ['collecting', 'threshold'])), fields=['closes_at', 'id'], name='petition_signing_closes'),
        ),
        migrations.AddIndex(
            model_name='petition',
            index=models.Index(fields=['territory', 'status'], name='petition_territory_status'),
        ),
        migrations.AddIndex(
            model_name='question',
            index=models.Index(condition=models.Q(('status', 'published')), fields=['territory', '-published_at', '-id'], name='question_published_newest'),
        ),
        migrations.AddIndex(
            model_name='question',
            index=models.Index(condition=models.Q(('answered_at__isnull', True), ('status', 'published')), fields=['territory', 'due_at'], name='question_awaiting_due'),
        ),
        migrations.RunPython(copy_search_keys, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
