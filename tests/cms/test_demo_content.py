"""``seed_demo`` fills both demo khokimiyats with content a visitor can browse."""

import io
import re

from django.core.management import call_command
from django.utils import timezone
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision

from cms.models import (
    ACCESSIBILITY_FEATURES,
    CentreKind,
    DecisionIndexPage,
    DecisionPage,
    DecisionStatus,
    KhokimiyatPage,
    NewsIndexPage,
    NewsKind,
    NewsPage,
    ServiceCentreIndexPage,
    ServiceCentrePage,
    ServiceIndexPage,
    ServicePage,
)
from participation.models import TerritoryKind
from proposals.questions.models import Question, QuestionFollow, QuestionStatus

DISTRICTS = ("Yangiqoʻrgʻon tumani", "Zomin tumani")


def district_page(name: str) -> KhokimiyatPage:
    return KhokimiyatPage.objects.get(territory__name_uz=name)


def descendants(page, model):
    return model.objects.descendant_of(page)


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "documents": get_document_model().objects.count(),
        "questions": Question.objects.count(),
        "follows": QuestionFollow.objects.count(),
        "tags": Tag.objects.count(),
        "centre services": ServiceCentrePage.services.through.objects.count(),
    }


def test_seeding_twice_adds_nothing(seeded):
    before = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before
    # Eight questions of the information-centre demo, and one an operator typed for Saodat.
    assert before["pages"] > 60 and before["questions"] == 9


def test_regions_and_districts_form_the_page_tree(seeded):
    for name in DISTRICTS:
        district = district_page(name)
        region = district.get_parent().specific
        assert region.territory.kind == TerritoryKind.REGION and district.territory.get_parent() == region.territory
        assert district.live and district.live_revision is not None  # published through a revision
        assert 3 <= len(district.leadership) <= 4 and district.leadership[0].value["position"] == "Tuman hokimi"
        assert 3 <= len(district.departments) <= 5
        assert district.phone.startswith("+998 ") and district.email.endswith("@demo.test")
        hours = district.reception_hours[0].value
        assert hours["periods"][0]["days"] == ["0", "1", "2", "3", "4"]
        assert hours["periods"][0]["opens"].hour == 9 and hours["exceptions"][0]["closed"]
        children = {type(page.specific) for page in district.get_children().live()}
        assert children == {NewsIndexPage, DecisionIndexPage, ServiceIndexPage, ServiceCentreIndexPage}


def test_news_has_tags_and_announcements(seeded):
    for name in DISTRICTS:
        news = descendants(district_page(name), NewsPage).live()
        assert 4 <= news.count() <= 6
        assert news.filter(kind=NewsKind.ANNOUNCEMENT).exists() and news.filter(kind=NewsKind.NEWS).exists()
        assert all(item.date.year == 2026 and item.tags.exists() and item.body for item in news)
    assert Tag.objects.filter(name="eʼlon").exists() and Tag.objects.filter(name="yoʻllar").exists()


def test_each_district_lists_at_least_twelve_real_services(seeded):
    for name in DISTRICTS:
        services = descendants(district_page(name), ServicePage).live()
        titles = set(services.values_list("title", flat=True))
        assert services.count() >= 12
        assert {"Tugʻilishni qayd etish", "Nikohni qayd etish", "Koʻchmas mulk boʻyicha kadastr koʻchirmasi"} <= titles
        for service in services:
            assert service.description and service.eligibility and service.legal_basis
            assert len(service.required_documents) >= 1
            assert all(block.value["name"] for block in service.required_documents)
        assert services.filter(fee_soum=0).count() >= 6 and services.filter(fee_soum__gt=0).exists()
        assert services.exclude(online_url="").filter(online_url__startswith="https://").count() >= 8


