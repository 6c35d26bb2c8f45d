"""The moderation queue in the Wagtail admin: who sees what, decisions, appeals, reports,
deadlines in text, the audit history, escaping, the reasons managers keep, query budget."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from participation.admin_helpers import overdue_days
from participation.models import (
    ModerationItem,
    ModerationOutcome,
    ModerationPriority,
    ReasonCode,
)
from participation.moderation import services as moderation_services
from participation.moderation.reason_codes import reason_code_save
from participation.moderation.registry import content_noun
from proposals.petitions.models import PetitionStatus as S
from proposals.questions import services as question_services
from proposals.questions.models import QuestionTopic
from tests.fixtures.moderation import (
    MODERATES,
    NATIONAL_MANAGERS,
    PEOPLE,
    RAW_MARKUP,
    XSS_TEXT,
    XSS_TITLE,
    expected_status,
    in_uz,
    list_query_counts,
)

pytestmark = pytest.mark.usefixtures("no_cosponsors")  # petitions go straight to moderation

QUEUE = "/admin/moderation/"
REASONS = "/admin/moderation/reasons/"


@pytest.fixture
def in_moderation(make_petition, tree, resident):
    """A factory of petitions waiting for review; returns (petition, its open review item)."""

    def make(place="yangiqorgon", now=None, **text):
        territory = getattr(tree, place)
        author = resident(mahalla=tree.navbahor if place == "yangiqorgon" else tree.duoba)
        petition = make_petition(S.MODERATION, author=author, territory=territory, now=now or timezone.now(), **text)
        return petition, open_item(petition)

    return make


def open_item(petition, kind="review") -> ModerationItem:
    return ModerationItem.objects.get(object_id=petition.pk, kind=kind, decided_at__isnull=True)


def item_url(item) -> str:
    return f"{QUEUE}{item.pk}/"


def reason(code="duplicate") -> ReasonCode:
    return ReasonCode.objects.get(code=code)


def publish(petition, moderator):
    moderation_services.moderation_decide(
        item=open_item(petition), moderator=moderator, outcome=ModerationOutcome.APPROVE
    )
    petition.refresh_from_db()
    return petition


# --- Who reaches the queue ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("moderator", True),
        ("manager", True),
        ("region_moderator", True),
        ("superuser", True),
        ("responder", False),
        ("editor", False),
    ],
)
def test_menu_item_is_shown_to_moderators_and_managers_only(client, person, who, shown):
    client.force_login(person(who))
    home = client.get("/admin/")
    assert home.status_code == 200
    assert (QUEUE in home.content.decode()) is shown
    assert client.get(QUEUE).status_code == (200 if shown else 403)


def test_residents_and_visitors_never_reach_the_queue(client, person):
    assert client.get(QUEUE).status_code == 302  # Wagtail's sign-in page
    client.force_login(person("resident"))
    assert client.get(QUEUE)["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("place", ["yangiqorgon", "zomin"])
@pytest.mark.parametrize("who", list(PEOPLE))
def test_permission_matrix_see_and_decide(client, person, in_moderation, who, place):
    petition, item = in_moderation(place, title=f"Petitsiya {place} uchun")
    expected = expected_status(who, MODERATES, place)
    client.force_login(person(who))
    queue = client.get(QUEUE)
    if expected == 200:
        assert petition.title in queue.content.decode()
    elif queue.status_code == 200:
        assert petition.title not in queue.content.decode()
    # Django's LocaleMiddleware retries a 404 under a language prefix; it ends as a 404 too.
    not_found = expected == 404
    page = client.get(item_url(item), follow=not_found)
    assert page.status_code == expected
    if expected == 200:
        assert 'name="outcome"' in page.content.decode()  # may see, may decide
    decision = client.post(item_url(item), {"outcome": "approve", "explanation": ""}, follow=not_found)
    item.refresh_from_db()
    if expected == 200:
        assert decision.status_code == 302 and decision["Location"] == QUEUE
        assert item.outcome == ModerationOutcome.APPROVE
        petition.refresh_from_db()
        assert petition.status == S.COLLECTING
    else:
        assert decision.status_code == expected
        assert item.decided_at is None


def test_the_queue_never_widens_what_the_selector_scopes(client, person, in_moderation):
    mine = [in_moderation("yangiqorgon", title=f"Yangiqoʻrgʻon {n}")[0] for n in range(2)]
    theirs = in_moderation("zomin", title="Zomin petitsiyasi")[0]
    client.force_login(person("moderator"))
    for url in (QUEUE, QUEUE + "?show=decided", QUEUE + "?show=bogus", QUEUE + "?p=2"):
        page = client.get(url).content.decode()
        assert theirs.title not in page, url
    page = client.get(QUEUE).content.decode()
    assert all(petition.title in page for petition in mine)


# --- Deciding ---------------------------------------------------------------------------------


def test_a_refused_decision_keeps_the_input_and_changes_nothing(client, person, in_moderation):
    petition, item = in_moderation()
    client.force_login(person("moderator"))
    response = client.post(item_url(item), {"outcome": "reject", "explanation": "Bunday petitsiya allaqachon bor."})
    assert response.status_code == 200
    page = response.content.decode()
    assert in_uz(moderation_services.REASON_REQUIRED) in page
    assert "Bunday petitsiya allaqachon bor." in page  # what the moderator wrote is still there
    item.refresh_from_db()
    petition.refresh_from_db()
    assert item.decided_at is None and petition.status == S.MODERATION
    assert not ModelLogEntry.objects.filter(action="participation.moderation_decided").exists()


def test_a_retired_reason_cannot_be_chosen(client, person, in_moderation):
    _petition, item = in_moderation()
    retired = reason("unclear")
    ReasonCode.objects.filter(pk=retired.pk).update(is_active=False)
    client.force_login(person("moderator"))
    page = client.get(item_url(item)).content.decode()
    assert f'value="{reason().pk}"' in page and f'value="{retired.pk}"' not in page
    response = client.post(item_url(item), {"outcome": "reject", "reason": retired.pk, "explanation": "Tushunarsiz."})
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.decided_at is None


def test_a_decision_is_logged_with_before_and_after(
    client, person, in_moderation, mailoutbox, django_capture_on_commit_callbacks
):
    petition, item = in_moderation()
    moderator = person("moderator")
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            item_url(item),
            {"outcome": "reject", "reason": reason().pk, "explanation": "Bunday petitsiya allaqachon bor."},
        )
    assert response.status_code == 302
    item.refresh_from_db()
    petition.refresh_from_db()
    assert (item.outcome, item.reason.code, item.decided_by) == ("reject", "duplicate", moderator)
    assert petition.status == S.REJECTED
    assert [email.to for email in mailoutbox] == [[petition.author.email]]
    entry = ModelLogEntry.objects.get(action="participation.moderation_decided", object_id=str(item.pk))
    assert entry.user == moderator
    assert entry.data["before"]["outcome"] == "" and entry.data["before"]["reason"] == ""
    assert entry.data["after"]["outcome"] == "reject" and entry.data["after"]["reason"] == "duplicate"
    # The item screen shows who, when, what, and the values before and after.
    page = client.get(item_url(item)).content.decode()
    assert in_uz("Decided the moderation item") in page
    history = page[page.index("<ol") :]
    assert moderator.full_name in history or moderator.email in history
    assert "duplicate" in history and "reject" in history
    assert 'name="outcome"' not in page  # decided: no form any more
    # A second decision (a stale tab) is refused and changes nothing.
    again = client.post(item_url(item), {"outcome": "approve"})
    assert again.status_code == 200 and in_uz(moderation_services.ALREADY_DECIDED) in again.content.decode()
    item.refresh_from_db()
    assert item.outcome == "reject"
    # And it is listed among the decided items.
    assert petition.title in client.get(QUEUE + "?show=decided").content.decode()
    assert petition.title not in client.get(QUEUE).content.decode()


def test_an_appeal_goes_to_a_different_moderator(client, make_petition, people):
    first, second = people.moderator, people.moderator2
    petition = make_petition(S.REJECTED, moderator=first, now=timezone.now())
    rejection = ModerationItem.objects.get(object_id=petition.pk, kind="review")
    appeal = moderation_services.moderation_appeal(
        item=rejection, author=petition.author, text="Bu takror emas: boshqa koʻcha haqida."
    )
    assert appeal.excluded_moderator == first
    client.force_login(first)
    page = client.get(item_url(appeal))
    assert page.status_code == 200  # the first decider sees the appeal...
    content = page.content.decode()
    assert 'name="outcome"' not in content  # ...but gets no form
    assert "Bu takror emas: boshqa koʻcha haqida." in content
    assert in_uz("You decided this content before: another moderator decides the appeal.") in content
    forged = client.post(item_url(appeal), {"outcome": "approve"})
    assert forged.status_code == 403
    appeal.refresh_from_db()
    assert appeal.decided_at is None
    client.force_login(second)
    content = client.get(item_url(appeal)).content.decode()
    assert 'name="outcome"' in content
    assert f"{QUEUE}{rejection.pk}/" in content  # the decision under appeal is linked
    assert client.post(item_url(appeal), {"outcome": "approve"}).status_code == 302
    appeal.refresh_from_db()
    petition.refresh_from_db()
    assert appeal.decided_by == second and petition.status == S.COLLECTING


def test_the_author_who_moderates_gets_no_form_on_their_own_petition(client, make_petition, people, tree):
    author = people.moderator
    author.home_territory = tree.navbahor
    author.save()
    petition = make_petition(S.MODERATION, author=author, now=timezone.now())
    item = open_item(petition)
    client.force_login(author)
    page = client.get(item_url(item)).content.decode()
    assert 'name="outcome"' not in page
    assert client.post(item_url(item), {"outcome": "approve"}).status_code == 403


# --- Reports, priority and deadlines ------------------------------------------------------------


def test_reports_from_several_people_raise_the_priority_and_sort_to_the_top(
    client, person, in_moderation, people, resident, settings
):
    settings.MODERATION_FLAGS_TO_RAISE = 3
    waiting_first, _ = in_moderation(title="Birinchi kutayotgan", now=timezone.now() - timedelta(days=3))
    published, _ = in_moderation(title="Eʼlon qilingan petitsiya")
    publish(published, people.moderator)
    reporters = [resident() for _ in range(3)]
    for n, reporter in enumerate(reporters):
        moderation_services.moderation_flag(user=reporter, obj=published, reason=reason("obscene"), text=f"Hisobot {n}")
    flags_item = open_item(published, kind="flags")
    assert (flags_item.flag_count, flags_item.priority) == (3, ModerationPriority.RAISED)
    client.force_login(people.moderator2)
    page = client.get(QUEUE).content.decode()
    assert page.index(published.title) < page.index(waiting_first.title)  # reported: on top
    assert in_uz(ModerationPriority.RAISED.label) in page
    published.refresh_from_db()
    assert published.status == S.COLLECTING  # reports alone never hide anything
    assert client.get(f"/uz/petitions/{published.pk}/").status_code == 200
    item_page = client.get(item_url(flags_item)).content.decode()
    for n, reporter in enumerate(reporters):
        assert f"Hisobot {n}" in item_page and reporter.email in item_page


def test_a_system_flag_is_urgent_with_its_note(client, person, in_moderation, people):
    petition, _ = in_moderation(title="Shubhali imzolar")
    publish(petition, people.moderator)
    item = moderation_services.moderation_flag_system(petition, note="120 signatures from one address (10.0.0.7)")
    client.force_login(people.moderator2)
    page = client.get(item_url(item)).content.decode()
    assert "120 signatures from one address (10.0.0.7)" in page
    assert in_uz(ModerationPriority.URGENT.label) in page


def test_overdue_items_stand_out_in_text_not_only_colour(client, person, in_moderation):
    late, late_item = in_moderation(title="Kechikkan petitsiya", now=timezone.now() - timedelta(days=20))
    fresh, _ = in_moderation(title="Yangi petitsiya")
    days = overdue_days(late_item.due_at, timezone.now())
    assert days and days >= 10
    client.force_login(person("moderator"))
    page = client.get(QUEUE).content.decode()
    with translation.override("uz"):
        text = translation.ngettext("Overdue by %(days)s day", "Overdue by %(days)s days", days) % {"days": days}
    assert text in page
    assert page.count('class="moderation-overdue"') == 1
    row = page[page.index('class="moderation-overdue"') :]
    assert row.index(late.title) < row.index(text) < row.index("</tr>")
    assert page.index(late.title) < page.index(fresh.title)  # due first, first listed
    assert text in client.get(item_url(late_item)).content.decode()


def test_queue_query_count_stays_the_same_as_items_grow(client, person, in_moderation, django_assert_max_num_queries):
    def grow(total):
        while ModerationItem.objects.count() < total:
            in_moderation()

    client.force_login(person("manager"))
    counts = list_query_counts(
        client, QUEUE, link='href="/admin/moderation/', grow=grow, at_most=django_assert_max_num_queries
    )
    assert counts[0] == counts[1], counts


# --- Escaping -----------------------------------------------------------------------------------


def test_user_text_is_escaped_in_the_queue_and_item_screens(client, make_petition, people, resident):
    petition = make_petition(
        S.COLLECTING, moderator=people.moderator, now=timezone.now(), title=XSS_TITLE, text=XSS_TEXT
    )
    moderation_services.moderation_flag(user=resident(), obj=petition, reason=reason("obscene"), text=XSS_TEXT[:400])
    flags_item = open_item(petition, kind="flags")
    moderation_services.moderation_decide(
        item=flags_item,
        moderator=people.moderator,
        outcome="reject",
        reason=reason("obscene"),
        explanation="<b>Olib tashlandi</b>",
    )
    appeal = moderation_services.moderation_appeal(item=flags_item, author=petition.author, text=XSS_TEXT)
    client.force_login(people.moderator2)
    for url in (QUEUE, QUEUE + "?show=decided", item_url(flags_item), item_url(appeal)):
        page = client.get(url).content.decode()
        for raw in RAW_MARKUP:
            assert raw not in page, (url, raw)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url
    assert "&lt;b&gt;Olib tashlandi&lt;/b&gt;" in client.get(item_url(flags_item)).content.decode()


# --- Reasons, kept by national managers ------------------------------------------------------------------


@pytest.mark.parametrize("who", list(PEOPLE))
def test_permission_matrix_reason_codes(client, person, who):
    expected = expected_status(who, NATIONAL_MANAGERS)
    client.force_login(person(who))
    assert client.get(REASONS).status_code == expected
    home = client.get("/admin/")
    if home.status_code == 200:
        assert (REASONS in home.content.decode()) is (expected == 200)
    duplicate = reason()
    response = client.post(
        f"{REASONS}edit/{duplicate.pk}/", {"code": "duplicate", "label_uz": "Oʻzgargan", "position": 5, "is_active": ""}
    )
    assert response.status_code == (302 if expected == 200 else expected)
    duplicate.refresh_from_db()
    assert duplicate.is_active is (expected != 200)


def test_a_manager_adds_renames_and_retires_a_reason(client, person, in_moderation):
    manager = person("country_manager")
    client.force_login(manager)
    created = client.post(
        f"{REASONS}new/",
        {
            "code": "off-topic",
            "label_uz": "Mavzuga aloqasi yoʻq",
            "label_en": "Off topic",
            "for_flags": "on",
            "is_active": "on",
            "position": 20,
        },
    )
    assert created.status_code == 302 and created["Location"] == REASONS
    off_topic = ReasonCode.objects.get(code="off-topic")
    assert off_topic.for_flags and off_topic.is_active
    # The code is fixed once created: a forged change is ignored (the field is disabled).
    edit = f"{REASONS}edit/{off_topic.pk}/"
    assert client.post(edit, {"code": "renamed", "label_uz": "Mavzudan tashqari", "position": 20}).status_code == 302
    off_topic.refresh_from_db()
    assert (off_topic.code, off_topic.label_uz, off_topic.is_active) == ("off-topic", "Mavzudan tashqari", False)
    entries = ModelLogEntry.objects.filter(object_id=str(off_topic.pk), content_type__model="reasoncode")
    assert sorted(entries.values_list("action", flat=True)) == ["wagtail.create", "wagtail.edit"]
    edit_entry = entries.get(action="wagtail.edit")
    assert edit_entry.data["before"]["is_active"] is True and edit_entry.data["after"]["is_active"] is False
    page = client.get(edit).content.decode()
    assert "Mavzuga aloqasi yoʻq" in page and "Mavzudan tashqari" in page  # history: before and after
    # A retired reason stays in the list (past decisions keep it) but no longer offered.
    assert "off-topic" in client.get(REASONS).content.decode()
    _petition, item = in_moderation()
    assert f'value="{off_topic.pk}"' not in client.get(item_url(item)).content.decode()
    # There is no delete.
    assert client.post(f"{REASONS}delete/{off_topic.pk}/", follow=True).status_code == 404
    assert ReasonCode.objects.filter(pk=off_topic.pk).exists()


def test_the_reason_service_refuses_non_managers_and_code_changes(person):
    from participation.exceptions import ServiceError

    with pytest.raises(ServiceError):
        reason_code_save(user=person("moderator"), values={"code": "x", "label_uz": "X"})
    with pytest.raises(ServiceError):
        reason_code_save(user=person("manager"), reason=reason(), values={"code": "other", "label_uz": "X"})
    assert reason().code == "duplicate"


# --- Every kind of content in one queue ---------------------------------------------------------


def test_the_queue_says_what_each_item_is_and_filters_by_kind(client, person, in_moderation, resident, tree):
    petition, _item = in_moderation(title="Navbahor yoʻli uchun petitsiya")
    question = question_services.question_ask(
        author=resident(),
        territory=tree.yangiqorgon,
        title="Suv qachon keladi?",
        text="Navbahor koʻchasida uch kundan beri suv yoʻq.",
        topic=QuestionTopic.WATER,
    )
    client.force_login(person("moderator"))
    everything = client.get(QUEUE).content.decode()
    rows = {
        title: everything[everything.rindex("<tr", 0, everything.index(title)) : everything.index(title)]
        for title in (petition.title, question.title)
    }
    with translation.override("uz"):  # the admin speaks the staff member's preferred language
        petition_noun, question_noun = content_noun(type(petition)), content_noun(type(question))
    assert petition_noun != question_noun
    assert f"<td>{petition_noun}</td>" in rows[petition.title] and f"<td>{question_noun}</td>" in rows[question.title]
    only_questions = client.get(QUEUE + "?what=proposals.question").content.decode()
    assert question.title in only_questions and petition.title not in only_questions
    only_petitions = client.get(QUEUE + "?what=proposals.petition").content.decode()
    assert petition.title in only_petitions and question.title not in only_petitions
    # A hand-typed kind that is not in the queue shows everything rather than failing.
    assert question.title in client.get(QUEUE + "?what=cms.question").content.decode()
