"""Residents' questions move to ``proposals.questions``: the tables stay (``cms_question``,
``cms_questionfollow``), only Django's idea of which app owns them changes.

Here, while ``cms`` still owns the model, a question trades its khokimiyat page for the
page's territory (a feature must not point at a page of the page layer); then ``cms`` forgets
the models without touching the tables. ``proposals.0007_questions_from_cms`` takes them
over and moves their content types, so generic keys, audit-log rows and permissions follow.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_territory(apps, schema_editor):
    Question = apps.get_model("cms", "Question")
    KhokimiyatPage = apps.get_model("cms", "KhokimiyatPage")
    territory = KhokimiyatPage.objects.filter(pk=OuterRef("khokimiyat_id")).values("territory_id")[:1]
    Question.objects.update(territory_id=Subquery(territory))


def fill_khokimiyat(apps, schema_editor):
    """Backwards: each question goes back to its territory's (first) khokimiyat page."""
    Question = apps.get_model("cms", "Question")
    KhokimiyatPage = apps.get_model("cms", "KhokimiyatPage")
    page = KhokimiyatPage.objects.filter(territory_id=OuterRef("territory_id")).order_by("pk").values("pk")[:1]
    Question.objects.update(khokimiyat_id=Subquery(page))


class Migration(migrations.Migration):

    dependencies = [
        ("cms", "0006_second_person_approval"),
        ("participation", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
            name="territory",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="questions",
                to="participation.territory",
                verbose_name="territory",
            ),
        ),
        migrations.RunPython(fill_territory, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="question",
            name="territory",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="questions",
                to="participation.territory",
                verbose_name="territory",
            ),
        ),
        migrations.RemoveIndex(model_name="question", name="question_listing"),
        migrations.AlterField(
            model_name="question",
            name="khokimiyat",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="questions",
                to="cms.khokimiyatpage",
                verbose_name="khokimiyat",
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, fill_khokimiyat),
        migrations.RemoveField(model_name="question", name="khokimiyat"),
        migrations.AddIndex(
            model_name="question",
            index=models.Index(fields=["territory", "status", "due_at"], name="question_listing"),
        ),
        # From here on the models are ``proposals``'; the tables are left as they are.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="QuestionFollow"),
                migrations.DeleteModel(name="Question"),
            ],
            database_operations=[],
        ),
    ]
