"""The kiosk's simple home: sections the features register (the core knows no feature).

``cms`` registers them in its ``ready()`` (services of the centre, petitions to sign, the
current vote, questions), reusing the features' selectors. Each section's ``rows`` takes the
kiosk's centre (the specific page) and the moment, and returns what its template shows, or
None to leave the section out (nothing to vote on, say).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class KioskSection:
    name: str
    order: int
    template: str
    rows: Callable[[object, datetime], dict | None]


_sections: dict[str, KioskSection] = {}


def register_kiosk_section(section: KioskSection) -> None:
    _sections[section.name] = section


def kiosk_sections() -> list[KioskSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.name))
