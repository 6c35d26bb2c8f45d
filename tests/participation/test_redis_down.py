"""Redis down (cache and broker on a dead port): no 500 anywhere a resident or staff goes.

Reading works from the database; what needs a counter (rate limits, allauth's sign-in limits)
is refused with a clear message in the reader's language and saves nothing; what was saved
stays saved and its e-mails go out later, once (tests of each feature's e-mails:
test_outbox_mail.py)."""

import pytest
from django.utils import timezone, translation
from django.utils.html import escape

from participation import ratelimit
from participation.exceptions import ServiceError
from participation.middleware import RETRY_AFTER
from proposals.budgeting.models import Ballot, Participation
from proposals.petitions.models import Signature
from tests.fixtures.petitions import url

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_pages_are_served_from_the_database(client, pages, redis_down):
    for path in ["/uz/", "/ru/", "/en/petitions/"]:
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize(("lang", "html_lang"), [("uz", "uz-Latn"), ("ru", "ru"), ("en", "en")])
def test_signing_in_is_refused_with_a_translated_503_and_retry_after(client, people, redis_down, lang, html_lang):
    resident = people.resident
    response = client.post(f"/{lang}/accounts/login/", {"login": resident.email, "password": "whatever-it-is"})
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER)
    page = response.content.decode()
    with translation.override(lang):
        assert escape(translation.gettext("The service is briefly unavailable")) in page
        nothing_saved = translation.gettext(
            "What you just sent was not saved. Please go back and send it again in a minute or two; "
            "anything you saved earlier is safe."
        )
        assert escape(nothing_saved) in page
    assert f'<html lang="{html_lang}">' in page
    assert "_auth_user_id" not in client.session


def test_the_sign_in_page_and_the_admin_open(client, people, redis_down):
    assert client.get("/uz/accounts/login/").status_code == 200
    assert client.get("/admin/login/", follow=True).status_code == 200  # to the one sign-in page
    client.force_login(people.manager)
    assert client.get("/admin/").status_code == 200


def test_signing_a_petition_says_why_and_saves_nothing(client, publish, resident, request):
    petition = publish()
    client.force_login(resident())
    request.getfixturevalue("redis_down")  # Redis dies now, after the petition was published
    response = client.post(url(petition, "sign/"), follow=True)
    assert response.status_code == 200
    assert messages_of(response) == [str(ratelimit.UNAVAILABLE)]
    assert not Signature.objects.exists()
    petition.refresh_from_db()
    assert petition.signature_count == 0


def test_voting_says_why_keeps_the_choices_and_records_nothing(client, make_cycle, make_project, resident, request):
    cycle = make_cycle("voting", at=timezone.now())
    projects = [make_project(cycle, title=f"Loyiha {n}", cost=300_000_000) for n in range(2)]
    client.force_login(resident())
    request.getfixturevalue("redis_down")
    chosen = [project.pk for project in projects]
    response = client.post(f"/en/budget/{cycle.pk}/vote/", {"project": chosen, "action": "cast"})
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(str(ratelimit.UNAVAILABLE)) in page
    for pk in chosen:
        assert f'value="{pk}" data-cost="300000000" checked' in page
    assert not Participation.objects.exists() and not Ballot.objects.exists()


def test_a_rate_limit_that_cannot_count_refuses_without_blaming_the_person(cache_down, people):
    with pytest.raises(ServiceError) as refused:
        ratelimit.rate_limit("comment", user=people.resident, ip="203.0.113.7")
    assert isinstance(refused.value, ratelimit.RateLimitUnavailable)
    assert str(refused.value.message) == str(ratelimit.UNAVAILABLE) != str(ratelimit.TOO_MANY)


def test_the_cache_misses_when_redis_is_down_but_never_invents_a_count(cache_down):
    from participation.cache import CacheUnavailable

    assert cache_down.get("site-root-paths", "miss") == "miss"
    assert cache_down.get_many(["a", "b"]) == {}
    cache_down.set("site-root-paths", ["/"])  # nothing kept, nothing raised
    cache_down.delete("site-root-paths")
    assert cache_down.get_or_set("menu", lambda: ["home"]) == ["home"]  # computed, as for any miss
    with pytest.raises(CacheUnavailable):
        cache_down.add("lock", True)
    with pytest.raises(CacheUnavailable):
        cache_down.incr("counter")
    with pytest.raises(CacheUnavailable):
        cache_down.count_until("counter", expires_at=2_000_000_000)
