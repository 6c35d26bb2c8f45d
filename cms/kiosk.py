"""What a kiosk's simple home shows (``participation.kiosk.home``), from the features' own
selectors: the centre's services, petitions its residents may sign, the vote that is open, and
the khokimiyat's questions. Registered in ``CmsConfig.ready()``: the core knows no feature, and
the page layer is the one that may read them all. Each section reads a handful of rows, so the
home costs the same whatever the size of the tables (tests/participation/kiosk)."""

from django.urls import reverse

from cms.models import KhokimiyatPage
from cms.models.base import url_in_active_language
from participation.kiosk.home import KioskSection, register_kiosk_section
from participation.models import Territory
from participation.selectors import territory_ancestors
from proposals.budgeting.selectors.cycles import phase_allows
from proposals.budgeting.selectors.projects import cycles_current
from proposals.petitions.selectors import petitions_public
from proposals.questions.selectors import questions_published

ROWS = 6


def _khokimiyat_page(centre) -> KhokimiyatPage | None:
    """The khokimiyat whose page the centre is published under (the nearest one above it)."""
    return KhokimiyatPage.objects.live().ancestor_of(centre).order_by("-depth").first()


def _services(centre, now) -> dict | None:
    services = list(centre.services.live().order_by("title")[:ROWS])
    if not services:
        return None
    return {"services": [{"title": service.title, "url": url_in_active_language(service.url)} for service in services]}


def _home_district(centre) -> Territory:
    """The district (or city) of the centre: a mahalla's residents sign its petitions and its
    mahallas', and vote in its cycles."""
    territory = centre.territory
    if territory.kind == "mahalla":
        return territory.get_parent() or territory
    return territory


def _petitions(centre, now) -> dict | None:
    # "Closing soon" lists only the petitions still collecting, the soonest to close first.
    petitions = list(petitions_public(territory=_home_district(centre), sort="closing_soon", now=now)[:ROWS])
    if not petitions:
        return None
    return {
        "petitions": [
            {"title": petition.title, "url": reverse("petitions:detail", args=[petition.pk])} for petition in petitions
        ]
    }


def _vote(centre, now) -> dict | None:
    territories = territory_ancestors(centre.territory, include_self=True).values("pk")
    cycles = [
        cycle
        for cycle in cycles_current(now).filter(territory_id__in=territories)[:ROWS]
        if phase_allows(cycle, "vote", now)
    ]
    if not cycles:
        return None
    return {"cycles": [{"title": cycle.title, "url": reverse("budgeting:vote", args=[cycle.pk])} for cycle in cycles]}


def _questions(centre, now) -> dict | None:
    page = _khokimiyat_page(centre)
    if page is None or page.url is None:
        return None
    base = url_in_active_language(page.url).rstrip("/") + "/"
    questions = list(questions_published(page.territory, now).only("pk", "title")[:3])
    return {
        "ask_url": base + page.reverse_subpage("ask_question"),
        "questions_url": base + page.reverse_subpage("questions"),
        "questions": [
            {"title": question.title, "url": base + page.reverse_subpage("question", args=[question.pk])}
            for question in questions
        ],
    }


def register() -> None:
    for order, (name, rows) in enumerate(
        [("petitions", _petitions), ("vote", _vote), ("questions", _questions), ("services", _services)]
    ):
        register_kiosk_section(KioskSection(name=name, order=order, template=f"kiosk/sections/{name}.html", rows=rows))
