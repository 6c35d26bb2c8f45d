"""Demo information-centre content for the two khokimiyats of ``participation.demo``.

``demo_content_seed`` runs after ``demo_seed`` (which creates the territories, staff and
residents it looks up) and fills both districts with pages a visitor can browse: the region
and district khokimiyat pages, news, a decisions register, a catalogue of real public
services, service centres and residents' questions in every state.

The content is data in ``cms/demo/``: ``site.yaml`` (what both districts share: hours, region
pages, section pages), ``services.yaml`` (the national catalogue of public services),
``districts.yaml`` (each khokimiyat's page, news, decisions and centres) and
``questions.yaml`` (residents' questions, seeded by ``demo_questions_seed``).

Everything is looked up by slug (pages), title (documents, questions) or territory, so a
second run adds nothing. Pages that already exist are left as they are: staff may have
edited them in the admin, and a reseed must not undo that.

The content is illustrative: people's names, phone numbers, addresses, decision numbers and
fees are plausible inventions, not the real officials or the current tariff (fees follow the
pattern of state duties as shares of the base calculation amount, BHM = 412 000 soʻm), and the
my.gov.uz addresses show where a service would be applied for online, not real service pages.
Every district page says so in its summary.
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from cms.models import (
    DecisionIndexPage,
    DecisionPage,
    DecisionStatus,
    HomePage,
    KhokimiyatPage,
    NewsIndexPage,
    NewsPage,
    ServiceCentreIndexPage,
    ServiceCentrePage,
    ServiceIndexPage,
    ServicePage,
)
from cms.services.access import khokimiyat_collection
from participation.demo import load_demo
from participation.models import Territory, TerritoryKind, User
from proposals.questions.models import Question
from proposals.questions.services import question_answer, question_ask, question_extend, question_moderate

# --------------------------------------------------------------------------------------------
# Small builders for StreamField values
# --------------------------------------------------------------------------------------------


def _rich(*paragraphs: str) -> list[tuple[str, RichText]]:
    return [("paragraph", RichText("".join(f"<p>{text}</p>" for text in paragraphs)))]


def _time(value: str) -> dt.time:
    hours, minutes = value.split(":")
    return dt.time(int(hours), int(minutes))


def _hours(periods: list[dict], closed: list[dict]) -> list[tuple[str, dict]]:
    """One OpeningHoursBlock value. ``periods``: days ("0" Monday to "6"), opens, closes, note;
    ``closed``: the dates (with a note) when it does not open."""
    return [
        (
            "hours",
            {
                "periods": [
                    {
                        "days": list(period["days"]),
                        "opens": _time(period["opens"]),
                        "closes": _time(period["closes"]),
                        "note": period["note"],
                    }
                    for period in periods
                ],
                "exceptions": [
                    {"date": day["date"], "closed": True, "opens": None, "closes": None, "note": day["note"]}
                    for day in closed
                ],
            },
        )
    ]


PDF_ASCII = str.maketrans({"ʻ": "'", "ʼ": "'", "‘": "'", "’": "'", "–": "-", "—": "-", "“": '"', "”": '"'})


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a few lines of ASCII text: enough for a viewer to open it.

    Built by hand so the demo needs no PDF library; the cross-reference table carries the
    byte offset of every object, which is what makes the file valid rather than "repairable".
    """

    def escape(text: str) -> str:
        # The built-in Helvetica has no ʻ or ʼ: Uzbek apostrophes become ASCII ones, dashes
        # hyphens, and anything else outside ASCII a question mark rather than an error.
        text = text.translate(PDF_ASCII).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return text.encode("ascii", "replace").decode("ascii")

    text = " ".join(f"({escape(line)}) '" for line in lines)
    content = f"BT /F1 12 Tf 16 TL 56 790 Td {text} ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _read(storage, name: str) -> bytes:
    with storage.open(name) as stored:
        return stored.read()


def _document(title: str, filename: str, lines: list[str], territory: Territory):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        # The khokimiyat's own collection, where its editors find and replace its files.
        document = Document(title=title, collection=khokimiyat_collection(territory))
        data = _pdf(lines)
        storage = Document._meta.get_field("file").storage
        stored_name = f"documents/{filename}"  # Wagtail's upload_to for documents
        if storage.exists(stored_name) and _read(storage, stored_name) == data:
            # Same file left by an earlier seed of another database (`make run` after deleting
            # db.sqlite3, the test suite): reuse it instead of piling up renamed copies.
            document.file.name = stored_name
        else:
            document.file = ContentFile(data, name=filename)
        document._set_document_file_metadata()
        document.save()
    return document


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------


