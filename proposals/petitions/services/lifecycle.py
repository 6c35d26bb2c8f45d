"""Writes of petitions: draft, co-sponsor, moderate, sign, answer, deadlines, anti-fraud.

Every change of status goes through ``petition_transition``: it checks the move against
``proposals.petitions.transitions``, locks the row, records who / when / why in the append-only
``PetitionEvent`` table (the public timeline), and queues the e-mails after commit. A
refused action raises ``ServiceError`` with a message for the person and changes nothing.
"""

import logging
from collections import Counter
from contextvars import ContextVar
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from participation.answers import deadline as answers
from participation.answers.selectors import answers_to_mark_overdue
from participation.answers.services import answer_extend, answer_mark_overdue
from participation.cache import CacheUnavailable
from participation.demographics import participation_figures
from participation.exceptions import ServiceError
from participation.mail import single_line
from participation.models import (
    ModerationOutcome,
    Territory,
    TerritoryKind,
    User,
    VerificationLevel,
)
from participation.moderation.services import moderation_flag_system, moderation_submit, moderation_withdraw
from participation.queue import enqueue_on_commit
from participation.ratelimit import rate_limit, recent_total, recent_uncount
from participation.selectors import territory_ancestors, territory_contains
from participation.translit import search_key
from participation.web.page_cache import pages_changed
from participation.web.sitemap import sitemap_changed
from proposals.petitions.models import (
    Cosponsor,
    Petition,
    PetitionEvent,
    PetitionSearch,
    PetitionStatus,
    Signature,
    SignatureBurst,
    SignatureInvalidation,
    UncountedSignature,
)
from proposals.petitions.selectors import ADDRESSABLE, ANSWER_DEADLINE, petition_collecting, petition_rules_for
from proposals.petitions.services import signature_rows
from proposals.petitions.transitions import PUBLIC_STATUSES, SIGNING_STATUSES, Mover, transition_allowed

logger = logging.getLogger(__name__)

S = PetitionStatus

SIGN_IN = _("Sign in first.")
TITLE_EMPTY = _("Write a short title for your petition.")
TITLE_TOO_LONG = _("The title is %(length)d characters long; at most %(limit)d are allowed.")
TEXT_EMPTY = _("Write what you ask for and why.")
TEXT_TOO_SHORT = _("Explain your petition in at least %(limit)d characters.")
TEXT_TOO_LONG = _(
    "The text is %(length)d characters long; at most %(limit)d are allowed. Shorten it and send it again."
)
TERRITORY_NOT_ADDRESSABLE = _("A petition is addressed to a mahalla, a district, a city or a region.")
TOO_MANY_TAGS = _("Choose at most %(limit)d topics.")
NOT_ALLOWED_STATE = _("This cannot be done now: the petition is “%(status)s”.")
NOT_AUTHOR = _("Only the author of the petition can do this.")
NOT_RESPONDER = _("Only a responder or manager of the addressed khokimiyat can do this.")
NOT_MODERATOR = _("Only a moderator or manager of the addressed territory can do this.")
VERIFICATION_NEEDED = _("To support this petition your account must be verified: %(level)s.")
RESIDENTS_ONLY = _("Only residents of %(territory)s can support this petition. Set where you live in your profile.")
AUTHOR_CANNOT_COSPONSOR = _("You are the author; ask your neighbours to co-sponsor instead.")
INVITE_INVALID = _("This invitation link is not valid.")
ALREADY_COSPONSOR = _("You already co-sponsor this petition.")
COLLECTION_ENDED = _("Signature collection has ended for this petition.")
SIGNATURE_INVALIDATED = _("Your signature on this petition was invalidated by the moderators and cannot be renewed.")
NOT_SIGNED = _("You have not signed this petition.")
ANSWER_EMPTY = _("Write the answer.")
ANSWER_TOO_LONG = _("The answer is too long: at most %(limit)d characters.")
# The answer deadline's refusals are the core's (participation.answers), the same for every feature.
EXTENSION_DAYS_RANGE = answers.EXTENSION_DAYS_RANGE
EXTENSION_REASON_REQUIRED = answers.EXTENSION_REASON_REQUIRED
EXTENSION_REASON_TOO_LONG = answers.EXTENSION_REASON_TOO_LONG
ALREADY_EXTENDED = answers.ALREADY_EXTENDED
EXTENSION_TOO_LATE = answers.EXTENSION_TOO_LATE
INVALIDATE_REASON_REQUIRED = _("Record why these signatures are invalid.")
INVALIDATE_WINDOW = _("The end of the time window must be after its start.")
INVALIDATE_NOTHING = _("No valid signatures match this criterion.")
BURST_NOTE = _("%(count)d signatures from one address (%(ip)s) within an hour.")

TEXT_MIN = 30
TAGS_MAX = 5
ANSWER_MAX = 10_000
REASON_MAX = 2000


def petition_office_name(territory: Territory) -> str:
    """The khokimiyat that answers: the territory's own, or for a mahalla, its district's."""
    offices = [t for t in territory_ancestors(territory, include_self=True) if t.kind != TerritoryKind.MAHALLA]
    office = offices[-1] if offices else territory
    return f"{office.name_uz} hokimligi"


# --- The one transition ---------------------------------------------------------------------


