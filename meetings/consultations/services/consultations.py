"""Open a consultation, invite organisations, move its phases, conclude it.

Every write locks the consultation row first (``select_for_update``), checks the rules under
that lock, writes, records the audit entry, and queues its e-mails on commit. A refusal raises
``ServiceError`` with the person's message and writes nothing.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail.log_actions import log

from meetings.consultations.models import (
    Attachment,
    Audience,
    Consultation,
    ConsultationStatus,
    Invitation,
    Phase,
    PhaseExtension,
    PhaseKind,
    Question,
)
from meetings.consultations.selectors import (
    consultation_phase,
    consultation_phase_of,
    consultation_phases,
    consultation_phases_forget,
    documents_choosable_by,
    inputs_in_moderation,
    inputs_without_disposition,
    version_latest,
)
from meetings.consultations.transitions import CONSULTATION_TRANSITIONS
from participation.answers.deadline import due_date
from participation.exceptions import ServiceError
from participation.phases.services import phase_advance_dates, phase_extend_dates
from participation.queue import enqueue_on_commit
from participation.web.page_cache import pages_changed
from participation.web.sitemap import sitemap_changed

OPEN_DAYS_DEFAULT = 15
OPEN_DAYS_MIN = 10
OUTCOME_DAYS_DEFAULT = 30
# The concluded phase has no end that matters; it lasts long enough never to pass.
CONCLUDED_YEARS = 20

NOT_ALLOWED = _("You may run consultations only of the territories where you are responder or manager.")
TITLE_REQUIRED = _("Give the consultation a title.")
SUMMARY_REQUIRED = _("Say in a few sentences what the consultation is about.")
OPEN_TOO_SHORT = _("Input must stay open for at least %(days)d days.")
OUTCOME_DAYS_RANGE = _("The outcome must be due 1 to 365 days after input closes.")
AUDIENCE_UNKNOWN = _("Choose who may take part.")
TRANSITION_REFUSED = _("This consultation cannot move from “%(source)s” to “%(target)s”.")
NO_DOCUMENT = _("Add the document (at least one paragraph) before publishing.")
NO_INVITATION = _("Invite at least one organisation before publishing a consultation for invited organisations.")
INVITE_WHOM = _("Choose an organisation, or a kind of organisation and a territory.")
INVITE_ALREADY = _("This invitation exists already.")
INVITE_CONCLUDED = _("The consultation is concluded; nobody can be invited any more.")
EXTEND_NOT_OPEN = _("Only the open phase can be extended, while it runs.")
EXTEND_ONCE = _("The open phase has already been extended once; it cannot be extended again.")
NOTE_REQUIRED = _("Write the public note that says why.")
CLOSE_NOT_OPEN = _("Input can be closed early only while it is open.")
CONCLUDE_NOT_CLOSED = _("The consultation can be concluded only after input has closed.")
CONCLUDE_MISSING = ngettext_lazy(
    "%(count)d published input has no disposition yet: give every input a disposition before concluding.",
    "%(count)d published inputs have no disposition yet: give every input a disposition before concluding.",
    "count",
)
CONCLUDE_IN_MODERATION = ngettext_lazy(
    "%(count)d input is still waiting for a moderator: it needs a decision, and if published a "
    "disposition, before the consultation is concluded.",
    "%(count)d inputs are still waiting for a moderator: they need a decision, and if published a "
    "disposition, before the consultation is concluded.",
    "count",
)
OUTCOME_REQUIRED = _("Write the summary of what was done with the input.")
VERSION_LOCKED = _("The consultation is concluded; what it says can no longer change.")
ATTACH_TITLE_REQUIRED = _("Give the attachment a title readers understand.")
ATTACH_NOT_CHOOSABLE = _("This document is in a collection you may not choose from; upload it to your khokimiyat's.")


def _lock(consultation: Consultation) -> Consultation:
    locked = Consultation.objects.select_for_update(of=("self",)).select_related("territory").get(pk=consultation.pk)
    return locked


def _require_staff(staff, consultation) -> None:
    if staff is None or not staff.has_perm("meetings.run_consultation", consultation):
        raise ServiceError(NOT_ALLOWED)


def _changed() -> None:
    pages_changed("consultations", "organisations")


def consultation_transition(consultation: Consultation, *, target: str, staff, now: datetime) -> None:
    """The one place a consultation's status moves; refuses what the table does not list."""
    move = CONSULTATION_TRANSITIONS.get((consultation.status, target))
    if move is None:
        raise ServiceError(TRANSITION_REFUSED % {"source": consultation.status, "target": target})
    before = consultation.status
    consultation.status = target
    fields = ["status"]
    if target == ConsultationStatus.PUBLISHED:
        consultation.published_at = now
        fields.append("published_at")
    if target == ConsultationStatus.CONCLUDED:
        consultation.concluded_at, consultation.concluded_by = now, staff
        fields += ["concluded_at", "concluded_by"]
    consultation.save(update_fields=fields)
    log(instance=consultation, action=move.action, user=staff, data={"before": before, "after": target})
    sitemap_changed()
    _changed()


