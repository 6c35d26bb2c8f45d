"""What residents write is shown to everyone: it must stay inert text in every format. And
the writing endpoints hold their guards: CSRF, POST only, the author only, the token only."""

import csv
import io
import json
from xml.etree import ElementTree

import pytest
from django.test import Client

from participation.models import TerritoryKind
from proposals.petitions.models import Cosponsor, Petition, Signature
from proposals.petitions.models import PetitionStatus as S
from proposals.petitions.services import lifecycle as svc
from tests.factories import UserFactory
from tests.fixtures.petitions import sign, url

XSS_TITLE = "<script>alert(1)</script> <img src=x onerror=alert(1)>"
XSS_TEXT = (
    "Bosing: [havola](javascript:alert(1)) yoki javascript:alert(1) "
    '<a href="javascript:alert(1)">bu yerda</a> <svg onload=alert(1)> & "qoʻshtirnoq"'
)
XSS_MAHALLA = "<script>alert(2)</script>"
RAW = ("<script>alert", "<img src=x", "<svg onload", 'href="javascript:', '<a href="javascript')


@pytest.fixture
def hostile(publish, tree, people):
    """A published, answered-in-part petition whose every resident-written field is markup,
    signed from a mahalla with a hostile name (by five people: a count that is shown)."""
    petition = publish(XSS_TITLE, text=XSS_TEXT, tags=["<b>bold</b>", "=cmd|' /C calc'!A0"])
    mahalla = tree.yangiqorgon.add_child(kind=TerritoryKind.MAHALLA, name_uz=XSS_MAHALLA)
    sign(petition, *(UserFactory(home_territory=mahalla, verification_level=10, full_name=XSS_TITLE) for _ in range(5)))
    return petition


def assert_inert(body: str, where: str):
    for raw in RAW:
        assert raw not in body, (where, raw)


@pytest.mark.parametrize("lang", ["en", "uz", "uz-cyrl"])
def test_markup_is_inert_in_the_list_and_the_detail(client, hostile, lang):
    for address in (f"/{lang}/petitions/", url(hostile, lang=lang), f"/{lang}/petitions/?q=%3Cscript%3E"):
        page = client.get(address).content.decode()
        assert_inert(page, address)
        assert "&lt;script&gt;" in page or "&lt;" in page
    detail = client.get(url(hostile, lang=lang)).content.decode()
    topics = detail[detail.index('class="petition-topics"') :]
    topics = topics[: topics.index("</ul>")]
    assert "<b>" not in topics and "<б>" not in topics and "&lt;" in topics  # a topic, escaped
    if lang != "uz-cyrl":  # (Cyrillic readers get the same text transliterated)
        assert "javascript:alert(1)" in detail  # shown as text...
    assert 'href="javascript' not in detail.lower() and 'href="жавасцрипт' not in detail  # ...never a link


def test_markup_is_inert_in_the_svg_chart(client, hostile):
    response = client.get(url(hostile, "signatures.svg"))
    svg = response.content.decode()
    assert response["Content-Type"].startswith("image/svg+xml")
    assert_inert(svg, "svg")
    root = ElementTree.fromstring(svg)  # well-formed XML: the escaping holds
    texts = [element.text for element in root.iter("{http://www.w3.org/2000/svg}text")]
    assert XSS_MAHALLA in texts  # the name reads as written, as text


def test_markup_is_inert_in_json(client, hostile):
    for address in ("/en/petitions/export.json", url(hostile, "export.json")):
        response = client.get(address)
        body = response.getvalue().decode()
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert "<" not in body and ">" not in body and "&" not in body  # \u003c, \u003e, \u0026
        data = json.loads(body)  # still valid JSON with the exact text
        title = data["results"][0]["title"] if "results" in data else data["title"]
        assert title == XSS_TITLE
    assert json.loads(client.get(url(hostile, "export.json")).content)["by_mahalla"][0]["mahalla"] == XSS_MAHALLA


def test_csv_cells_are_text_not_formulas(client, hostile):
    body = client.get("/en/petitions/export.csv").getvalue().decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(body)))[1]
    assert row[1] == XSS_TITLE  # plain text in a spreadsheet; no formula prefix to neutralise
    cells = list(csv.reader(io.StringIO(client.get(url(hostile, "export.csv")).content.decode("utf-8-sig"))))
    assert cells[1] == [XSS_MAHALLA, "5"]
    assert XSS_TITLE not in client.get(url(hostile, "export.csv")).content.decode("utf-8-sig")  # no signer names


def test_the_typed_form_is_escaped_when_it_comes_back(client, resident, tree):
    client.force_login(resident())
    page = client.post(
        "/en/petitions/new/", {"territory": tree.yangiqorgon.pk, "title": XSS_TITLE, "text": "qisqa", "topics": ""}
    ).content.decode()
    assert_inert(page, "form")
    assert "&lt;script&gt;" in page and not Petition.objects.exists()


