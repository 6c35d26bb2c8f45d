"""Comments on budget projects: open while the phase says so, shown only after a moderator has
read them, escaped, and the project page's queries do not grow with them."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation.comments.models import Comment
from participation.comments.selectors import comments_of
from participation.exceptions import ServiceError
from participation.models import ModerationItem, ModerationOutcome, ReasonCode, StaffRoleKind, VerificationLevel
from participation.moderation.services import moderation_decide
from proposals.budgeting.models import ProjectStatus
from proposals.budgeting.services import projects as svc
from tests.fixtures.clock import T0

XSS = "<script>alert('x')</script> Yoʻl kerak!"


@pytest.mark.parametrize(
    "phase, open_",
    [("submission", True), ("review", True), ("voting", True), ("results", False), ("implementation", True)],
)
def test_comments_follow_the_phase(make_cycle, make_project, resident, phase, open_):
    project = make_project(make_cycle(phase), status=ProjectStatus.FEASIBLE)
    if open_:
        assert svc.project_comment(project, author=resident(), text="Juda kerakli loyiha.", now=T0).approved_at is None
    else:
        with pytest.raises(ServiceError) as refused:
            svc.project_comment(project, author=resident(), text="Kech qoldim.", now=T0)
        assert refused.value.message == svc.COMMENT_CLOSED
        assert not Comment.objects.exists() and not ModerationItem.objects.exists()


def test_bad_comments_are_refused_and_nothing_is_written(make_cycle, make_project, resident):
    cycle = make_cycle("voting")
    project = make_project(cycle)
    for text, message in (("  ", svc.COMMENT_REQUIRED), ("x" * (Comment.TEXT_MAX + 1), None)):
        with pytest.raises(ServiceError) as refused:
            svc.project_comment(project, author=resident(), text=text, now=T0)
        if message:
            assert refused.value.message == message
    with pytest.raises(ServiceError) as unverified:
        svc.project_comment(project, author=resident(verification_level=VerificationLevel.NONE), text="x", now=T0)
    assert unverified.value.message == svc.COMMENT_NOT_VERIFIED
    hidden = make_project(cycle, status=ProjectStatus.MODERATION)
    with pytest.raises(ServiceError) as not_public:
        svc.project_comment(hidden, author=resident(), text="x", now=T0)
    assert not_public.value.message == svc.COMMENT_NOT_PUBLIC
    assert not Comment.objects.exists()


def test_a_comment_appears_after_approval_escaped_and_a_rejected_one_never(
    client, tree, make_staff, make_cycle, make_project, resident
):
    moderator = make_staff(StaffRoleKind.MODERATOR, tree.yangiqorgon)
    project = make_project(make_cycle("voting", at=T0))
    author = resident(full_name="Salima Opa")
    url = f"/uz/budget/projects/{project.pk}/"
    with mock.patch("django.utils.timezone.now", return_value=T0):
        client.force_login(author)
        response = client.post(f"{url}comment/", {"text": XSS})
        assert response.status_code == 302
        assert "alert" not in client.get(url).content.decode()  # waiting for the moderator
        item = ModerationItem.objects.get(content_type__model="comment")
        assert item.territory == tree.yangiqorgon
        moderation_decide(item=item, moderator=moderator, outcome=ModerationOutcome.APPROVE, now=T0)
        page = client.get(url).content.decode()
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Yoʻl kerak!" in page and "<script>alert" not in page
        assert "Salima" in page

        other = svc.project_comment(project, author=resident(), text="Reklama: arzon sement!", now=T0)
        reason = ReasonCode.objects.get_or_create(code="spam", defaults={"label_uz": "Spam"})[0]
        moderation_decide(
            item=ModerationItem.objects.get(object_id=other.pk, content_type__model="comment"),
            moderator=moderator,
            outcome=ModerationOutcome.REJECT,
            reason=reason,
            explanation="Reklama.",
            now=T0,
        )
        assert "arzon sement" not in client.get(url).content.decode()


def test_an_empty_comment_keeps_the_page_and_writes_nothing(client, make_cycle, make_project, resident):
    project = make_project(make_cycle("voting", at=T0))
    client.force_login(resident())
    with mock.patch("django.utils.timezone.now", return_value=T0):
        response = client.post(f"/en/budget/projects/{project.pk}/comment/", {"text": ""})
    assert response.status_code == 200 and str(svc.COMMENT_REQUIRED) in response.content.decode()
    assert not Comment.objects.exists()


def test_the_project_page_queries_do_not_grow_with_comments(client, make_cycle, make_project, resident):
    project = make_project(make_cycle("voting", at=T0))
    client.force_login(resident())

    def queries_with(count):
        existing = comments_of(project).count()
        for index in range(existing, count):
            Comment.objects.create(
                target=project,
                author=resident(),
                text=f"Fikr {index}",
                created_at=T0 - timedelta(hours=index),
                approved_at=T0,
            )
        with mock.patch("django.utils.timezone.now", return_value=T0), CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/uz/budget/projects/{project.pk}/").status_code == 200
        return len(ctx.captured_queries)

    assert queries_with(3) == queries_with(30)
