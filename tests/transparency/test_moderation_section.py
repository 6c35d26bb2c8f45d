"""The moderation section against figures computed by hand."""

from itertools import count

from django.contrib.contenttypes.models import ContentType

from participation.models import ModerationItem, ReasonCode
from participation.moderation import report
from participation.transparency.periods import period_parse
from tests.factories.accounts import UserFactory
from tests.transparency.conftest import at

OBJECT_IDS = count(1)


def item(territory, *, created_at, due_at, kind="review", decided_at=None, outcome="", reason=None):
    moderator = UserFactory() if decided_at else None
    return ModerationItem.objects.create(
        decided_by=moderator,
        content_type=ContentType.objects.get_for_model(ModerationItem),
        object_id=next(OBJECT_IDS),
        kind=kind,
        territory=territory,
        title="Matn",
        created_at=created_at,
        due_at=due_at,
        decided_at=decided_at,
        outcome=outcome,
        reason=reason,
    )


def test_march_counts_decisions_by_reason_speed_overdue_and_appeals(tree):
    # The migration's reason codes, unless a browser test's flush took them.
    reason = ReasonCode.objects.order_by("position").first() or ReasonCode.objects.create(code="spam", label_uz="Spam")
    item(tree.navbahor, created_at=at(3, 1), due_at=at(3, 4), decided_at=at(3, 3), outcome="approve")  # 2 days
    item(
        tree.yangiqorgon, created_at=at(3, 2), due_at=at(3, 5), decided_at=at(3, 8), outcome="reject", reason=reason
    )  # 6 days
    item(tree.yangiqorgon, created_at=at(3, 25), due_at=at(3, 28))  # overdue at the end of March
    item(tree.yangiqorgon, created_at=at(3, 26), due_at=at(4, 2))  # not yet due
    item(
        tree.yangiqorgon, kind="appeal", created_at=at(3, 9), due_at=at(3, 12), decided_at=at(3, 11), outcome="approve"
    )
    item(tree.zomin, created_at=at(3, 1), due_at=at(3, 4), decided_at=at(3, 3), outcome="approve")  # elsewhere

    section = report.compute(tree.yangiqorgon, period_parse("2026-03"))

    assert {i["key"]: i["value"] for i in section["figures"]} == {
        "decided": 2,
        "approved": 1,
        "rejected": 1,
        "median_days_to_decide": 4.0,
        "overdue": 1,
        "appeals_decided": 1,
        "appeals_granted": 1,
    }
    (by_reason,) = section["tables"]
    assert [(row["key"], row["value"]) for row in by_reason["rows"]] == [(reason.code, 1)]
