"""Staff edit only their own khokimiyat's pages, through Wagtail's own admin, and every change
goes through review. Everything here drives the real admin views with the test client."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, Revision, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import NewsPage
from participation.models import StaffRoleKind
from tests.factories import UserFactory
from tests.fixtures.pages import OLD_TITLE, edit_url, review_name

NEW_TITLE = "Yangi maktab ochildi"


def news_form(title: str, slug: str = "yol", **actions) -> dict:
    """What the admin's news editor posts."""
    return {
        **nested_form_data(
            {
                "title": title,
                "slug": slug,
                "date": "2026-03-02",
                "kind": "news",
                "body": streamfield([("paragraph", rich_text("<p>Yangi matn</p>"))]),
                "tags": "",
                "comments": inline_formset([]),
            }
        ),
        **actions,
    }


def latest_title(page) -> str:
    """The title of the newest revision, read fresh (the page object caches its latest)."""
    return NewsPage.objects.get(pk=page.pk).get_latest_revision().content["title"]


def live_title(page) -> str:
    return NewsPage.objects.get(pk=page.pk).title


def workflow_action_url(page, action: str) -> str:
    state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])


def assert_refused(response, who: str) -> None:
    """Staff of another khokimiyat get 403; people without any role never reach the admin, and
    neither do operators (they work at the desk on the public site)."""
    if who in ("citizen", "anonymous") or who.startswith("operator-"):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    else:
        assert response.status_code == 403


# --- The permission matrix --------------------------------------------------------------------

WHO = [f"{role}-{scope}" for scope in ("own", "other") for role in StaffRoleKind.values] + ["citizen", "anonymous"]

# Everything else is refused. Nobody publishes directly: publishing is what review does.
ALLOWED = {
    "editor-own": {"open", "edit", "add"},
    "moderator-own": {"open", "edit"},
    "manager-own": {"open", "edit", "add"},
}


def sign_in(client, who, tree, make_staff):
    if who == "anonymous":
        return None
    if who == "citizen":
        user = UserFactory()
    else:
        role, scope = who.split("-")
        user = make_staff(role, tree.yangiqorgon if scope == "own" else tree.zomin)
    client.force_login(user)
    return user


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("action", ["open", "edit", "add", "publish"])
def test_permission_matrix_on_a_yangiqorgon_news_page(client, tree, pages, make_staff, who, action):
    page = pages.yangiqorgon_news
    sign_in(client, who, tree, make_staff)
    revisions = Revision.objects.for_instance(page).count()
    allowed = action in ALLOWED.get(who, set())

    if action == "open":
        response = client.get(edit_url(page))
        if allowed:
            assert response.status_code == 200
        else:
            assert_refused(response, who)

    elif action == "edit":
        response = client.post(edit_url(page), news_form(NEW_TITLE))
        if allowed:
            assert response.status_code == 302 and response["Location"] == edit_url(page)
            assert latest_title(page) == NEW_TITLE  # a draft...
        else:
            assert_refused(response, who)
            assert Revision.objects.for_instance(page).count() == revisions
            assert latest_title(page) == OLD_TITLE
        assert live_title(page) == OLD_TITLE  # ...never the live page

    elif action == "add":
        parent = pages.yangiqorgon_news_index
        url = reverse("wagtailadmin_pages:add", args=["cms", "newspage", parent.pk])
        response = client.post(url, news_form(NEW_TITLE, slug="maktab"))
        created = NewsPage.objects.child_of(parent).filter(slug="maktab").first()
        if allowed:
            assert response.status_code == 302
            assert created is not None and not created.live
        else:
            assert_refused(response, who)
            assert created is None

    elif action == "publish":
        response = client.post(edit_url(page), news_form(NEW_TITLE, **{"action-publish": "action-publish"}))
        if "edit" in ALLOWED.get(who, set()):
            # Wagtail quietly keeps it a draft for someone without publish permission.
            assert response.status_code == 302
            assert latest_title(page) == NEW_TITLE
        else:
            assert_refused(response, who)
            assert Revision.objects.for_instance(page).count() == revisions
        assert live_title(page) == OLD_TITLE
        assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish").exclude(user=None).exists()


def test_a_superuser_still_publishes_directly(client, pages):
    client.force_login(UserFactory(is_superuser=True))
    page = pages.yangiqorgon_news
    response = client.post(edit_url(page), news_form(NEW_TITLE, **{"action-publish": "action-publish"}))
    assert response.status_code == 302
    assert live_title(page) == NEW_TITLE


def test_other_khokimiyat_editor_gets_403_and_the_page_stays_as_it_was(client, tree, pages, make_staff):
    client.force_login(make_staff(StaffRoleKind.EDITOR, tree.zomin))
    page = pages.yangiqorgon_news
    before = list(Revision.objects.for_instance(page).values_list("pk", flat=True))

    assert client.get(edit_url(page)).status_code == 403
    for actions in ({}, {"action-submit": "action-submit"}, {"action-publish": "action-publish"}):
        assert client.post(edit_url(page), news_form(NEW_TITLE, **actions)).status_code == 403

    page.refresh_from_db()
    assert page.title == OLD_TITLE and page.current_workflow_state is None
    assert list(Revision.objects.for_instance(page).values_list("pk", flat=True)) == before
    # Their own district's page opens as usual.
    assert client.get(edit_url(pages.zomin_news)).status_code == 200


