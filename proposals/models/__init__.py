from proposals.models.petitions import (
    Cosponsor,
    Petition,
    PetitionEvent,
    PetitionRules,
    PetitionStatus,
    Signature,
    SignatureInvalidation,
)

__all__ = [
    "Cosponsor",
    "Petition",
    "PetitionEvent",
    "PetitionRules",
    "PetitionStatus",
    "Signature",
    "SignatureInvalidation",
]
