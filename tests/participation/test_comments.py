"""Comments in the core: any registered target takes them, replies go one level deep and only
under a published comment of the same page, everything waits for a moderator, and the budget
project comments written before the move kept their text, state and moderation history."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from participation.comments.models import Comment
from participation.comments.registry import comment_target_for
from participation.comments.selectors import comments_of, comments_public
from participation.comments.services import REPLY_NOT_HERE, REPLY_TOO_DEEP, comment_post
from participation.exceptions import ServiceError
from participation.models import ModerationItem, ModerationOutcome
from participation.moderation.services import moderation_decide
from proposals.petitions.models import PetitionStatus
from tests.fixtures.clock import T0
from tests.fixtures.concurrency import postgres_only


def _approve(comment, moderator):
    item = ModerationItem.objects.get(content_type__model="comment", object_id=comment.pk, decided_at__isnull=True)
    moderation_decide(item=item, moderator=moderator, outcome=ModerationOutcome.APPROVE, now=T0)
    comment.refresh_from_db()
    return comment


def test_replies_go_one_level_deep_under_a_published_comment(make_petition, resident, people):
    petition = make_petition(PetitionStatus.COLLECTING)
    first = comment_post(petition, author=resident(), text="Yoʻl juda yomon.", now=T0)
    with pytest.raises(ServiceError) as unpublished:
        comment_post(petition, author=resident(), text="Rost.", parent=first, now=T0)
    assert unpublished.value.message == REPLY_NOT_HERE
    _approve(first, people.moderator)
    reply = _approve(comment_post(petition, author=resident(), text="Rost.", parent=first, now=T0), people.moderator)
    with pytest.raises(ServiceError) as too_deep:
        comment_post(petition, author=resident(), text="Men ham.", parent=reply, now=T0)
    assert too_deep.value.message == REPLY_TOO_DEEP
    shown = comments_public(petition)
    assert shown == [first] and shown[0].public_replies == [reply]


def test_a_reply_must_answer_a_comment_of_the_same_page(make_petition, make_cycle, make_project, resident, people):
    petition = make_petition(PetitionStatus.COLLECTING)
    project = make_project(make_cycle("voting", at=T0))
    on_project = _approve(comment_post(project, author=resident(), text="Kerak.", now=T0), people.moderator)
    with pytest.raises(ServiceError) as refused:
        comment_post(petition, author=resident(), text="Javob.", parent=on_project, now=T0)
    assert refused.value.message == REPLY_NOT_HERE
    assert not comments_of(petition).exists()


def test_each_target_kind_routes_its_comments_to_its_own_page_and_territory(
    make_petition, make_cycle, make_project, resident, tree
):
    petition = make_petition(PetitionStatus.COLLECTING)
    project = make_project(make_cycle("voting", at=T0))
    for target, page in ((petition, f"/petitions/{petition.pk}/"), (project, f"/budget/projects/{project.pk}/")):
        comment = comment_post(target, author=resident(), text="Fikrim bor.", now=T0)
        item = ModerationItem.objects.get(content_type__model="comment", object_id=comment.pk)
        assert item.territory == tree.yangiqorgon and item.title == target.title
        assert comment_target_for(target).public_url(target).endswith(page)


def test_a_model_nobody_registered_takes_no_comments(tree, resident):
    with pytest.raises(LookupError):
        comment_post(tree.navbahor, author=resident(), text="Salom", now=T0)
    assert not Comment.objects.exists()


@postgres_only
@pytest.mark.django_db
def test_project_comments_and_follows_moved_with_their_moderation_items():
    """The data migration: old rows in ``ProjectComment``/``ProjectFollow`` and the queue items
    and reports pointing at those comments arrive in the core's tables, nothing lost.

    Runs on PostgreSQL, where the schema changes roll back with the test's transaction; SQLite
    cannot change its schema inside one, and a flushing test would disturb the others."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks when tables are dropped
    before = [("proposals", "0005_project_comments"), ("participation", "0005_territory_population")]
    after = [("proposals", "0006_comments_and_follows_move_to_core")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    territory = old.get_model("participation", "Territory").objects.create(
        path="9001", depth=1, kind="district", name_uz="Sinov tumani"
    )
    users = old.get_model("participation", "User").objects
    author = users.create(email="muallif@example.uz", full_name="Muallif", password="!")
    reader = users.create(email="oquvchi@example.uz", full_name="Oʻquvchi", password="!")
    category = old.get_model("proposals", "PBCategory").objects.create(slug="sinov", name_uz="Sinov")
    cycle = old.get_model("proposals", "Cycle").objects.create(
        territory=territory, title="Sinov", budget=10, max_project_cost=5, created_at=T0
    )
    project = old.get_model("proposals", "Project").objects.create(
        cycle=cycle,
        author=author,
        title="Yoʻl",
        description="Yoʻl",
        category=category,
        mahalla=territory,
        estimated_cost=5,
        created_at=T0,
    )
    comments = old.get_model("proposals", "ProjectComment").objects
    comments.create(project=project, author=reader, text="Kerak!", created_at=T0, approved_at=T0)
    waiting = comments.create(project=project, author=reader, text="Qachon?", created_at=T0 + timedelta(hours=1))
    old.get_model("proposals", "ProjectFollow").objects.create(project=project, user=reader, created_at=T0)
    content_types = old.get_model("contenttypes", "ContentType").objects
    old_type = content_types.get_or_create(app_label="proposals", model="projectcomment")[0]
    item = old.get_model("participation", "ModerationItem").objects.create(
        content_type=old_type,
        object_id=waiting.pk,
        kind="review",
        territory=territory,
        title="Yoʻl",
        created_at=T0,
        due_at=T0 + timedelta(days=3),
    )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    project_type = content_types.get(app_label="proposals", model="project")
    moved = {
        c.text: c
        for c in new.get_model("participation", "Comment").objects.filter(
            content_type_id=project_type.pk, object_id=project.pk
        )
    }
    assert set(moved) == {"Kerak!", "Qachon?"}
    assert moved["Kerak!"].approved_at == T0 and moved["Qachon?"].approved_at is None
    assert moved["Kerak!"].author_id == reader.pk and moved["Qachon?"].created_at == T0 + timedelta(hours=1)
    moved_item = new.get_model("participation", "ModerationItem").objects.get(pk=item.pk)
    assert (moved_item.content_type.model, moved_item.object_id) == ("comment", moved["Qachon?"].pk)
    follow = new.get_model("participation", "Follow").objects.get()
    assert (follow.content_type_id, follow.object_id, follow.user_id) == (project_type.pk, project.pk, reader.pk)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # the test's transaction undoes all of it
