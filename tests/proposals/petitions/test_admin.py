"""Petitions in the Wagtail admin: who sees and does what, answer, extension, invalidating
signatures with a preview, overdue in text, escaping, the petition rules, query budget."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from participation.admin_helpers import overdue_days
from participation.models import StaffRoleKind
from proposals.petitions.admin_views import COUNT_CHANGED
from proposals.petitions.models import Petition, PetitionEvent, PetitionRules, Signature, SignatureInvalidation
from proposals.petitions.models import PetitionStatus as S
from proposals.petitions.services import lifecycle as svc
from tests.fixtures.moderation import (
    MANAGERS,
    MODERATES,
    PEOPLE,
    RAW_MARKUP,
    XSS_TEXT,
    XSS_TITLE,
    expected_status,
    in_uz,
    list_query_counts,
)

pytestmark = pytest.mark.usefixtures("no_cosponsors")  # petitions go straight to moderation

PETITIONS = "/admin/petitions/"
RULES = "/admin/petition-rules/"
IP = "10.0.0.7"


def petition_url(petition) -> str:
    return f"{PETITIONS}{petition.pk}/"


def local(value) -> str:
    """A datetime as a browser's datetime-local input sends it."""
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def home_of(tree, place):
    return tree.navbahor if place == "yangiqorgon" else tree.duoba


@pytest.fixture
def awaiting(make_petition, tree, resident):
    """A factory of petitions that reached their threshold ``now`` (answer due 15 days later)."""

    def make(place="yangiqorgon", now=None, **text):
        PetitionRules.objects.filter(level="district").update(signatures_needed=1)
        return make_petition(
            S.THRESHOLD_REACHED,
            author=resident(mahalla=home_of(tree, place)),
            territory=getattr(tree, place),
            now=now or timezone.now(),
            **text,
        )

    return make


@pytest.fixture
def collecting(make_petition, tree, resident):
    """A factory of collecting petitions with 3 signatures from ``IP`` in their first hour and
    2 from another address later; returns (petition, the hour's start)."""

    def make(place="yangiqorgon", **text):
        PetitionRules.objects.filter(level="district").update(signatures_needed=100)
        start = timezone.now() - timedelta(hours=3)
        home = home_of(tree, place)
        petition = make_petition(
            S.COLLECTING, author=resident(mahalla=home), territory=getattr(tree, place), now=start, **text
        )
        for ip, minute in ((IP, 10), (IP, 11), (IP, 12), ("10.0.0.8", 90), ("10.0.0.8", 91)):
            signer = resident(mahalla=home)
            svc.petition_sign(petition=petition, user=signer, ip=ip, now=start + timedelta(minutes=minute))
        petition.refresh_from_db()
        assert petition.signature_count == 5
        return petition, start

    return make


def invalidate_post(start, *, ip=IP, reason="Bir manzildan bir soatda uchta imzo.", expected=None) -> dict:
    data = {
        "action": "invalidate",
        "invalidate-ip": ip,
        "invalidate-signed_from": local(start),
        "invalidate-signed_until": local(start + timedelta(hours=1)),
        "invalidate-reason": reason,
    }
    if expected is not None:
        data.update({"invalidate-expected": str(expected), "confirm": "1"})
    return data


# --- The permission matrix ----------------------------------------------------------------------

STAFF = set(PEOPLE) - {"resident"}  # any staff role opens the petition screens
MAY = {
    "answer": {"responder", *MANAGERS},
    "extend": {"responder", *MANAGERS},
    "invalidate": MODERATES,
}


def _effect(action, petition) -> bool:
    petition.refresh_from_db()
    if action == "answer":
        return petition.status == S.ANSWERED
    if action == "extend":
        return petition.extended_at is not None
    return petition.signature_count == 2


