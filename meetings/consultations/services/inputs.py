"""Inputs: given online by a resident or a representative, recorded by staff from paper or a
meeting, moderated through the shared queue, and answered with a disposition.

Who may give input is decided by the same predicates the page asks (``predicates``); each
refusal is a constant message the person reads, with what they typed kept by the form.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from meetings.consultations import predicates as p
from meetings.consultations.models import (
    INDIVIDUAL,
    Consultation,
    ConsultationStatus,
    Disposition,
    DocumentVersion,
    Input,
    InputChannel,
    InputStatus,
    InputTarget,
    Question,
)
from meetings.consultations.selectors import (
    consultation_input_closed,
    consultation_phase_allows,
    organisation_invited,
    paragraph_get,
    section_get,
    version_latest,
)
from meetings.consultations.services.consultations import NOT_ALLOWED, _changed, _lock
from meetings.consultations.transitions import INPUT_TRANSITIONS
from participation.demographics import participation_figures
from participation.exceptions import ServiceError
from participation.models import Channel, ModerationOutcome
from participation.moderation.services import moderation_submit
from participation.organisations.predicates import can_act_for_organisation
from participation.ratelimit import rate_limit

INPUT_SIGN_IN = _("Sign in to take part.")
INPUT_NOT_OPEN = _("This consultation is not open for input now.")
INPUT_NOT_PUBLIC = _("Only invited organisations take part in this consultation; individuals cannot.")
INPUT_NOT_VERIFIED = _("Confirm your account at the level this consultation asks for before taking part.")
INPUT_NOT_RESIDENT = _("Only residents of %(territory)s can take part in this consultation.")
INPUT_NO_ORGANISATIONS = _("Only the public takes part in this consultation; organisations cannot.")
INPUT_NOT_REPRESENTATIVE = _(
    "You cannot act for this organisation: you are not (or no longer) its representative, or it is not verified."
)
INPUT_NOT_INVITED = _("This organisation is not invited to this consultation.")
INPUT_TEXT_REQUIRED = _("Write your proposal or position.")
INPUT_TEXT_TOO_LONG = _("The text is too long: at most %(limit)d characters.")
INPUT_PLACE_UNKNOWN = _("Choose the paragraph, section or question your input is about.")
INPUT_TRANSITION_REFUSED = _("This input cannot move from “%(source)s” to “%(target)s”.")
ATTRIBUTION_REQUIRED = _("Write who gave this input (a name, or an organisation and a name).")
CHANNEL_UNKNOWN = _("Choose how the input was given: on paper or at a meeting.")
DISPOSITION_UNKNOWN = _("Choose a disposition.")
DISPOSITION_REASON_REQUIRED = _("Give the reason: it is required for anything not fully accepted.")
DISPOSITION_NONE_CHOSEN = _("Choose at least one input.")
DISPOSITION_NOT_NOW = _("Dispositions are given once input has closed, until the consultation is concluded.")
DISPOSITION_PARAGRAPH_UNKNOWN = _("The linked paragraph is not in the latest version of the document.")
DISPOSITION_NOT_PUBLISHED = _("Only published inputs get a disposition.")


# How the person gave their input, by the channel the request acts through.
_INPUT_CHANNEL_OF = {Channel.ASSISTED: InputChannel.ASSISTED, Channel.KIOSK: InputChannel.KIOSK}


def _figures(user, organisation, now: datetime) -> dict:
    """What the reports count, as it is today: the channel, the organisation's kind (or an
    individual), and the person's gender and age band only when they consented to statistics.

    Asked through ``participation_figures``, which counts the act: a kiosk signs the person out
    after an act it counted (``participation.kiosk``), as it does after a signature or a ballot."""
    figures = participation_figures(user, now)
    return {
        "channel": _INPUT_CHANNEL_OF.get(figures["channel"], InputChannel.ONLINE),
        "participant_kind": organisation.kind if organisation is not None else INDIVIDUAL,
        "gender": figures["gender"],
        "age_band": figures["age_band"],
    }


def input_refusal(consultation: Consultation, user, *, organisation=None, now: datetime | None = None) -> str | None:
    """Why ``user`` may not give input now (for themself, or for ``organisation``), or None."""
    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False):
        return INPUT_SIGN_IN
    if consultation.status != ConsultationStatus.PUBLISHED or not consultation_phase_allows(consultation, "input", now):
        return INPUT_NOT_OPEN
    if organisation is None:
        if not consultation.takes_public:
            return INPUT_NOT_PUBLIC
        if not p.is_verified_enough(user, consultation):
            return INPUT_NOT_VERIFIED
        if not p.lives_in_territory(user, consultation):
            return INPUT_NOT_RESIDENT % {"territory": consultation.territory.name}
        return None
    if not consultation.takes_organisations:
        return INPUT_NO_ORGANISATIONS
    if not can_act_for_organisation(user, organisation, on=timezone.localdate(now)):
        return INPUT_NOT_REPRESENTATIVE
    if not organisation_invited(consultation, organisation):
        return INPUT_NOT_INVITED
    return None


def _place(consultation, version: DocumentVersion, *, target: str, anchor: str = "", question=None) -> dict:
    if target == InputTarget.PARAGRAPH:
        paragraph = paragraph_get(version, anchor) if anchor else None
        if paragraph is None:
            raise ServiceError(INPUT_PLACE_UNKNOWN)
        return {"paragraph_anchor": paragraph.anchor, "section_anchor": paragraph.section.anchor}
    if target == InputTarget.SECTION:
        if not anchor or section_get(version, anchor) is None:
            raise ServiceError(INPUT_PLACE_UNKNOWN)
        return {"section_anchor": anchor}
    if target == InputTarget.QUESTION:
        if not isinstance(question, Question) or question.consultation_id != consultation.pk:
            raise ServiceError(INPUT_PLACE_UNKNOWN)
        return {"question": question}
    if target == InputTarget.DOCUMENT:
        return {}
    raise ServiceError(INPUT_PLACE_UNKNOWN)


def _clean_text(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ServiceError(INPUT_TEXT_REQUIRED)
    if len(text) > Input.TEXT_MAX:
        raise ServiceError(INPUT_TEXT_TOO_LONG % {"limit": Input.TEXT_MAX})
    return text


@transaction.atomic
def input_give(
    *,
    consultation: Consultation,
    user,
    text: str,
    target: str,
    anchor: str = "",
    question=None,
    organisation=None,
    ip: str = "",
    now: datetime | None = None,
    rate_limited: bool = True,
) -> Input:
    """A position or an answer, for oneself or on behalf of ``organisation``, into the
    moderation queue of the consultation's territory. ``rate_limited=False`` only for the demo,
    which writes many inputs at once as the petitions' demo does."""
    now = now or timezone.now()
    refusal = input_refusal(consultation, user, organisation=organisation, now=now)
    if refusal:
        raise ServiceError(refusal)
    text = _clean_text(text)
    version = version_latest(consultation)
    place = _place(consultation, version, target=target, anchor=anchor, question=question)
    if rate_limited:
        rate_limit("comment", user=user, ip=ip)
    item = Input.objects.create(
        consultation=consultation,
        version=version,
        target=target,
        text=text,
        author=user,
        organisation=organisation,
        # The channel: the resident's own input typed at an operator's desk (``assisted_act_run``)
        # or on a kiosk is counted as such in the report, and is still theirs, under their name.
        created_at=now,
        **place,
        **_figures(user, organisation, now),
    )
    moderation_submit(item, now=now)
    return item