def _child(parent: Page, slug: str, build):
    """The child of ``parent`` with this slug; created from ``build()`` and published if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = build()
    page.slug = slug
    parent.add_child(instance=page)
    # A published revision, as if staff had pressed "Publish": the admin shows history.
    page.save_revision().publish()
    return page


def _home() -> HomePage:
    home = HomePage.objects.filter(locale=Locale.get_default()).first() or HomePage.objects.first()
    if home is None:
        raise RuntimeError("No home page: run `manage.py migrate` first (a migration creates it).")
    return home


def _khokimiyat(parent: Page, territory: Territory, slug: str, build) -> KhokimiyatPage:
    # A khokimiyat page is unique per territory and language, whatever its slug became.
    existing = KhokimiyatPage.objects.filter(territory=territory, locale_id=parent.locale_id).first()
    if existing is not None:
        return existing
    return _child(parent, slug, build)


# --------------------------------------------------------------------------------------------
# The content, from cms/demo/*.yaml
# --------------------------------------------------------------------------------------------


def _region_page(home: HomePage, site: dict, code: str) -> KhokimiyatPage:
    data = next(region for region in site["regions"] if region["code"] == code)
    region = Territory.objects.get(code=code)
    return _khokimiyat(
        home,
        region,
        data["slug"],
        lambda: KhokimiyatPage(
            title=data["title"],
            territory=region,
            listing_summary=site["note"],
            address=data["address"],
            phone=data["phone"],
            email=data["email"],
            reception_hours=_hours(site["office_hours"], site["holidays"]),
        ),
    )


def _district_page(region_page: KhokimiyatPage, site: dict, district: dict, territory: Territory) -> KhokimiyatPage:
    return _khokimiyat(
        region_page,
        territory,
        district["slug"],
        lambda: KhokimiyatPage(
            title=district["title"],
            territory=territory,
            listing_summary=site["note"],
            leadership=[("person", person) for person in district["leadership"]],
            departments=[("department", {"email": "", **department}) for department in district["departments"]],
            address=district["address"],
            phone=district["phone"],
            email=district["email"],
            reception_hours=_hours(site["office_hours"], site["holidays"]),
            directions=district["directions"],
        ),
    )


def _section(khokimiyat: KhokimiyatPage, section: dict, model, district: dict):
    return _child(
        khokimiyat,
        section["slug"],
        lambda: model(title=section["title"], listing_summary=section["summary"].format(district=district["title"])),
    )


def _news(khokimiyat: KhokimiyatPage, site: dict, district: dict) -> None:
    index = _section(khokimiyat, site["sections"]["news"], NewsIndexPage, district)
    for item in district["news"]:

        def build(item=item):
            page = NewsPage(
                title=item["title"],
                date=item["date"],
                kind=item["kind"],
                listing_summary=item["summary"],
                body=_rich(*item["body"]),
            )
            page.tags.add(*item["tags"])
            return page

        _child(index, item["slug"], build)


def _decisions(khokimiyat: KhokimiyatPage, site: dict, district: dict) -> None:
    index = _section(khokimiyat, site["sections"]["decisions"], DecisionIndexPage, district)
    paper = site["decision_document"]
    created: dict[str, DecisionPage] = {}
    # Newest first, so an amended or repealed decision can point at the one that changed it.
    for decision in sorted(district["decisions"], key=lambda item: item["date"], reverse=True):
        number = decision["number"]  # also its slug

        def build(decision=decision, number=number):
            document = None
            if decision.get("pdf"):
                fill = {"district": district["title"], "number": number, "date": decision["date"]}
                document = _document(
                    paper["title"].format(**fill),
                    f"demo-{district['slug']}-{number}.pdf",
                    [line.format(**fill, title=decision["title"]) for line in paper["lines"]],
                    khokimiyat.territory,
                )
            changed_by = decision.get("changed_by")
            return DecisionPage(
                title=decision["title"],
                number=number,
                date=decision["date"],
                status=decision.get("status", DecisionStatus.IN_FORCE),
                document=document,
                changed_by=created.get(changed_by) if changed_by else None,
                listing_summary=decision["summary"][0][:300],
                summary=_rich(*decision["summary"]),
            )

        created[number] = _child(index, number, build)


def _services(khokimiyat: KhokimiyatPage, site: dict, district: dict, catalogue: list[dict]) -> dict[str, ServicePage]:
    index = _section(khokimiyat, site["sections"]["services"], ServiceIndexPage, district)
    services = {}
    for item in catalogue:
        services[item["slug"]] = _child(
            index,
            item["slug"],
            lambda item=item: ServicePage(
                title=item["title"],
                listing_summary=item["summary"],
                description=item["description"],
                eligibility=item["eligibility"],
                required_documents=[
                    ("document", {"name": document["name"], "note": document.get("note", "")})
                    for document in item["documents"]
                ],
                fee_soum=item["fee"],
                fee_note=item["fee_note"],
                time_limit_days=item["days"],
                legal_basis=item["legal"],
                online_url=item["online"],
            ),
        )
    return services


def _centres(khokimiyat: KhokimiyatPage, site: dict, district: dict, territory: Territory, services: dict) -> None:
    index = _section(khokimiyat, site["sections"]["centres"], ServiceCentreIndexPage, district)
    for centre in district["centres"]:
        if centre.get("mahalla"):
            place = Territory.objects.get(
                name_uz=centre["mahalla"], kind=TerritoryKind.MAHALLA, path__startswith=territory.path
            )
        else:
            place = territory

        def build(centre=centre, place=place):
            page = ServiceCentrePage(
                title=centre["title"],
                kind=centre["kind"],
                territory=place,
                address=centre["address"],
                phone=centre["phone"],
                hours=_hours(site["centre_hours"], site["holidays"]),
                directions=centre["directions"],
                accessibility_note=centre["accessibility_note"],
                listing_summary=centre["accessibility_note"][:300],
                **dict.fromkeys(centre.get("features", []), True),
            )
            # A ParentalManyToMany is held in memory until the page is saved, so the first
            # revision already lists the services. No list: every service in the catalogue.
            offered = centre.get("services")
            page.services = [services[slug] for slug in offered] if offered else list(services.values())
            return page

        _child(index, centre["slug"], build)


# Days ago a demo question was asked, by the state it is left in: an overdue one was published
# 20 days ago, so with the 15-day answer term its deadline has passed; the extended one was
# extended before its own.
QUESTION_ASKED_DAYS_AGO = {"answered": 12, "overdue": 21, "open": 4, "extended": 19, "pending": 1}


def demo_questions_seed(khokimiyat: KhokimiyatPage, questions: dict) -> None:
    """Residents' questions to ``khokimiyat`` in every state, through the question services.

    ``questions`` is this khokimiyat's entry in ``cms/demo/questions.yaml``: its staff and its
    questions. A question already asked (same title) is left as it is."""
    moderator = User.objects.get(email=questions["moderator"])
    responder = User.objects.get(email=questions["responder"])
    manager = User.objects.get(email=questions["manager"])
    now = timezone.now()
    day = dt.timedelta(days=1)
    for item in questions["questions"]:
        if Question.objects.filter(territory=khokimiyat.territory, title=item["title"]).exists():
            continue
        asked = QUESTION_ASKED_DAYS_AGO[item["state"]]
        question = question_ask(
            author=User.objects.get(email=item["author"]),
            territory=khokimiyat.territory,
            title=item["title"],
            text=item["text"],
            topic=item["topic"],
            now=now - asked * day,
        )
        # Backdate the asking as well, so the page does not show a question asked today and
        # published three weeks ago. Timestamps only: the state goes through the services.
        Question.objects.filter(pk=question.pk).update(created_at=now - asked * day)
        question.refresh_from_db()
        if item["state"] == "pending":
            continue
        question_moderate(question=question, moderator=moderator, publish=True, now=now - (asked - 1) * day)
        if item["state"] == "answered":
            question_answer(question=question, responder=responder, answer=item["answer"], now=now - 3 * day)
        elif item["state"] == "extended":
            question_extend(question=question, staff=manager, days=30, note=item["extension_note"], now=now - 8 * day)


@transaction.atomic
def demo_content_seed() -> None:
    """Fill both demo khokimiyats with pages and questions. Needs ``demo_seed`` to have run."""
    site = load_demo(__file__, "site.yaml")
    catalogue = load_demo(__file__, "services.yaml")
    questions = {entry["khokimiyat"]: entry for entry in load_demo(__file__, "questions.yaml")}
    home = _home()
    for district in load_demo(__file__, "districts.yaml"):
        territory = Territory.objects.get(name_uz=district["territory"], kind=TerritoryKind.DISTRICT)
        region_page = _region_page(home, site, district["region"])
        khokimiyat = _district_page(region_page, site, district, territory)
        _news(khokimiyat, site, district)
        _decisions(khokimiyat, site, district)
        services = _services(khokimiyat, site, district, catalogue)
        _centres(khokimiyat, site, district, territory, services)
        demo_questions_seed(khokimiyat, questions[district["territory"]])