def test_a_rejection_explanation_and_withdrawal_reason_are_escaped(client, make_petition, resident, people):
    author = resident()
    petition = make_petition(S.COLLECTING, author=author, moderator=people.moderator)
    svc.petition_withdraw(petition=petition, author=author, reason=XSS_TEXT)
    client.force_login(author)
    page = client.get(url(petition)).content.decode()
    assert_inert(page, "withdrawn")
    assert "&lt;svg onload" in page


# --- guards on the writing endpoints -----------------------------------------------------------


def test_sign_needs_the_csrf_token_and_answers_with_a_redirect_every_time(publish, resident):
    """The benchmark's contract: a signed-in POST with the CSRF cookie and header is a
    redirect to the petition, for the first signature and for every repeat."""
    petition = publish()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(resident())
    assert browser.post(url(petition, "sign/", "uz")).status_code == 403
    assert not Signature.objects.exists()
    browser.get(url(petition, lang="uz"))
    token = browser.cookies["csrftoken"].value
    for _attempt in range(3):
        response = browser.post(url(petition, "sign/", "uz"), HTTP_X_CSRFTOKEN=token)
        assert response.status_code in (302, 303) and response["Location"] == url(petition, lang="uz")
    response = browser.post(url(petition, "sign/", "uz"), {"csrfmiddlewaretoken": token})
    assert response.status_code in (302, 303)
    assert Signature.objects.filter(petition=petition).count() == 1


@pytest.mark.parametrize("action", ["sign/", "unsign/", "invite/", "withdraw/", "flag/", "appeal/"])
def test_writing_endpoints_refuse_get(client, publish, resident, action):
    petition = publish()
    client.force_login(petition.author)
    assert client.get(url(petition, action)).status_code == 405


@pytest.mark.parametrize("action", ["invite/", "withdraw/", "edit/"])
def test_only_the_author_changes_the_petition(client, make_petition, resident, people, action):
    petition = make_petition(S.DRAFT)
    client.force_login(resident())
    assert client.post(url(petition, action)).status_code == 404  # a draft does not exist for others
    client.force_login(people.moderator)  # a draft is the author's alone, staff included
    response = client.post(url(petition, action), {"title": "Boshqa", "text": "x" * 40})
    assert response.status_code == 404
    petition.refresh_from_db()
    assert (petition.status, petition.title) == (S.DRAFT, "Navbahor mahallasidagi yoʻlni taʼmirlash")


def test_anonymous_visitors_change_nothing(client, publish, make_petition):
    petition = publish()
    for action in ("sign/", "unsign/", "withdraw/", "flag/", "appeal/"):
        response = client.post(url(petition, action))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    gathering = make_petition(S.GATHERING)
    client.post(url(gathering, f"cosponsor/{gathering.invite_token}/"))
    assert not Signature.objects.exists() and not Cosponsor.objects.filter(petition=gathering).exists()
    petition.refresh_from_db()
    assert petition.status == S.COLLECTING


def test_an_old_invitation_link_does_not_open_a_rejected_text(client, make_petition, resident, people):
    petition = make_petition(S.REJECTED, moderator=people.moderator)
    client.force_login(resident())
    page = client.get(url(petition, f"cosponsor/{petition.invite_token}/")).content.decode()
    assert "no longer gathers co-sponsors" in page
    assert petition.title not in page and "Navbahor mahallasidagi asosiy yoʻl" not in page


def test_a_draft_has_no_invitation_page(client, make_petition, resident):
    petition = make_petition(S.DRAFT)
    client.force_login(resident())
    assert client.get(url(petition, f"cosponsor/{petition.invite_token}/")).status_code == 404


def test_similar_petitions_never_reveal_unpublished_titles(client, make_petition, publish, resident, people):
    published = publish("Navbahor yoʻlini taʼmirlash kerak")
    make_petition(S.REJECTED, title="Navbahor yoʻlini taʼmirlash: rad etilgan", moderator=people.moderator)
    make_petition(S.MODERATION, title="Navbahor yoʻlini taʼmirlash: moderatsiyada")
    author = resident()
    draft = make_petition(S.DRAFT, author=author)
    client.force_login(author)
    page = client.get(url(draft)).content.decode()
    assert published.title in page
    assert "rad etilgan" not in page and "moderatsiyada" not in page


def test_exports_and_chart_of_unpublished_petitions_are_not_found(client, make_petition):
    petition = make_petition(S.MODERATION, title="Hali chop etilmagan")
    for suffix in ("export.csv", "export.json", "signatures.svg"):
        assert client.get(url(petition, suffix)).status_code == 404
    assert "Hali chop etilmagan" not in client.get("/en/petitions/export.json").getvalue().decode()
