"""On a kiosk: the simple home, sign-in by phone code only, acts recorded through the kiosk
channel, sign-out after each completed act and after two minutes idle, nothing left behind."""

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from meetings.consultations.models import Input, input_public_channel
from meetings.consultations.report import input_acts
from participation.identity.sms.console import last_messages
from participation.models import Channel, VerificationLevel
from participation.transparency.periods import PeriodKind, period_containing
from proposals.budgeting.models import Participation
from proposals.petitions.models import PetitionStatus, Signature
from tests.fixtures.clock import T0
from tests.fixtures.petitions import url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_cosponsors")]

PHONE = "+998901234567"


def code_sent_to(phone: str) -> str:
    message = next(message for message in last_messages() if message["to"] == phone)
    return re.search(r"\b(\d{6})\b", message["text"]).group(1)


@pytest.fixture
def collecting(make_petition, tree):
    """A petition to Yangiqoʻrgʻon collecting signatures from T0 (the clock tests start there)."""
    return make_petition(PetitionStatus.COLLECTING, now=T0)


def signed_in(client) -> bool:
    return client.get("/en/kiosk/").wsgi_request.user.is_authenticated


def test_the_site_home_is_the_kiosks_simple_home(kiosk_client, publish, navbahor_zone):
    petition = publish()
    response = kiosk_client.get("/en/")
    assert response.status_code == 302 and response["Location"] == "/en/kiosk/"
    home = kiosk_client.get("/en/kiosk/").content.decode()
    assert navbahor_zone.title in home
    assert f'href="/en/petitions/{petition.pk}/"' in home  # petitions to sign, from the petition selectors
    assert "/questions/ask/" in home  # ask the khokimiyat whose page the centre is under
    assert 'href="/en/accounts/phone/sign-in/"' in home and "/accounts/signup/" not in home


def test_every_answer_on_a_kiosk_is_kept_nowhere(kiosk_client, publish, resident):
    petition = publish()
    kiosk_client.force_login(resident())
    for address in ("/en/kiosk/", url(petition), "/en/accounts/phone/sign-in/", "/en/no-such-page/"):
        response = kiosk_client.get(address)
        assert "no-store" in response["Cache-Control"], address


@pytest.mark.parametrize("page", ["login", "signup", "password/reset"])
def test_a_kiosk_signs_in_by_phone_only(kiosk_client, page):
    response = kiosk_client.get(f"/en/accounts/{page}/")
    assert response.status_code == 302 and response["Location"] == "/en/accounts/phone/sign-in/"
    form = kiosk_client.get("/en/accounts/phone/sign-in/").content.decode()
    assert "/accounts/login/" not in form  # no "with e-mail and password instead", no "remember me"
    assert 'autocomplete="off"' in form and 'autocomplete="tel"' not in form


def test_a_resident_signs_in_by_phone_code_and_returns_to_the_petition(kiosk_client, resident, publish):
    person = resident(phone=PHONE, phone_verified_at="2026-01-01T00:00:00Z")
    petition = publish()
    login = kiosk_client.get(f"/en/accounts/login/?next={quote(url(petition))}")
    assert login["Location"] == "/en/accounts/phone/sign-in/"
    sent = kiosk_client.post("/en/accounts/phone/sign-in/", {"phone": "90 123 45 67"})
    assert sent.status_code == 302
    code_page = kiosk_client.get(sent["Location"]).content.decode()
    assert 'autocomplete="off"' in code_page and "one-time-code" not in code_page
    response = kiosk_client.post("/en/accounts/phone/sign-in/code/", {"code": code_sent_to(PHONE)})
    assert response.status_code == 302 and response["Location"] == url(petition)
    assert kiosk_client.get(url(petition)).wsgi_request.user == person
    assert kiosk_client.session.get_expiry_age() == settings.KIOSK_IDLE_SECONDS


