"""Site search: every apostrophe a phone keyboard makes, no apostrophe, and Cyrillic all
find the same Latin content; questions are found too once published."""

import pytest
from django.utils import translation

from cms.selectors.search import site_search
from proposals.questions.models import Question, QuestionStatus, QuestionTopic
from tests.factories import UserFactory
from tests.factories import pages as b


@pytest.fixture
def services(tree, home_page):
    region = b.khokimiyat(home_page, tree.namangan, "namangan")
    district = b.khokimiyat(region, tree.yangiqorgon, "yangiqorgon")
    _news, _decisions, services_index, _centres = b.sections(district)
    birth = b.service(services_index, "Tugʻilishni qayd etish", description="Bolaning tugʻilganligi haqida guvohnoma")
    cadastre = b.service(services_index, "Kadastr koʻchirmasi", description="Yer uchastkasi boʻyicha maʼlumot")
    return {"district": district, "birth": birth, "cadastre": cadastre}


@pytest.mark.parametrize(
    "query",
    ["tugʻilish", "tug'ilish", "tug‘ilish", "tug’ilish", "tug`ilish", "tugilish", "TUGʻILISH", "туғилиш", "Туғилишни"],
)
def test_spelling_variants_find_birth_registration(services, query):
    results = site_search(query)
    assert services["birth"].pk in [page.pk for page in results.pages]
    assert services["cadastre"].pk not in [page.pk for page in results.pages]


def test_search_matches_words_in_the_description(services):
    assert [page.pk for page in site_search("guvohnoma").pages] == [services["birth"].pk]


def test_several_words_must_all_match(services):
    assert [page.pk for page in site_search("kadastr ko'chirmasi").pages] == [services["cadastre"].pk]
    assert site_search("kadastr guvohnoma").pages == []


def test_empty_and_punctuation_queries_find_nothing_without_error(services):
    assert site_search("").pages == []
    assert site_search("'''").pages == []


def test_published_questions_are_found_pending_are_not(services):
    author = UserFactory()
    published = Question.objects.create(
        territory=services["district"].territory,
        author=author,
        title="Ichimlik suvi qachon beriladi?",
        text="Navbahor mahallasida suv yoʻq",
        topic=QuestionTopic.WATER,
        status=QuestionStatus.PUBLISHED,
        published_at="2026-11-01T10:00:00+05:00",
        due_at="2026-11-16T10:00:00+05:00",
    )
    Question.objects.create(
        territory=services["district"].territory,
        author=author,
        title="Ichimlik suvi yana",
        text="x",
        topic=QuestionTopic.WATER,
    )
    assert [q.pk for q in site_search("ichimlik").questions] == [published.pk]
    assert [q.pk for q in site_search("ичимлик").questions] == [published.pk]


def test_search_page_renders_results_in_the_reader_language(client, services):
    response = client.get("/ru/search/", {"q": "туғилиш"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="/ru/namangan/yangiqorgon/davlat-xizmatlari/service-1/"' in body
    assert 'value="туғилиш"' in body  # the query stays in the box
    assert services["district"].title in body  # which khokimiyat offers it


def test_search_page_escapes_the_query(client, services):
    with translation.override("uz"):
        body = client.get("/uz/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
