"""Public petition pages: list, detail, drafting, co-sponsoring, signing, reporting, appealing."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from participation.models import Flag, ModerationItem, ModerationKind, ReasonCode
from participation.moderation import services as moderation_services
from proposals.petitions.models import Cosponsor, Petition, PetitionRules, Signature
from proposals.petitions.models import PetitionStatus as S
from proposals.petitions.services import lifecycle as svc
from proposals.petitions.views import ALREADY_SIGNED, SIGNED
from tests.fixtures.browser import SMALL_PHONE, assert_accessible, assert_fits_small_phone
from tests.fixtures.petitions import ROAD, sign, url


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- the list -------------------------------------------------------------------------------


TITLES = {"road": ROAD, "school": "Istiqlol maktabiga avtobus", "zomin": "Zomin bozoriga suv"}


def shown(page: str) -> list[str]:
    """Keys of the listed petitions, in the order shown."""
    positions = sorted((page.index(title), key) for key, title in TITLES.items() if title in page)
    return [key for _position, key in positions]


def test_list_shows_published_petitions_with_progress_and_days_left(client, listed):
    page = page_of(client.get("/en/petitions/"))
    assert set(shown(page)) == {"road", "school", "zomin"}
    assert "Hali qoralama petitsiya" not in page and "Moderatsiyadagi petitsiya" not in page
    assert "2 of 50 signatures" in page and "1 of 500 signatures" in page  # a mahalla needs fewer
    assert "Istiqlol" in page and "Zomin tumani" in page
    assert "90 days left" in page or "89 days left" in page
    assert '<progress max="50" value="2"' in page


def test_a_petition_past_its_threshold_fills_its_bar_and_keeps_its_count(client, listed):
    """HTML refuses a ``<progress>`` value above its ``max`` (the Nu HTML Checker flagged every
    petition past its threshold): the bar stops full, the words keep the real count."""
    Petition.objects.filter(pk=listed["school"].pk).update(signatures_needed=1)
    for page in (page_of(client.get("/en/petitions/")), page_of(client.get(url(listed["school"])))):
        assert '<progress max="1" value="1"' in page
        assert "2 of 1 signature" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("territory={yangiqorgon}", {"road", "school"}),  # the district and its mahallas
        # Mahallas are not offered in the list's filter (there are ~9,400); their district is.
        ("territory={istiqlol}", {"road", "school", "zomin"}),
        ("territory={namangan}", {"road", "school"}),
        ("territory={zomin}", {"zomin"}),
        ("status=collecting", {"road", "school", "zomin"}),
        ("status=answered", set()),
        ("tag=maktab", {"school"}),
        ("q=avtobus", {"school"}),
        ("q=yo%27l", {"road"}),  # an ASCII apostrophe finds "yoʻl"
        ("q=%D0%B9%D1%9E%D0%BB", {"road"}),  # Cyrillic "йўл" finds Latin "yoʻl"
        ("q=%D0%97%D0%BE%D0%BC%D0%B8%D0%BD", {"zomin"}),  # "Зомин"
        # A hand-typed URL with bad values loses those filters, never the page.
        ("territory=999999&status=nonsense&tag=nope&sort=%3Cscript%3E", {"road", "school", "zomin"}),
        ("territory=abc&q=avtobus", {"school"}),
    ],
)
def test_list_filters(client, listed, tree, query, expected):
    query = query.format(**{name: getattr(tree, name).pk for name in ("yangiqorgon", "istiqlol", "namangan", "zomin")})
    page = page_of(client.get(f"/en/petitions/?{query}"))
    assert set(shown(page)) == expected
    assert "<script>" not in page


def test_list_filter_keeps_the_choices_and_lists_topics(client, listed, tree):
    page = page_of(client.get(f"/en/petitions/?territory={tree.yangiqorgon.pk}&sort=most_signed&q=yo%CA%BBl"))
    assert f'<option value="{tree.yangiqorgon.pk}" selected>' in page
    assert '<option value="most_signed" selected>' in page
    assert 'value="yoʻl"' in page
    assert '<option value="maktab">maktab</option>' in page and '<option value="suv">suv</option>' in page


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["zomin", "school", "road"]),  # newest first
        ("newest", ["zomin", "school", "road"]),
        ("most_signed", ["school", "road", "zomin"]),
        ("closing_soon", ["road", "school", "zomin"]),
    ],
)
def test_list_sorts(client, listed, sort, expected):
    assert shown(page_of(client.get(f"/en/petitions/?sort={sort}"))) == expected


def test_closing_soon_leaves_out_petitions_no_longer_collecting(client, listed):
    Petition.objects.filter(pk=listed["road"].pk).update(status=S.CLOSED)
    assert shown(page_of(client.get("/en/petitions/?sort=closing_soon"))) == ["school", "zomin"]
    assert "road" in shown(page_of(client.get("/en/petitions/?status=closed")))


def test_list_paginates_by_twenty(client, publish, no_cosponsors):
    for index in range(21):
        publish(f"Petitsiya raqami {index:02d}", hours_ago=index + 1)
    first = page_of(client.get("/en/petitions/"))
    second = page_of(client.get("/en/petitions/?page=2"))
    assert "Petitsiya raqami 00" in first and "Petitsiya raqami 19" in first and "Petitsiya raqami 20" not in first
    assert "Petitsiya raqami 20" in second and "Petitsiya raqami 00" not in second
    assert 'rel="next"' in first and "21 petitions" in first
    assert client.get("/en/petitions/?page=999").status_code == 200


def test_list_query_count_stays_the_same_as_petitions_grow(
    client, publish, resident, no_cosponsors, django_assert_max_num_queries
):
    client.force_login(resident())
    counts = []
    for total in (3, 30):
        while Petition.objects.count() < total:
            index = Petition.objects.count()
            sign(publish(f"Petitsiya {index}", tags=[f"mavzu{index % 4}", "umumiy"]), resident())
        with django_assert_max_num_queries(9), CaptureQueriesContext(connection) as queries:
            response = client.get("/en/petitions/?sort=most_signed")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- the detail -----------------------------------------------------------------------------


def test_detail_shows_where_the_petition_stands(client, publish, resident, tree):
    petition = sign(publish(tags=["yoʻllar", "bolalar"]), resident(), resident(), resident(tree.istiqlol))
    page = page_of(client.get(url(petition)))
    assert page.count("<h1") == 1 and ROAD in page
    assert "Yangiqoʻrgʻon tumani" in page and "Collecting signatures" in page
    assert "3 of 500 signatures" in page and "days left" in page
    assert "yoʻllar" in page and "bolalar" in page
    assert "<p>Navbahor mahallasidagi asosiy yoʻl" in page
    assert "Sign in to sign this petition" in page
    timeline = page[page.index('id="timeline-title"') :]
    assert "Gathering co-sponsors" in timeline and "In moderation" in timeline and "Collecting signatures" in timeline
    assert f"http://testserver/en/petitions/{petition.pk}/" in page  # the share link


def test_detail_shows_answer_due_date_overdue_extension_and_answer(client, publish, resident, people):
    PetitionRules.objects.filter(level="district").update(signatures_needed=2)
    petition = sign(publish(), resident(), resident())
    assert petition.status == S.THRESHOLD_REACHED
    page = page_of(client.get(url(petition)))
    assert "Threshold reached, awaiting answer" in page and "Answer due by" in page and "Overdue" not in page
    svc.petition_extend(petition=petition, staff=people.responder, days=10, reason="Loyiha smetasi kutilmoqda.")
    page = page_of(client.get(url(petition)))
    assert "The answer date was extended" in page and "Loyiha smetasi kutilmoqda." in page
    Petition.objects.filter(pk=petition.pk).update(answer_due_at=timezone.now() - timedelta(days=1))
    page = page_of(client.get(url(petition)))
    assert "Overdue" in page and "has not answered in time" in page
    assert "Answer overdue" in page_of(client.get("/en/petitions/"))  # the list marks it too
    petition.refresh_from_db()
    svc.petition_answer(petition=petition, responder=people.responder, answer="Yoʻl aprelda taʼmirlanadi.")
    page = page_of(client.get(url(petition)))
    assert "Official answer" in page and "Yoʻl aprelda taʼmirlanadi." in page
    assert "Yangiqoʻrgʻon tumani hokimligi" in page and "Overdue" not in page
    assert "Signature collection has ended." in page and "Sign this petition" not in page


def test_signatures_by_mahalla_table_and_chart_count_but_never_name_signers(client, publish, resident, tree):
    # Navbahor 9, Istiqlol 1 ("< 5"), 6 living in the district itself ("hidden" beside it).
    signers = (
        [resident() for _ in range(9)] + [resident(tree.istiqlol)] + [resident(tree.yangiqorgon) for _ in range(6)]
    )
    petition = sign(publish(), *signers)
    page = page_of(client.get(url(petition)))
    table = page[page.index('id="mahallas-title"') : page.index("</table>")]
    assert re.search(r'<th scope="row">Navbahor</th><td>9</td>', table)
    assert re.search(r'<th scope="row">mahalla not given</th><td>hidden</td>', table)
    assert re.search(r'<th scope="row">Istiqlol</th><td>&lt; 5</td>', table)
    assert "<caption>" in table and 'role="img"' in table
    assert "Navbahor 9; mahalla not given hidden; Istiqlol &lt; 5" in table
    for person in signers:
        assert person.full_name not in page and person.email not in page


def test_the_chart_is_also_served_alone_as_svg(client, publish, resident, tree):
    petition = sign(publish(), *(resident() for _ in range(5)), *(resident(tree.istiqlol) for _ in range(5)))
    response = client.get(url(petition, "signatures.svg"))
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.startswith("<svg") and "<title" in svg and ">Navbahor</text>" in svg and ">Istiqlol</text>" in svg


@pytest.mark.parametrize("status", [S.DRAFT, S.GATHERING, S.MODERATION, S.REJECTED])
def test_unpublished_petitions_are_only_for_author_cosponsors_and_staff(
    client, make_petition, resident, people, status
):
    author = resident()
    petition = make_petition(status, author=author)
    for suffix in ("", "signatures.svg", "export.csv", "export.json"):
        assert client.get(url(petition, suffix)).status_code == 404
    client.force_login(resident())
    assert client.get(url(petition)).status_code == 404
    client.force_login(author)
    assert ROAD in page_of(client.get(url(petition)))
    client.force_login(people.moderator)  # a draft is its author's alone
    assert client.get(url(petition)).status_code == (404 if status == S.DRAFT else 200)
    client.force_login(people.zomin_moderator)
    assert client.get(url(petition)).status_code == 404
    cosponsor = Cosponsor.objects.filter(petition=petition).first()
    if cosponsor is not None:  # once they joined, co-sponsors follow the petition
        client.force_login(cosponsor.user)
        assert client.get(url(petition)).status_code == 200


def test_the_detail_query_count_stays_the_same_as_signatures_grow(
    client, publish, resident, tree, django_assert_max_num_queries
):
    petition = publish()
    reader = resident()
    client.force_login(reader)
    mahallas = [tree.navbahor, tree.istiqlol]
    counts = []
    for total in (3, 30):
        while petition.signature_count < total:
            sign(petition, resident(mahallas[petition.signature_count % 2]))
        # 12 with the query for the published comments.
        with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as queries:
            response = client.get(url(petition))
        assert response.status_code == 200 and f"{total} of 500 signatures" in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- drafting -------------------------------------------------------------------------------


def form_data(**fields):
    data = {
        "territory": "",
        "title": "Istiqlol koʻchasiga chiroq",
        "text": "Istiqlol koʻchasida kechasi chiroq yoʻq, odamlar qorongʻida yuradi.",
        "topics": "yoritish, xavfsizlik",
    }
    data.update(fields)
    return data


def test_anonymous_visitors_are_sent_to_sign_in_to_start_a_petition(client):
    response = client.get("/uz/petitions/new/")
    assert response.status_code == 302 and response["Location"] == "/uz/accounts/login/?next=/uz/petitions/new/"
    assert client.get("/uz/petitions/mine/")["Location"].startswith("/uz/accounts/login/")


def test_a_resident_drafts_a_petition_addressed_by_default_to_their_district(client, resident, tree, publish):
    similar = publish(
        "Istiqlol koʻchasidagi chiroqlar",
        text="Istiqlol koʻchasida kechasi chiroq yoʻq, chiroqlar oʻrnatilsin, xavfsizlik uchun.",
    )
    author = resident(tree.istiqlol)
    client.force_login(author)
    form = page_of(client.get("/en/petitions/new/"))
    assert f'<option value="{tree.yangiqorgon.pk}" selected>' in form
    assert "At most 150 characters" in form and "From 30 to 5000 characters" in form
    response = client.post("/en/petitions/new/", form_data(territory=tree.yangiqorgon.pk))
    petition = Petition.objects.get(author=author)
    assert response.status_code == 302 and response["Location"] == f"/en/petitions/{petition.pk}/"
    assert (petition.status, petition.territory, sorted(petition.tags.names())) == (
        S.DRAFT,
        tree.yangiqorgon,
        ["xavfsizlik", "yoritish"],
    )
    page = page_of(client.get(response["Location"]))
    assert "This is your draft" in page and "Similar petitions already exist" in page
    assert similar.title in page
    assert "Invite co-sponsors" in page and url(petition, "edit/") in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        # Messages with numbers are built in the test, in the page's language.
        ({"title": ""}, lambda: svc.TITLE_EMPTY),
        ({"text": "  "}, lambda: svc.TEXT_EMPTY),
        ({"text": "Qisqa matn."}, lambda: svc.TEXT_TOO_SHORT % {"limit": svc.TEXT_MIN}),
        ({"title": "S" * 151}, lambda: svc.TITLE_TOO_LONG % {"length": 151, "limit": 150}),
        ({"topics": "a, b, c, d, e, f"}, lambda: svc.TOO_MANY_TAGS % {"limit": 5}),
        ({"territory": "999999"}, lambda: svc.TERRITORY_NOT_ADDRESSABLE),
    ],
)
def test_bad_input_is_explained_kept_and_nothing_is_saved(client, resident, tree, fields, message):
    client.force_login(resident())
    data = form_data(**{"territory": tree.yangiqorgon.pk, **fields})
    page = page_of(client.post("/en/petitions/new/", data))
    with translation.override("en"):
        assert str(message()).replace("'", "&#x27;") in page
    for name in ("title", "text"):
        if data[name].strip():
            assert data[name] in page  # what was typed is still there
    assert not Petition.objects.exists()


def test_an_oversized_text_is_kept_whole_with_its_length(client, resident, tree):
    client.force_login(resident())
    text = "Koʻchada chiroq yoʻq. " * 240  # 5 280 characters
    page = page_of(client.post("/en/petitions/new/", form_data(territory=tree.yangiqorgon.pk, text=text)))
    assert f"The text is {len(text.strip())} characters long; at most 5000 are allowed" in page
    assert text.strip() in page and "maxlength" not in page.split('name="text"')[0].rsplit("<textarea", 1)[-1]
    assert not Petition.objects.exists()


def test_the_author_edits_the_draft_until_co_sponsors_are_invited(client, make_petition, resident):
    author = resident()
    petition = make_petition(S.DRAFT, author=author)
    client.force_login(resident())
    assert client.get(url(petition, "edit/")).status_code == 404
    client.force_login(author)
    form = page_of(client.get(url(petition, "edit/")))
    assert ROAD in form and "yoʻllar" in form and 'name="territory"' not in form
    response = client.post(url(petition, "edit/"), form_data(title="Yangi sarlavha", topics="yoʻllar, suv"))
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.title == "Yangi sarlavha" and sorted(petition.tags.names()) == ["suv", "yoʻllar"]
    assert client.get(url(petition, "invite/")).status_code == 405
    response = client.post(url(petition, "invite/"))
    petition.refresh_from_db()
    assert response.status_code == 302 and petition.status == S.GATHERING
    page = page_of(client.get(url(petition)))
    assert f"/en/petitions/{petition.pk}/cosponsor/{petition.invite_token}/" in page
    assert "Co-sponsors: 0 of 5." in page and "Edit the draft" not in page
    response = client.get(url(petition, "edit/"), follow=True)
    assert "This cannot be done now" in page_of(response)


def test_my_petitions_lists_every_state(client, make_petition, resident, moderator):
    author = resident()
    for status in (S.DRAFT, S.GATHERING, S.COLLECTING, S.REJECTED):
        make_petition(status, author=author, title=f"Mening petitsiyam: {status}", moderator=moderator)
    make_petition(S.COLLECTING, title="Boshqa odamning petitsiyasi", moderator=moderator)
    client.force_login(author)
    page = page_of(client.get("/en/petitions/mine/"))
    for status in ("draft", "gathering", "collecting", "rejected"):
        assert f"Mening petitsiyam: {status}" in page
    assert "Boshqa odamning petitsiyasi" not in page
    assert "Draft" in page and "Rejected" in page


def test_the_author_withdraws(client, publish, resident):
    author = resident()
    petition = publish(author=author)
    client.force_login(resident())
    assert client.post(url(petition, "withdraw/")).status_code == 302
    petition.refresh_from_db()
    assert petition.status == S.COLLECTING  # only the author can
    client.force_login(author)
    assert "Withdraw the petition" in page_of(client.get(url(petition)))
    client.post(url(petition, "withdraw/"), {"withdraw-reason": "Muammo hal boʻldi."})
    petition.refresh_from_db()
    assert petition.status == S.WITHDRAWN
    page = page_of(client.get(url(petition)))
    assert "The author withdrew this petition." in page and "Muammo hal boʻldi." in page


# --- co-sponsoring --------------------------------------------------------------------------


def test_co_sponsors_join_through_the_invitation_link(client, make_petition, resident):
    petition = make_petition(S.GATHERING)
    link = url(petition, f"cosponsor/{petition.invite_token}/")
    page = page_of(client.get(link))
    assert ROAD in page and "Sign in to co-sponsor" in page and "0 of 5" in page
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == f"/en/accounts/login/?next={link}"
    for number in range(1, 6):
        client.force_login(resident())
        assert 'type="submit"' in page_of(client.get(link))
        response = client.post(link, follow=True)
        assert Cosponsor.objects.filter(petition=petition).count() == number
    assert response.redirect_chain[-1][0] == url(petition)
    assert "went to the moderators" in " ".join(messages_of(response))
    petition.refresh_from_db()
    assert petition.status == S.MODERATION
    assert "no longer gathers co-sponsors" in page_of(client.get(link))


def test_a_wrong_invitation_token_is_refused(client, make_petition, resident):
    petition = make_petition(S.GATHERING)
    client.force_login(resident())
    for token in ("wrong-token", petition.invite_token[:-1]):
        response = client.post(url(petition, f"cosponsor/{token}/"))
        assert response.status_code == 404 and "invitation link is not valid" in response.content.decode()
        assert ROAD not in response.content.decode()
    assert not Cosponsor.objects.exists()


def test_the_author_cannot_co_sponsor_and_is_told_why(client, make_petition, resident):
    author = resident()
    petition = make_petition(S.GATHERING, author=author)
    client.force_login(author)
    response = client.post(url(petition, f"cosponsor/{petition.invite_token}/"), follow=True)
    assert str(svc.AUTHOR_CANNOT_COSPONSOR) in messages_of(response)
    assert not Cosponsor.objects.exists()


# --- signing --------------------------------------------------------------------------------


def test_signing_twice_counts_once_and_never_shows_an_error(client, publish, resident):
    petition = publish()
    signer = resident()
    client.force_login(signer)
    first = client.post(url(petition, "sign/", "uz"))
    second = client.post(url(petition, "sign/", "uz"))
    for response in (first, second):
        assert response.status_code in (302, 303) and response["Location"] == url(petition, lang="uz")
    assert Signature.objects.filter(petition=petition).count() == 1
    petition.refresh_from_db()
    assert petition.signature_count == 1
    response = client.post(url(petition, "sign/"), follow=True)
    assert response.status_code == 200
    # Messages are stored in the language of the page that added them.
    with translation.override("uz"):
        in_uzbek = [str(SIGNED), str(ALREADY_SIGNED)]
    assert messages_of(response) == [*in_uzbek, str(ALREADY_SIGNED)]
    page = response.content.decode()
    assert "You signed on" in page and "Withdraw my signature" in page and "1 of 500 signatures" in page


def test_first_signature_is_thanked_and_anonymous_signers_sign_in_first(client, publish, resident):
    petition = publish()
    response = client.post(url(petition, "sign/"))
    assert response["Location"] == f"/en/accounts/login/?next=/en/petitions/{petition.pk}/"
    assert client.get(url(petition, "sign/")).status_code == 405
    client.force_login(resident())
    response = client.post(url(petition, "sign/"), follow=True)
    assert messages_of(response) == [str(SIGNED)]


def test_withdrawing_and_renewing_a_signature(client, publish, resident):
    petition = publish()
    signer = resident()
    client.force_login(signer)
    client.post(url(petition, "sign/"))
    assert client.get(url(petition, "unsign/")).status_code == 405
    response = client.post(url(petition, "unsign/"), follow=True)
    assert "Your signature is withdrawn." in messages_of(response)
    petition.refresh_from_db()
    assert petition.signature_count == 0 and Signature.objects.get().withdrawn_at is not None
    assert "Sign this petition" in response.content.decode()
    response = client.post(url(petition, "unsign/"), follow=True)
    assert str(svc.NOT_SIGNED) in messages_of(response)
    response = client.post(url(petition, "sign/"), follow=True)
    assert messages_of(response) == [str(SIGNED)]
    petition.refresh_from_db()
    assert petition.signature_count == 1 and Signature.objects.count() == 1


def test_people_who_may_not_sign_see_why_instead_of_the_button(client, publish, resident, tree):
    petition = publish()
    outsider = resident(tree.duoba)
    client.force_login(outsider)
    page = page_of(client.get(url(petition)))
    assert "Only residents of Yangiqoʻrgʻon tumani can support this petition" in page
    assert "Sign this petition" not in page
    response = client.post(url(petition, "sign/"), follow=True)
    assert any("Only residents of" in message for message in messages_of(response))
    assert not Signature.objects.exists()


def test_signing_after_the_window_closed_is_refused_with_a_message(client, publish, resident):
    petition = publish()
    Petition.objects.filter(pk=petition.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    client.force_login(resident())
    page = page_of(client.get(url(petition)))
    assert "Sign this petition" not in page
    response = client.post(url(petition, "sign/"), follow=True)
    assert str(svc.COLLECTION_ENDED) in messages_of(response) and not Signature.objects.exists()


# --- reporting and appealing ----------------------------------------------------------------


def test_signed_in_readers_report_a_published_petition(client, publish, resident):
    author = resident()
    petition = publish(author=author)
    assert 'name="flag-reason"' not in page_of(client.get(url(petition)))
    client.force_login(author)
    assert 'name="flag-reason"' not in page_of(client.get(url(petition)))
    reader = resident()
    client.force_login(reader)
    assert 'name="flag-reason"' in page_of(client.get(url(petition)))
    page = page_of(client.post(url(petition, "flag/"), {"flag-text": "Bu reklama."}))
    assert str(moderation_services.REASON_UNKNOWN) in page and "Bu reklama." in page
    assert '<details class="petition-flag" open>' in page and not Flag.objects.exists()
    spam = ReasonCode.objects.get(code="commercial-spam")
    response = client.post(url(petition, "flag/"), {"flag-reason": spam.pk, "flag-text": "Bu reklama."}, follow=True)
    assert "The moderators will look at it" in " ".join(messages_of(response))
    flag = Flag.objects.get()
    assert (flag.user, flag.reason, flag.text) == (reader, spam, "Bu reklama.")
    response = client.post(url(petition, "flag/"), {"flag-reason": spam.pk}, follow=True)
    assert str(moderation_services.FLAG_ALREADY) in messages_of(response) and Flag.objects.count() == 1
    not_for_flags = ReasonCode.objects.get(code="not-competence")
    page = page_of(client.post(url(petition, "flag/"), {"flag-reason": not_for_flags.pk}))
    assert str(moderation_services.REASON_UNKNOWN) in page


def test_the_author_sees_the_rejection_and_appeals_once(client, make_petition, resident, people):
    author = resident()
    petition = make_petition(S.REJECTED, author=author, moderator=people.moderator)
    client.force_login(author)
    page = page_of(client.get(url(petition)))
    assert "This petition was rejected" in page and "Duplicate: the same request already exists" in page
    assert "Bunday petitsiya bor." in page and 'name="appeal-text"' in page
    page = page_of(client.post(url(petition, "appeal/"), {"appeal-text": " "}))
    assert str(moderation_services.APPEAL_TEXT_REQUIRED) in page
    too_long = "Bu takroriy emas. " * 120
    page = page_of(client.post(url(petition, "appeal/"), {"appeal-text": too_long}))
    assert "The appeal is too long: at most 2000 characters." in page and too_long.strip() in page
    appeal_text = "Boshqa petitsiya boshqa koʻcha haqida."
    response = client.post(url(petition, "appeal/"), {"appeal-text": appeal_text}, follow=True)
    assert "Your appeal is sent" in " ".join(messages_of(response))
    petition.refresh_from_db()
    assert petition.status == S.MODERATION
    appeal = ModerationItem.objects.get(kind=ModerationKind.APPEAL)
    assert appeal.appeal_text == appeal_text
    assert 'name="appeal-text"' not in response.content.decode()
    # The appeal is rejected too: final, no second appeal.
    moderation_services.moderation_decide(
        item=appeal,
        moderator=people.moderator2,
        outcome="reject",
        reason=ReasonCode.objects.get(code="duplicate"),
        explanation="Baribir takroriy.",
    )
    page = page_of(client.get(url(petition)))
    assert "Baribir takroriy." in page and 'name="appeal-text"' not in page
    response = client.post(url(petition, "appeal/"), {"appeal-text": "Yana bir bor."}, follow=True)
    assert messages_of(response) and ModerationItem.objects.filter(kind=ModerationKind.APPEAL).count() == 1


def test_only_the_author_may_appeal(client, make_petition, resident, people):
    petition = make_petition(S.REJECTED, moderator=people.moderator)
    client.force_login(people.manager)
    page = page_of(client.get(url(petition)))
    assert 'name="appeal-text"' not in page
    response = client.post(url(petition, "appeal/"), {"appeal-text": "Men ham."}, follow=True)
    assert str(moderation_services.APPEAL_NOT_AUTHOR) in messages_of(response)
    assert not ModerationItem.objects.filter(kind=ModerationKind.APPEAL).exists()


def test_the_header_links_to_petitions(client, tree):
    page = page_of(client.get("/uz/petitions/"))
    assert '<a href="/uz/petitions/">' in page[: page.index("</header>")]


# --- in a real browser ----------------------------------------------------------------------


def _sign_in(page, base, person):
    page.goto(f"{base}/uz/accounts/login/")
    page.locator("input[name=login]").fill(person.email)
    page.locator("input[name=password]").fill("correct-horse-battery")  # the factory's password
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda address: "/accounts/login/" not in address)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_petition_pages_pass_axe_on_a_small_phone(live_server, page, make_petition, resident, people):
    # A transactional test starts from an empty database: the shipped reasons are gone.
    ReasonCode.objects.get_or_create(code="commercial-spam", defaults={"label_uz": "Reklama", "for_flags": True})
    petition = sign(make_petition(S.COLLECTING, moderator=people.moderator, now=timezone.now()), resident())
    draft_author = resident()
    draft = make_petition(S.DRAFT, author=draft_author, title="Navbahor yoʻlini taʼmirlash kerak boʻladi")
    gathering = make_petition(S.GATHERING)
    base = live_server.url

    def visit(address):
        page.goto(base + address)
        assert_fits_small_phone(page)
        assert_accessible(page)

    visit("/uz/petitions/")
    visit(f"/uz/petitions/{petition.pk}/")
    visit(f"/uz/petitions/{gathering.pk}/cosponsor/{gathering.invite_token}/")
    _sign_in(page, base, resident())
    visit(f"/uz/petitions/{petition.pk}/")
    page.locator("button.petition-sign").click()
    assert page.locator(".message").count() == 1 and page.locator("h1").inner_text() == petition.title
    assert_accessible(page)
    page.locator(".petition-flag summary").click()
    assert_accessible(page)  # the opened report form
    visit("/uz/petitions/new/")
    page.locator("main form button[type=submit]").click()  # nothing filled in: the server says what is missing
    assert page.locator(".errorlist").count() >= 1
    assert_fits_small_phone(page)
    assert_accessible(page)
    page.context.clear_cookies()
    _sign_in(page, base, draft_author)
    visit(f"/uz/petitions/{draft.pk}/")  # the draft with similar petitions and the author's tools
    visit("/uz/petitions/mine/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_signing_works_without_javascript(live_server, browser, make_petition, resident, people):
    petition = make_petition(S.COLLECTING, moderator=people.moderator, now=timezone.now())
    signer = resident()
    context = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/uz/petitions/{petition.pk}/")
    page.locator("a.petition-sign").click()  # anonymous: a link to the sign-in form and back
    page.locator("input[name=login]").fill(signer.email)
    page.locator("input[name=password]").fill("correct-horse-battery")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/uz/petitions/{petition.pk}/")
    other_tab = context.new_page()
    other_tab.goto(f"{live_server.url}/uz/petitions/{petition.pk}/")
    page.locator("button.petition-sign").click()
    assert page.locator("button.petition-sign").count() == 0 and page.locator("form[action$='/unsign/']").count() == 1
    other_tab.locator("button.petition-sign").click()  # the same button again, in a tab opened before
    assert Signature.objects.filter(petition=petition).count() == 1
    assert other_tab.locator("h1").inner_text() == petition.title and other_tab.locator(".message-info").count() == 1
    context.close()