def _locked(petition: Petition, *, now: datetime | None = None) -> Petition:
    """The petition, locked for the rest of the transaction, with every signature made so far
    counted (``_counts_rolled_up``, which reaches the threshold if they reach it): a transition
    may depend on the count or on the threshold (closing, the author's withdrawal)."""
    _counts_rolled_up(petition.pk, now=now)
    # FOR NO KEY UPDATE, not FOR UPDATE: every signer's INSERT takes FOR KEY SHARE on the
    # petition (its foreign key). A transition taken under the count's lock (the threshold)
    # asking FOR UPDATE waited for those signers while they waited for it: PostgreSQL broke the
    # deadlock with a 500. No transition changes the key, so the weaker lock serialises
    # transitions just the same.
    return Petition.objects.select_for_update(of=("self",), no_key=True).select_related("territory").get(pk=petition.pk)


# Set while the threshold is being reached, so that the transition's own ``_locked`` counts
# signatures that came meanwhile without reaching it a second time.
_reaching_threshold: ContextVar[bool] = ContextVar("reaching_threshold", default=False)


def _counts_rolled_up(
    petition_id: int, *, now: datetime | None = None, wait: bool = True
) -> tuple[int, int, str, int] | None:
    """Count the petition's signatures that the fast path made but has not counted yet
    (``UncountedSignature``), taking the petition's lock for the rest of the transaction
    (without ``wait``: only if nobody holds it), so whatever reads or changes a count under
    that lock starts from every signature. If they bring a collecting petition to its
    threshold, it is reached here, in the same transaction: the fast path stays well short
    of it by the count it sees, so only when counting fell behind (a crowd faster than the
    margin, a withdrawal of a signature not yet counted). Returns what the roll-up returned."""
    rolled = signature_rows.signature_counts_roll_up(petition_id, wait=wait)
    if rolled is None:
        return None
    pages_changed("petitions")
    _moved, count, status, needed = rolled
    if status == S.COLLECTING and count >= needed and not _reaching_threshold.get():
        token = _reaching_threshold.set(True)
        try:
            _threshold_reached(Petition(pk=petition_id), now or timezone.now())
        finally:
            _reaching_threshold.reset(token)
    return rolled


def petition_counts_settle(petition_id: int, *, wait: bool, now: datetime | None = None) -> None:
    """Count the petition's uncounted signatures, in a transaction of their own; without
    ``wait`` only if nobody holds the petition's lock (they are counting, or will)."""
    with transaction.atomic():
        _counts_rolled_up(petition_id, wait=wait, now=now)


def _threshold_if_reached(petition_id: int, now: datetime) -> None:
    """Reach the threshold of a collecting petition whose count (with every signature counted)
    has reached it: a petition brought back to collecting by a moderator's reinstatement
    after signatures counted while it was hidden, which no later count would notice."""
    with transaction.atomic():
        locked = _locked(Petition(pk=petition_id), now=now)
        if locked.status == S.COLLECTING and locked.signature_count >= locked.signatures_needed:
            _threshold_reached(locked, now)


def _record(petition, *, kind, from_status, to_status, actor, now, note="", data=None) -> PetitionEvent:
    pages_changed("petitions")
    event = PetitionEvent.objects.create(
        petition=petition,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        created_at=now,
        note=note,
        data=data or {},
    )
    enqueue_on_commit("proposals.petitions.tasks.notify_petition_event", event_id=event.pk)
    return event


