"""Comments and follows of budget projects move to the core's generic tables
(``participation.Comment``, ``participation.Follow``): every row is copied, the moderation
items and flags that pointed at a project comment are pointed at its copy, and then the old
tables are dropped. Nothing is lost: authors, dates, approvals and rejections come along."""

from django.db import migrations


def _content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def move_to_core(apps, schema_editor):
    ProjectComment = apps.get_model("proposals", "ProjectComment")
    ProjectFollow = apps.get_model("proposals", "ProjectFollow")
    Comment = apps.get_model("participation", "Comment")
    Follow = apps.get_model("participation", "Follow")
    ModerationItem = apps.get_model("participation", "ModerationItem")
    Flag = apps.get_model("participation", "Flag")
    if not ProjectComment.objects.exists() and not ProjectFollow.objects.exists():
        return
    project_type = _content_type(apps, "proposals", "project")
    old_type = _content_type(apps, "proposals", "projectcomment")
    comment_type = _content_type(apps, "participation", "comment")
    for old in ProjectComment.objects.order_by("pk").iterator():
        new = Comment.objects.create(
            content_type=project_type, object_id=old.project_id, author_id=old.author_id, text=old.text,
            created_at=old.created_at, approved_at=old.approved_at, rejected_at=old.rejected_at,
        )
        for model in (ModerationItem, Flag):
            model.objects.filter(content_type=old_type, object_id=old.pk).update(
                content_type=comment_type, object_id=new.pk
            )
    Follow.objects.bulk_create(
        Follow(content_type=project_type, object_id=old.project_id, user_id=old.user_id, created_at=old.created_at)
        for old in ProjectFollow.objects.order_by("pk").iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("participation", "0006_comments_and_follows"),
        ("proposals", "0005_project_comments"),
    ]

    operations = [
        # Going back recreates the old tables empty; the copies stay in the core's tables.
        migrations.RunPython(move_to_core, migrations.RunPython.noop),
        migrations.DeleteModel(name="ProjectComment"),
        migrations.DeleteModel(name="ProjectFollow"),
    ]
