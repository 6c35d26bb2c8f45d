"""The app's models, one module per feature (Django finds them here)."""

from meetings.consultations.models import (  # noqa: F401
    Attachment,
    Consultation,
    ConsultationTag,
    DocumentVersion,
    Input,
    Invitation,
    Paragraph,
    Phase,
    PhaseExtension,
    Question,
    Section,
)
from meetings.meetings.models import (  # noqa: F401
    ActionItem,
    ActionProgress,
    AgendaItem,
    AttendanceCount,
    Meeting,
    MeetingSubject,
    Minutes,
    MinutesComment,
    MinutesCorrection,
    Registration,
)