@transaction.atomic
def input_record_offline(
    *,
    consultation: Consultation,
    staff,
    channel: str,
    attributed_to: str,
    text: str,
    target: str = InputTarget.DOCUMENT,
    anchor: str = "",
    question=None,
    organisation=None,
    now: datetime | None = None,
) -> Input:
    """Staff record an input given on paper or at a meeting: published at once (staff read it
    when they typed it), marked with its channel and attributed to who gave it."""
    now = now or timezone.now()
    consultation = _lock(consultation)
    if not staff.has_perm("meetings.answer_consultation", consultation):
        raise ServiceError(NOT_ALLOWED)
    if channel not in (InputChannel.PAPER, InputChannel.MEETING):
        raise ServiceError(CHANNEL_UNKNOWN)
    attributed_to = (attributed_to or "").strip()[:200]
    if not attributed_to:
        raise ServiceError(ATTRIBUTION_REQUIRED)
    text = _clean_text(text)
    version = version_latest(consultation)
    place = _place(consultation, version, target=target, anchor=anchor, question=question)
    item = Input.objects.create(
        consultation=consultation,
        version=version,
        target=target,
        text=text,
        organisation=organisation,
        channel=channel,
        recorded_by=staff,
        attributed_to=attributed_to,
        status=InputStatus.PUBLISHED,
        published_at=now,
        created_at=now,
        participant_kind=organisation.kind if organisation is not None else INDIVIDUAL,
        **place,
    )
    log(
        instance=consultation, action="meetings.input_recorded", user=staff, data={"input": item.pk, "channel": channel}
    )
    _changed()
    return item