def test_a_region_role_reaches_the_districts_below_and_a_district_role_not_the_region(client, tree, pages, make_staff):
    client.force_login(make_staff(StaffRoleKind.EDITOR, tree.namangan))
    assert client.get(edit_url(pages.namangan)).status_code == 200
    assert client.get(edit_url(pages.yangiqorgon_news)).status_code == 200
    assert client.get(edit_url(pages.zomin_news)).status_code == 403

    client.force_login(make_staff(StaffRoleKind.EDITOR, tree.yangiqorgon))
    assert client.get(edit_url(pages.yangiqorgon)).status_code == 200
    assert client.get(edit_url(pages.namangan)).status_code == 403


# --- The review workflow ----------------------------------------------------------------------


def submit(client, editor, page, title=NEW_TITLE):
    client.force_login(editor)
    response = client.post(edit_url(page), news_form(title, **{"action-submit": "action-submit"}))
    assert response.status_code == 302
    page.refresh_from_db()
    return page


def test_editor_submits_and_a_moderator_of_the_same_district_approves(client, tree, pages, make_staff):
    editor = make_staff(StaffRoleKind.EDITOR, tree.yangiqorgon)
    moderator = make_staff(StaffRoleKind.MODERATOR, tree.yangiqorgon)
    zomin_moderator = make_staff(StaffRoleKind.MODERATOR, tree.zomin)
    page = submit(client, editor, pages.yangiqorgon_news)

    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == review_name(tree.yangiqorgon)
    assert live_title(page) == OLD_TITLE  # submitted, not published

    # The district's moderator has it waiting on the dashboard; Zomin's does not.
    client.force_login(moderator)
    assert NEW_TITLE in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(zomin_moderator)
    assert NEW_TITLE not in client.get(reverse("wagtailadmin_home")).content.decode()

    # Zomin's moderator may not approve it.
    response = client.post(workflow_action_url(page, "approve"), {"comment": ""})
    assert response.status_code == 403
    page.refresh_from_db()
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert live_title(page) == OLD_TITLE

    client.force_login(moderator)
    response = client.post(workflow_action_url(page, "approve"), {"comment": "Maʼqul"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert live_title(page) == NEW_TITLE and page.live
    assert WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_APPROVED

    # The audit log says who did what.
    log = list(PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk").values_list("action", "user"))
    assert ("wagtail.workflow.start", editor.pk) in log
    assert ("wagtail.workflow.approve", moderator.pk) in log
    assert ("wagtail.publish", moderator.pk) in log
    assert not any(user == zomin_moderator.pk for _action, user in log)
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert editor.full_name in history and moderator.full_name in history


def test_a_moderator_asks_for_changes_and_the_live_page_stays(client, tree, pages, make_staff):
    editor = make_staff(StaffRoleKind.EDITOR, tree.yangiqorgon)
    moderator = make_staff(StaffRoleKind.MODERATOR, tree.yangiqorgon)
    page = submit(client, editor, pages.yangiqorgon_news)

    client.force_login(moderator)
    response = client.post(workflow_action_url(page, "reject"), {"comment": "Sanani tekshiring"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert live_title(page) == OLD_TITLE and latest_title(page) == NEW_TITLE
    assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.reject", user=moderator).exists()
    assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish").exclude(user=None).exists()

    # The editor fixes it and resubmits; the same review continues.
    page = submit(client, editor, page, title="Yangi maktab ochildi (tuzatildi)")
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.resume", user=editor).exists()


def test_a_region_moderator_approves_a_district_change(client, tree, pages, make_staff):
    editor = make_staff(StaffRoleKind.EDITOR, tree.yangiqorgon)
    page = submit(client, editor, pages.yangiqorgon_news)
    client.force_login(make_staff(StaffRoleKind.MODERATOR, tree.namangan))
    assert client.post(workflow_action_url(page, "approve"), {"comment": ""}).status_code == 302
    assert live_title(page) == NEW_TITLE


def test_an_editor_cannot_approve_their_own_submission(client, tree, pages, make_staff):
    editor = make_staff(StaffRoleKind.EDITOR, tree.yangiqorgon)
    page = submit(client, editor, pages.yangiqorgon_news)
    assert client.post(workflow_action_url(page, "approve"), {"comment": ""}).status_code == 403
    assert live_title(page) == OLD_TITLE


def test_a_moderator_cannot_approve_their_own_change_a_colleague_can(client, tree, pages, make_staff):
    moderator = make_staff(StaffRoleKind.MODERATOR, tree.yangiqorgon)
    manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)
    page = submit(client, moderator, pages.yangiqorgon_news)
    assert client.post(workflow_action_url(page, "approve"), {"comment": ""}).status_code == 403
    assert live_title(page) == OLD_TITLE
    client.force_login(manager)
    assert client.post(workflow_action_url(page, "approve"), {"comment": ""}).status_code == 302
    assert live_title(page) == NEW_TITLE