def _phase_rows(consultation, *, announce_at: datetime, open_at: datetime, open_days: int, outcome_days: int):
    open_ends = open_at + timedelta(days=open_days)
    analysis_ends = due_date(open_ends, outcome_days)
    spans = [
        (PhaseKind.ANNOUNCED, announce_at, open_at, False, False),
        (PhaseKind.OPEN, open_at, open_ends, True, True),
        (PhaseKind.ANALYSIS, open_ends, analysis_ends, False, True),
        (PhaseKind.CONCLUDED, analysis_ends, analysis_ends + timedelta(days=365 * CONCLUDED_YEARS), False, False),
    ]
    return [
        Phase(
            consultation=consultation,
            kind=kind,
            starts_at=start,
            ends_at=end,
            allows_input=allows_input,
            allows_comment=allows_comment,
        )
        for kind, start, end, allows_input, allows_comment in spans
        if end > start
    ]


@transaction.atomic
def consultation_create(
    *,
    staff,
    territory,
    title: str,
    summary: str,
    audience: str = Audience.BOTH,
    tags=(),
    questions=(),
    open_at: datetime | None = None,
    open_days: int = OPEN_DAYS_DEFAULT,
    outcome_days: int = OUTCOME_DAYS_DEFAULT,
    verification_level: int | None = None,
    now: datetime | None = None,
) -> Consultation:
    """A draft consultation with its dated phases: announced until ``open_at``, open for
    ``open_days`` (at least 10), then analysis until the outcome is due ``outcome_days`` later."""
    now = now or timezone.now()
    open_at = open_at or now
    probe = Consultation(territory=territory)
    _require_staff(staff, probe)
    title, summary = (title or "").strip(), (summary or "").strip()
    if not title:
        raise ServiceError(TITLE_REQUIRED)
    if not summary:
        raise ServiceError(SUMMARY_REQUIRED)
    if audience not in Audience.values:
        raise ServiceError(AUDIENCE_UNKNOWN)
    if not isinstance(open_days, int) or open_days < OPEN_DAYS_MIN:
        raise ServiceError(OPEN_TOO_SHORT % {"days": OPEN_DAYS_MIN})
    if not isinstance(outcome_days, int) or not 1 <= outcome_days <= 365:
        raise ServiceError(OUTCOME_DAYS_RANGE)
    consultation = Consultation.objects.create(
        territory=territory,
        title=title[: Consultation.TITLE_MAX],
        summary=summary,
        audience=audience,
        outcome_days=outcome_days,
        created_by=staff,
        created_at=now,
        **({"verification_level": verification_level} if verification_level is not None else {}),
    )
    consultation.tags.set([tag for tag in tags if tag])
    Question.objects.bulk_create(
        [
            Question(consultation=consultation, position=number, text=text.strip()[:500])
            for number, text in enumerate(questions, start=1)
            if text and text.strip()
        ]
    )
    Phase.objects.bulk_create(
        _phase_rows(
            consultation, announce_at=min(now, open_at), open_at=open_at, open_days=open_days, outcome_days=outcome_days
        )
    )
    log(instance=consultation, action="meetings.consultation_created", user=staff, data={"title": title})
    return consultation


def _outcome_due(consultation: Consultation):
    opened = consultation_phase_of(consultation, PhaseKind.OPEN)
    return due_date(opened.ends_at, consultation.outcome_days) if opened else None


@transaction.atomic
def consultation_publish(*, consultation: Consultation, staff, now: datetime | None = None) -> Consultation:
    """Make the draft public; the invited organisations' representatives are e-mailed."""
    now = now or timezone.now()
    consultation = _lock(consultation)
    _require_staff(staff, consultation)
    if consultation.status == ConsultationStatus.DRAFT:
        latest = version_latest(consultation)
        if latest is None or not latest.paragraphs.exists():
            raise ServiceError(NO_DOCUMENT)
        if consultation.audience == Audience.INVITED and not consultation.invitations.exists():
            raise ServiceError(NO_INVITATION)
    consultation_transition(consultation, target=ConsultationStatus.PUBLISHED, staff=staff, now=now)
    consultation.outcome_due_at = _outcome_due(consultation)
    consultation.save(update_fields=["outcome_due_at"])
    for invitation in consultation.invitations.all():
        enqueue_on_commit("meetings.consultations.tasks.notify_invitation", invitation_id=invitation.pk)
    return consultation


