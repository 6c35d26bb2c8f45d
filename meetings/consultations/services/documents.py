"""Versions of a consultation's document: written from structured drafts (the admin's blocks,
or an imported Markdown or .docx file), keeping the anchors of the version before.

The parsing, anchoring and diffing are the pure functions of ``meetings.consultations.documents``;
this module stores their result. A file that does not parse raises ``ImportRefused`` with
every error named by line or paragraph, and nothing is written.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from meetings.consultations.documents.anchors import carry_anchors, new_anchor
from meetings.consultations.documents.importers import parse_markdown, parse_upload
from meetings.consultations.documents.structure import DocumentImportError, ParagraphDraft, SectionDraft
from meetings.consultations.models import Consultation, ConsultationStatus, DocumentVersion, Paragraph, Section
from meetings.consultations.selectors import version_latest, version_sections
from meetings.consultations.services.consultations import NOT_ALLOWED, _changed, _lock
from participation.exceptions import ServiceError

EMPTY_DOCUMENT = _("The document has no paragraph.")
VERSION_CONCLUDED = _("The consultation is concluded; its document can no longer change.")
NOTE_TOO_LONG = _("The note is too long: at most %(limit)d characters.")


class ImportRefused(ServiceError):
    """The file did not parse; ``errors`` are ``(where, message)`` pairs for the person."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__(_("The file could not be imported; nothing was changed."))
        self.errors = errors


def drafts_parse(*, filename: str, content: bytes) -> list[SectionDraft]:
    """Structured drafts of an uploaded file, by its extension (``documents.importers``)."""
    import io

    try:
        return parse_upload(io.BytesIO(content), filename=filename or "")
    except DocumentImportError as error:
        raise ImportRefused([(str(where), str(message)) for where, message in error.errors]) from None


def drafts_of_version(version: DocumentVersion | None) -> list[SectionDraft]:
    return [
        SectionDraft(
            title=section.title,
            anchor=section.anchor,
            paragraphs=tuple(ParagraphDraft(text=p.text, anchor=p.anchor) for p in section.paragraph_list),
        )
        for section in version_sections(version)
    ]


@transaction.atomic
def version_publish(
    *, consultation: Consultation, staff, drafts: list[SectionDraft], note: str = "", now: datetime | None = None
) -> DocumentVersion:
    """Store ``drafts`` as the next version. The anchors of the latest version are carried
    over (unchanged and edited paragraphs keep theirs), so every input still finds its paragraph."""
    now = now or timezone.now()
    consultation = _lock(consultation)
    if staff is None or not staff.has_perm("meetings.run_consultation", consultation):
        raise ServiceError(NOT_ALLOWED)
    if consultation.status == ConsultationStatus.CONCLUDED:
        raise ServiceError(VERSION_CONCLUDED)
    note = (note or "").strip()
    if len(note) > DocumentVersion._meta.get_field("note").max_length:
        raise ServiceError(NOTE_TOO_LONG % {"limit": DocumentVersion._meta.get_field("note").max_length})
    if not any(section.paragraphs for section in drafts):
        raise ServiceError(EMPTY_DOCUMENT)
    previous = version_latest(consultation)
    if previous is not None:
        drafts = carry_anchors(drafts_of_version(previous), drafts)
    version = DocumentVersion.objects.create(
        consultation=consultation,
        number=(previous.number + 1) if previous else 1,
        note=note,
        created_at=now,
        created_by=staff,
    )
    number = 0
    for position, draft in enumerate(drafts, start=1):
        section = Section.objects.create(
            version=version, position=position, anchor=draft.anchor or new_anchor(), title=draft.title[:300]
        )
        rows = []
        for paragraph in draft.paragraphs:
            number += 1
            rows.append(
                Paragraph(
                    version=version,
                    section=section,
                    position=number,
                    anchor=paragraph.anchor or new_anchor(),
                    text=paragraph.text,
                )
            )
        Paragraph.objects.bulk_create(rows)
    log(instance=consultation, action="meetings.version_published", user=staff, data={"version": version.number})
    _changed()
    return version


def version_import(
    *, consultation: Consultation, staff, filename: str, content: bytes, note: str = "", now: datetime | None = None
) -> DocumentVersion:
    """Parse an uploaded file and store it as the next version; a file with errors is
    refused whole (``ImportRefused``)."""
    drafts = drafts_parse(filename=filename, content=content)
    return version_publish(consultation=consultation, staff=staff, drafts=drafts, note=note, now=now)


def version_from_text(
    *, consultation: Consultation, staff, text: str, note: str = "", now: datetime | None = None
) -> DocumentVersion:
    """The admin's text box: Markdown headings for sections, blank lines between paragraphs."""
    try:
        drafts = parse_markdown(text or "")
    except DocumentImportError as error:
        raise ImportRefused([(str(where), str(message)) for where, message in error.errors]) from None
    return version_publish(consultation=consultation, staff=staff, drafts=drafts, note=note, now=now)