def test_a_signature_on_a_kiosk_counts_as_kiosk_and_signs_the_person_out(kiosk_client, resident, publish):
    person = resident()
    petition = publish()
    kiosk_client.force_login(person)
    response = kiosk_client.post(url(petition, "sign/"))
    assert response.status_code == 302
    assert response["Location"] == f"/en/kiosk/done/?next={quote(url(petition), safe='')}"
    signature = Signature.objects.get(petition=petition, user=person)
    assert signature.channel == Channel.KIOSK
    done = kiosk_client.get(response["Location"])
    assert done.status_code == 200 and not done.wsgi_request.user.is_authenticated
    page = done.content.decode()
    assert "Done — you are signed out" in page and f'href="{url(petition)}"' in page
    # Nothing carried over to the next person: no session, no message about the signature.
    after = kiosk_client.get(url(petition))
    assert not after.wsgi_request.user.is_authenticated
    assert not list(after.context["messages"])
    assert "sessionid" not in after.wsgi_request.COOKIES or not after.wsgi_request.COOKIES["sessionid"]


def test_an_input_to_a_consultation_on_a_kiosk_counts_as_kiosk_and_signs_the_person_out(
    kiosk_client, resident, make_consultation, tree
):
    """A consultation's input is an act like a signature: the next person at the kiosk must not
    find the one before still signed in. It is published as given online (that its author used
    a kiosk is counted in the report, never shown beside their name)."""
    person = resident(full_name="Nodira Karimova")
    consultation = make_consultation()
    detail = reverse("consultations:detail", args=[consultation.pk])
    kiosk_client.force_login(person)
    response = kiosk_client.post(
        reverse("consultations:give_input", args=[consultation.pk]),
        {"place": "document:", "on_behalf": "self", "text": "Koʻchaga chiroq kerak"},
    )
    assert response.status_code == 302 and response["Location"].startswith("/en/kiosk/done/?next=")
    item = Input.objects.get(consultation=consultation, author=person)
    assert item.channel == Channel.KIOSK and input_public_channel(item.channel) == "online"
    assert not kiosk_client.get(detail).wsgi_request.user.is_authenticated
    month = period_containing(PeriodKind.MONTH, item.created_at)
    assert [row[0] for row in input_acts(tree.yangiqorgon, month)] == [Channel.KIOSK]


def test_the_same_signature_on_an_ordinary_browser_counts_as_web(client, resident, publish):
    person = resident()
    petition = publish()
    client.force_login(person)
    response = client.post(url(petition, "sign/"))
    assert response["Location"] == url(petition)
    assert Signature.objects.get(petition=petition, user=person).channel == Channel.WEB
    assert client.get(url(petition)).wsgi_request.user == person


def test_a_refused_act_keeps_the_person_signed_in_and_tells_them_why(kiosk_client, resident, publish):
    person = resident(verification_level=VerificationLevel.NONE)  # may not sign
    petition = publish()
    kiosk_client.force_login(person)
    response = kiosk_client.post(url(petition, "sign/"))
    assert response.status_code == 302 and response["Location"] == url(petition)
    assert not Signature.objects.filter(petition=petition).exists()
    page = kiosk_client.get(url(petition))
    assert page.wsgi_request.user == person
    assert [message.level_tag for message in page.context["messages"]] == ["error"]


def test_two_minutes_idle_signs_the_person_out_whatever_they_send_next(kiosk_client, resident, collecting, clock):
    person = resident()
    kiosk_client.force_login(person)
    assert signed_in(kiosk_client)
    clock.advance(seconds=settings.KIOSK_IDLE_SECONDS - 1)
    assert signed_in(kiosk_client)  # each request gives two more minutes
    clock.advance(seconds=settings.KIOSK_IDLE_SECONDS + 1)
    response = kiosk_client.post(url(collecting, "sign/"))
    assert response.status_code == 302 and response["Location"] == "/en/kiosk/signed-out/"
    assert not Signature.objects.filter(petition=collecting).exists()
    page = kiosk_client.get(response["Location"])
    assert page.status_code == 200 and not page.wsgi_request.user.is_authenticated
    assert "You are signed out" in page.content.decode()
    assert not signed_in(kiosk_client)


def test_an_idle_half_done_sign_in_is_forgotten(kiosk_client, resident, clock):
    resident(phone=PHONE, phone_verified_at="2026-01-01T00:00:00Z")
    kiosk_client.post("/en/accounts/phone/sign-in/", {"phone": PHONE})
    clock.advance(seconds=settings.KIOSK_IDLE_SECONDS + 1)
    response = kiosk_client.post("/en/accounts/phone/sign-in/code/", {"code": code_sent_to(PHONE)})
    assert response["Location"] == "/en/kiosk/signed-out/"
    assert not signed_in(kiosk_client)


