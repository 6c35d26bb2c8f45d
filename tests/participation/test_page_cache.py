"""The rendered pages anonymous readers share (participation.web.page_cache): served without
the view, fresh as soon as what they show changes, never mixed with a signed-in person's page
or a page carrying a flash message, and Redis down changes nothing but speed.

The test settings turn the cache off (tests change rows without committing); the ``page_cache``
fixture turns it on with fresh generations, so nothing kept by an earlier test is served.
"""

import gzip
import json
import time

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from wagtail.rich_text import RichText

from participation.web import page_cache
from proposals.petitions.services import lifecycle as petitions
from tests.fixtures.petitions import ROAD, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache_on():
    page_cache._local.forget()  # pages and primary keys of other tests
    with override_settings(PAGE_CACHE_SECONDS=60):
        page_cache._new_generations(page_cache.SCOPES)
        yield
    page_cache._local.forget()


def count_line(page: str) -> str:
    return next(line for line in page.splitlines() if "signatures" in line and " of " in line)


def test_a_kept_page_is_served_without_the_view_or_the_database(
    client, publish, page_cache_on, django_assert_num_queries
):
    petition = publish()
    first = client.get(url(petition, lang="uz"))
    assert first.status_code == 200 and first.context is not None
    with django_assert_num_queries(0):
        again = client.get(url(petition, lang="uz"))
    assert again.status_code == 200
    assert again.context is None  # no template was rendered: the view did not run
    assert again.content == first.content
    assert again["ETag"] == first["ETag"] and again["Cache-Control"] == first["Cache-Control"]
    assert again["Content-Language"] == "uz" and "Cookie" in again["Vary"]
    assert "Content-Security-Policy" in again  # the outer middlewares still apply


