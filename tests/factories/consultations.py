"""Consultations made through the services (the document, its anchors and the phases are the
services' to write), in the phase a test asks for."""

from datetime import timedelta

from django.utils import timezone

from meetings.consultations.services import consultations as services
from meetings.consultations.services import documents

DRAFT_TEXT = """# Mahalla obodonlashtirish rejasi

## Umumiy qoidalar

Reja mahalla fuqarolar yigʻini hududidagi koʻchalar va maydonlarni obodonlashtirishni belgilaydi.

Ishlar 2027-yil davomida bosqichma-bosqich bajariladi.

## Koʻkalamzorlashtirish

Har bir koʻchaga kamida 20 tup manzarali daraxt ekiladi.

Bolalar maydonchasi atrofiga butalar ekiladi.
"""

# How long ago input opened, for each phase a test may ask for.
OPENED_AGO = {"announced": timedelta(days=-2), "open": timedelta(days=1), "analysis": timedelta(days=20)}


def consultation_made(
    *,
    staff,
    territory,
    phase: str = "open",
    audience: str = "both",
    title: str = "Obodonlashtirish rejasi",
    text: str = DRAFT_TEXT,
    questions=(),
    invite=(),
    invite_kinds=(),
    publish: bool = True,
    **fields,
):
    """A consultation of ``territory`` by ``staff`` (responder or manager there), published, in
    ``phase`` ("announced", "open" or "analysis"): open 15 days from its start."""
    now = timezone.now()
    start = now - OPENED_AGO[phase]
    created_at = min(now, start) - timedelta(hours=1)
    consultation = services.consultation_create(
        staff=staff,
        territory=territory,
        title=title,
        summary="Loyiha haqida fikringizni bildiring.",
        audience=audience,
        questions=questions,
        open_at=start,
        now=created_at,
        **fields,
    )
    documents.version_from_text(consultation=consultation, staff=staff, text=text, now=created_at)
    for organisation in invite:
        services.consultation_invite(consultation=consultation, staff=staff, organisation=organisation, now=created_at)
    for kind, where in invite_kinds:
        services.consultation_invite(consultation=consultation, staff=staff, kind=kind, territory=where, now=created_at)
    if publish:
        services.consultation_publish(consultation=consultation, staff=staff, now=created_at)
    consultation.refresh_from_db()
    return consultation
