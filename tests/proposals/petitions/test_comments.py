"""Comments on petitions: residents discuss a published petition on its page; the territory's
moderators read each comment first, in the same queue as everything else."""

from unittest import mock

import pytest

from participation.comments.models import Comment
from participation.comments.selectors import comments_of
from participation.comments.services import COMMENT_NOT_VERIFIED, comment_post
from participation.exceptions import ServiceError
from participation.models import ModerationItem, ModerationOutcome, ReasonCode, VerificationLevel
from participation.moderation.services import moderation_decide
from proposals.petitions.comments import COMMENT_NOT_PUBLIC
from proposals.petitions.models import PetitionStatus as S
from tests.fixtures.clock import T0


def _item_of(comment: Comment) -> ModerationItem:
    return ModerationItem.objects.get(content_type__model="comment", object_id=comment.pk, decided_at__isnull=True)


@pytest.mark.parametrize("status", [S.COLLECTING, S.THRESHOLD_REACHED])
def test_a_published_petition_takes_comments_into_its_territorys_queue(make_petition, resident, tree, status):
    petition = make_petition(status)
    comment = comment_post(petition, author=resident(), text="Men ham shu yoʻldan yuraman.", now=T0)
    item = _item_of(comment)
    assert item.territory == tree.yangiqorgon and item.title == petition.title
    assert comment.approved_at is None


@pytest.mark.parametrize("status", [S.DRAFT, S.GATHERING, S.MODERATION, S.REJECTED])
def test_an_unpublished_petition_takes_no_comments(make_petition, resident, status):
    petition = make_petition(status)
    with pytest.raises(ServiceError) as refused:
        comment_post(petition, author=resident(), text="Erta.", now=T0)
    assert refused.value.message == COMMENT_NOT_PUBLIC
    assert not comments_of(petition).exists()


def test_an_unconfirmed_account_may_not_comment(make_petition, resident):
    petition = make_petition(S.COLLECTING)
    with pytest.raises(ServiceError) as refused:
        comment_post(petition, author=resident(verification_level=VerificationLevel.NONE), text="Salom", now=T0)
    assert refused.value.message == COMMENT_NOT_VERIFIED


def test_the_petition_page_shows_a_comment_only_after_approval_with_its_reply(client, make_petition, resident, people):
    petition = make_petition(S.COLLECTING)
    url = f"/en/petitions/{petition.pk}/"
    client.force_login(resident(full_name="Dilnoza Karimova"))
    with mock.patch("django.utils.timezone.now", return_value=T0):
        assert "Sign in to comment" not in client.get(url).content.decode()
        response = client.post(f"{url}comment/", {"text": "<b>Qoʻllab-quvvatlayman</b>"})
        assert response.status_code == 302 and response["Location"].endswith("#comments")
        assert "Qoʻllab-quvvatlayman" not in client.get(url).content.decode()
        comment = comments_of(petition).get()
        moderation_decide(item=_item_of(comment), moderator=people.moderator, outcome=ModerationOutcome.APPROVE, now=T0)
        page = client.get(url).content.decode()
        assert "&lt;b&gt;Qoʻllab-quvvatlayman&lt;/b&gt;" in page and f'id="comment-{comment.pk}"' in page

        client.post(f"{url}comment/", {"text": "Rahmat!", "parent": comment.pk})
        reply = comments_of(petition).get(parent=comment)
        assert "Rahmat!" not in client.get(url).content.decode()
        moderation_decide(item=_item_of(reply), moderator=people.moderator, outcome=ModerationOutcome.APPROVE, now=T0)
        assert f'id="comment-{reply.pk}"' in client.get(url).content.decode()


def test_a_rejected_comment_never_appears(client, make_petition, resident, people):
    petition = make_petition(S.COLLECTING)
    comment = comment_post(petition, author=resident(), text="Reklama: arzon kredit!", now=T0)
    reason = ReasonCode.objects.get_or_create(code="spam", defaults={"label_uz": "Spam"})[0]
    moderation_decide(
        item=_item_of(comment),
        moderator=people.moderator,
        outcome=ModerationOutcome.REJECT,
        reason=reason,
        explanation="Reklama.",
        now=T0,
    )
    with mock.patch("django.utils.timezone.now", return_value=T0):
        assert "arzon kredit" not in client.get(f"/en/petitions/{petition.pk}/").content.decode()


def test_anonymous_visitors_are_asked_to_sign_in_and_nothing_is_written(client, make_petition):
    petition = make_petition(S.COLLECTING)
    url = f"/en/petitions/{petition.pk}/"
    with mock.patch("django.utils.timezone.now", return_value=T0):
        assert "Sign in to comment" in client.get(url).content.decode()
        response = client.post(f"{url}comment/", {"text": "Salom"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not comments_of(petition).exists()


def test_an_empty_comment_keeps_the_page_and_writes_nothing(client, make_petition, resident):
    petition = make_petition(S.COLLECTING)
    client.force_login(resident())
    with mock.patch("django.utils.timezone.now", return_value=T0):
        response = client.post(f"/en/petitions/{petition.pk}/comment/", {"text": "  "})
    assert response.status_code == 200 and "Write your comment." in response.content.decode()
    assert not comments_of(petition).exists()


def test_a_draft_shows_its_author_no_comment_section(client, make_petition, resident):
    author = resident()
    petition = make_petition(S.DRAFT, author=author)
    client.force_login(author)
    page = client.get(f"/en/petitions/{petition.pk}/").content.decode()
    assert 'id="comments"' not in page
