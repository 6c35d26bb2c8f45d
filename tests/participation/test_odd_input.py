"""Odd input never gives a 500 and never reaches the database as it came: a NUL byte in a
search, a tag filter or a receipt code, and the invisible or direction-changing characters
that make one title look like another (U+202E turns "gpj.exe" round on screen)."""

import pytest

from participation.text import clean_text

pytestmark = pytest.mark.django_db

INVISIBLE = "\u202e\u200b\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069\ufeff"


@pytest.mark.parametrize(
    "url",
    [
        "/uz/search/?q=%00",
        "/uz/search/?q=suv%00quvuri",
        "/uz/budget/receipt/?code=%00",
        "/uz/budget/receipt/?code=AB%00CD",
        "/uz/budget/1/receipt/AB%00CD/",
        "/uz/petitions/?q=%00",
        "/uz/petitions/?tag=%00",
    ],
)
def test_a_nul_byte_in_a_query_is_never_a_server_error(client, home_page, url):
    assert client.get(url).status_code in (200, 404)


def test_a_nul_byte_in_a_news_tag_filter_is_never_a_server_error(client, pages):
    response = client.get(pages.yangiqorgon_news_index.url + "?tag=%00suv")
    assert response.status_code == 200


def test_clean_text_drops_invisible_and_direction_characters():
    assert clean_text(f"Suv{INVISIBLE} quvuri\x00") == "Suv quvuri"


def test_clean_text_composes_to_nfc_and_keeps_uzbek_letters():
    # "o" + a combining breve is one letter after NFC; the Uzbek turned comma (ʻ U+02BB) and
    # the modifier apostrophe (ʼ U+02BC) are letters, not marks to remove.
    assert clean_text("Yangiqoʻrgʻon maʼmuriyati, Qo\u0306qon") == "Yangiqoʻrgʻon maʼmuriyati, Qŏqon"
    assert clean_text("e\u0301") == "\u00e9"


def test_clean_text_keeps_line_breaks_and_tabs_but_no_other_control_characters():
    assert clean_text("Birinchi\r\nikkinchi\tuchinchi\x07\x1b") == "Birinchi\r\nikkinchi\tuchinchi"


def test_a_petition_title_is_stored_without_the_spoofing_characters(client, tree, resident):
    """The whole way a resident types it: the form, the service, the row."""
    from proposals.petitions.models import Petition

    client.force_login(resident())
    response = client.post(
        "/uz/petitions/new/",
        {
            "title": "\u202eSuv quvurini\u200b taʼmirlash",
            "text": "Mahallamizda suv quvuri\ufeff eskirgan, uni taʼmirlash kerak.",
            "territory": tree.yangiqorgon.pk,
        },
    )
    assert response.status_code in (200, 302), response.status_code
    petition = Petition.objects.get()
    assert petition.title == "Suv quvurini taʼmirlash"
    assert petition.text == "Mahallamizda suv quvuri eskirgan, uni taʼmirlash kerak."


def test_passwords_reach_their_checker_as_typed(rf):
    """A password is compared with what was set: cleaning it could lock its owner out."""
    from participation.web.middleware import CleanInputMiddleware

    seen = {}

    def view(request):
        seen.update(request.POST.dict(), query=request.GET["q"])
        return None

    request = rf.post(
        "/uz/accounts/login/?q=a%00b", {"login": "dilnoza\u200b@example.test", "password": "so\u0301z\u200d1"}
    )
    CleanInputMiddleware(view)(request)
    assert seen == {"login": "dilnoza@example.test", "password": "so\u0301z\u200d1", "query": "ab"}
