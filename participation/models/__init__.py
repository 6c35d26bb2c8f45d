from participation.assisted.models import AssistedAct, AssistedActKind, ConsentMethod
from participation.comments.models import Comment
from participation.follows.models import Follow
from participation.identity.models import PhoneCode, PhoneCodePurpose
from participation.kiosk.models import Kiosk, KioskStatus
from participation.models.notifications import Notification, OutboxEntry
from participation.models.participation import Channel, ParticipationFigures
from participation.models.roles import StaffRole, StaffRoleKind
from participation.models.territories import Territory, TerritoryKind
from participation.models.users import DocumentType, Gender, IdentityVerification, User, VerificationLevel
from participation.moderation.models import (
    Flag,
    ModerationItem,
    ModerationKind,
    ModerationOutcome,
    ModerationPriority,
    ReasonCode,
)
from participation.organisations.models import (
    Membership,
    MembershipInvitation,
    MembershipRole,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    VerificationEvidence,
)
from participation.transparency.models import ReportSnapshot

__all__ = [
    "AssistedAct",
    "AssistedActKind",
    "Channel",
    "Comment",
    "ConsentMethod",
    "DocumentType",
    "Flag",
    "Follow",
    "Gender",
    "IdentityVerification",
    "Kiosk",
    "KioskStatus",
    "Membership",
    "MembershipInvitation",
    "MembershipRole",
    "ModerationItem",
    "ModerationKind",
    "ModerationOutcome",
    "ModerationPriority",
    "Notification",
    "Organisation",
    "OrganisationKind",
    "OrganisationStatus",
    "OutboxEntry",
    "ParticipationFigures",
    "PhoneCode",
    "PhoneCodePurpose",
    "ReasonCode",
    "ReportSnapshot",
    "StaffRole",
    "StaffRoleKind",
    "Territory",
    "TerritoryKind",
    "User",
    "VerificationEvidence",
    "VerificationLevel",
]