def petition_transition(
    petition: Petition,
    target: str,
    *,
    mover: str,
    actor: User | None,
    now: datetime | None = None,
    note: str = "",
    data: dict | None = None,
    changes: dict | None = None,
) -> Petition:
    """Move ``petition`` to ``target`` if the table allows it for this mover.

    Runs in (or opens) a transaction and locks the row, so two people acting at once see one
    after the other: the second finds the new state and is refused. ``changes`` are field
    values set in the same save (dates, answer text).
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(petition)
        rule = transition_allowed(locked.status, target)
        if rule is None or rule.mover != mover:
            raise ServiceError(NOT_ALLOWED_STATE % {"status": locked.get_status_display()})
        source = locked.status
        locked.status = target
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", *(changes or {})])
        sitemap_changed()
        _record(
            locked,
            kind=PetitionEvent.Kind.TRANSITION,
            from_status=source,
            to_status=target,
            actor=actor,
            now=now,
            note=note,
            data=data,
        )
    for name in ["status", *(changes or {})]:
        setattr(petition, name, getattr(locked, name))
    return locked


# --- Drafting and co-sponsors ---------------------------------------------------------------


def _clean_text(title: str, text: str) -> tuple[str, str]:
    title = single_line(title)
    text = (text or "").replace("\r\n", "\n").strip()
    if not title:
        raise ServiceError(TITLE_EMPTY)
    if len(title) > Petition.TITLE_MAX:
        raise ServiceError(TITLE_TOO_LONG % {"length": len(title), "limit": Petition.TITLE_MAX})
    if not text:
        raise ServiceError(TEXT_EMPTY)
    if len(text) < TEXT_MIN:
        raise ServiceError(TEXT_TOO_SHORT % {"limit": TEXT_MIN})
    if len(text) > Petition.TEXT_MAX:
        raise ServiceError(TEXT_TOO_LONG % {"length": len(text), "limit": Petition.TEXT_MAX})
    return title, text


def _clean_tags(tags) -> list[str]:
    cleaned = []
    for tag in tags or []:
        tag = single_line(str(tag)).lower()[:50]
        if tag and tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > TAGS_MAX:
        raise ServiceError(TOO_MANY_TAGS % {"limit": TAGS_MAX})
    return cleaned


def _search_text(petition: Petition) -> str:
    return search_key(f"{petition.title} {petition.text}")


def petition_draft(
    *,
    author: User,
    territory: Territory,
    title: str,
    text: str,
    tags=(),
    ip: str = "",
    now: datetime | None = None,
    rate_limited: bool = True,
) -> Petition:
    """Start a petition as a draft only its author sees; the rules of its level are copied.

    ``rate_limited=False`` is for the system writing history (the demo), not for a person."""
    now = now or timezone.now()
    if not getattr(author, "is_authenticated", False):
        raise ServiceError(SIGN_IN)
    if territory is None or territory.kind not in ADDRESSABLE:
        raise ServiceError(TERRITORY_NOT_ADDRESSABLE)
    title, text = _clean_text(title, text)
    tags = _clean_tags(tags)
    if rate_limited:
        rate_limit("petition_create", user=author, ip=ip)
    rules = petition_rules_for(territory)
    with transaction.atomic():
        petition = Petition(
            territory=territory,
            author=author,
            title=title,
            text=text,
            created_at=now,
            signatures_needed=rules.signatures_needed,
            cosponsors_needed=rules.cosponsors_needed,
            collection_days=rules.collection_days,
            verification_level=rules.verification_level,
            residents_only=rules.residents_only,
        )
        petition.search_text = _search_text(petition)
        petition.save()
        PetitionSearch.objects.create(petition=petition, key=petition.search_text)
        if tags:
            petition.tags.set(tags)
        _record(petition, kind=PetitionEvent.Kind.TRANSITION, from_status="", to_status=S.DRAFT, actor=author, now=now)
    return petition


@transaction.atomic
def petition_edit_draft(*, petition: Petition, author: User, title: str, text: str, tags=()) -> Petition:
    """The author changes the draft; once co-sponsors are invited, the text is fixed."""
    locked = _locked(petition)
    if locked.author_id != getattr(author, "pk", None):
        raise ServiceError(NOT_AUTHOR)
    if locked.status != S.DRAFT:
        raise ServiceError(NOT_ALLOWED_STATE % {"status": locked.get_status_display()})
    locked.title, locked.text = _clean_text(title, text)
    locked.search_text = _search_text(locked)
    locked.save(update_fields=["title", "text", "search_text"])
    PetitionSearch.objects.update_or_create(petition=locked, defaults={"key": locked.search_text})
    locked.tags.set(_clean_tags(tags))
    petition.title, petition.text = locked.title, locked.text
    return locked


def petition_invite_cosponsors(*, petition: Petition, author: User, now: datetime | None = None) -> Petition:
    """The author fixes the text and opens the invitation link for co-sponsors."""
    if petition.author_id != getattr(author, "pk", None):
        raise ServiceError(NOT_AUTHOR)
    with transaction.atomic():
        petition = petition_transition(petition, S.GATHERING, mover=Mover.AUTHOR, actor=author, now=now)
        if petition.cosponsors_needed == 0:
            _to_moderation(petition, now)
    return petition


def petition_withdraw(*, petition: Petition, author: User, reason: str = "", now: datetime | None = None) -> Petition:
    """The author withdraws the petition; allowed until the threshold is reached."""
    if petition.author_id != getattr(author, "pk", None):
        raise ServiceError(NOT_AUTHOR)
    reason = (reason or "").strip()[:REASON_MAX]
    with transaction.atomic():
        withdrawn = petition_transition(petition, S.WITHDRAWN, mover=Mover.AUTHOR, actor=author, now=now, note=reason)
        moderation_withdraw(petition, actor=author)
    return withdrawn


def _support_refusal(petition: Petition, user: User) -> str | None:
    """Why this person may not co-sponsor or sign, or None when they may."""
    if user.verification_level < petition.verification_level:
        return VERIFICATION_NEEDED % {"level": VerificationLevel(petition.verification_level).label}
    if petition.residents_only:
        home = user.home_territory
        if home is None or not territory_contains(petition.territory, home):
            return RESIDENTS_ONLY % {"territory": petition.territory.name}
    return None


def petition_support_refusal(petition: Petition, user) -> str | None:
    """For views: the message to show instead of the sign button, or None."""
    if not getattr(user, "is_authenticated", False):
        return str(SIGN_IN)
    refusal = _support_refusal(petition, user)
    return str(refusal) if refusal else None


def _to_moderation(petition: Petition, now: datetime | None) -> None:
    petition_transition(petition, S.MODERATION, mover=Mover.SYSTEM, actor=None, now=now)
    moderation_submit(petition, now=now)


def petition_cosponsor(
    *, petition: Petition, user: User, token: str, ip: str = "", now: datetime | None = None
) -> bool:
    """Join as a co-sponsor through the author's link. The co-sponsor who completes the
    number needed sends the petition to moderation. True when the person was newly added."""
    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False):
        raise ServiceError(SIGN_IN)
    if not token or token != petition.invite_token:
        raise ServiceError(INVITE_INVALID)
    if petition.author_id == user.pk:
        raise ServiceError(AUTHOR_CANNOT_COSPONSOR)
    refusal = _support_refusal(petition, user)
    if refusal:
        raise ServiceError(refusal)
    rate_limit("petition_cosponsor", user=user, ip=ip)
    with transaction.atomic():
        locked = _locked(petition)
        if locked.status != S.GATHERING:
            if Cosponsor.objects.filter(petition=locked, user=user).exists():
                raise ServiceError(ALREADY_COSPONSOR)
            raise ServiceError(NOT_ALLOWED_STATE % {"status": locked.get_status_display()})
        _cosponsor, created = Cosponsor.objects.get_or_create(petition=locked, user=user, defaults={"created_at": now})
        if not created:
            raise ServiceError(ALREADY_COSPONSOR)
        locked.cosponsor_count = F("cosponsor_count") + 1
        locked.save(update_fields=["cosponsor_count"])
        locked.refresh_from_db(fields=["cosponsor_count"])
        petition.cosponsor_count = locked.cosponsor_count
        if locked.cosponsor_count >= locked.cosponsors_needed:
            _to_moderation(petition, now)
    return True


# --- Moderation outcomes (called by the moderation core through the adapter) -----------------


def _status_before_rejection(petition: Petition) -> tuple[str | None, datetime | None]:
    """Where a taken-down petition stood before its rejection, and when it was rejected."""
    event = petition.events.filter(kind=PetitionEvent.Kind.TRANSITION, to_status=S.REJECTED).order_by("-pk").first()
    if event is None or event.from_status not in PUBLIC_STATUSES:
        return None, None
    return event.from_status, event.created_at


def petition_apply_decision(petition: Petition, item, moderator: User) -> None:
    """A moderator decided: publish (the collection window opens now), reinstate a petition
    taken down earlier where it stood, or reject (take down) with a reason.

    A decision about a petition that has meanwhile left the states it applies to (the author
    withdrew it) is recorded in the queue and changes nothing here. Moderators' notes and
    the author's appeal text stay out of the public timeline (``data``, not ``note``).
    """
    now = item.decided_at
    private = {"explanation": item.explanation}
    if item.outcome == ModerationOutcome.APPROVE:
        if petition.status != S.MODERATION:
            return  # reports on a published petition were dismissed: it stays as it is
        if petition.published_at is None:
            changes = {"published_at": now, "closes_at": now + timedelta(days=petition.collection_days)}
            target = S.COLLECTING
        else:
            # Reinstated on appeal: back where it stood, its clocks moved on by the time it
            # spent taken down, so neither the signers nor the answer lose days.
            previous, rejected_at = _status_before_rejection(petition)
            target = previous or S.COLLECTING
            paused = now - rejected_at if rejected_at else timedelta(0)
            changes = {"closes_at": petition.closes_at + paused}
            if petition.answer_due_at is not None and target == S.THRESHOLD_REACHED:
                changes["answer_due_at"] = petition.answer_due_at + paused
        petition_transition(
            petition, target, mover=Mover.MODERATION, actor=moderator, now=now, data=private, changes=changes
        )
        return
    if transition_allowed(petition.status, S.REJECTED) is None:
        return  # withdrawn (or otherwise final) meanwhile: nothing left to take down
    petition_transition(
        petition,
        S.REJECTED,
        mover=Mover.MODERATION,
        actor=moderator,
        now=now,
        data={"reason": item.reason.code, **private},
        changes={"rejection_reason": item.reason, "rejection_explanation": item.explanation},
    )


def petition_apply_appeal(petition: Petition, item, author: User) -> None:
    petition_transition(
        petition, S.MODERATION, mover=Mover.AUTHOR, actor=author, now=item.created_at, data={"appeal": item.appeal_text}
    )


# --- Signing --------------------------------------------------------------------------------


def _count_changed(petition: Petition, by_mahalla: dict[int | None, int], *, open_at: datetime | None) -> int:
    """Every change in a petition's valid signatures goes through here, in the transaction that
    makes it: ``by_mahalla`` maps each signers' mahalla (None: no mahalla) to the change of
    its count; the petition's count moves by their sum. Returns the new count.

    With ``open_at`` the change is made only while collection is open at that moment (signing
    and withdrawing), and refused otherwise: the UPDATE takes the petition's row lock, so
    concurrent signers queue here for a moment, the count is exact and closing while people
    sign leaves no signature counted after the close. Without it (invalidation by staff) the
    count changes whatever the status.
    """
    pages_changed("petitions")
    _counts_rolled_up(petition.pk, now=open_at)  # a withdrawn signature may not have been counted yet
    if len(by_mahalla) == 1:  # one signer: the count and the mahalla's count in one statement
        ((mahalla_id, delta),) = by_mahalla.items()
        changed = signature_rows.petition_and_mahalla_count_add(
            petition.pk, mahalla_id, delta, open_statuses=SIGNING_STATUSES, open_at=open_at
        )
        if changed is None:
            raise ServiceError(COLLECTION_ENDED)
        return changed[0]
    changed = signature_rows.petition_count_add(
        petition.pk, sum(by_mahalla.values()), open_statuses=SIGNING_STATUSES, open_at=open_at
    )
    if changed is None:
        raise ServiceError(COLLECTION_ENDED)
    for mahalla_id, delta in by_mahalla.items():
        if delta:
            signature_rows.mahalla_count_add(petition.pk, mahalla_id, delta)
    count, _status = changed
    return count


def _home_mahalla(user: User) -> Territory | None:
    home = user.home_territory
    return home if home is not None and home.kind == TerritoryKind.MAHALLA else None


def _new_signature(petition_id: int, user: User, ip, now: datetime) -> Signature:
    """The row a first signature writes: the signer's mahalla and who took part as they are now."""
    return Signature(
        petition_id=petition_id,
        user=user,
        mahalla=_home_mahalla(user),
        created_at=now,
        ip=ip,
        **participation_figures(user, now),
    )


