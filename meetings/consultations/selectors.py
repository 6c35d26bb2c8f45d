"""Reads of consultations: the public list, one consultation with its phases and document,
inputs by paragraph, the outcome, the summary table, the staff screens' lists and the rows the
organisation page shows. Every list is a fixed number of queries however many rows it has
(tests/meetings/consultations/test_query_budgets.py). Never imports services."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from meetings.consultations.models import (
    RESIDENTS_OWN_INPUT_CHANNELS,
    Consultation,
    ConsultationStatus,
    DocumentVersion,
    Input,
    InputStatus,
    InputTarget,
    Invitation,
    Paragraph,
    Phase,
    PhaseKind,
    Section,
)
from meetings.consultations.transitions import PUBLIC_CONSULTATION_STATUSES
from participation.models import StaffRoleKind
from participation.phases.selectors import phase_current, phases_allow, phases_ordered
from participation.selectors import staff_role_paths, territory_contains

# The khokimiyat's responders and managers open, run and answer consultations.
STAFF_ROLES = (StaffRoleKind.RESPONDER, StaffRoleKind.MANAGER)

# ---- phases ------------------------------------------------------------------------------


def consultation_phases(consultation: Consultation) -> list[Phase]:
    """The phases in order; read once per consultation object (a page asks several times)."""
    cached = getattr(consultation, "_phases_cache", None)
    if cached is None:
        prefetched = getattr(consultation, "_prefetched_objects_cache", {}).get("phases")
        rows = list(prefetched) if prefetched is not None else list(consultation.phases.all())
        cached = phases_ordered(rows)
        consultation._phases_cache = cached
    return cached


def consultation_phases_forget(consultation: Consultation) -> None:
    consultation.__dict__.pop("_phases_cache", None)
    getattr(consultation, "_prefetched_objects_cache", {}).pop("phases", None)


def consultation_phase(consultation: Consultation, now: datetime | None = None) -> Phase | None:
    return phase_current(consultation_phases(consultation), now)


def consultation_phase_allows(consultation: Consultation, action: str, now: datetime | None = None) -> bool:
    return phases_allow(consultation_phases(consultation), action, now, actions=Phase.ACTIONS)


def consultation_phase_of(consultation: Consultation, kind: str) -> Phase | None:
    return next((phase for phase in consultation_phases(consultation) if phase.kind == kind), None)


def consultation_input_closed(consultation: Consultation, now: datetime | None = None) -> bool:
    """Input has closed: the open phase has ended (analysis or later)."""
    now = now or timezone.now()
    opened = consultation_phase_of(consultation, PhaseKind.OPEN)
    return opened is not None and opened.ends_at <= now


def consultation_outcome_overdue(consultation: Consultation, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        consultation.status == ConsultationStatus.PUBLISHED
        and consultation.outcome_due_at is not None
        and consultation.outcome_due_at < now
    )


# ---- lists -------------------------------------------------------------------------------


def consultations_public() -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(status__in=PUBLIC_CONSULTATION_STATUSES)
        .select_related("territory")
        .prefetch_related("phases", "tags")
        .annotate(published_inputs=Count("inputs", filter=Q(inputs__status=InputStatus.PUBLISHED)))
        .order_by("-published_at", "-pk")
    )


def consultations_filtered(
    *, territory=None, status: str = "", topic: str = "", audience: str = "", now: datetime | None = None
) -> QuerySet[Consultation]:
    """The public list narrowed by the filters. ``status`` is the phase a visitor sees
    (announced / open / analysis / concluded), read from the dates in the database."""
    now = now or timezone.now()
    rows = consultations_public()
    if territory is not None:
        rows = rows.filter(territory__path__startswith=territory.path)
    if audience:
        rows = rows.filter(audience=audience)
    if topic:
        rows = rows.filter(tags__slug=topic)
    if status == PhaseKind.CONCLUDED:
        rows = rows.filter(status=ConsultationStatus.CONCLUDED)
    elif status:
        rows = rows.filter(status=ConsultationStatus.PUBLISHED).filter(
            phases__kind=status, phases__starts_at__lte=now, phases__ends_at__gt=now
        )
    return rows.distinct() if topic or status else rows


def consultation_get_public(pk) -> Consultation | None:
    return (
        Consultation.objects.filter(pk=pk, status__in=PUBLIC_CONSULTATION_STATUSES)
        .select_related("territory")
        .prefetch_related("phases", "tags", "questions", "attachments__document", "phases__extensions")
        .first()
    )


def consultation_get(pk) -> Consultation | None:
    return Consultation.objects.filter(pk=pk).select_related("territory").prefetch_related("phases").first()


def consultations_for_staff(user) -> QuerySet[Consultation]:
    """The consultations of the territories where ``user`` is responder or manager."""
    paths = [path for role, path in staff_role_paths(user) if role in STAFF_ROLES]
    if getattr(user, "is_superuser", False):
        condition = Q()
    elif not paths:
        return Consultation.objects.none()
    else:
        condition = Q()
        for path in paths:
            condition |= Q(territory__path__startswith=path)
    return (
        Consultation.objects.filter(condition)
        .select_related("territory")
        .prefetch_related("phases")
        .annotate(
            input_count=Count("inputs", filter=Q(inputs__status=InputStatus.PUBLISHED)),
            undecided=Count("inputs", filter=Q(inputs__status=InputStatus.PUBLISHED, inputs__disposition="")),
        )
        .order_by("-created_at", "-pk")
    )


def consultations_outcome_overdue(territory=None, now: datetime | None = None) -> QuerySet[Consultation]:
    """Published consultations whose outcome is past due (the khokimiyat page, the staff queue)."""
    now = now or timezone.now()
    rows = Consultation.objects.filter(status=ConsultationStatus.PUBLISHED, outcome_due_at__lt=now)
    if territory is not None:
        rows = rows.filter(territory__path__startswith=territory.path)
    return rows.select_related("territory").order_by("outcome_due_at", "pk")


# ---- the document ------------------------------------------------------------------------


def versions_of(consultation: Consultation) -> list[DocumentVersion]:
    return list(consultation.versions.order_by("number"))


def version_latest(consultation: Consultation) -> DocumentVersion | None:
    return consultation.versions.order_by("-number").first()


def version_first(consultation: Consultation) -> DocumentVersion | None:
    return consultation.versions.order_by("number").first()


def version_sections(version: DocumentVersion | None) -> list[Section]:
    """The sections of ``version`` with their paragraphs in ``paragraph_list``: two queries."""
    if version is None:
        return []
    paragraphs = Paragraph.objects.order_by("position")
    return list(
        version.sections.order_by("position").prefetch_related(
            Prefetch("paragraphs", queryset=paragraphs, to_attr="paragraph_list")
        )
    )


def paragraph_numbers(version: DocumentVersion | None) -> dict[str, int]:
    """anchor -> the paragraph's number in ``version``."""
    if version is None:
        return {}
    return dict(version.paragraphs.values_list("anchor", "position"))


