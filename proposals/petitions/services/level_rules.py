"""Managers of the whole country set how petitions work at each level of territory.

A petition copies its level's rules when it is drafted, so a change applies to petitions
drafted afterwards and never moves a running one's goal. Every change is logged in
Wagtail's audit log (``proposals.petition_rules_changed``) with the values before and after.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from participation.exceptions import ServiceError
from participation.models import User, VerificationLevel
from participation.services.audit import save_with_log
from proposals.petitions.models import PetitionRules
from proposals.petitions.selectors import petition_rules_default

NOT_ALLOWED = _("Only managers of the whole country may change the petition rules.")
LEVEL_UNKNOWN = _("There are no petition rules for this level of territory.")
SIGNATURES_RANGE = _("At least one signature must be needed.")
DAYS_RANGE = _("Signatures must be collected for at least one day.")
COSPONSORS_RANGE = _("The number of co-sponsors cannot be negative.")
VERIFICATION_UNKNOWN = _("Choose a verification level from the list.")

FIELDS = ["signatures_needed", "collection_days", "cosponsors_needed", "verification_level", "residents_only"]


def _check(values: dict) -> None:
    if int(values["signatures_needed"]) < 1:
        raise ServiceError(SIGNATURES_RANGE)
    if int(values["collection_days"]) < 1:
        raise ServiceError(DAYS_RANGE)
    if int(values["cosponsors_needed"]) < 0:
        raise ServiceError(COSPONSORS_RANGE)
    if int(values["verification_level"]) not in VerificationLevel.values:
        raise ServiceError(VERIFICATION_UNKNOWN)


@transaction.atomic
def petition_rules_update(*, level: str, user: User, values: dict) -> PetitionRules:
    """Set the rules of one level; ``values`` holds every field in ``FIELDS``. A level the
    managers never saved starts from the shipped default, and the log says so."""
    if not user.has_perm("proposals.edit_petition_rules"):
        raise ServiceError(NOT_ALLOWED)
    if level not in dict(PetitionRules.LEVELS):
        raise ServiceError(LEVEL_UNKNOWN)
    values = {name: values[name] for name in FIELDS}
    _check(values)
    rules = PetitionRules.objects.select_for_update().filter(level=level).first()
    if rules is None:
        rules = petition_rules_default(level)
    save_with_log(
        rules, values, fields=FIELDS, action="proposals.petition_rules_changed", user=user, data={"level": level}
    )
    return rules