def petition_sign(
    *, petition: Petition, user: User, ip: str = "", now: datetime | None = None, attempt=None
) -> Signature:
    """Sign once. Signing again (a second click, another tab, fifty requests at once) returns
    the existing signature and changes nothing; the database constraint guarantees it.

    The sign view tries ``signing.petition_sign_fast`` first, which concludes an ordinary
    first signature on PostgreSQL without reading the petition; this is the full path, for
    everything else and everywhere else.

    The common case, a first signature, costs one round trip to Redis (both rate limits and the
    address's burst count) and one statement (on PostgreSQL: the INSERT, which also tells
    whether the person signed before, the count's UPDATE and the mahalla's upsert). Redis is
    asked first, outside the transaction: the UPDATE takes the petition's row lock, which every
    signer of the petition queues for, so it is held for that statement and the COMMIT only.
    An attempt that turns out not to be a new signature (a double tap) takes its burst count
    back; a collection closed meanwhile rolls it all back and takes the burst count back too.

    ``attempt`` is what the fast path (``proposals.petitions.services.signing``) counted before
    it found it could not conclude: its rate limits' answer stands for this path's, so the
    attempt is counted once, and is taken back where this path would not have counted it.
    """
    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False):
        raise ServiceError(SIGN_IN)
    if not petition_collecting(petition, now):
        if attempt is not None:
            attempt.release()
        raise ServiceError(COLLECTION_ENDED)
    refusal = _support_refusal(petition, user)
    if refusal is not None and attempt is not None:
        attempt.release()
    ip = ip or None
    counted = False
    try:
        recent = None
        if refusal is None:
            counted = bool(ip)
            recent = attempt.limits() if attempt is not None else _sign_limits(petition.pk, user, ip, now)
        with transaction.atomic():
            signature = _new_signature(petition.pk, user, ip, now)
            signature.petition = petition
            inserted, changed = False, None
            if refusal is None:
                inserted, changed = signature_rows.signature_insert_counted(
                    signature, open_statuses=SIGNING_STATUSES, open_at=now
                )
            if inserted:
                if changed is None:
                    raise ServiceError(COLLECTION_ENDED)
                pages_changed("petitions")
                count = changed[0]
                # The count's UPDATE holds the petition's lock: add the fast path's uncounted
                # signatures, so that the threshold is judged on every signature.
                rolled = _counts_rolled_up(petition.pk, now=now)
                if rolled is not None:
                    count = rolled[1]
                    petition.status = Petition.objects.only("status").get(pk=petition.pk).status
            else:
                # The person has a row (or may not sign): a double tap, a renewal after
                # withdrawing, or a signature the moderators invalidated.
                existing = Signature.objects.filter(petition=petition, user=user).first()
                if existing is not None and existing.invalidation_id is not None:
                    raise ServiceError(SIGNATURE_INVALIDATED)
                if existing is not None and existing.withdrawn_at is None:
                    # Signed already (even someone who could not sign today keeps their
                    # signature and is told so): the attempt was no signature.
                    if counted:
                        _uncount_burst(petition.pk, ip, now)
                    return existing
                if refusal:
                    raise ServiceError(refusal)
                if not _renew(existing, signature):  # another request renewed it a moment ago
                    if counted:
                        _uncount_burst(petition.pk, ip, now)
                    return existing
                signature = existing
                count = _count_changed(petition, {signature.mahalla_id: +1}, open_at=now)
            petition.signature_count = count
            if count >= petition.signatures_needed and petition.status == S.COLLECTING:
                _threshold_reached(petition, now)
            if ip:
                # After commit: the flag locks a moderation item, and a moderator deciding locks
                # the item first and the petition second; flagging here, under the petition's
                # lock, could deadlock with them.
                # The burst count and the last flag came back with the rate limits' round trip:
                # the check asks Redis nothing more.
                count_and_flagged = (recent[0], recent[1][0]) if recent is not None else None
                transaction.on_commit(lambda: _check_burst(petition, ip, now, count_and_flagged), robust=True)
    except BaseException:
        if counted:
            _uncount_burst(petition.pk, ip, now)
        raise
    return signature


