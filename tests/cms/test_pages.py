"""Information-centre pages as a resident meets them: tree rules, listings and filters,
languages, documents, feeds and the sitemap."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.documents.models import Document
from wagtail.models import Locale

from cms.models import (
    DecisionIndexPage,
    HomePage,
    KhokimiyatPage,
    NewsIndexPage,
    NewsPage,
    ServiceCentreIndexPage,
    ServiceIndexPage,
    ServicePage,
)
from proposals.questions.models import Question
from tests.factories import pages as b
from tests.fixtures.pages import sitemap_crawl


@pytest.fixture
def site(tree, home_page):
    region = b.khokimiyat(home_page, tree.namangan, "namangan", "Namangan viloyati hokimligi")
    district = b.khokimiyat(region, tree.yangiqorgon, "yangiqorgon", "Yangiqoʻrgʻon tumani hokimligi")
    news_index, decisions, services, centres = b.sections(district)
    return {
        "region": region,
        "district": district,
        "news": news_index,
        "decisions": decisions,
        "services": services,
        "centres": centres,
    }


def text_of(response) -> str:
    return response.content.decode()


# --- Page tree ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model, allowed_parents",
    [
        (KhokimiyatPage, {HomePage, KhokimiyatPage}),
        (NewsIndexPage, {KhokimiyatPage}),
        (NewsPage, {NewsIndexPage}),
        (ServicePage, {ServiceIndexPage}),
        (DecisionIndexPage, {KhokimiyatPage}),
        (ServiceCentreIndexPage, {KhokimiyatPage}),
    ],
)
def test_page_types_only_go_where_they_belong(model, allowed_parents):
    assert set(model.allowed_parent_page_models()) == allowed_parents


def test_news_cannot_be_created_directly_under_a_khokimiyat(site):
    assert not NewsPage.can_create_at(site["district"])
    assert NewsPage.can_create_at(site["news"])


def test_a_khokimiyat_has_one_news_list(site):
    assert not NewsIndexPage.can_create_at(site["district"])


def test_district_page_must_sit_under_its_own_region(tree, site):
    page = KhokimiyatPage(title="Zomin", slug="zomin", territory=tree.zomin, address="x")
    with pytest.raises(ValidationError) as error:
        site["region"].add_child(instance=page)
    assert "territory" in error.value.message_dict


def test_mahalla_cannot_have_a_khokimiyat_page(tree, site):
    page = KhokimiyatPage(title="Navbahor", slug="navbahor", territory=tree.navbahor, address="x")
    with pytest.raises(ValidationError):
        site["district"].add_child(instance=page)


def test_one_khokimiyat_page_per_territory(tree, site, home_page):
    page = KhokimiyatPage(title="Again", slug="namangan-2", territory=tree.namangan, address="x")
    with pytest.raises(ValidationError):
        home_page.add_child(instance=page)


# --- Khokimiyat page and listings ------------------------------------------------------------


def test_khokimiyat_page_shows_contact_hours_sections_and_news(client, site):
    b.news(site["news"], "Yoʻl taʼmirlandi")
    with translation.override("uz"):
        response = client.get(site["district"].url)
    body = text_of(response)
    assert response.status_code == 200
    assert "Mustaqillik koʻchasi, 1" in body
    assert 'href="tel:+998690000000"' in body
    assert "09:00–18:00" in body
    assert "Yoʻl taʼmirlandi" in body
    for section in ("yangiliklar", "qarorlar", "davlat-xizmatlari", "xizmat-markazlari", "questions/"):
        assert section in body


def test_home_page_links_districts_with_a_page(client, site):
    body = text_of(client.get("/uz/"))
    assert 'href="/uz/namangan/yangiqorgon/"' in body
    assert "Zomin tumani" in body  # listed from the territory data even without a page


def test_news_list_filters_by_tag_and_paginates(client, site):
    for day in range(1, 13):
        b.news(site["news"], f"Yangilik {day:02d}", day=day, tags=["yoʻllar"] if day % 2 else ["suv"])
    url = site["news"].url
    first = text_of(client.get(url))
    assert "Yangilik 12" in first and "Yangilik 02" not in first  # newest first, 10 per page
    second = text_of(client.get(url, {"page": 2}))
    assert "Yangilik 02" in second and "Yangilik 01" in second
    roads = text_of(client.get(url, {"tag": "yoʻllar"}))
    assert "Yangilik 11" in roads and "Yangilik 12" not in roads


def test_news_list_survives_a_page_number_that_is_not_a_number(client, site):
    b.news(site["news"], "Bitta yangilik")
    assert client.get(site["news"].url, {"page": "x"}).status_code == 200


def test_decision_register_shows_status_and_what_changed_it(client, site):
    new = b.decision(site["decisions"], "Obodonlashtirish toʻgʻrisida", "45-q", day=20)
    b.decision(site["decisions"], "Eski tartib", "12-q", status="amended", changed_by=new, day=2)
    with translation.override("en"):
        body = text_of(client.get(site["decisions"].url, {"status": "amended"}))
    assert "Eski tartib" in body and "by № 45-q" in body
    assert "Obodonlashtirish" not in body.split("<tbody>")[1]


def test_decision_in_force_cannot_name_a_replacement(site):
    new = b.decision(site["decisions"], "Yangi", "2-q")
    with pytest.raises(ValidationError):
        b.decision(site["decisions"], "Eski", "1-q", status="in_force", changed_by=new)


def test_service_page_lists_documents_fee_and_centres_with_access(client, tree, site):
    birth = b.service(site["services"], "Tugʻilishni qayd etish", fee=0, days=1)
    passport = b.service(site["services"], "ID-karta olish", fee=102_000, days=10)
    b.centre(
        site["centres"], "Yangiqoʻrgʻon DXM", tree.yangiqorgon, services=[birth, passport], step_free_entrance=True
    )
    b.centre(site["centres"], "Navbahor mahalla zonasi", tree.navbahor, services=[passport])
    body = text_of(client.get(birth.url))
    assert "Pasport" in body and "Free of charge" in body
    assert "Yangiqoʻrgʻon DXM" in body and "Step-free entrance" in body
    assert "Navbahor mahalla zonasi" not in body
    assert "102\u202f000" in text_of(client.get(passport.url))


def test_services_filter_by_centre(client, tree, site):
    birth = b.service(site["services"], "Tugʻilishni qayd etish")
    b.service(site["services"], "Kadastr koʻchirmasi")
    zone = b.centre(site["centres"], "Navbahor mahalla zonasi", tree.navbahor, services=[birth])
    body = text_of(client.get(site["services"].url, {"centre": zone.pk}))
    assert "Tugʻilishni qayd etish" in body and "Kadastr" not in body
    assert "Kadastr" in text_of(client.get(site["services"].url, {"centre": "not-a-number"}))


def test_centres_filter_by_accessibility_and_district(client, tree, site):
    zomin = b.khokimiyat(b.khokimiyat(site["region"].get_parent(), tree.jizzakh, "jizzax"), tree.zomin, "zomin")
    b.centre(site["centres"], "Ramp markazi", tree.yangiqorgon, step_free_entrance=True, accessible_toilet=True)
    b.centre(site["centres"], "Imo-ishora markazi", tree.navbahor, sign_language=True)
    region_centres = b.publish(site["region"], ServiceCentreIndexPage(title="Viloyat markazlari", slug="markazlar"))
    url = site["centres"].url
    both = text_of(client.get(url + "?feature=step_free_entrance&feature=accessible_toilet"))
    assert "Ramp markazi" in both and "Imo-ishora" not in both
    signing = text_of(client.get(url, {"feature": "sign_language"}))
    assert "Imo-ishora markazi" in signing and "Ramp markazi" not in signing
    # The region's list gathers its districts' centres and filters them by district.
    zomin_centres = b.publish(zomin, ServiceCentreIndexPage(title="Zomin markazlari", slug="markazlar"))
    b.centre(zomin_centres, "Zomin markazi", tree.zomin)
    everything = text_of(client.get(region_centres.url))
    assert "Ramp markazi" in everything and "Zomin markazi" not in everything  # another region
    region_list = text_of(client.get(region_centres.url, {"district": tree.yangiqorgon.pk}))
    assert "Ramp markazi" in region_list and "Imo-ishora markazi" in region_list


def test_centre_page_shows_services_hours_and_accessibility(client, tree, site):
    birth = b.service(site["services"], "Tugʻilishni qayd etish")
    centre = b.centre(site["centres"], "DXM", tree.yangiqorgon, services=[birth], elderly_help=True)
    body = text_of(client.get(centre.url))
    assert "Tugʻilishni qayd etish" in body and "Help for the elderly" in body and "09:00–18:00" in body


# --- Query budgets: constant as rows grow -----------------------------------------------------


def _query_counts(client, urls) -> dict[str, int]:
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    return counts


def _add_rows(tree, site, start, stop):
    services = [b.service(site["services"], f"Xizmat {i}") for i in range(start, stop)]
    for i in range(start, stop):
        b.news(site["news"], f"Yangilik {i}", day=1 + i % 28, tags=[f"teg{i}"])
        b.decision(site["decisions"], f"Qaror {i}", f"{i}-q")
        b.centre(
            site["centres"], f"Markaz {i}", tree.yangiqorgon, services=services[:3], step_free_entrance=bool(i % 2)
        )
    return services


def test_listing_query_counts_stay_constant_as_rows_grow(client, tree, site):
    services = _add_rows(tree, site, 0, 2)
    urls = [
        "/uz/",
        site["district"].url,
        site["news"].url,
        site["news"].url + "?tag=teg1",
        site["decisions"].url,
        site["services"].url,
        site["centres"].url + "?feature=step_free_entrance",
        services[0].url,
    ]
    _query_counts(client, urls)  # the per-process caches (Wagtail's site root paths, the locales)
    few = _query_counts(client, urls)
    _add_rows(tree, site, 2, 14)
    many = _query_counts(client, urls)
    assert many == few
    # The khokimiyat page gathers sections, news, decisions, districts and questions (~26);
    # pages outside Uzbek add one query per list only where something in it is translated.
    assert max(many.values()) <= 28, many
    # Search reads each matched page type once (``specific()``), so its count is bounded by
    # the number of page types, not by the number of matches; petitions, budget cycles and
    # projects add one query each.
    assert _query_counts(client, ["/uz/search/?q=xizmat"])["/uz/search/?q=xizmat"] <= 17


# --- Languages -------------------------------------------------------------------------------


def test_untranslated_page_is_served_in_every_language_with_links_kept_in_it(client, site):
    b.news(site["news"], "Yoʻl taʼmirlandi")
    with translation.override("uz"):
        path = site["district"].url  # /uz/namangan/yangiqorgon/
    for code in ("ru", "en", "kaa", "uz-cyrl"):
        localised = path.replace("/uz/", f"/{code}/", 1)
        response = client.get(localised)
        assert response.status_code == 200, code
        body = text_of(response)
        assert f'href="/{code}/namangan/yangiqorgon/yangiliklar/"' in body  # section links
        # Breadcrumbs; the Uzbek original's title says it is Uzbek where the page is not.
        marked = ' lang="uz-Latn"' if code in ("ru", "en", "kaa") else ""
        assert f'<li{marked}><a href="/{code}/namangan/">' in body


def test_uzbek_cyrillic_readers_get_latin_content_transliterated(client, site):
    b.news(site["news"], "Yoʻl taʼmirlandi", body="<p>Ichimlik suvi quvuri yangilandi</p>")
    response = client.get("/uz-cyrl/namangan/yangiqorgon/yangiliklar/")
    body = text_of(response)
    assert "Йўл таъмирланди" in body and "Yoʻl taʼmirlandi" not in body
    assert 'href="/uz-cyrl/namangan/yangiqorgon/yangiliklar/news-1/"' in body  # URLs untouched
    article = text_of(client.get("/uz-cyrl/namangan/yangiqorgon/yangiliklar/news-1/"))
    assert "Ичимлик суви қувури янгиланди" in article


def test_a_written_translation_replaces_the_fallback(client, site):
    home = site["region"].get_parent().specific
    russian = Locale.objects.get(language_code="ru")
    home_ru = home.copy_for_translation(russian)
    home_ru.save_revision().publish()
    region_ru = site["region"].copy_for_translation(russian)
    region_ru.title = "Хокимият Наманганской области"
    region_ru.save_revision().publish()
    body = text_of(client.get("/ru/namangan/"))
    assert "Хокимият Наманганской области" in body
    # Its untranslated district still answers in Russian, from the Uzbek tree.
    district = client.get("/ru/namangan/yangiqorgon/")
    assert district.status_code == 200 and "Yangiqoʻrgʻon tumani hokimligi" in text_of(district)
    assert 'href="/ru/namangan/"' in text_of(district)  # the breadcrumb names the translation's URL
    assert "Хокимият Наманганской области" in text_of(district)


def test_translated_sections_still_list_the_untranslated_items(client, site):
    b.news(site["news"], "Yoʻl taʼmirlandi")
    service = b.service(site["services"], "Tugʻilishni qayd etish")
    russian = Locale.objects.get(language_code="ru")
    for page in (
        site["region"].get_parent().specific,
        site["region"],
        site["district"],
        site["news"],
        site["services"],
    ):
        page.copy_for_translation(russian).save_revision().publish()
    translated_service = service.copy_for_translation(russian)
    translated_service.title = "Регистрация рождения"
    translated_service.save_revision().publish()
    district = text_of(client.get("/ru/namangan/yangiqorgon/"))
    assert "Yoʻl taʼmirlandi" in district and 'href="/ru/namangan/yangiqorgon/davlat-xizmatlari/"' in district
    assert "Yoʻl taʼmirlandi" in text_of(client.get("/ru/namangan/yangiqorgon/yangiliklar/"))
    services = text_of(client.get("/ru/namangan/yangiqorgon/davlat-xizmatlari/"))
    assert "Регистрация рождения" in services and "Tugʻilishni qayd etish" not in services
    assert "Yoʻl taʼmirlandi" in text_of(client.get("/ru/namangan/yangiqorgon/feed/rss/"))


def test_a_translation_keeps_the_address_of_the_uzbek_page(site):
    russian = Locale.objects.get(language_code="ru")
    site["region"].get_parent().specific.copy_for_translation(russian).save_revision().publish()
    translation_ru = site["region"].copy_for_translation(russian)
    translation_ru.slug = "namanganskaya"
    with pytest.raises(ValidationError) as error:
        translation_ru.full_clean()
    assert "slug" in error.value.message_dict


def test_a_page_outside_every_site_has_no_url(home_page):
    orphan = home_page.get_parent().add_child(instance=HomePage(title="Orphan", slug="orphan"))
    assert orphan.url is None


def test_cyrillic_translation_is_shown_as_written(client, site):
    cyrillic = Locale.objects.get(language_code="uz-cyrl")
    home = site["region"].get_parent().specific
    home.copy_for_translation(cyrillic).save_revision().publish()
    region_cyrl = site["region"].copy_for_translation(cyrillic)
    region_cyrl.title = "Наманган вилояти ҳокимлиги (таржима)"
    region_cyrl.save_revision().publish()
    assert "Наманган вилояти ҳокимлиги (таржима)" in text_of(client.get("/uz-cyrl/namangan/"))


# --- Rich text, documents, feeds, sitemap ----------------------------------------------------


def test_rich_text_is_sanitised_on_output(client, site):
    hostile = '<p>Salom<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">bos</a></p>'
    item = b.news(site["news"], "Xavfli", body=hostile)
    body = text_of(client.get(item.url))
    assert "Salom" in body
    assert "<script>alert(1)" not in body and "onerror" not in body and "javascript:" not in body


def test_decision_document_is_served_as_a_download(client, site):
    document = Document.objects.create(title="Qaror 45-q", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="qaror.pdf"))
    decision = b.decision(site["decisions"], "Qaror", "45-q", document=document)
    page = text_of(client.get(decision.url))
    assert document.url in page
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_document_upload_refuses_other_types_and_oversized_files(admin_client, settings):
    settings.DOCUMENT_MAX_UPLOAD_MB = 1
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1), content_type="application/pdf")
    response = admin_client.post("/admin/documents/multiple/add/", {"files[]": big, "title": "Katta"})
    assert Document.objects.count() == 0
    script = SimpleUploadedFile("run.html", b"<script>alert(1)</script>", content_type="text/html")
    response = admin_client.post("/admin/documents/add/", {"title": "HTML", "file": script, "collection": 1})
    assert response.status_code == 200 and Document.objects.count() == 0
    response = admin_client.post(
        "/admin/documents/add/",
        {"title": "Katta", "file": SimpleUploadedFile("big.pdf", b"0" * (1024 * 1024 + 1)), "collection": 1},
    )
    with translation.override("uz"):  # the admin speaks the user's preferred language
        too_large = gettext("This file is too large. Documents may be at most %(limit)s MB.") % {"limit": 1}
    assert too_large in text_of(response) and Document.objects.count() == 0


def test_feeds_list_news_and_decisions_escaped(client, site):
    b.news(site["news"], "Yangi <b>bogʻ</b> ochildi")
    b.decision(site["decisions"], "Bozor toʻgʻrisida", "7-q")
    rss = client.get(site["district"].url + "feed/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    body = text_of(rss)
    assert "Yangi &lt;b&gt;bogʻ&lt;/b&gt; ochildi" in body and "Decision № 7-q" in body
    atom = client.get(site["district"].url + "feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml") and "Bozor" in text_of(atom)


def test_cyrillic_feed_is_transliterated(client, site):
    b.news(site["news"], "Yoʻl taʼmirlandi")
    body = text_of(client.get("/uz-cyrl/namangan/yangiqorgon/feed/rss/"))
    assert "Йўл таъмирланди" in body and "Yoʻl" not in body
    assert "<link>http://testserver/uz-cyrl/namangan/yangiqorgon/yangiliklar/news-1/</link>" in body


def test_sitemap_lists_pages_in_every_language(client, site):
    body = sitemap_crawl(client)
    for code in ("uz", "uz-cyrl", "ru"):
        assert f"/{code}/namangan/yangiqorgon/davlat-xizmatlari/" in body


def test_centre_editor_offers_only_services_of_its_own_khokimiyat(admin_client, tree, site):
    own = b.service(site["services"], "Tugʻilishni qayd etish")
    zomin = b.khokimiyat(b.khokimiyat(site["region"].get_parent(), tree.jizzakh, "jizzax"), tree.zomin, "zomin")
    _n, _d, zomin_services, _c = b.sections(zomin)
    other = b.service(zomin_services, "Zomin xizmati")
    centre = b.centre(site["centres"], "DXM", tree.yangiqorgon, services=[own])
    form = admin_client.get(f"/admin/pages/{centre.pk}/edit/").content.decode()
    assert f'value="{own.pk}"' in form and f'value="{other.pk}"' not in form
    add_form = admin_client.get(f"/admin/pages/add/cms/servicecentrepage/{site['centres'].pk}/").content.decode()
    assert f'value="{own.pk}"' in add_form and f'value="{other.pk}"' not in add_form


def test_cyrillic_site_keeps_what_the_resident_typed_and_reads_apostrophes(client, site):
    from participation.models import VerificationLevel
    from tests.factories import UserFactory

    client.force_login(UserFactory(verification_level=VerificationLevel.EMAIL))
    too_long = "Oʻqituvchi yetishmaydi. " * 200
    response = client.post(
        "/uz-cyrl/namangan/yangiqorgon/questions/ask/",
        {"title": "O'zbek maktabi", "text": too_long, "topic": "education"},
    )
    body = text_of(response)
    assert response.status_code == 200  # refused: too long
    assert too_long.strip() in body  # the text area holds exactly what was typed, in Latin
    assert 'value="O\'zbek maktabi"' in body
    Question.objects.create(
        territory=site["district"].territory,
        author=UserFactory(),
        title="O'zbek maktabi",
        text="Maktab",
        topic="education",
        status="published",
        published_at=timezone.now(),
        due_at=timezone.now() + timedelta(days=15),
    )
    listing = text_of(client.get("/uz-cyrl/namangan/yangiqorgon/questions/"))
    assert "Ўзбек мактаби" in listing and "&#х27;" not in listing


def test_khokimiyat_page_counts_every_overdue_question(client, site):
    from tests.factories import UserFactory

    author = UserFactory()
    long_ago = timezone.now() - timedelta(days=40)
    Question.objects.bulk_create(
        Question(
            territory=site["district"].territory,
            author=author,
            title=f"Savol {number}",
            text="Matn",
            topic="roads",
            status="published",
            published_at=long_ago,
            due_at=long_ago + timedelta(days=15),
        )
        for number in range(12)
    )
    body = text_of(client.get(site["district"].url))
    assert "12 questions are past their answer date" in body
    assert body.count("answer was due") == 10  # the ten most overdue are listed
