"""Writes of the moderation core: submit for review, flag, decide, appeal.

Each decision locks the item, checks the moderator's permission and the item's state under
that lock, records who / what / when / before / after in Wagtail's audit log, tells the
content's app through its adapter in the same transaction, and e-mails the author after
commit. A refused action raises ``ServiceError`` and changes nothing.
"""

from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from participation.calendar import add_working_days
from participation.exceptions import ServiceError
from participation.mail import email_users_once, single_line
from participation.models import (
    Flag,
    ModerationItem,
    ModerationKind,
    ModerationOutcome,
    ModerationPriority,
    ReasonCode,
    User,
)
from participation.moderation.registry import adapter_for
from participation.queue import enqueue_on_commit
from participation.ratelimit import rate_limit
from participation.web.page_cache import pages_changed

NOT_ALLOWED_DECIDE = _("You may decide only items of the territories where you are a moderator or manager.")
NOT_ALLOWED_APPEAL_SAME = _("An appeal must be decided by a different moderator than the first decision.")
ALREADY_DECIDED = _("This item has already been decided.")
OUTCOME_UNKNOWN = _("Choose a decision.")
REASON_REQUIRED = _("Choose the reason for the rejection.")
REASON_UNKNOWN = _("Choose a reason from the list.")
EXPLANATION_REQUIRED = _("Explain the decision to the author in a few words.")
EXPLANATION_TOO_LONG = _("The explanation is too long: at most %(limit)d characters.")
FLAG_SIGN_IN = _("Sign in to report content.")
FLAG_NOT_PUBLISHED = _("Only published content can be reported.")
FLAG_ALREADY = _("You have already reported this. Moderators will look at it.")
FLAG_TEXT_TOO_LONG = _("The description is too long: at most %(limit)d characters.")
APPEAL_NOT_AUTHOR = _("Only the author can appeal against this decision.")
APPEAL_NOT_REJECTED = _("Only a rejection can be appealed.")
APPEAL_ALREADY = _("You have already appealed once; the decision on the appeal is final.")
APPEAL_TEXT_REQUIRED = _("Explain why the decision should be changed.")
APPEAL_TEXT_TOO_LONG = _("The appeal is too long: at most %(limit)d characters.")
DECIDED_SUBJECT = _("Moderation decision: %(title)s")

EXPLANATION_MAX_LENGTH = 2000
APPEAL_MAX_LENGTH = 2000


def _content_type(obj) -> ContentType:
    return ContentType.objects.get_for_model(obj, for_concrete_model=True)


def _due(now: datetime) -> datetime:
    return add_working_days(now, settings.MODERATION_DUE_WORKING_DAYS)


def moderation_submit(obj, *, now: datetime | None = None, kind: str = ModerationKind.REVIEW) -> ModerationItem:
    """Put new content in its territory's queue, due in MODERATION_DUE_WORKING_DAYS working days.

    Call inside the transaction that changes the content's state. Idempotent: content
    already waiting returns its open item.
    """
    now = now or timezone.now()
    adapter = adapter_for(obj)
    item, _created = ModerationItem.objects.get_or_create(
        content_type=_content_type(obj),
        object_id=obj.pk,
        kind=kind,
        decided_at__isnull=True,
        defaults={
            "territory": adapter.territory(obj),
            "author": adapter.author(obj),
            "title": single_line(adapter.title(obj))[:255],
            "created_at": now,
            "due_at": _due(now),
        },
    )
    return item


def moderation_withdraw(obj, *, actor: User | None = None) -> int:
    """The author withdrew the content: nothing is left to decide, so its open items leave
    the queue (the reports themselves stay). Each removal is in the audit log. Call inside
    the transaction that withdraws the content. Returns how many items left the queue."""
    items = list(
        ModerationItem.objects.filter(content_type=_content_type(obj), object_id=obj.pk, decided_at__isnull=True)
    )
    for item in items:
        log(instance=item, action="participation.moderation_withdrawn", user=actor, data={"kind": item.kind})
    ModerationItem.objects.filter(pk__in=[item.pk for item in items]).delete()
    return len(items)