@pytest.mark.parametrize("place", ["yangiqorgon", "zomin"])
@pytest.mark.parametrize("who", list(PEOPLE))
def test_permission_matrix_petition_screen(client, person, awaiting, collecting, who, place):
    threshold = awaiting(place)
    signing, start = collecting(place)
    posts = {  # extend before answer: an answered petition can no longer be extended
        "extend": (threshold, {"action": "extend", "extend-days": "10", "extend-reason": "Smeta kerak."}),
        "answer": (threshold, {"action": "answer", "answer-answer": "Yoʻl 2027-yil bahorida taʼmirlanadi."}),
        "invalidate": (signing, invalidate_post(start, expected=3)),
    }
    sees = expected_status(who, STAFF, place)
    client.force_login(person(who))
    not_found = sees == 404  # LocaleMiddleware retries a 404 under a language prefix
    for petition in (threshold, signing):
        assert client.get(petition_url(petition), follow=not_found).status_code == sees
    listing = client.get(PETITIONS)
    if listing.status_code == 200:
        assert (threshold.title in listing.content.decode()) is (sees == 200 and who in MAY["answer"])
    for action, (petition, data) in posts.items():
        allowed = sees == 200 and who in MAY[action]
        if sees == 200:
            page = client.get(petition_url(petition)).content.decode()
            assert (f'name="action" value="{action}"' in page) is allowed, action
        response = client.post(petition_url(petition), data, follow=not_found)
        if allowed:
            assert response.status_code == 302, action
        else:
            assert response.status_code == (403 if sees == 200 else sees), action
        assert _effect(action, petition) is allowed, action


@pytest.mark.parametrize("who", list(PEOPLE))
def test_permission_matrix_petition_rules(client, person, who):
    expected = expected_status(who, {"country_manager", "superuser"})  # managers of the whole country
    client.force_login(person(who))
    assert client.get(RULES).status_code == expected
    home = client.get("/admin/")
    if home.status_code == 200:
        assert (RULES in home.content.decode()) is (expected == 200)
    data = {
        "signatures_needed": "300",
        "collection_days": "60",
        "cosponsors_needed": "3",
        "verification_level": "10",
        "residents_only": "on",
    }
    response = client.post(f"{RULES}edit/district/", data)
    assert response.status_code == (302 if expected == 200 else expected)
    assert (PetitionRules.objects.get(level="district").signatures_needed == 300) is (expected == 200)


# --- Answer and extension -------------------------------------------------------------------


def test_a_responder_answers_through_the_admin(
    client, awaiting, people, mailoutbox, django_capture_on_commit_callbacks
):
    petition = awaiting()
    client.force_login(people.responder)
    empty = client.post(petition_url(petition), {"action": "answer", "answer-answer": "  "})
    assert empty.status_code == 200 and in_uz(svc.ANSWER_EMPTY) in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(petition_url(petition), {"action": "answer", "answer-answer": "Yoʻl bahorda tuziladi."})
    assert response.status_code == 302 and response["Location"] == petition_url(petition)
    petition.refresh_from_db()
    assert (petition.status, petition.answered_by, petition.answer) == (
        S.ANSWERED,
        people.responder,
        "Yoʻl bahorda tuziladi.",
    )
    assert petition.author.email in {address for email in mailoutbox for address in email.to}
    page = client.get(petition_url(petition)).content.decode()
    assert 'value="answer"' not in page and "Yoʻl bahorda tuziladi." in page
    assert in_uz("Answered the petition") in page  # the audit history
    # A second answer from a stale tab is refused: the petition no longer awaits one.
    assert client.post(petition_url(petition), {"action": "answer", "answer-answer": "Boshqa"}).status_code == 403
    petition.refresh_from_db()
    assert petition.answer == "Yoʻl bahorda tuziladi."


def test_extending_once_within_the_limit(client, awaiting, people, settings):
    settings.PETITION_EXTENSION_MAX_DAYS = 30
    petition = awaiting()
    due = petition.answer_due_at
    client.force_login(people.manager)
    url = petition_url(petition)
    too_long = client.post(url, {"action": "extend", "extend-days": "31", "extend-reason": "Sabab"})
    assert too_long.status_code == 200
    assert in_uz(svc.EXTENSION_DAYS_RANGE, limit=30) in too_long.content.decode()
    no_reason = client.post(url, {"action": "extend", "extend-days": "10", "extend-reason": ""})
    assert no_reason.status_code == 200
    petition.refresh_from_db()
    assert petition.extended_at is None
    extended = client.post(url, {"action": "extend", "extend-days": "30", "extend-reason": "Smeta kerak."})
    assert extended.status_code == 302
    petition.refresh_from_db()
    assert petition.answer_due_at == due + timedelta(days=30) and petition.extension_reason == "Smeta kerak."
    page = client.get(url).content.decode()
    assert 'value="extend"' not in page and "Smeta kerak." in page
    assert in_uz("Extended the answer date") in page
    again = client.post(url, {"action": "extend", "extend-days": "1", "extend-reason": "Yana"})
    assert again.status_code == 200 and in_uz(svc.ALREADY_EXTENDED) in again.content.decode()
    petition.refresh_from_db()
    assert petition.answer_due_at == due + timedelta(days=30)


