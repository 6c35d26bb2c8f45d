"""Registration as a person uses it: the meeting page's panel, the form with its refusals (message
shown, choice kept, nothing written), their registration with its code and QR image, "My
registrations" with cancelling, and the query budgets as registrations grow."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from meetings.meetings.models import Registration, RegistrationStatus
from meetings.meetings.selectors.registrations import meeting_public
from meetings.meetings.services import registrations as svc
from meetings.meetings.services.registrations import registration_create
from participation.models import VerificationLevel
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db
EVIL = "<script>alert(1)</script>"


def panel(meeting, user) -> str:
    request = RequestFactory().get(f"/en/meetings/{meeting.pk}/")
    request.user = user
    return render_to_string(
        "meetings/meetings/includes/registration_panel.html", {"meeting": meeting, "request": request}, request=request
    )


def page_of(response) -> str:
    assert response.status_code in (200, 400), response.status_code
    return response.content.decode()


def test_the_panel_asks_a_visitor_to_sign_in_and_shows_the_seats_left(make_meeting, resident):
    meeting = make_meeting(capacity=5)
    registration_create(meeting=meeting, user=resident())
    meeting.refresh_from_db()  # as the meeting page reads it
    html = panel(meeting, AnonymousUser())
    assert "4 seats left of 5." in html and "Sign in to register" in html
    # No form and no CSRF token for a visitor: the anonymous page stays cacheable.
    assert "<form" not in html and "csrfmiddlewaretoken" not in html


def test_the_panel_offers_a_representative_their_organisation_and_needs(make_meeting, wag, make_representative):
    meeting = make_meeting()
    html = panel(meeting, make_representative(wag))
    assert f'action="/en/meetings/{meeting.pk}/register/"' in html and "csrfmiddlewaretoken" in html
    assert "Navbahor faol ayollari (I represent it)" in html and 'name="people"' in html
    assert "Sign-language interpretation" in html and "Step-free access" in html


def test_the_panel_shows_a_registration_and_offers_only_what_is_left(make_meeting, wag, make_representative):
    meeting = make_meeting()
    leader = make_representative(wag)
    registration_create(meeting=meeting, user=leader)
    html = panel(meeting, leader)
    assert "registered, code" in html and Registration.objects.get(user=leader).code in html
    assert ">Myself<" not in html and "Navbahor faol ayollari (I represent it)" in html
    registration_create(meeting=meeting, user=leader, organisation=wag, people=2)
    assert "<form" not in panel(meeting, leader)


def test_the_panel_says_why_registration_is_closed(make_meeting, resident):
    assert "Registration is closed" in panel(make_meeting(starts_in=timedelta(hours=-1)), resident())
    assert "This meeting was cancelled" in panel(make_meeting(status="cancelled"), resident())
    unconfirmed = resident(verification_level=VerificationLevel.NONE)
    assert "Confirm your e-mail address" in panel(make_meeting(), unconfirmed)


def test_the_panel_costs_the_same_queries_however_many_registered(
    make_meeting, resident, wag, make_representative, django_assert_max_num_queries
):
    meeting = make_meeting(capacity=None)
    leader = make_representative(wag)
    registration_create(meeting=meeting, user=leader)
    counts = []
    for total in (3, 30):
        while Registration.objects.filter(meeting=meeting).count() < total:
            registration_create(meeting=meeting, user=resident())
        # Read afresh as each request of the page does: the meeting with its territory, the person.
        shown, reader = meeting_public(meeting.pk), type(leader).objects.get(pk=leader.pk)
        with django_assert_max_num_queries(6), CaptureQueriesContext(connection) as queries:
            panel(shown, reader)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_registering_through_the_page_shows_the_code_and_its_qr_image(client, make_meeting, resident):
    meeting = make_meeting(capacity=1)
    person = resident()
    client.force_login(person)
    response = client.post(f"/uz/meetings/{meeting.pk}/register/", {"on_behalf": "self", "needs_step_free": "on"})
    registration = Registration.objects.get(meeting=meeting, user=person)
    assert (
        response.status_code == 302 and response.url == f"/uz/meetings/{meeting.pk}/registration/?r={registration.pk}"
    )
    assert (registration.language, registration.needs_step_free) == ("uz", True)
    page = page_of(client.get(response.url))
    with translation.override("uz"):
        assert (
            gettext("You are registered. Your code is %(code)s: we also sent it to your e-mail.")
            % {"code": registration.code}
            in page
        )
    assert '<svg role="img" aria-label="' in page and registration.code in page
    svg = client.get(f"/uz/meetings/{meeting.pk}/registration/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.startswith(b"<svg")
    assert b"<path" in svg.content


def test_the_qr_image_encodes_the_check_in_address_with_the_code(make_meeting, resident):
    from meetings.meetings.qr import check_in_url

    registration = registration_create(meeting=make_meeting(), user=resident())
    url = check_in_url(registration.meeting_id, registration.code)
    assert url.endswith(f"/meetings/{registration.meeting_id}/check-in/?code={registration.code}")


def test_a_full_meeting_puts_the_person_on_the_waiting_list_with_their_place(client, make_meeting, resident):
    meeting = make_meeting(capacity=1)
    registration_create(meeting=meeting, user=resident())
    client.force_login(resident())
    response = client.post(f"/en/meetings/{meeting.pk}/register/", {"on_behalf": "self"}, follow=True)
    page = page_of(response)
    assert "The meeting is full: you are on the waiting list, number 1 in line." in page
    assert "on the waiting list, number 1 in line" in page and "<svg" not in page
    assert client.get(f"/en/meetings/{meeting.pk}/registration/qr.svg").status_code == 404


def test_a_refusal_is_shown_with_the_choice_kept_and_nothing_written(client, make_meeting, resident, tree, wag):
    meeting = make_meeting()
    person = resident()
    registration_create(meeting=meeting, user=person)
    client.force_login(person)
    response = client.post(f"/en/meetings/{meeting.pk}/register/", {"on_behalf": "self", "needs_sign_language": "on"})
    page = page_of(response)
    assert response.status_code == 400 and "You are already registered for this meeting." in page
    assert 'name="needs_sign_language" id="id_needs_sign_language" checked' in page
    # An organisation this person does not represent, named by hand.
    response = client.post(f"/en/meetings/{meeting.pk}/register/", {"on_behalf": str(wag.pk), "people": "2"})
    assert response.status_code == 400 and str(svc.NOT_REPRESENTATIVE) in page_of(response)
    assert Registration.objects.filter(meeting=meeting).count() == 1


def test_too_many_people_for_an_organisation_is_refused_in_the_form(client, make_meeting, wag, make_representative):
    meeting = make_meeting()
    client.force_login(make_representative(wag))
    response = client.post(f"/en/meetings/{meeting.pk}/register/", {"on_behalf": str(wag.pk), "people": "11"})
    assert response.status_code == 400 and "An organisation registers from 1 to 10 people." in page_of(response)
    assert 'value="11"' in page_of(response)
    assert not Registration.objects.exists()


def test_a_visitor_is_sent_to_sign_in_and_unknown_meetings_are_not_found(client, make_meeting, resident):
    meeting = make_meeting()
    response = client.get(f"/en/meetings/{meeting.pk}/register/")
    assert response.status_code == 302 and "/login/" in response.url
    assert client.get(f"/en/meetings/{meeting.pk}/registration/").status_code == 302
    client.force_login(resident())
    assert client.get(f"/en/meetings/{make_meeting(status='draft').pk}/register/").status_code == 404
    assert client.get("/en/meetings/999999/registration/").status_code == 404


def test_my_registrations_lists_upcoming_ones_with_codes_and_cancels(client, make_meeting, resident):
    person = resident()
    soon = make_meeting(title=f"Tez orada {EVIL}", starts_in=timedelta(days=2))
    later = make_meeting(title="Keyinroq", starts_in=timedelta(days=9))
    past = make_meeting(title="Oʻtgan", starts_in=timedelta(days=-5))
    first = registration_create(meeting=soon, user=person)
    registration_create(meeting=later, user=person)
    Registration.objects.create(
        meeting=past, user=person, status=RegistrationStatus.CONFIRMED, code="PASTPAST", created_at=past.created_at
    )
    client.force_login(person)
    page = page_of(client.get("/en/meetings/my-registrations/"))
    assert page.index("Tez orada") < page.index("Keyinroq") and "Oʻtgan" not in page
    assert first.code in page and EVIL not in page and "&lt;script&gt;" in page
    response = client.post(
        f"/en/meetings/{soon.pk}/registration/cancel/", {"registration": first.pk, "next": "mine"}, follow=True
    )
    page = page_of(response)
    assert "Your registration is cancelled." in page and "Tez orada" not in page
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED


def test_the_account_menu_links_my_registrations(client, resident):
    client.force_login(resident())
    assert 'href="/en/meetings/my-registrations/"' in page_of(client.get("/en/meetings/my-registrations/"))


def test_nobody_cancels_another_persons_registration_through_the_page(client, make_meeting, resident):
    meeting = make_meeting()
    registration = registration_create(meeting=meeting, user=resident())
    client.force_login(resident())
    response = client.post(f"/en/meetings/{meeting.pk}/registration/cancel/", {"registration": registration.pk})
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_my_registrations_costs_the_same_queries_however_many(
    client, make_meeting, resident, meeting_staff, django_assert_max_num_queries
):
    person = resident()
    client.force_login(person)
    client.get("/en/meetings/my-registrations/")
    counts = []
    for total in (3, 30):
        while Registration.objects.filter(user=person).count() < total:
            meeting = make_meeting(capacity=1)
            registration_create(meeting=meeting, user=resident())
            registration_create(meeting=meeting, user=person)  # on the waiting list: its place is shown
        with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as queries:
            page = page_of(client.get("/en/meetings/my-registrations/"))
        assert page.count("number 1 in line") == total
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_an_organisation_of_another_district_is_offered_too(make_meeting, tree, make_representative):
    # Anyone may attend a public meeting: an organisation from elsewhere registers like any other.
    zomin_group = OrganisationFactory(territory=tree.zomin, name_uz="Duoba ayollari")
    html = panel(make_meeting(), make_representative(zomin_group))
    assert "Duoba ayollari (I represent it)" in html


def test_the_meetings_uzbek_title_carries_its_language_on_the_english_page(client, make_meeting, resident):
    meeting = make_meeting()
    person = resident()
    registration_create(meeting=meeting, user=person)
    client.force_login(person)
    page = page_of(client.get(f"/en/meetings/{meeting.pk}/registration/"))
    assert f'<strong lang="uz-Latn">{meeting.title}</strong>' in page
    assert 'lang="uz-Latn"' not in page_of(client.get(f"/uz/meetings/{meeting.pk}/registration/")).split("<main")[1]