def paragraph_get(version: DocumentVersion, anchor: str) -> Paragraph | None:
    return version.paragraphs.filter(anchor=anchor).select_related("section").first()


def section_get(version: DocumentVersion, anchor: str) -> Section | None:
    return version.sections.filter(anchor=anchor).first()


# ---- inputs ------------------------------------------------------------------------------


def _input_rows() -> QuerySet[Input]:
    return Input.objects.select_related("author", "organisation", "question", "version", "disposition_version")


def inputs_public(consultation: Consultation) -> QuerySet[Input]:
    return _input_rows().filter(consultation=consultation, status=InputStatus.PUBLISHED).order_by("created_at", "pk")


def input_get_public(consultation: Consultation, pk) -> Input | None:
    return inputs_public(consultation).filter(pk=pk).first()


@dataclass
class InputsByPlace:
    """Published inputs grouped by what they are on; anchors are version-independent."""

    document: list = field(default_factory=list)
    sections: dict = field(default_factory=lambda: defaultdict(list))
    paragraphs: dict = field(default_factory=lambda: defaultdict(list))
    questions: dict = field(default_factory=lambda: defaultdict(list))


def inputs_by_place(inputs) -> InputsByPlace:
    grouped = InputsByPlace()
    for item in inputs:
        if item.target == InputTarget.PARAGRAPH:
            grouped.paragraphs[item.paragraph_anchor].append(item)
        elif item.target == InputTarget.SECTION:
            grouped.sections[item.section_anchor].append(item)
        elif item.target == InputTarget.QUESTION:
            grouped.questions[item.question_id].append(item)
        else:
            grouped.document.append(item)
    return grouped


def inputs_for_staff(consultation: Consultation) -> QuerySet[Input]:
    return _input_rows().filter(consultation=consultation).order_by("created_at", "pk")


def documents_choosable_by(user) -> QuerySet:
    """The Wagtail documents in the collections ``user`` may choose from: their khokimiyat's
    (``cms.services.access`` grants it to its editors, managers and responders)."""
    from wagtail.documents import get_document_model
    from wagtail.permissions import policy_registry

    return policy_registry.get_by_type(get_document_model()).instances_user_has_permission_for(user, "choose")


def inputs_in_moderation(consultation: Consultation) -> QuerySet[Input]:
    return Input.objects.filter(consultation=consultation, status=InputStatus.MODERATION)


def inputs_without_disposition(consultation: Consultation) -> QuerySet[Input]:
    return Input.objects.filter(consultation=consultation, status=InputStatus.PUBLISHED, disposition="")


def inputs_of_organisation(organisation) -> QuerySet[Input]:
    """The organisation page's inputs: published, newest first, bounded by the caller."""
    return (
        Input.objects.filter(organisation=organisation, status=InputStatus.PUBLISHED)
        .select_related("consultation", "author")
        .order_by("-created_at", "-pk")
    )