def test_overdue_petitions_are_marked_in_text(client, awaiting, people):
    late = awaiting(now=timezone.now() - timedelta(days=20), title="Kechikkan javob")
    fresh = awaiting(title="Yangi javob")
    zomin = awaiting("zomin", title="Zomin javobi")
    days = overdue_days(late.answer_due_at, timezone.now())
    assert days and days >= 4
    with translation.override("uz"):
        text = translation.ngettext("Overdue by %(days)s day", "Overdue by %(days)s days", days) % {"days": days}
    client.force_login(people.responder)
    page = client.get(PETITIONS).content.decode()
    assert zomin.title not in page
    assert page.index(late.title) < page.index(fresh.title)  # due first, first listed
    assert text in page and page.count('class="petition-overdue"') == 1
    screen = client.get(petition_url(late)).content.decode()
    assert text in screen
    assert 'value="answer"' in screen and 'value="extend"' not in screen  # too late to extend


# --- Invalidating signatures ----------------------------------------------------------------


def test_invalidation_previews_then_invalidates_exactly_that_many(client, collecting, people):
    petition, start = collecting()
    client.force_login(people.moderator)
    url = petition_url(petition)
    preview = client.post(url, invalidate_post(start))
    assert preview.status_code == 200
    page = preview.content.decode()
    expected_count = svc.signatures_invalidation_preview(
        petition=petition, ip=IP, start=start, end=start + timedelta(hours=1)
    )
    assert expected_count == 3
    assert f'name="invalidate-expected" value="{expected_count}"' in page and 'name="confirm"' in page
    petition.refresh_from_db()
    assert petition.signature_count == 5 and not SignatureInvalidation.objects.exists()  # a preview changes nothing
    done = client.post(url, invalidate_post(start, expected=expected_count), follow=True)
    assert done.status_code == 200
    with translation.override("uz"):
        message = translation.ngettext(
            "%(count)d signature was invalidated.", "%(count)d signatures were invalidated.", 3
        ) % {"count": 3}
    assert message in done.content.decode()
    petition.refresh_from_db()
    assert petition.signature_count == 5 - expected_count
    invalidation = SignatureInvalidation.objects.get(petition=petition)
    assert invalidation.count == expected_count and invalidation.staff == people.moderator
    assert Signature.objects.filter(petition=petition, invalidation=invalidation).count() == expected_count
    entry = ModelLogEntry.objects.get(action="proposals.signatures_invalidated", object_id=str(petition.pk))
    assert entry.user == people.moderator and entry.data["count"] == 3 and entry.data["ip"] == IP
    assert PetitionEvent.objects.filter(petition=petition, kind=PetitionEvent.Kind.INVALIDATED).exists()
    screen = done.content.decode()
    assert in_uz("Invalidated signatures") in screen and in_uz(PetitionEvent.Kind.INVALIDATED.label) in screen


def test_invalidation_refuses_a_number_that_changed_since_the_preview(client, collecting, people, resident, tree):
    petition, start = collecting()
    client.force_login(people.manager)
    # One more signature from the address lands in the window after the preview said 3.
    svc.petition_sign(petition=petition, user=resident(mahalla=tree.navbahor), ip=IP, now=start + timedelta(minutes=20))
    response = client.post(petition_url(petition), invalidate_post(start, expected=3))
    assert response.status_code == 200
    page = response.content.decode()
    assert in_uz(COUNT_CHANGED) in page
    assert 'name="invalidate-expected" value="4"' in page
    petition.refresh_from_db()
    assert petition.signature_count == 6
    assert not SignatureInvalidation.objects.exists()
    assert not Signature.objects.filter(invalidation__isnull=False).exists()
    assert not ModelLogEntry.objects.filter(action="proposals.signatures_invalidated").exists()