def test_a_kept_page_answers_304_to_its_validator(client, publish, page_cache_on):
    petition = publish()
    first = client.get(url(petition, lang="uz"))
    again = client.get(url(petition, lang="uz"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_a_kept_page_goes_out_gzipped_to_those_who_accept_it(client, publish, page_cache_on):
    petition = publish()
    plain = client.get(url(petition, lang="uz"))
    zipped = client.get(url(petition, lang="uz"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content) / 3


def test_each_language_and_query_has_its_own_copy(client, publish, page_cache_on):
    petition = publish()
    uzbek = client.get(url(petition, lang="uz")).content
    russian = client.get(url(petition, lang="ru")).content
    assert uzbek != russian and client.get(url(petition, lang="ru")).content == russian
    listed = client.get("/uz/petitions/").content
    assert client.get("/uz/petitions/?q=zzzz-nothing").content != listed


def test_a_signature_shows_at_once_on_the_petition_and_the_list(
    client, publish, resident, page_cache_on, django_capture_on_commit_callbacks
):
    petition = publish()
    before = client.get(url(petition, lang="en")).content.decode()
    listed_before = client.get("/en/petitions/").content.decode()
    assert "0 of 500 signatures" in before
    with django_capture_on_commit_callbacks(execute=True):
        petitions.petition_sign(petition=petition, user=resident())
    assert "1 of 500 signatures" in client.get(url(petition, lang="en")).content.decode()
    assert client.get("/en/petitions/").content.decode() != listed_before


def test_a_signature_leaves_the_budget_and_khokimiyat_pages_kept(
    client, pages, publish, resident, page_cache_on, django_capture_on_commit_callbacks, django_assert_num_queries
):
    petition = publish()
    khokimiyat = "/uz" + pages.yangiqorgon.url_path[len(pages.yangiqorgon.get_site().root_page.url_path) - 1 :]
    for path in ("/en/budget/", "/uz/", khokimiyat, "/uz/search/?q=yol"):
        client.get(path)
    with django_capture_on_commit_callbacks(execute=True):
        petitions.petition_sign(petition=petition, user=resident())
    with django_assert_num_queries(0):
        for path in ("/en/budget/", "/uz/", khokimiyat):
            assert client.get(path).context is None, path
    assert client.get("/uz/search/?q=yol").context is not None  # search lists petitions: rendered anew


def test_a_published_page_shows_at_once(client, pages, page_cache_on, django_capture_on_commit_callbacks):
    news = pages.yangiqorgon_news
    path = "/uz" + news.url_path[len(news.get_site().root_page.url_path) - 1 :]
    assert "Yangi sarlavha" not in client.get(path).content.decode()
    news.title = "Yangi sarlavha"
    news.body = [("paragraph", RichText("<p>Yangi matn</p>"))]
    with django_capture_on_commit_callbacks(execute=True):
        news.save_revision().publish()
    assert "Yangi sarlavha" in client.get(path).content.decode()


def test_a_change_made_by_another_process_shows_within_a_second(client, publish, page_cache_on, monkeypatch):
    """Each process re-reads the generations at most once a second; until then it serves the
    copy in its memory without asking Redis."""
    petition = publish()
    first = client.get(url(petition, lang="en"))
    cache.set(page_cache._generation_key("petitions"), "changed elsewhere")  # another process's pages_changed
    assert client.get(url(petition, lang="en")).context is None  # still this process's copy
    later = time.monotonic() + page_cache.GENERATIONS_MAX_AGE + 0.1
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: later)
    again = client.get(url(petition, lang="en"))
    assert again.context is not None and again.content == first.content  # rendered anew


def test_another_process_serves_the_copy_kept_in_redis(client, publish, page_cache_on, django_assert_num_queries):
    petition = publish()
    first = client.get(url(petition, lang="uz"))
    page_cache._local.forget()  # as a process that never served this page
    with django_assert_num_queries(0):
        again = client.get(url(petition, lang="uz"))
    assert again.context is None and again.content == first.content


def test_without_a_commit_nothing_is_invalidated(client, publish, resident, page_cache_on):
    """The generation moves only once the change is committed: a reader between the write
    and the commit would otherwise keep the old page under the new generation."""
    petition = publish()
    client.get(url(petition, lang="en"))
    petitions.petition_sign(petition=petition, user=resident())  # the test's transaction never commits
    assert "0 of 500 signatures" in client.get(url(petition, lang="en")).content.decode()


def test_a_signed_in_person_never_gets_the_kept_page_nor_leaves_theirs(client, publish, resident, page_cache_on):
    petition = publish()
    anonymous = Client().get(url(petition, lang="en")).content.decode()
    assert "Sign in to sign this petition" in anonymous
    person = resident()
    client.force_login(person)
    theirs = client.get(url(petition, lang="en"))
    assert "Sign this petition" in theirs.content.decode() and "Sign out" in theirs.content.decode()
    assert theirs.context is not None
    assert set(theirs["Cache-Control"].split(", ")) == {"private", "no-cache"}
    after = Client().get(url(petition, lang="en")).content.decode()
    assert "Sign out" not in after and 'name="csrfmiddlewaretoken"' not in after


def test_a_page_with_a_flash_message_is_neither_served_from_nor_kept(client, publish, page_cache_on):
    petition = publish()
    client.get(url(petition, lang="en"))  # kept
    carrier = HttpResponse()
    storage = CookieStorage(HttpRequest())
    storage.add(messages.INFO, "A message for one reader")
    storage.update(carrier)
    with_message = Client()
    with_message.cookies.update(carrier.cookies)
    shown = with_message.get(url(petition, lang="en"))
    assert "A message for one reader" in shown.content.decode()
    assert "public" not in shown.get("Cache-Control", "")
    assert "A message for one reader" not in Client().get(url(petition, lang="en")).content.decode()


def test_pages_are_rendered_when_redis_is_down(client, publish, request):
    petition = publish()
    request.getfixturevalue("redis_down")  # Redis dies now, after the petition was published
    page_cache._local.forget()
    with override_settings(PAGE_CACHE_SECONDS=60):
        assert client.get(url(petition, lang="uz")).status_code == 200
        again = client.get(url(petition, lang="uz"))
    assert again.status_code == 200 and again.context is not None and ROAD in again.content.decode()


def test_a_burst_of_signatures_renews_the_pages_at_once_and_again_a_second_later(
    client, publish, resident, page_cache_on, django_capture_on_commit_callbacks, monkeypatch
):
    """Readers re-read the generations once a second, so within a second a process renews a
    scope once: the first signature shows at once, those that follow it within the second show
    when its timer fires, and a hundred signatures cost two Redis writes, not a hundred."""
    timers = []

    class Timer:  # the timer fires when the test says so, not after a wall-clock second
        def __init__(self, interval, function):
            timers.append((interval, function))

        def start(self):
            pass

    monkeypatch.setattr(page_cache.threading, "Timer", Timer)
    renewals = []
    real_new_generations = page_cache._new_generations
    monkeypatch.setattr(
        page_cache, "_new_generations", lambda scopes: (renewals.append(tuple(scopes)), real_new_generations(scopes))
    )
    petition = publish()
    assert "0 of 500 signatures" in client.get(url(petition, lang="en")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        petitions.petition_sign(petition=petition, user=resident())
    assert "1 of 500 signatures" in client.get(url(petition, lang="en")).content.decode()
    for _second_and_third in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            petitions.petition_sign(petition=petition, user=resident())
    assert "1 of 500 signatures" in client.get(url(petition, lang="en")).content.decode()  # kept for now
    assert renewals == [("petitions",)] and [interval for interval, _f in timers] == [page_cache.GENERATIONS_MAX_AGE]

    timers[0][1]()  # a second later
    assert "3 of 500 signatures" in client.get(url(petition, lang="en")).content.decode()
    assert renewals == [("petitions",), ("petitions",)]


def test_a_process_that_ends_within_the_second_still_renews_what_it_changed():
    """A command that changes something twice and ends at once: the second change's renewal,
    waiting for its timer, is made on the way out, not lost with the process."""
    import subprocess
    import sys

    child = (
        "import django; django.setup()\n"
        "from participation.web import page_cache\n"
        "page_cache._new_generations = lambda scopes: print('renewed', *scopes, flush=True)\n"
        "page_cache._renew(('petitions',))\n"
        "page_cache._renew(('petitions',))\n"
    )
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.splitlines() == ["renewed petitions", "renewed petitions"], done.stderr


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_an_export_read_to_its_end_is_kept_and_served_whole_without_the_database(
    client, publish, page_cache_on, django_assert_num_queries
):
    publish()
    publish("Maktabga yangi sport zali", hours_ago=2)
    first = client.get("/uz/petitions/export.csv")
    assert first.streaming  # built row by row, in constant memory
    body = downloaded(first)
    with django_assert_num_queries(0):
        again = client.get("/uz/petitions/export.csv")
    assert downloaded(again) == body and body.count(b"\n") >= 3
    assert again["Content-Disposition"] == first["Content-Disposition"]
    assert again["Content-Type"] == first["Content-Type"]
    assert client.get("/uz/petitions/export.csv", HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304


def test_a_signature_drops_the_kept_export(
    client, publish, resident, page_cache_on, django_capture_on_commit_callbacks
):
    petition = publish()
    before = downloaded(client.get("/uz/petitions/export.json"))
    with django_capture_on_commit_callbacks(execute=True):
        petitions.petition_sign(petition=petition, user=resident())
    after = downloaded(client.get("/uz/petitions/export.json"))
    assert json.loads(before)["results"][0]["signatures"] == 0
    assert json.loads(after)["results"][0]["signatures"] == 1


def test_an_export_too_big_to_keep_is_built_each_time(client, publish, page_cache_on, monkeypatch):
    publish()
    monkeypatch.setattr(page_cache, "MAX_BYTES", 64)
    body = downloaded(client.get("/uz/petitions/export.csv"))
    again = client.get("/uz/petitions/export.csv")
    assert again.streaming and downloaded(again) == body


def test_an_abandoned_download_is_not_kept(client, publish, page_cache_on):
    for hours in range(1, 4):
        publish(f"Yoʻl taʼmiri {hours}", hours_ago=hours)
    first = client.get("/uz/petitions/export.csv")
    next(iter(first.streaming_content))  # the reader goes away after the first chunk
    assert client.get("/uz/petitions/export.csv").streaming


def test_a_process_keeps_at_most_its_byte_budget_of_pages(monkeypatch):
    page_cache._local.forget()
    monkeypatch.setattr(page_cache, "LOCAL_BYTES", 250)
    for name in "abc":
        page_cache._remember(name, {"body": b"x" * 100})
    assert list(page_cache._local.entries) == ["b", "c"] and page_cache._local.entry_bytes == 200
    page_cache._remember("c", {"body": b"y" * 10})  # replaced, not counted twice
    assert page_cache._local.entry_bytes == 110
    page_cache._local.forget()