def test_centres_differ_in_accessibility(seeded):
    centres = ServiceCentrePage.objects.live()
    assert centres.count() >= 3
    feature_names = [name for name, _label in ACCESSIBILITY_FEATURES]
    profiles = {tuple(getattr(centre, name) for name in feature_names) for centre in centres}
    assert len(profiles) >= 3
    with_step_free = centres.get(step_free_entrance=True, accessible_toilet=True, elderly_help=True)
    assert with_step_free.kind == CentreKind.PUBLIC_SERVICE_CENTRE
    assert centres.filter(sign_language=True, large_print=True).exists()
    bare = centres.get(**dict.fromkeys(feature_names, False))
    assert bare.kind == CentreKind.MAHALLA_ZONE and bare.territory.kind == TerritoryKind.MAHALLA
    assert bare.accessibility_note  # says what is missing, so nobody travels there in vain
    for centre in centres:
        district = centre.get_parent().get_parent().specific
        offered = centre.services.all()
        assert offered.exists()
        # A centre offers its own khokimiyat's services, and its first revision says so.
        assert set(descendants(district, ServicePage).values_list("pk", flat=True)) >= {s.pk for s in offered}
        assert {s.pk for s in centre.live_revision.as_object().services.all()} == {s.pk for s in offered}


def test_decisions_link_to_what_amended_or_repealed_them(seeded):
    for name in DISTRICTS:
        decisions = descendants(district_page(name), DecisionPage).live()
        assert 3 <= decisions.count() <= 4
        statuses = set(decisions.values_list("status", flat=True))
        assert statuses == {DecisionStatus.IN_FORCE, DecisionStatus.AMENDED, DecisionStatus.REPEALED}
        for decision in decisions.exclude(status=DecisionStatus.IN_FORCE):
            assert decision.changed_by.date > decision.date
            assert decision.changed_by.get_parent().pk == decision.get_parent().pk
        signed = decisions.exclude(document=None).get()
        assert_valid_pdf(signed.document)


def assert_valid_pdf(document):
    with document.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    assert document.file_size == len(data) and document.file_hash
    # Every cross-reference entry points at its object: a viewer opens it without "repairing".
    start = int(re.search(rb"startxref\n(\d+)", data).group(1))
    assert data[start:].startswith(b"xref")
    offsets = [int(offset) for offset in re.findall(rb"(\d{10}) 00000 n ", data)]
    assert [data[offset:].split(b" ", 1)[0] for offset in offsets] == [b"%d" % n for n in range(1, len(offsets) + 1)]


def test_questions_in_every_state(seeded):
    now = timezone.now()
    for name in DISTRICTS:
        questions = Question.objects.filter(territory=district_page(name).territory)
        assert 3 <= questions.count() <= 5  # Yangiqoʻrgʻon's fifth: Saodat's, typed by the operator
        published = questions.filter(status=QuestionStatus.PUBLISHED)
        answered = published.exclude(answered_at=None)
        assert answered.exists() and all(q.answered_by.email.startswith("responder.") for q in answered)
        unanswered = published.filter(answered_at=None)
        assert unanswered.filter(due_at__lt=now).exists()  # overdue
        assert questions.filter(status=QuestionStatus.PENDING).exists()
        authors = {"dilnoza@demo.test", "akmal@demo.test", "gulnora@demo.test", "saodat@demo.test"}
        assert all(q.author.email in authors for q in questions)
        assert all(q.created_at <= (q.published_at or now) for q in questions)
    extended = Question.objects.exclude(extended_at=None).get()
    assert extended.due_at > now and extended.answered_at is None and extended.extension_note


def test_demo_pages_render(client, seeded):
    pages = [
        page
        for name in DISTRICTS
        for page in Page.objects.live().descendant_of(district_page(name).get_parent(), inclusive=True)
    ]
    assert len(pages) > 60
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
    for name in DISTRICTS:
        district = district_page(name)
        listing = client.get(district.url + "questions/")
        assert listing.status_code == 200
        published = Question.objects.filter(territory=district.territory, status=QuestionStatus.PUBLISHED)
        body = listing.content.decode()
        assert all(question.title in body for question in published)