def test_the_session_itself_expires_on_the_server(kiosk_client, resident, clock):
    kiosk_client.force_login(resident())
    response = kiosk_client.get("/en/kiosk/")
    assert kiosk_client.session.get_expiry_age() == settings.KIOSK_IDLE_SECONDS
    assert int(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == settings.KIOSK_IDLE_SECONDS
    # The session row itself ends then: a copy of the cookie is worth nothing afterwards.
    assert kiosk_client.session.get_expiry_date() == clock.now + timedelta(seconds=settings.KIOSK_IDLE_SECONDS)


def test_a_signed_in_page_carries_the_idle_script_that_warns_then_clears_the_screen(kiosk_client, resident):
    script = f'data-idle-seconds="{settings.KIOSK_IDLE_SECONDS}" data-warn-seconds="20"'
    assert script not in kiosk_client.get("/en/kiosk/").content.decode()  # nobody to sign out
    kiosk_client.force_login(resident())
    for address in ("/en/kiosk/", "/en/petitions/"):
        page = kiosk_client.get(address).content.decode()
        assert script in page and 'data-signed-out-url="/en/kiosk/signed-out/"' in page
        assert 'http-equiv="refresh"' not in page  # a timed refresh cannot warn (WCAG 2.2.1)


def test_i_am_still_here_renews_the_kiosk_session_and_is_nothing_elsewhere(kiosk_client, resident, clock):
    from django.test import Client

    kiosk_client.force_login(resident())
    kiosk_client.get("/en/kiosk/")
    clock.advance(seconds=settings.KIOSK_IDLE_SECONDS - 10)
    assert kiosk_client.post("/en/kiosk/still-here/").status_code == 204
    clock.advance(seconds=settings.KIOSK_IDLE_SECONDS - 10)  # idle long since the page, not since the answer
    assert kiosk_client.get("/en/kiosk/").context["user"].is_authenticated
    assert Client().post("/en/kiosk/still-here/").status_code == 404  # an ordinary browser
    assert kiosk_client.get("/en/kiosk/still-here/").status_code == 405


def test_the_sign_out_link_signs_out_at_once(kiosk_client, resident):
    kiosk_client.force_login(resident())
    page = kiosk_client.get("/en/kiosk/").content.decode()
    assert 'href="/en/kiosk/signed-out/"' in page and "/accounts/logout/" not in page
    kiosk_client.get("/en/kiosk/signed-out/")
    assert not signed_in(kiosk_client)


def test_the_kiosk_home_holds_its_query_budget(kiosk_client, publish, tree, django_assert_max_num_queries, monkeypatch):
    kiosk_client.get("/en/kiosk/")  # warm the per-process caches (locales, sites)
    made = []
    counts = []
    for total in (2, 12):
        while len(made) < total:
            made.append(publish(f"Yoʻl {len(made)}", hours_ago=len(made) + 1))
        with django_assert_max_num_queries(25) as captured:
            response = kiosk_client.get("/en/kiosk/")
        assert response.status_code == 200 and response.content.decode().count('href="/en/petitions/') >= 2
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_a_ballot_on_a_kiosk_counts_as_kiosk_and_leads_to_its_receipt(
    kiosk_client, resident, make_cycle, make_project, tree
):
    cycle = make_cycle("voting", at=timezone.now())
    project = make_project(cycle, title="Navbahor yoʻli", cost=300_000_000)
    assert f'href="/en/budget/{cycle.pk}/vote/"' in kiosk_client.get("/en/kiosk/").content.decode()  # the open vote
    kiosk_client.force_login(resident())
    response = kiosk_client.post(f"/en/budget/{cycle.pk}/vote/", {"project": [project.pk], "action": "cast"})
    participation = Participation.objects.get()
    assert participation.channel == Channel.KIOSK
    receipt = f"/en/budget/{cycle.pk}/receipt/{participation.receipt_code}/"
    assert response["Location"] == f"/en/kiosk/done/?next={quote(receipt, safe='')}"
    done = kiosk_client.get(response["Location"])
    assert f'href="{receipt}"' in done.content.decode() and not done.wsgi_request.user.is_authenticated
