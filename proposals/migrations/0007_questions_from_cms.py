"""Residents' questions join ``proposals`` (``proposals.questions``), keeping their tables.

``cms.0007_questions_move_to_proposals`` reshaped the table (a territory instead of a
khokimiyat page) and let go of the models; here ``proposals`` takes them over without
touching the database, and the content types move from ``cms`` to ``proposals`` so that
generic keys (moderation items, Wagtail's audit log, search index entries) and permissions
keep pointing at the same rows.
"""

import django.db.models.deletion
import modelsearch.index
from django.conf import settings
from django.contrib.contenttypes.models import ContentType as LiveContentType
from django.db import migrations, models

MODELS = ("question", "questionfollow")


def _move_content_types(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if ContentType.objects.filter(app_label=target, model=model).exists():
            continue  # already there (a fresh database creates it after migrating)
        ContentType.objects.filter(app_label=source, model=model).update(app_label=target)
    LiveContentType.objects.clear_cache()


def content_types_to_proposals(apps, schema_editor):
    _move_content_types(apps, "cms", "proposals")


def content_types_to_cms(apps, schema_editor):
    _move_content_types(apps, "proposals", "cms")


class Migration(migrations.Migration):

    dependencies = [
        ("cms", "0007_questions_move_to_proposals"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("participation", "0005_territory_population"),
        ("proposals", "0006_comments_and_follows_move_to_core"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Question',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('text', models.TextField(max_length=4000, verbose_name='question')),
                        ('topic', models.CharField(choices=[('roads', 'Roads and transport'), ('water', 'Drinking water and sewerage'), ('energy', 'Electricity and gas'), ('education', 'Schools and kindergartens'), ('health', 'Health'), ('social', 'Social support'), ('land', 'Land and construction'), ('services', 'Public services'), ('other', 'Other')], max_length=16, verbose_name='topic')),
                        ('status', models.CharField(choices=[('pending', 'Awaiting moderation'), ('published', 'Published'), ('rejected', 'Rejected')], db_index=True, default='pending', max_length=16, verbose_name='status')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='asked at')),
                        ('moderated_at', models.DateTimeField(blank=True, null=True)),
                        ('rejection_reason', models.TextField(blank=True, max_length=1000, verbose_name='reason for rejection')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                        ('due_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='answer due')),
                        ('extended_at', models.DateTimeField(blank=True, null=True)),
                        ('extension_note', models.TextField(blank=True, max_length=1000, verbose_name='reason for more time')),
                        ('answer', models.TextField(blank=True, max_length=8000, verbose_name='answer')),
                        ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered at')),
                        ('answered_office', models.CharField(blank=True, max_length=200, verbose_name='answered by')),
                        ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                        ('extended_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('moderated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('territory', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='questions', to='participation.territory', verbose_name='territory')),
                    ],
                    options={
                        'verbose_name': 'public question',
                        'verbose_name_plural': 'public questions',
                        'db_table': 'cms_question',
                        'ordering': ['-published_at', '-created_at'],
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name='QuestionFollow',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('notified_at', models.DateTimeField(blank=True, null=True)),
                        ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follows', to='proposals.question')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='question_follows', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'cms_questionfollow',
                    },
                ),
                migrations.AddIndex(
                    model_name='question',
                    index=models.Index(fields=['territory', 'status', 'due_at'], name='question_listing'),
                ),
                migrations.AddConstraint(
                    model_name='question',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'published'), _negated=True), models.Q(('published_at__isnull', False), ('due_at__isnull', False)), _connector='OR'), name='question_published_has_deadline'),
                ),
                migrations.AddConstraint(
                    model_name='question',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'rejected'), _negated=True), models.Q(('rejection_reason', ''), _negated=True), _connector='OR'), name='question_rejection_has_reason'),
                ),
                migrations.AddConstraint(
                    model_name='question',
                    constraint=models.CheckConstraint(condition=models.Q(('answered_at__isnull', True), models.Q(('status', 'published'), models.Q(('answer', ''), _negated=True)), _connector='OR'), name='question_answer_only_when_published'),
                ),
                migrations.AddConstraint(
                    model_name='question',
                    constraint=models.CheckConstraint(condition=models.Q(('extended_at__isnull', True), models.Q(('extension_note', ''), _negated=True), _connector='OR'), name='question_extension_has_note'),
                ),
                migrations.AddConstraint(
                    model_name='questionfollow',
                    constraint=models.UniqueConstraint(fields=('question', 'user'), name='follow_question_once'),
                ),

            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_proposals, content_types_to_cms),
    ]
