from participation.models.roles import StaffRole, StaffRoleKind
from participation.models.territories import Territory, TerritoryKind
from participation.models.users import Gender, IdentityVerification, User, VerificationLevel

__all__ = [
    "Gender",
    "IdentityVerification",
    "StaffRole",
    "StaffRoleKind",
    "Territory",
    "TerritoryKind",
    "User",
    "VerificationLevel",
]