def _open_flags_item(obj, now: datetime) -> ModerationItem:
    """The open "reported" item of ``obj``, created if needed; locked for the caller."""
    content_type = _content_type(obj)
    lookup = {"content_type": content_type, "object_id": obj.pk, "kind": ModerationKind.FLAGS}
    item = ModerationItem.objects.select_for_update().filter(**lookup, decided_at__isnull=True).first()
    if item is not None:
        return item
    adapter = adapter_for(obj)
    try:
        # A savepoint: if another request opened the item a moment ago, use theirs.
        with transaction.atomic():
            return ModerationItem.objects.create(
                **lookup,
                territory=adapter.territory(obj),
                author=adapter.author(obj),
                title=single_line(adapter.title(obj))[:255],
                created_at=now,
                due_at=_due(now),
            )
    except IntegrityError:
        return ModerationItem.objects.select_for_update().get(**lookup, decided_at__isnull=True)


@transaction.atomic
def moderation_flag(
    *, user: User, obj, reason: ReasonCode, text: str = "", ip: str = "", now: datetime | None = None
) -> ModerationItem:
    """A signed-in person reports published content. Repeated reports raise the priority
    (at MODERATION_FLAGS_TO_RAISE reports) but never hide the content by themselves."""
    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False):
        raise ServiceError(FLAG_SIGN_IN)
    if not adapter_for(obj).is_published(obj):
        raise ServiceError(FLAG_NOT_PUBLISHED)
    if reason is None or not reason.is_active or not reason.for_flags:
        raise ServiceError(REASON_UNKNOWN)
    text = (text or "").strip()
    if len(text) > Flag._meta.get_field("text").max_length:
        raise ServiceError(FLAG_TEXT_TOO_LONG % {"limit": Flag._meta.get_field("text").max_length})
    content_type = _content_type(obj)
    if Flag.objects.filter(content_type=content_type, object_id=obj.pk, user=user).exists():
        raise ServiceError(FLAG_ALREADY)
    rate_limit("flag", user=user, ip=ip)
    item = _open_flags_item(obj, now)
    try:
        with transaction.atomic():
            Flag.objects.create(
                content_type=content_type,
                object_id=obj.pk,
                user=user,
                reason=reason,
                text=text,
                created_at=now,
                item=item,
            )
    except IntegrityError:
        raise ServiceError(FLAG_ALREADY) from None
    ModerationItem.objects.filter(pk=item.pk).update(flag_count=F("flag_count") + 1)
    item.refresh_from_db(fields=["flag_count", "priority"])
    if item.flag_count >= settings.MODERATION_FLAGS_TO_RAISE and item.priority < ModerationPriority.RAISED:
        ModerationItem.objects.filter(pk=item.pk).update(priority=ModerationPriority.RAISED)
        item.priority = ModerationPriority.RAISED
    return item


@transaction.atomic
def moderation_flag_system(obj, *, note: str, now: datetime | None = None) -> ModerationItem:
    """The platform itself reports content (e.g. a burst of signatures from one address):
    urgent, with a note saying what was seen. Idempotent while the item is open."""
    now = now or timezone.now()
    item = _open_flags_item(obj, now)
    note = single_line(note)[:500]
    if item.priority != ModerationPriority.URGENT or item.system_note != note:
        item.priority = ModerationPriority.URGENT
        item.system_note = note
        item.save(update_fields=["priority", "system_note"])
    return item


def _snapshot(item: ModerationItem) -> dict:
    return {
        "outcome": item.outcome,
        "reason": item.reason.code if item.reason_id else "",
        "explanation": item.explanation,
        "decided_at": item.decided_at.isoformat() if item.decided_at else None,
    }


@transaction.atomic
def moderation_decide(
    *,
    item: ModerationItem,
    moderator: User,
    outcome: str,
    reason: ReasonCode | None = None,
    explanation: str = "",
    now: datetime | None = None,
) -> ModerationItem:
    """Decide one item. A rejection needs a reason code and an explanation the author reads;
    an approval may carry an explanation. The author hears of it by e-mail after commit."""
    pages_changed()
    now = now or timezone.now()
    locked = ModerationItem.objects.select_for_update(of=("self",)).select_related("territory").get(pk=item.pk)
    if not moderator.has_perm("participation.decide_moderation", locked):
        if locked.excluded_moderator_id == moderator.pk:
            raise ServiceError(NOT_ALLOWED_APPEAL_SAME)
        raise ServiceError(NOT_ALLOWED_DECIDE)
    if locked.decided_at is not None:
        raise ServiceError(ALREADY_DECIDED)
    if outcome not in ModerationOutcome.values:
        raise ServiceError(OUTCOME_UNKNOWN)
    explanation = (explanation or "").strip()
    if outcome == ModerationOutcome.REJECT:
        if reason is None:
            raise ServiceError(REASON_REQUIRED)
        if not explanation:
            raise ServiceError(EXPLANATION_REQUIRED)
    if reason is not None and not reason.is_active:
        raise ServiceError(REASON_UNKNOWN)
    if len(explanation) > EXPLANATION_MAX_LENGTH:
        raise ServiceError(EXPLANATION_TOO_LONG % {"limit": EXPLANATION_MAX_LENGTH})
    before = _snapshot(locked)
    locked.outcome = outcome
    locked.reason = reason
    locked.explanation = explanation
    locked.decided_at = now
    locked.decided_by = moderator
    locked.save(update_fields=["outcome", "reason", "explanation", "decided_at", "decided_by"])
    content = locked.content
    adapter_for(content).decided(content, locked, moderator)
    log(
        instance=locked,
        action="participation.moderation_decided",
        user=moderator,
        data={
            "content": f"{locked.content_type.app_label}.{locked.content_type.model}:{locked.object_id}",
            "kind": locked.kind,
            "before": before,
            "after": _snapshot(locked),
        },
    )
    enqueue_on_commit("participation.tasks.notify_moderation_decision", item_id=locked.pk)
    item.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