@transaction.atomic
def consultation_invite(
    *, consultation: Consultation, staff, organisation=None, kind: str = "", territory=None, now=None
) -> Invitation:
    """Invite one organisation, or every verified organisation of ``kind`` in ``territory``.
    Once the consultation is public, the representatives are e-mailed at once."""
    now = now or timezone.now()
    consultation = _lock(consultation)
    _require_staff(staff, consultation)
    if consultation.status == ConsultationStatus.CONCLUDED:
        raise ServiceError(INVITE_CONCLUDED)
    if organisation is None and not (kind and territory is not None):
        raise ServiceError(INVITE_WHOM)
    if organisation is not None:
        kind, territory = "", None
    lookup = {"organisation": organisation} if organisation is not None else {"kind": kind, "territory": territory}
    if consultation.invitations.filter(**lookup).exists():
        raise ServiceError(INVITE_ALREADY)
    invitation = Invitation.objects.create(
        consultation=consultation,
        organisation=organisation,
        kind=kind,
        territory=territory,
        created_at=now,
        created_by=staff,
    )
    log(
        instance=consultation,
        action="meetings.consultation_invited",
        user=staff,
        data={
            "organisation": getattr(organisation, "pk", None),
            "kind": kind,
            "territory": getattr(territory, "pk", None),
        },
    )
    if consultation.status == ConsultationStatus.PUBLISHED:
        enqueue_on_commit("meetings.consultations.tasks.notify_invitation", invitation_id=invitation.pk)
    _changed()
    return invitation


@transaction.atomic
def consultation_extend_open(
    *, consultation: Consultation, staff, days: int, note: str, now: datetime | None = None
) -> PhaseExtension:
    """Move the end of the open phase once, with a public note; the later phases and the
    outcome's due date move with it."""
    now = now or timezone.now()
    consultation = _lock(consultation)
    _require_staff(staff, consultation)
    note = (note or "").strip()
    current = consultation_phase(consultation, now)
    if (
        consultation.status != ConsultationStatus.PUBLISHED
        or current is None
        or current.kind != PhaseKind.OPEN
        or now >= current.ends_at
    ):
        raise ServiceError(EXTEND_NOT_OPEN)
    if current.extensions.filter(lengthens=True).exists():
        raise ServiceError(EXTEND_ONCE)
    if not note:
        raise ServiceError(NOTE_REQUIRED)
    if not isinstance(days, int) or not 1 <= days <= 60:
        raise ServiceError(_("Extend by 1 to 60 days."))
    extension = phase_extend_dates(
        current,
        phases=consultation_phases(consultation),
        new_ends_at=current.ends_at + timedelta(days=days),
        note=note,
        staff=staff,
        now=now,
        extension_model=PhaseExtension,
    )
    PhaseExtension.objects.filter(pk=extension.pk).update(lengthens=True)
    consultation_phases_forget(consultation)
    consultation.outcome_due_at = _outcome_due(consultation)
    consultation.save(update_fields=["outcome_due_at"])
    log(instance=consultation, action="meetings.phase_extended", user=staff, data={"days": days})
    _changed()
    return extension


@transaction.atomic
def consultation_close_input(*, consultation: Consultation, staff, note: str, now: datetime | None = None):
    """End the open phase now and start the analysis, with a public note; the outcome is then
    due ``outcome_days`` from now."""
    now = now or timezone.now()
    consultation = _lock(consultation)
    _require_staff(staff, consultation)
    note = (note or "").strip()
    current = consultation_phase(consultation, now)
    if (
        consultation.status != ConsultationStatus.PUBLISHED
        or current is None
        or current.kind != PhaseKind.OPEN
        or now >= current.ends_at
    ):
        raise ServiceError(CLOSE_NOT_OPEN)
    if not note:
        raise ServiceError(NOTE_REQUIRED)
    phase_advance_dates(
        phases=consultation_phases(consultation), note=note, staff=staff, now=now, extension_model=PhaseExtension
    )
    consultation_phases_forget(consultation)
    consultation.outcome_due_at = _outcome_due(consultation)
    consultation.save(update_fields=["outcome_due_at"])
    log(instance=consultation, action="meetings.input_closed", user=staff, data={"note": note})
    _changed()
    return consultation


