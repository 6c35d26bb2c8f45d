"""Information-centre pages: wagtail-factories factories for the khokimiyat and its sections, and
small builders that publish real pages with revisions, as editors do."""

import datetime

import factory
import wagtail_factories
from wagtail.rich_text import RichText

from cms.models import (
    DecisionIndexPage,
    DecisionPage,
    KhokimiyatPage,
    NewsIndexPage,
    NewsPage,
    ServiceCentreIndexPage,
    ServiceCentrePage,
    ServiceIndexPage,
    ServicePage,
)

HOURS = [
    (
        "hours",
        {
            "periods": [
                {"days": ["0", "1", "2", "3", "4"], "opens": datetime.time(9), "closes": datetime.time(18), "note": ""}
            ],
            "exceptions": [{"date": datetime.date(2027, 1, 1), "closed": True, "note": "Yangi yil"}],
        },
    )
]


class KhokimiyatPageFactory(wagtail_factories.PageFactory):
    """A khokimiyat's page for ``territory``; give ``parent`` (the home page or a region's page)."""

    class Meta:
        model = KhokimiyatPage

    title = factory.LazyAttribute(lambda page: f"{page.territory.name_uz} hokimligi")
    address = "Mustaqillik koʻchasi, 1"


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Yangiliklar"
    slug = "yangiliklar"


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def khokimiyat(parent, territory, slug, title=None):
    fields = {"title": title} if title else {}
    page = KhokimiyatPageFactory(
        parent=parent, territory=territory, slug=slug, phone="+998 69 000 00 00", reception_hours=HOURS, **fields
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def news(index, title, day=1, tags=(), body="<p>Yangilik matni</p>"):
    page = NewsPage(
        title=title,
        slug=f"news-{NewsPage.objects.count() + 1}",
        date=datetime.date(2026, 11, day),
        body=[("paragraph", RichText(body))],
    )
    index.add_child(instance=page)
    page.tags.add(*tags)
    page.save_revision().publish()
    return page


def service(index, title, fee=0, days=None, description="Xizmat tavsifi"):
    return publish(
        index,
        ServicePage(
            title=title,
            slug=f"service-{ServicePage.objects.count() + 1}",
            description=description,
            eligibility="Oʻzbekiston fuqarolari",
            fee_soum=fee,
            time_limit_days=days,
            required_documents=[("document", {"name": "Pasport", "note": ""})],
        ),
    )


def centre(index, title, territory, services=(), **features):
    page = ServiceCentrePage(
        title=title,
        slug=f"centre-{ServiceCentrePage.objects.count() + 1}",
        territory=territory,
        address="Markaziy koʻcha, 5",
        hours=HOURS,
        **features,
    )
    index.add_child(instance=page)
    page.services.set(list(services))
    page.save_revision().publish()
    return page


def decision(index, title, number, status="in_force", changed_by=None, day=1, document=None):
    return publish(
        index,
        DecisionPage(
            title=title,
            slug=f"decision-{number}".replace("/", "-"),
            number=number,
            date=datetime.date(2026, 10, day),
            status=status,
            changed_by=changed_by,
            document=document,
        ),
    )


def sections(khokimiyat_page):
    """The four section index pages every khokimiyat has."""
    return (
        publish(khokimiyat_page, NewsIndexPage(title="Yangiliklar", slug="yangiliklar")),
        publish(khokimiyat_page, DecisionIndexPage(title="Qarorlar", slug="qarorlar")),
        publish(khokimiyat_page, ServiceIndexPage(title="Davlat xizmatlari", slug="davlat-xizmatlari")),
        publish(khokimiyat_page, ServiceCentreIndexPage(title="Xizmat markazlari", slug="xizmat-markazlari")),
    )