def consultations_of_organisation(organisation) -> QuerySet[Consultation]:
    """Consultations the organisation took part in or is invited to (published only)."""
    invited = Q(invitations__organisation=organisation) | Q(
        invitations__kind=organisation.kind, invitations__territory__path__in=organisation.territory.ancestor_paths
    )
    took_part = Q(inputs__organisation=organisation, inputs__status=InputStatus.PUBLISHED)
    return (
        Consultation.objects.filter(status__in=PUBLIC_CONSULTATION_STATUSES)
        .filter(invited | took_part)
        .select_related("territory")
        .distinct()
        .order_by("-published_at", "-pk")
    )


# ---- invitations -------------------------------------------------------------------------


def invitations_of(consultation: Consultation) -> list[Invitation]:
    return list(consultation.invitations.select_related("organisation", "territory").order_by("pk"))


def organisation_invited(consultation: Consultation, organisation, invitations=None) -> bool:
    """Invited by name, or by its kind in a territory it works in (or below)."""
    for invitation in invitations if invitations is not None else invitations_of(consultation):
        if invitation.organisation_id is not None:
            if invitation.organisation_id == organisation.pk:
                return True
        elif invitation.kind == organisation.kind and territory_contains(invitation.territory, organisation.territory):
            return True
    return False


def invited_organisations(consultation: Consultation):
    """Every verified organisation the invitations reach (for the e-mails)."""
    from participation.organisations.models import Organisation

    condition = Q(pk__in=[])
    for invitation in invitations_of(consultation):
        if invitation.organisation_id is not None:
            condition |= Q(pk=invitation.organisation_id)
        else:
            condition |= Q(kind=invitation.kind, territory__path__startswith=invitation.territory.path)
    return Organisation.objects.filter(condition, status="verified").select_related("territory").order_by("pk")


# ---- the outcome and the summary table ---------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    who: str
    place: str
    proposal: str
    disposition: str
    reason: str


def input_who(item: Input) -> str:
    if item.organisation_id:
        author = item.author.get_full_name() if item.author_id else item.attributed_to
        return f"{item.organisation.name} ({author})" if author else item.organisation.name
    if item.author_id and item.channel in RESIDENTS_OWN_INPUT_CHANNELS:
        return item.author.get_full_name()
    return item.attributed_to


def input_place(item: Input, numbers: dict[str, int], section_titles: dict[str, str]) -> str:
    from django.utils.translation import gettext

    if item.target == InputTarget.PARAGRAPH:
        number = numbers.get(item.paragraph_anchor)
        return gettext("Paragraph %(number)s") % {"number": number} if number else gettext("A removed paragraph")
    if item.target == InputTarget.SECTION:
        return section_titles.get(item.section_anchor) or gettext("A removed section")
    if item.target == InputTarget.QUESTION:
        return item.question.text
    return gettext("The whole document")


def summary_rows(consultation: Consultation) -> list[SummaryRow]:
    """The table PP-5025 asks for: author or organisation, paragraph, proposal, disposition,
    reason. Paragraphs are numbered as in the draft each input was given on."""
    inputs = list(inputs_public(consultation))
    versions = {item.version_id for item in inputs}
    numbers_by_version: dict[int, dict[str, int]] = defaultdict(dict)
    for version_id, anchor, position in Paragraph.objects.filter(version_id__in=versions).values_list(
        "version_id", "anchor", "position"
    ):
        numbers_by_version[version_id][anchor] = position
    titles_by_version: dict[int, dict[str, str]] = defaultdict(dict)
    for version_id, anchor, title in Section.objects.filter(version_id__in=versions).values_list(
        "version_id", "anchor", "title"
    ):
        titles_by_version[version_id][anchor] = title
    return [
        SummaryRow(
            who=input_who(item),
            place=input_place(item, numbers_by_version[item.version_id], titles_by_version[item.version_id]),
            proposal=item.text,
            disposition=str(item.get_disposition_display()) if item.disposition else "",
            reason=item.disposition_reason,
        )
        for item in inputs
    ]


def participation_figures(consultation: Consultation) -> dict:
    """Counts for the transparency report, from the figures recorded with each input."""
    rows = Input.objects.filter(consultation=consultation, status=InputStatus.PUBLISHED)
    return {
        "by_kind": dict(
            rows.values_list("participant_kind").annotate(n=Count("pk")).values_list("participant_kind", "n")
        ),
        "by_gender": dict(
            rows.exclude(gender="").values_list("gender").annotate(n=Count("pk")).values_list("gender", "n")
        ),
        "by_disposition": dict(
            rows.exclude(disposition="")
            .values_list("disposition")
            .annotate(n=Count("pk"))
            .values_list("disposition", "n")
        ),
    }


def participants_of(consultation: Consultation):
    """People who gave a published input online (they hear of the outcome)."""
    from participation.models import User

    return User.objects.filter(
        consultation_inputs__consultation=consultation, consultation_inputs__status=InputStatus.PUBLISHED
    ).distinct()
