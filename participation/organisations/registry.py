"""What features show on an organisation's public page.

A feature registers a section in its ``AppConfig.ready()`` (consultations: "Consultations it
was invited to", "Its inputs"); the page renders every registered section in order. ``rows``
takes the organisation and returns a bounded list or queryset (a section is a preview, not an
archive: slice it) whose queries do not grow with the rows (a query-budget test each).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class OrganisationSection:
    key: str
    title: Any  # a lazy translation
    rows: Callable[[Any], Any]
    template: str


_sections: dict[str, OrganisationSection] = {}


def register_organisation_section(key: str, *, title, rows: Callable[[Any], Any], template: str) -> None:
    """Register (or, when the same key comes again, as a reloaded module does, replace) a section."""
    if not key:
        raise ImproperlyConfigured("An organisation section needs a key.")
    _sections[key] = OrganisationSection(key=key, title=title, rows=rows, template=template)


def unregister_organisation_section(key: str) -> None:
    _sections.pop(key, None)


def organisation_sections() -> list[OrganisationSection]:
    return list(_sections.values())