def test_invalidation_input_errors_keep_the_form(client, collecting, people):
    petition, start = collecting()
    client.force_login(people.moderator)
    backwards = invalidate_post(start)
    backwards["invalidate-signed_until"] = local(start - timedelta(hours=1))
    response = client.post(petition_url(petition), backwards)
    assert response.status_code == 200 and in_uz(svc.INVALIDATE_WINDOW) in response.content.decode()
    nobody = client.post(petition_url(petition), invalidate_post(start, ip="192.0.2.1"))
    assert in_uz("No valid signatures match this criterion.") in nobody.content.decode()
    assert 'name="confirm"' not in nobody.content.decode()
    petition.refresh_from_db()
    assert petition.signature_count == 5


# --- Escaping and query budget ----------------------------------------------------------------


def test_user_text_is_escaped_on_the_petition_screens(client, awaiting, people):
    petition = awaiting(title=XSS_TITLE, text=XSS_TEXT)
    svc.petition_extend(petition=petition, staff=people.responder, days=3, reason=XSS_TEXT)
    client.force_login(people.manager)
    for url in (PETITIONS, PETITIONS + "?show=all", petition_url(petition)):
        page = client.get(url).content.decode()
        for raw in RAW_MARKUP:
            assert raw not in page, (url, raw)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url


def test_petition_list_query_count_stays_the_same(client, awaiting, people, django_assert_max_num_queries):
    def grow(total):
        while Petition.objects.count() < total:
            awaiting()

    client.force_login(people.responder)
    counts = list_query_counts(
        client, PETITIONS, link='href="/admin/petitions/', grow=grow, at_most=django_assert_max_num_queries
    )
    assert counts[0] == counts[1], counts


# --- Rules ------------------------------------------------------------------------------------


def test_country_managers_change_the_rules_with_an_audit_entry(client, make_staff, tree, awaiting):
    running = awaiting()
    manager = make_staff(StaffRoleKind.MANAGER, tree.country)
    client.force_login(manager)
    page = client.get(RULES).content.decode()
    for level in ("mahalla", "district", "city", "region"):
        assert f"{RULES}edit/{level}/" in page
    zero = {"signatures_needed": "0", "collection_days": "60", "cosponsors_needed": "3", "verification_level": "10"}
    assert client.post(f"{RULES}edit/district/", zero).status_code == 200
    assert PetitionRules.objects.get(level="district").signatures_needed == 1
    data = {**zero, "signatures_needed": "300", "residents_only": ""}
    assert client.post(f"{RULES}edit/district/", data).status_code == 302
    rules = PetitionRules.objects.get(level="district")
    assert (rules.signatures_needed, rules.collection_days, rules.residents_only) == (300, 60, False)
    entry = ModelLogEntry.objects.get(action="proposals.petition_rules_changed")
    assert entry.user == manager
    assert entry.data["before"]["signatures_needed"] == 1 and entry.data["after"]["signatures_needed"] == 300
    assert entry.data["before"]["residents_only"] is True and entry.data["after"]["residents_only"] is False
    history = client.get(f"{RULES}edit/district/").content.decode()
    assert in_uz("Changed the petition rules") in history and "300" in history
    running.refresh_from_db()
    assert running.signatures_needed == 1  # a running petition keeps its goal
    assert client.get(f"{RULES}edit/country/", follow=True).status_code == 404


def test_saving_a_level_that_only_had_the_default_creates_its_row(client, make_staff, tree):
    PetitionRules.objects.filter(level="city").delete()
    client.force_login(make_staff(StaffRoleKind.MANAGER, tree.country))
    assert "500" in client.get(f"{RULES}edit/city/").content.decode()  # the shipped default
    data = {"signatures_needed": "800", "collection_days": "90", "cosponsors_needed": "5", "verification_level": "10"}
    assert client.post(f"{RULES}edit/city/", data).status_code == 302
    assert PetitionRules.objects.get(level="city").signatures_needed == 800
    entry = ModelLogEntry.objects.get(action="proposals.petition_rules_changed")
    assert entry.data["before"]["signatures_needed"] == 500 and entry.data["after"]["signatures_needed"] == 800