@transaction.atomic
def consultation_conclude(
    *, consultation: Consultation, staff, outcome_summary: str, now: datetime | None = None
) -> Consultation:
    """Publish the outcome. Refused while input is open or while any published input lacks a
    disposition; participants and followers hear of it."""
    now = now or timezone.now()
    consultation = _lock(consultation)
    _require_staff(staff, consultation)
    if consultation.status != ConsultationStatus.PUBLISHED:
        raise ServiceError(TRANSITION_REFUSED % {"source": consultation.status, "target": ConsultationStatus.CONCLUDED})
    current = consultation_phase(consultation, now)
    if current is None or (current.kind in (PhaseKind.ANNOUNCED, PhaseKind.OPEN) and now < current.ends_at):
        raise ServiceError(CONCLUDE_NOT_CLOSED)
    # An input still in moderation would be published after the conclusion without a disposition
    # that nobody could give any more.
    waiting = inputs_in_moderation(consultation).count()
    if waiting:
        raise ServiceError(CONCLUDE_IN_MODERATION % {"count": waiting})
    missing = inputs_without_disposition(consultation).count()
    if missing:
        raise ServiceError(CONCLUDE_MISSING % {"count": missing})
    outcome_summary = (outcome_summary or "").strip()
    if not outcome_summary:
        raise ServiceError(OUTCOME_REQUIRED)
    consultation.outcome_summary = outcome_summary
    consultation.save(update_fields=["outcome_summary"])
    if current.kind == PhaseKind.ANALYSIS and now < current.ends_at:
        phase_advance_dates(
            phases=consultation_phases(consultation),
            note=str(_("The outcome is published.")),
            staff=staff,
            now=now,
            extension_model=PhaseExtension,
        )
        consultation_phases_forget(consultation)
    consultation_transition(consultation, target=ConsultationStatus.CONCLUDED, staff=staff, now=now)
    enqueue_on_commit("meetings.consultations.tasks.notify_outcome", consultation_id=consultation.pk)
    return consultation


def consultations_mark_overdue(*, now: datetime | None = None) -> int:
    """Record once when an outcome passes its due date (the staff queue and reports read it)."""
    now = now or timezone.now()
    return Consultation.objects.filter(
        status=ConsultationStatus.PUBLISHED, outcome_due_at__lt=now, outcome_overdue_since__isnull=True
    ).update(outcome_overdue_since=now)


@transaction.atomic
def consultation_attach(*, consultation: Consultation, staff, document, title: str) -> Attachment:
    """Attach a document from Wagtail's documents (an annex, a map, the draft as filed)."""
    consultation = _lock(consultation)
    _require_staff(staff, consultation)
    title = (title or "").strip()[:200]
    if not title:
        raise ServiceError(ATTACH_TITLE_REQUIRED)
    # Wagtail's collections keep one khokimiyat's unpublished files from another's staff: a
    # consultation page must not publish a document its staff could not even choose.
    if not documents_choosable_by(staff).filter(pk=document.pk).exists():
        raise ServiceError(ATTACH_NOT_CHOOSABLE)
    attachment = Attachment.objects.create(consultation=consultation, document=document, title=title)
    log(instance=consultation, action="meetings.attachment_added", user=staff, data={"document": document.pk})
    _changed()
    return attachment


@transaction.atomic
def consultation_edit(*, consultation: Consultation, staff, title: str, summary: str, tags=()) -> Consultation:
    """Change the wording a reader sees (title, summary, topics); the dates and the audience
    move only through their own actions, so nobody loses a right to take part silently."""
    consultation = _lock(consultation)
    _require_staff(staff, consultation)
    if consultation.status == ConsultationStatus.CONCLUDED:
        raise ServiceError(VERSION_LOCKED)
    title, summary = (title or "").strip(), (summary or "").strip()
    if not title:
        raise ServiceError(TITLE_REQUIRED)
    if not summary:
        raise ServiceError(SUMMARY_REQUIRED)
    before = {"title": consultation.title, "summary": consultation.summary}
    consultation.title, consultation.summary = title[: Consultation.TITLE_MAX], summary
    consultation.save(update_fields=["title", "summary"])
    consultation.tags.set([tag for tag in tags if tag])
    log(
        instance=consultation,
        action="meetings.consultation_changed",
        user=staff,
        data={"before": before, "after": {"title": consultation.title, "summary": consultation.summary}},
    )
    sitemap_changed()
    _changed()
    return consultation
