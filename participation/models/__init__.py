from participation.comments.models import Comment
from participation.follows.models import Follow
from participation.models.notifications import Notification, OutboxEntry
from participation.models.roles import StaffRole, StaffRoleKind
from participation.models.territories import Territory, TerritoryKind
from participation.models.users import Gender, IdentityVerification, User, VerificationLevel
from participation.moderation.models import (
    Flag,
    ModerationItem,
    ModerationKind,
    ModerationOutcome,
    ModerationPriority,
    ReasonCode,
)

__all__ = [
    "Comment",
    "Flag",
    "Follow",
    "Gender",
    "IdentityVerification",
    "ModerationItem",
    "ModerationKind",
    "ModerationOutcome",
    "ModerationPriority",
    "Notification",
    "OutboxEntry",
    "ReasonCode",
    "StaffRole",
    "StaffRoleKind",
    "Territory",
    "TerritoryKind",
    "User",
    "VerificationLevel",
]
