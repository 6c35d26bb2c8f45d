"""The moderation core through its services, with petitions as the content."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import translation
from wagtail.models import ModelLogEntry

from participation.exceptions import ServiceError
from participation.models import (
    Flag,
    ModerationItem,
    ModerationKind,
    ModerationPriority,
    ReasonCode,
)
from participation.models import (
    ModerationOutcome as O,
)
from participation.moderation import services as mod
from participation.selectors import moderation_queue
from proposals.petitions.models import PetitionStatus as S
from tests.fixtures.clock import T0


@pytest.fixture
def waiting(make_petition):
    """A petition in moderation and its open review item."""
    petition = make_petition(S.MODERATION)
    return petition, ModerationItem.objects.get(object_id=petition.pk, decided_at__isnull=True)


def reason(code="duplicate"):
    return ReasonCode.objects.get(code=code)


@pytest.mark.django_db
def test_the_shipped_reasons_follow_the_legal_exclusion_list():
    codes = set(ReasonCode.objects.values_list("code", flat=True))
    assert {
        "violence-hatred",
        "honour-dignity",
        "personal-data",
        "duplicate",
        "not-competence",
        "commercial-spam",
    } <= codes
    with translation.override("ru"):
        assert reason("violence-hatred").label == "Призывы к насилию или ненависти"
    with translation.override("uz-cyrl"):
        assert reason("duplicate").label.startswith("Такрорий")


@pytest.mark.django_db
def test_an_item_is_due_in_five_working_days(waiting):
    _petition, item = waiting
    assert item.created_at == T0  # a Monday
    assert item.due_at == T0 + timedelta(days=7)


@pytest.mark.django_db
def test_approval_publishes_the_petition_and_starts_its_window(waiting, people):
    petition, item = waiting
    mod.moderation_decide(item=item, moderator=people.moderator, outcome=O.APPROVE, now=T0)
    petition.refresh_from_db()
    assert petition.status == S.COLLECTING
    assert petition.published_at == T0 and petition.closes_at == T0 + timedelta(days=90)


@pytest.mark.django_db
def test_a_rejection_needs_a_reason_and_an_explanation(waiting, people):
    petition, item = waiting
    for kwargs in ({"reason": None, "explanation": "Sabab"}, {"reason": reason(), "explanation": "  "}):
        with pytest.raises(ServiceError):
            mod.moderation_decide(item=item, moderator=people.moderator, outcome=O.REJECT, now=T0, **kwargs)
    item.refresh_from_db()
    petition.refresh_from_db()
    assert item.decided_at is None and petition.status == S.MODERATION


@pytest.mark.django_db
def test_the_author_is_told_the_reason_and_may_appeal(waiting, people, django_capture_on_commit_callbacks):
    petition, item = waiting
    petition.author.preferred_language = "ru"
    petition.author.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mod.moderation_decide(
            item=item,
            moderator=people.moderator,
            outcome=O.REJECT,
            reason=reason(),
            explanation="Xuddi shunday petitsiya №12 bor.",
            now=T0,
        )
    petition.refresh_from_db()
    assert petition.status == S.REJECTED and petition.rejection_reason.code == "duplicate"
    [message] = [m for m in mail.outbox if m.to == [petition.author.email]]
    assert "Дубликат" in message.body and "Xuddi shunday petitsiya №12 bor." in message.body
    assert "http" in message.body


@pytest.mark.django_db
def test_a_decision_is_logged_with_before_and_after(waiting, people):
    _petition, item = waiting
    mod.moderation_decide(
        item=item,
        moderator=people.moderator,
        outcome=O.REJECT,
        reason=reason("commercial-spam"),
        explanation="Reklama",
        now=T0,
    )
    entry = ModelLogEntry.objects.get(action="participation.moderation_decided", object_id=str(item.pk))
    assert entry.user_id == people.moderator.pk
    assert entry.data["before"]["outcome"] == "" and entry.data["after"]["outcome"] == "reject"
    assert entry.data["after"]["reason"] == "commercial-spam"


@pytest.mark.django_db
def test_decided_once_and_only_by_moderators_of_the_territory(waiting, people):
    petition, item = waiting
    for outsider in (people.zomin_moderator, people.responder, petition.author):
        with pytest.raises(ServiceError):
            mod.moderation_decide(item=item, moderator=outsider, outcome=O.APPROVE, now=T0)
    mod.moderation_decide(item=item, moderator=people.moderator, outcome=O.APPROVE, now=T0)
    with pytest.raises(ServiceError) as again:
        mod.moderation_decide(
            item=item, moderator=people.manager, outcome=O.REJECT, reason=reason(), explanation="x", now=T0
        )
    assert again.value.message == mod.ALREADY_DECIDED


@pytest.mark.django_db
def test_one_appeal_goes_to_a_different_moderator(waiting, people):
    petition, item = waiting
    mod.moderation_decide(
        item=item, moderator=people.moderator, outcome=O.REJECT, reason=reason(), explanation="Takror", now=T0
    )
    with pytest.raises(ServiceError):
        mod.moderation_appeal(item=item, author=people.moderator2, text="Men ham", now=T0)
    appeal = mod.moderation_appeal(item=item, author=petition.author, text="Bu takror emas: boshqa koʻcha.", now=T0)
    petition.refresh_from_db()
    assert petition.status == S.MODERATION and appeal.kind == ModerationKind.APPEAL
    with pytest.raises(ServiceError) as same:
        mod.moderation_decide(item=appeal, moderator=people.moderator, outcome=O.APPROVE, now=T0)
    assert same.value.message == mod.NOT_ALLOWED_APPEAL_SAME
    mod.moderation_decide(item=appeal, moderator=people.moderator2, outcome=O.APPROVE, now=T0)
    petition.refresh_from_db()
    assert petition.status == S.COLLECTING
    with pytest.raises(ServiceError) as twice:
        mod.moderation_appeal(item=item, author=petition.author, text="Yana", now=T0)
    assert twice.value.message == mod.APPEAL_ALREADY


@pytest.mark.django_db
def test_an_approval_cannot_be_appealed(waiting, people):
    petition, item = waiting
    mod.moderation_decide(item=item, moderator=people.moderator, outcome=O.APPROVE, now=T0)
    with pytest.raises(ServiceError):
        mod.moderation_appeal(item=item, author=petition.author, text="?", now=T0)


@pytest.mark.django_db
def test_reports_raise_priority_but_never_hide(make_petition, people, resident, settings):
    settings.MODERATION_FLAGS_TO_RAISE = 3
    petition = make_petition(S.COLLECTING, moderator=people.moderator)
    reporters = [resident() for _ in range(3)]
    for number, reporter in enumerate(reporters, start=1):
        item = mod.moderation_flag(user=reporter, obj=petition, reason=reason("honour-dignity"), text="Haqorat", now=T0)
        assert item.flag_count == number
        assert item.priority == (ModerationPriority.RAISED if number >= 3 else ModerationPriority.NORMAL)
    with pytest.raises(ServiceError) as again:
        mod.moderation_flag(user=reporters[0], obj=petition, reason=reason("honour-dignity"), now=T0)
    assert again.value.message == mod.FLAG_ALREADY
    petition.refresh_from_db()
    assert petition.status == S.COLLECTING
    assert ModerationItem.objects.filter(object_id=petition.pk, kind=ModerationKind.FLAGS).count() == 1
    assert Flag.objects.filter(object_id=petition.pk).count() == 3


@pytest.mark.django_db
def test_reports_need_published_content_and_a_resident_reason(make_petition, resident):
    draft = make_petition(S.DRAFT)
    with pytest.raises(ServiceError):
        mod.moderation_flag(user=resident(), obj=draft, reason=reason("duplicate"), now=T0)
    assert not ModerationItem.objects.filter(kind=ModerationKind.FLAGS).exists()


@pytest.mark.django_db
def test_a_moderator_takes_down_reported_content(make_petition, people, resident):
    petition = make_petition(S.COLLECTING, moderator=people.moderator)
    item = mod.moderation_flag(user=resident(), obj=petition, reason=reason("personal-data"), now=T0)
    mod.moderation_decide(
        item=item,
        moderator=people.moderator2,
        outcome=O.REJECT,
        reason=reason("personal-data"),
        explanation="Qoʻshnining telefon raqami bor.",
        now=T0,
    )
    petition.refresh_from_db()
    assert petition.status == S.REJECTED


@pytest.mark.django_db
def test_dismissed_reports_leave_the_petition_as_it_was(make_petition, people, resident):
    petition = make_petition(S.COLLECTING, moderator=people.moderator)
    item = mod.moderation_flag(user=resident(), obj=petition, reason=reason("commercial-spam"), now=T0)
    mod.moderation_decide(item=item, moderator=people.moderator2, outcome=O.APPROVE, now=T0)
    petition.refresh_from_db()
    assert petition.status == S.COLLECTING


@pytest.mark.django_db
def test_the_queue_is_scoped_and_most_urgent_first(make_petition, people, resident, tree, settings):
    settings.MODERATION_FLAGS_TO_RAISE = 1
    ours_waiting = make_petition(S.MODERATION)
    zomin_waiting = make_petition(S.MODERATION, territory=tree.zomin, author=resident(mahalla=tree.duoba))
    reported = make_petition(S.COLLECTING, moderator=people.moderator)
    mod.moderation_flag(user=resident(), obj=reported, reason=reason("commercial-spam"), now=T0 + timedelta(days=1))
    queue = list(moderation_queue(people.moderator))
    assert [item.object_id for item in queue] == [reported.pk, ours_waiting.pk]
    assert zomin_waiting.pk not in [item.object_id for item in queue]
    assert [i.object_id for i in moderation_queue(people.zomin_moderator)] == [zomin_waiting.pk]
    assert list(moderation_queue(people.responder)) == []


@pytest.mark.django_db
def test_a_system_flag_is_urgent_and_idempotent(make_petition, people):
    petition = make_petition(S.COLLECTING, moderator=people.moderator)
    first = mod.moderation_flag_system(petition, note="100 signatures from one address", now=T0)
    second = mod.moderation_flag_system(petition, note="100 signatures from one address", now=T0)
    assert first.pk == second.pk and second.priority == ModerationPriority.URGENT