def input_transition(item: Input, *, target: str, now: datetime) -> None:
    if INPUT_TRANSITIONS.get((item.status, target)) is None:
        raise ServiceError(INPUT_TRANSITION_REFUSED % {"source": item.status, "target": target})
    item.status = target
    item.published_at = now if target == InputStatus.PUBLISHED else item.published_at
    item.save(update_fields=["status", "published_at"])


def input_apply_decision(item: Input, moderation_item, moderator) -> None:
    """Moderation core callback, inside the decision's transaction."""
    item = Input.objects.select_for_update().get(pk=item.pk)
    if moderation_item.outcome == ModerationOutcome.APPROVE:
        if item.status != InputStatus.PUBLISHED:
            input_transition(item, target=InputStatus.PUBLISHED, now=moderation_item.decided_at)
    elif item.status != InputStatus.REJECTED:
        input_transition(item, target=InputStatus.REJECTED, now=moderation_item.decided_at)
    _changed()


def input_apply_appeal(item: Input, moderation_item, author) -> None:
    item = Input.objects.select_for_update().get(pk=item.pk)
    if item.status == InputStatus.REJECTED:
        input_transition(item, target=InputStatus.MODERATION, now=moderation_item.created_at)


@transaction.atomic
def inputs_dispose(
    *,
    consultation: Consultation,
    staff,
    inputs: Iterable[int],
    disposition: str,
    reason: str = "",
    paragraph_anchor: str = "",
    now: datetime | None = None,
) -> int:
    """Give the same disposition (and reason) to one input or many at once. A reason is
    required unless accepted; ``paragraph_anchor`` links to the paragraph of the latest version
    that changed because of them. Returns how many were recorded; all or nothing."""
    now = now or timezone.now()
    consultation = _lock(consultation)
    if not staff.has_perm("meetings.answer_consultation", consultation):
        raise ServiceError(NOT_ALLOWED)
    if consultation.status != ConsultationStatus.PUBLISHED or not consultation_input_closed(consultation, now):
        raise ServiceError(DISPOSITION_NOT_NOW)
    if disposition not in Disposition.values:
        raise ServiceError(DISPOSITION_UNKNOWN)
    reason = (reason or "").replace("\r\n", "\n").strip()
    if disposition != Disposition.ACCEPTED and not reason:
        raise ServiceError(DISPOSITION_REASON_REQUIRED)
    ids = sorted({int(pk) for pk in inputs})
    if not ids:
        raise ServiceError(DISPOSITION_NONE_CHOSEN)
    rows = list(Input.objects.select_for_update().filter(consultation=consultation, pk__in=ids))
    if len(rows) != len(ids) or any(row.status != InputStatus.PUBLISHED for row in rows):
        raise ServiceError(DISPOSITION_NOT_PUBLISHED)
    version = None
    if paragraph_anchor:
        version = version_latest(consultation)
        if paragraph_get(version, paragraph_anchor) is None:
            raise ServiceError(DISPOSITION_PARAGRAPH_UNKNOWN)
    Input.objects.filter(pk__in=ids).update(
        disposition=disposition,
        disposition_reason=reason,
        disposition_version=version,
        disposition_anchor=paragraph_anchor,
        disposition_at=now,
        disposition_by=staff,
    )
    log(
        instance=consultation,
        action="meetings.inputs_disposed",
        user=staff,
        data={"inputs": ids, "disposition": disposition},
    )
    _changed()
    return len(ids)
