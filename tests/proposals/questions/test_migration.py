"""Moving questions from ``cms`` to ``proposals`` keeps every row, gives each its territory and
keeps its content type (so moderation items, audit-log rows and permissions still point at it).

Migrations are run backwards and forwards for real, so this runs on PostgreSQL, the database
production uses; elsewhere it is skipped, visibly.
"""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cms.models import KhokimiyatPage
from proposals.questions.models import Question, QuestionFollow
from tests.factories import UserFactory
from tests.fixtures.concurrency import postgres_only

BEFORE = [("cms", "0006_second_person_approval"), ("proposals", "0005_project_comments")]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_questions_move_to_proposals_with_their_rows_territory_and_content_type(tree, home_page):
    page = home_page.add_child(
        instance=KhokimiyatPage(
            title="Yangiqoʻrgʻon tumani hokimligi",
            slug="yangiqorgon",
            territory=tree.yangiqorgon,
            address="Mustaqillik koʻchasi 1",
        )
    )
    author = UserFactory()
    content_type_id = ContentType.objects.get_for_model(Question).pk
    permission_ids = set(Permission.objects.filter(content_type_id=content_type_id).values_list("pk", flat=True))
    assert permission_ids  # Django made add / change / delete / view

    old_apps = _migrate(BEFORE).loader.project_state(BEFORE).apps
    ContentType.objects.clear_cache()
    assert ContentType.objects.get(pk=content_type_id).app_label == "cms"  # as before the move
    OldQuestion = old_apps.get_model("cms", "Question")
    OldFollow = old_apps.get_model("cms", "QuestionFollow")
    old = OldQuestion.objects.create(
        khokimiyat_id=page.pk,
        author_id=author.pk,
        title="Suv qachon keladi?",
        text="Uch kundan beri suv yoʻq.",
        topic="water",
    )
    OldFollow.objects.create(question_id=old.pk, user_id=author.pk)

    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    question = Question.objects.get(pk=old.pk)
    assert (question.title, question.author_id, question.status) == ("Suv qachon keladi?", author.pk, "pending")
    assert question.territory_id == tree.yangiqorgon.pk
    assert list(QuestionFollow.objects.filter(question=question).values_list("user_id", flat=True)) == [author.pk]
    content_type = ContentType.objects.get_for_model(Question)
    assert (content_type.pk, content_type.app_label) == (content_type_id, "proposals")
    assert set(Permission.objects.filter(content_type=content_type).values_list("pk", flat=True)) == permission_ids
    assert not ContentType.objects.filter(app_label="cms", model="question").exists()