def _sign_limits(
    petition_id: int, user: User, ip: str | None, now: datetime, *, at: float | None = None
) -> tuple[int, list[int]] | None:
    """Count an attempt to sign: the person's and the address's rate limits and the address's
    burst count, in one round trip to Redis (``at``: the Unix time to count the limits at,
    default now). Returns the burst count and the time of its last flag (``rate_limit``)."""
    return rate_limit(
        "petition_sign",
        user=user,
        ip=ip or "",
        now=at,
        count_recent=_burst_counter(petition_id, ip, now),
        also_read=[_burst_flagged_key(petition_id, ip)] if ip else (),
    )


def _renew(existing: Signature, signature: Signature) -> bool:
    """Renew the withdrawn ``existing`` (the same row) with the time, address and mahalla of
    this ``signature``. False when another request renewed it a moment ago (``existing`` is
    then re-read)."""
    renewed = Signature.objects.filter(pk=existing.pk, withdrawn_at__isnull=False, invalidation__isnull=True).update(
        withdrawn_at=None, created_at=signature.created_at, ip=signature.ip, mahalla=signature.mahalla
    )
    if not renewed:
        existing.refresh_from_db()
        return False
    existing.withdrawn_at, existing.created_at = None, signature.created_at
    existing.ip, existing.mahalla = signature.ip, signature.mahalla
    return True


