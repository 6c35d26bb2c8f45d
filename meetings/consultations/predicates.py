"""Small facts about a person, a consultation and an organisation. ``rules`` names the
combinations; services ask the same predicates, so a page and a refusal never disagree.

Targets: a ``Consultation``. Acting for an organisation is checked separately (the
organisation is a second argument ``rules`` cannot carry): ``organisation_invited`` and
``participation.organisations.predicates.can_act_for_organisation``.
"""

import rules

from meetings.consultations.models import ConsultationStatus
from meetings.consultations.selectors import STAFF_ROLES, consultation_phase_allows
from participation.selectors import staff_role_paths, territory_contains, user_holds_role_on


def _holds(user, consultation, roles) -> bool:
    territory = getattr(consultation, "territory", None)
    return territory is not None and user_holds_role_on(user, roles, territory)


@rules.predicate
def runs_consultation(user, consultation) -> bool:
    """The khokimiyat's responders and managers open, run and answer consultations."""
    return _holds(user, consultation, STAFF_ROLES)


@rules.predicate
def runs_consultations_somewhere(user) -> bool:
    return any(role in STAFF_ROLES for role, _path in staff_role_paths(user))


@rules.predicate
def is_public(user, consultation) -> bool:
    return consultation.status != ConsultationStatus.DRAFT


@rules.predicate
def takes_public(user, consultation) -> bool:
    return consultation.takes_public


@rules.predicate
def takes_organisations(user, consultation) -> bool:
    return consultation.takes_organisations


@rules.predicate
def is_verified_enough(user, consultation) -> bool:
    return getattr(user, "verification_level", 0) >= consultation.verification_level


@rules.predicate
def lives_in_territory(user, consultation) -> bool:
    home = getattr(user, "home_territory", None)
    return home is not None and territory_contains(consultation.territory, home)


@rules.predicate
def phase_allows_input(user, consultation) -> bool:
    return consultation.status == ConsultationStatus.PUBLISHED and consultation_phase_allows(consultation, "input")


@rules.predicate
def not_concluded(user, consultation) -> bool:
    return consultation.status != ConsultationStatus.CONCLUDED
