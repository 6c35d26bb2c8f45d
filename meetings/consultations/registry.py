"""What an organisation's public page shows of consultations: the consultations it is invited
to or took part in, and its published inputs (each bounded: the page is one of many)."""

from django.utils.translation import gettext_lazy as _

from meetings.consultations.selectors import consultations_of_organisation, inputs_of_organisation
from participation.organisations.registry import register_organisation_section

ROWS_SHOWN = 10


def _consultations(organisation):
    return list(consultations_of_organisation(organisation)[:ROWS_SHOWN])


def _inputs(organisation):
    return list(inputs_of_organisation(organisation)[:ROWS_SHOWN])


def register() -> None:
    register_organisation_section(
        "consultations",
        title=_("Consultations"),
        rows=_consultations,
        template="meetings/consultations/includes/organisation_consultations.html",
    )
    register_organisation_section(
        "consultation_inputs",
        title=_("Inputs to consultations"),
        rows=_inputs,
        template="meetings/consultations/includes/organisation_inputs.html",
    )