@transaction.atomic
def moderation_appeal(*, item: ModerationItem, author: User, text: str, now: datetime | None = None) -> ModerationItem:
    """The author appeals a rejection, once. The appeal joins the queue and may not be
    decided by the moderator who rejected."""
    now = now or timezone.now()
    locked = ModerationItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    if author is None or locked.author_id != author.pk:
        raise ServiceError(APPEAL_NOT_AUTHOR)
    if locked.outcome != ModerationOutcome.REJECT:
        raise ServiceError(APPEAL_NOT_REJECTED)
    text = (text or "").strip()
    if not text:
        raise ServiceError(APPEAL_TEXT_REQUIRED)
    if len(text) > APPEAL_MAX_LENGTH:
        raise ServiceError(APPEAL_TEXT_TOO_LONG % {"limit": APPEAL_MAX_LENGTH})
    lookup = {"content_type_id": locked.content_type_id, "object_id": locked.object_id}
    if ModerationItem.objects.filter(**lookup, kind=ModerationKind.APPEAL).exists():
        raise ServiceError(APPEAL_ALREADY)
    try:
        with transaction.atomic():
            appeal = ModerationItem.objects.create(
                **lookup,
                kind=ModerationKind.APPEAL,
                territory_id=locked.territory_id,
                author=author,
                title=locked.title,
                created_at=now,
                due_at=_due(now),
                appeal_text=text,
                excluded_moderator_id=locked.decided_by_id,
            )
    except IntegrityError:
        raise ServiceError(APPEAL_ALREADY) from None
    content = locked.content
    adapter_for(content).appealed(content, appeal, author)
    log(instance=appeal, action="participation.moderation_appealed", user=author, data={"appeal_of": locked.pk})
    return appeal


def moderation_notify_author(*, item_id: int, now: datetime | None = None) -> bool:
    """E-mail the author the decision, its reason and how to appeal. Safe to run twice."""
    now = now or timezone.now()
    item = (
        ModerationItem.objects.select_related("author", "reason")
        .filter(pk=item_id, decided_at__isnull=False, author_notified_at__isnull=True, author__is_active=True)
        .first()
    )
    if item is None:
        return False
    content = item.content
    adapter = adapter_for(content)
    if item.outcome == ModerationOutcome.APPROVE and getattr(adapter, "announces_approval", False):
        # The content's own notice ("your petition is published") says it better.
        ModerationItem.objects.filter(pk=item.pk).update(author_notified_at=now)
        return False
    can_appeal = (
        item.outcome == ModerationOutcome.REJECT
        and item.kind != ModerationKind.APPEAL
        and not ModerationItem.objects.filter(
            content_type_id=item.content_type_id, object_id=item.object_id, kind=ModerationKind.APPEAL
        ).exists()
    )

    def subject():
        return DECIDED_SUBJECT % {"title": item.title}

    def url():
        return settings.SITE_URL + adapter.public_url(content)

    # Claimed per occasion like every other e-mail, so the author hears of a decision once
    # even when the outbox's sweep and the decision's own task both run it.
    sent = email_users_once(
        [item.author],
        key=f"moderation-decision:{item.pk}",
        template="participation/email/moderation_decided.txt",
        subject=subject,
        context={"item": item, "can_appeal": can_appeal},
        per_reader={"url": url},
        now=now,
    )
    ModerationItem.objects.filter(pk=item.pk).update(author_notified_at=now)
    return sent > 0