def _threshold_reached(petition: Petition, now: datetime) -> None:
    locked = Petition.objects.only("status").get(pk=petition.pk)  # the row is already ours
    if locked.status != S.COLLECTING:
        return
    petition_transition(
        petition,
        S.THRESHOLD_REACHED,
        mover=Mover.SYSTEM,
        actor=None,
        now=now,
        changes={
            "threshold_reached_at": now,
            "answer_due_at": ANSWER_DEADLINE.due_from(now),
        },
    )


def ip_burst_size(petition: Petition) -> int:
    """How many signatures from one address in the window are flagged: the setting, but never
    more than half the threshold, so one address cannot carry a small petition unseen."""
    return _burst_size(petition.signatures_needed)


def _burst_size(signatures_needed: int) -> int:
    burst, _window = settings.PETITION_IP_BURST
    return max(2, min(burst, signatures_needed // 2))


def _burst_due(count: int, flagged: int, signatures_needed: int, now: datetime) -> bool:
    """Whether ``count`` signatures from one address, last flagged at ``flagged`` (Unix time,
    0: not known), are a burst to flag now."""
    _setting, window = settings.PETITION_IP_BURST
    return count >= _burst_size(signatures_needed) and flagged <= (now - timedelta(seconds=window)).timestamp()


def _burst_key(petition_id: int, ip: str) -> str:
    return f"petition-burst:{petition_id}:{ip}"


def _burst_flagged_key(petition_id: int, ip: str) -> str:
    return f"{_burst_key(petition_id, ip)}:flagged"


def _burst_counter(petition_id: int, ip: str | None, now: datetime) -> tuple[str, int, float] | None:
    """The address's burst counter, counted with the rate limits in one round trip."""
    if not ip:
        return None
    _setting, window = settings.PETITION_IP_BURST
    return _burst_key(petition_id, ip), window, now.timestamp()


def _recent_signatures_from(petition: Petition, ip: str, now: datetime) -> tuple[int, int]:
    """How many signed this petition from ``ip`` within the window, and when (Unix time) a
    burst from it was last flagged as far as Redis knows (0: not known). One round trip to
    Redis however many signatures the petition has; when Redis cannot be reached, the count
    of the signature rows and "not known"."""
    _setting, window = settings.PETITION_IP_BURST
    try:
        count, (flagged,) = recent_total(
            _burst_key(petition.pk, ip),
            window=window,
            at=now.timestamp(),
            also_read=[_burst_flagged_key(petition.pk, ip)],
        )
        return count, flagged
    except CacheUnavailable:
        since = now - timedelta(seconds=window)
        rows = Signature.objects.filter(petition=petition, ip=ip, created_at__gt=since, withdrawn_at__isnull=True)
        return rows.count(), 0


def _check_burst(petition: Petition, ip: str, now: datetime, count_and_flagged: tuple[int, int] | None = None) -> None:
    """On reaching the burst size or more, flag the petition to its moderators: once per window.

    Runs after commit (see ``petition_sign``), so several signers' checks may run together and
    count above the burst size. Which of them flags is decided by the database: one
    conditional UPDATE on the address's ``SignatureBurst`` row, which only one check can win
    until the window has passed since the last flag. Redis keeps a copy of the last flag's
    time, read with the count, so that while a burst goes on its signers' checks do not ask
    the database again and again what it will refuse.

    The count is Redis's (``participation.ratelimit.recent_total``), counted with the rate
    limits of each signature and taken back when a signature is withdrawn or rolled back;
    its window is an hour, or up to ten minutes more, never less.
    """
    _setting, window = settings.PETITION_IP_BURST
    since = now - timedelta(seconds=window)
    count, flagged = count_and_flagged or _recent_signatures_from(petition, ip, now)
    if not _burst_due(count, flagged, petition.signatures_needed, now):
        return
    with transaction.atomic():
        row, _created = SignatureBurst.objects.get_or_create(petition=petition, ip=ip)
        won = (
            SignatureBurst.objects.filter(pk=row.pk)
            .filter(Q(flagged_at__isnull=True) | Q(flagged_at__lte=since))
            .update(flagged_at=now)
        )
        if won:
            moderation_flag_system(petition, note=str(BURST_NOTE % {"count": count, "ip": ip}), now=now)
    if won:
        # A cache proper: lost or evicted, the database still decides.
        cache.set(_burst_flagged_key(petition.pk, ip), int(now.timestamp()), timeout=window)


def _uncount_burst(petition_id: int, ip: str, signed_at: datetime) -> None:
    """A signature withdrawn (or rolled back) leaves the burst count, as it leaves the rows."""
    _setting, window = settings.PETITION_IP_BURST
    try:
        recent_uncount(_burst_key(petition_id, ip), window=window, at=signed_at.timestamp())
    except CacheUnavailable:
        logger.warning("Redis unreachable: a signature stays in the burst count of petition %s", petition_id)


@transaction.atomic
def petition_unsign(*, petition: Petition, user: User, now: datetime | None = None) -> None:
    """Withdraw one's signature while collection is open; the count goes down at once."""
    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False):
        raise ServiceError(SIGN_IN)
    if not petition_collecting(petition, now):
        raise ServiceError(COLLECTION_ENDED)
    withdrawn = signature_rows.signature_withdraw(petition_id=petition.pk, user_id=user.pk, now=now)
    if withdrawn is None:
        raise ServiceError(NOT_SIGNED)
    mahalla_id, ip, signed_at = withdrawn
    petition.signature_count = _count_changed(petition, {mahalla_id: -1}, open_at=now)
    if ip:
        transaction.on_commit(lambda: _uncount_burst(petition.pk, ip, signed_at), robust=True)


# --- Answer ---------------------------------------------------------------------------------


@transaction.atomic
def petition_extend(
    *, petition: Petition, staff: User, days: int, reason: str, now: datetime | None = None
) -> Petition:
    """Move the answer date once, by at most PETITION_EXTENSION_MAX_DAYS, with a public reason
    (law on appeals, art. 28), and only before the date has passed."""
    now = now or timezone.now()
    locked = _locked(petition)
    if not staff.has_perm("proposals.answer_petition", locked):
        raise ServiceError(NOT_RESPONDER)
    if locked.status != S.THRESHOLD_REACHED:
        raise ServiceError(NOT_ALLOWED_STATE % {"status": locked.get_status_display()})
    extension = answer_extend(locked, deadline=ANSWER_DEADLINE, staff=staff, days=days, reason=reason, now=now)
    data = extension.data()
    _record(
        locked,
        kind=PetitionEvent.Kind.EXTENDED,
        from_status=locked.status,
        to_status=locked.status,
        actor=staff,
        now=now,
        note=extension.reason,
        data=data,
    )
    log(instance=locked, action="proposals.petition_extended", user=staff, data={**data, "reason": extension.reason})
    petition.answer_due_at, petition.extended_at = locked.answer_due_at, now
    petition.extension_reason = extension.reason
    return locked


def petition_answer(*, petition: Petition, responder: User, answer: str, now: datetime | None = None) -> Petition:
    """Publish the official answer with its date and office; everyone involved is told."""
    now = now or timezone.now()
    if not responder.has_perm("proposals.answer_petition", petition):
        raise ServiceError(NOT_RESPONDER)
    answer = (answer or "").replace("\r\n", "\n").strip()
    if not answer:
        raise ServiceError(ANSWER_EMPTY)
    if len(answer) > ANSWER_MAX:
        raise ServiceError(ANSWER_TOO_LONG % {"limit": ANSWER_MAX})
    with transaction.atomic():
        petition = petition_transition(
            petition,
            S.ANSWERED,
            mover=Mover.RESPONDER,
            actor=responder,
            now=now,
            changes={
                "answer": answer,
                "answered_at": now,
                "answered_by": responder,
                "answered_office": petition_office_name(petition.territory)[:255],
            },
            data={"overdue": bool(petition.answer_due_at and petition.answer_due_at < now)},
        )
        log(
            instance=petition,
            action="proposals.petition_answered",
            user=responder,
            data={"office": petition.answered_office},
        )
    return petition


# --- Scheduled work (celery beat); each is idempotent ----------------------------------------


def petitions_close_expired(*, now: datetime | None = None) -> int:
    """Close petitions whose window ended below the threshold. Returns how many closed."""
    now = now or timezone.now()
    closed = 0
    for petition in Petition.objects.filter(status=S.COLLECTING, closes_at__lte=now).order_by("pk"):
        # Signatures made before the close and not counted yet may have reached the threshold;
        # counted here, in a transaction of their own, it stays reached even if closing is
        # refused (as it then is).
        _threshold_if_reached(petition.pk, now)
        try:
            petition_transition(petition, S.CLOSED, mover=Mover.SYSTEM, actor=None, now=now)
        except ServiceError:
            continue  # reached the threshold or changed a moment ago
        closed += 1
    return closed


def petitions_mark_overdue(*, now: datetime | None = None) -> int:
    """Mark answers overdue once their date passed; one public event per petition."""
    now = now or timezone.now()
    marked = 0
    awaiting = Petition.objects.filter(status=S.THRESHOLD_REACHED)
    for petition in answers_to_mark_overdue(awaiting, deadline=ANSWER_DEADLINE, now=now):
        with transaction.atomic():
            locked = _locked(petition)
            if locked.status != S.THRESHOLD_REACHED:
                continue
            if not answer_mark_overdue(locked, deadline=ANSWER_DEADLINE, now=now):
                continue
            _record(
                locked,
                kind=PetitionEvent.Kind.OVERDUE,
                from_status=locked.status,
                to_status=locked.status,
                actor=None,
                now=now,
                data={"due": locked.answer_due_at.isoformat()},
            )
        marked += 1
    return marked


def petitions_count_signatures(*, now: datetime | None = None) -> int:
    """Count every petition's uncounted signatures, waiting for each petition's lock, and
    reach the threshold of any collecting petition that has reached it; how many petitions had
    signatures to count."""
    now = now or timezone.now()
    pending = signature_rows.signature_counts_pending()
    for petition_id in pending:
        petition_counts_settle(petition_id, wait=True, now=now)
    reached = Petition.objects.filter(status=S.COLLECTING, signature_count__gte=F("signatures_needed"))
    for petition_id in reached.values_list("pk", flat=True):
        _threshold_if_reached(petition_id, now)
    return len(pending)


def petitions_reconcile_counts() -> list[tuple[int, int, int]]:
    """Compare each shown count with the signature rows; report (id, shown, real) that differ.

    Reports rather than repairs: a drift means a bug or a manual edit, and someone should look.
    """
    petitions_count_signatures()
    real = Count("signatures", filter=Q(signatures__withdrawn_at__isnull=True, signatures__invalidation__isnull=True))
    # Signatures still waiting to be counted (made since the count above) are read in the same
    # statement as the rows, so one made meanwhile is on both sides or on neither.
    queued = Subquery(
        UncountedSignature.objects.filter(petition=OuterRef("pk"))
        .order_by()
        .values("petition")
        .annotate(queued=Count("pk"))
        .values("queued")
    )
    shown = Petition.objects.exclude(status=S.DRAFT).annotate(real=real, queued=Coalesce(queued, 0))
    drift = [
        (p.pk, p.signature_count, p.real)
        for p in shown.only("pk", "signature_count")
        if p.signature_count + p.queued != p.real
    ]
    for petition_id, shown, actual in drift:
        logger.error("Petition %s shows %s signatures but has %s valid ones", petition_id, shown, actual)
    return drift


# --- Invalidating signatures ------------------------------------------------------------------


def _invalidation_queryset(petition: Petition, ip: str | None, start: datetime, end: datetime):
    queryset = Signature.objects.filter(
        petition=petition,
        withdrawn_at__isnull=True,
        invalidation__isnull=True,
        created_at__gte=start,
        created_at__lt=end,
    )
    return queryset.filter(ip=ip) if ip else queryset


def signatures_invalidation_preview(*, petition: Petition, ip: str | None, start: datetime, end: datetime) -> int:
    """How many valid signatures the criterion would invalidate; nothing changes."""
    if end <= start:
        raise ServiceError(INVALIDATE_WINDOW)
    return _invalidation_queryset(petition, ip or None, start, end).count()


@transaction.atomic
def signatures_invalidate(
    *,
    petition: Petition,
    staff: User,
    ip: str | None,
    start: datetime,
    end: datetime,
    reason: str,
    now: datetime | None = None,
) -> SignatureInvalidation:
    """Invalidate every valid signature matching the criterion; recorded, audited, counted."""
    now = now or timezone.now()
    # The matching signatures are locked (in id order) before the petition, the order in which
    # signing and withdrawing take them, so a withdrawal at this moment waits instead of
    # deadlocking; one withdrawn meanwhile drops out of the match.
    matching = _invalidation_queryset(petition, ip or None, start, end).order_by("pk")
    rows = list(matching.select_for_update().values_list("pk", "mahalla_id"))
    ids = [pk for pk, _mahalla_id in rows]
    locked = _locked(petition)
    if not staff.has_perm("proposals.invalidate_signatures", locked):
        raise ServiceError(NOT_MODERATOR)
    if end <= start:
        raise ServiceError(INVALIDATE_WINDOW)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(INVALIDATE_REASON_REQUIRED)
    if not ids:
        raise ServiceError(INVALIDATE_NOTHING)
    invalidation = SignatureInvalidation.objects.create(
        petition=locked,
        ip=ip or None,
        signed_from=start,
        signed_until=end,
        reason=reason[:REASON_MAX],
        staff=staff,
        created_at=now,
        count=len(ids),
    )
    Signature.objects.filter(pk__in=ids).update(invalidation=invalidation)
    by_mahalla = Counter()
    for _pk, mahalla_id in rows:
        by_mahalla[mahalla_id] -= 1
    locked.signature_count = _count_changed(locked, by_mahalla, open_at=None)
    petition.signature_count = locked.signature_count
    data = {"ip": ip or "", "from": start.isoformat(), "until": end.isoformat(), "count": len(ids)}
    _record(
        locked,
        kind=PetitionEvent.Kind.INVALIDATED,
        from_status=locked.status,
        to_status=locked.status,
        actor=staff,
        now=now,
        note=reason,
        data={"count": len(ids)},
    )
    log(instance=locked, action="proposals.signatures_invalidated", user=staff, data={**data, "reason": reason})
    if locked.status == S.THRESHOLD_REACHED and locked.signature_count < locked.signatures_needed:
        # The threshold was reached with signatures now found invalid: no duty to answer yet.
        petition_transition(
            petition,
            S.COLLECTING,
            mover=Mover.SYSTEM,
            actor=None,
            now=now,
            changes={
                "threshold_reached_at": None,
                "answer_due_at": None,
                "overdue_since": None,
                "reminder_sent_at": None,
            },
        )
    return invalidation


def signatures_forget_addresses(*, now: datetime | None = None) -> int:
    """Erase signers' IP addresses once they can no longer serve an investigation.

    Addresses are kept only to find and invalidate fraud while a petition collects (law
    ZRU-547: personal data only for a purpose). PETITION_SIGNATURE_IP_RETENTION_DAYS after
    collection ended they are erased. Returns how many signatures were cleared.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.PETITION_SIGNATURE_IP_RETENTION_DAYS)
    return Signature.objects.filter(ip__isnull=False, petition__closes_at__lt=cutoff).update(ip=None)
