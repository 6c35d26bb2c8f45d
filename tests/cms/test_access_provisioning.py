"""Granting a role, revoking it and creating a khokimiyat page keep Wagtail's groups, page and
collection permissions and review workflows in step (``cms.services.access``)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    ModelLogEntry,
    Workflow,
    WorkflowPage,
    WorkflowState,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms import workflows
from cms.models import KhokimiyatPage, SecondPersonApprovalTask, TerritoryGroup
from cms.services.access import access_sync_everywhere, khokimiyat_access_sync, territory_group
from participation.models import StaffRole, StaffRoleKind
from participation.services.roles import staff_role_grant, staff_role_revoke
from tests.factories import UserFactory
from tests.fixtures.pages import edit_url, khokimiyat, review_name


def page_codenames(group, page) -> set[str]:
    return set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list("permission__codename", flat=True)
    )


def task_of(page) -> SecondPersonApprovalTask:
    return SecondPersonApprovalTask.objects.get(workflow_tasks__workflow=WorkflowPage.objects.get(page=page).workflow)


def test_granting_provisions_the_group_page_permissions_collection_and_workflow(tree, pages, make_staff):
    editor = make_staff(StaffRoleKind.EDITOR, tree.yangiqorgon)

    link = TerritoryGroup.objects.get(territory=tree.yangiqorgon, role=StaffRoleKind.EDITOR)
    assert link.group.name == "Yangiqoʻrgʻon tumani — editor"
    assert list(link.group.user_set.all()) == [editor]
    assert page_codenames(link.group, pages.yangiqorgon) == {"add_page", "change_page"}
    # Only on their own khokimiyat: the district's news below inherit it, the region and
    # other districts do not get it.
    assert GroupPagePermission.objects.filter(group=link.group).count() == 2

    collection = Collection.objects.get(name="Yangiqoʻrgʻon tumani")
    assert collection.get_parent() == Collection.get_first_root_node()
    assert set(
        GroupCollectionPermission.objects.filter(group=link.group).values_list("collection", "permission__codename")
    ) == {
        (collection.pk, codename)
        for codename in (
            "add_document",
            "change_document",
            "choose_document",
            "add_image",
            "change_image",
            "choose_image",
        )
    }

    workflow = WorkflowPage.objects.get(page=pages.yangiqorgon).workflow
    assert workflow.name == review_name(tree.yangiqorgon) and workflow.active
    assert pages.yangiqorgon_news.get_workflow() == workflow
    # Each khokimiyat has its own review: the region's is another workflow.
    assert WorkflowPage.objects.get(page=pages.namangan).workflow != workflow
    reviewers = set(task_of(pages.yangiqorgon).groups.values_list("name", flat=True))
    assert reviewers == {
        "Yangiqoʻrgʻon tumani — moderator",
        "Yangiqoʻrgʻon tumani — manager",
        "UZ-NG — moderator",
        "UZ-NG — manager",
        "UZ — moderator",
        "UZ — manager",
    }


def test_each_role_gets_its_page_permissions_and_nobody_may_publish(tree, pages, make_staff):
    for role in StaffRoleKind.values:
        make_staff(role, tree.yangiqorgon)
    expected = {
        StaffRoleKind.EDITOR: {"add_page", "change_page"},
        StaffRoleKind.MODERATOR: {"change_page"},
        StaffRoleKind.MANAGER: {"add_page", "change_page", "delete_page"},
        StaffRoleKind.RESPONDER: set(),
    }
    for role, codenames in expected.items():
        group = territory_group(tree.yangiqorgon, role)
        assert page_codenames(group, pages.yangiqorgon) == codenames, role
    managed = GroupPagePermission.objects.filter(group__territory_access__isnull=False)
    assert managed.exists() and not managed.filter(permission__codename="publish_page").exists()
    # Moderators review; they have no use for the upload permissions of the collection.
    assert not GroupCollectionPermission.objects.filter(
        group=territory_group(tree.yangiqorgon, StaffRoleKind.MODERATOR)
    ).exists()


def test_a_region_role_is_granted_on_the_region_page_and_its_collections(tree, pages, make_staff):
    make_staff(StaffRoleKind.EDITOR, tree.namangan)
    group = territory_group(tree.namangan, StaffRoleKind.EDITOR)
    # The region page alone: Wagtail inherits it down to the district's pages.
    assert set(GroupPagePermission.objects.filter(group=group).values_list("page", flat=True)) == {pages.namangan.pk}
    collections = set(GroupCollectionPermission.objects.filter(group=group).values_list("collection__name", flat=True))
    assert collections == {"Namangan viloyati (UZ-NG)", "Yangiqoʻrgʻon tumani"}


def test_revoking_closes_the_editor_for_real(client, tree, pages, make_staff):
    editor = make_staff(StaffRoleKind.EDITOR, tree.yangiqorgon)
    make_staff(StaffRoleKind.EDITOR, tree.yangiqorgon)  # a colleague keeps the role
    staff_role_grant(user=editor, territory=tree.yangiqorgon, role=StaffRoleKind.RESPONDER, granted_by=None)
    client.force_login(editor)
    assert client.get(edit_url(pages.yangiqorgon_news)).status_code == 200

    staff_role_revoke(staff_role=StaffRole.objects.get(user=editor, role=StaffRoleKind.EDITOR), revoked_by=None)
    group = territory_group(tree.yangiqorgon, StaffRoleKind.EDITOR)
    assert editor not in group.user_set.all() and group.user_set.count() == 1
    # Still a responder, so still inside the admin, but the page editor is shut: 403.
    assert client.get(edit_url(pages.yangiqorgon_news)).status_code == 403

    staff_role_revoke(staff_role=StaffRole.objects.get(user=editor), revoked_by=None)
    response = client.get(edit_url(pages.yangiqorgon_news))
    assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))
    assert not editor.groups.exists()


def test_revoking_a_moderator_takes_them_out_of_the_review(client, tree, pages, make_staff):
    moderator = make_staff(StaffRoleKind.MODERATOR, tree.yangiqorgon)
    assert task_of(pages.yangiqorgon).groups.filter(user=moderator).exists()
    staff_role_revoke(staff_role=StaffRole.objects.get(user=moderator), revoked_by=None)
    assert not task_of(pages.yangiqorgon).groups.filter(user=moderator).exists()
    # The group stays in the task for the next moderator.
    assert task_of(pages.yangiqorgon).groups.filter(name="Yangiqoʻrgʻon tumani — moderator").exists()


def test_when_provisioning_fails_the_role_is_not_granted(tree, pages, monkeypatch):
    """Provisioning runs inside the grant's transaction: a role never exists without its access."""

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("cms.services.access.khokimiyat_access_sync", broken)
    newcomer = UserFactory()
    with pytest.raises(RuntimeError):
        staff_role_grant(user=newcomer, territory=tree.yangiqorgon, role=StaffRoleKind.EDITOR, granted_by=None)
    assert not StaffRole.objects.filter(user=newcomer).exists()
    assert not TerritoryGroup.objects.filter(territory=tree.yangiqorgon, role=StaffRoleKind.EDITOR).exists()
    assert not newcomer.groups.exists()


def test_granting_twice_changes_nothing_and_sync_is_idempotent(tree, pages, make_staff):
    editor = make_staff(StaffRoleKind.EDITOR, tree.yangiqorgon)
    snapshot = (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        Collection.objects.count(),
        Workflow.objects.count(),
        WorkflowPage.objects.count(),
    )
    staff_role_grant(user=editor, territory=tree.yangiqorgon, role=StaffRoleKind.EDITOR, granted_by=None)
    khokimiyat_access_sync(tree.country)
    assert snapshot == (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        Collection.objects.count(),
        Workflow.objects.count(),
        WorkflowPage.objects.count(),
    )


def test_a_hand_added_publish_permission_does_not_survive_a_sync(tree, pages, make_staff):
    make_staff(StaffRoleKind.EDITOR, tree.yangiqorgon)
    group = territory_group(tree.yangiqorgon, StaffRoleKind.EDITOR)
    GroupPagePermission.objects.create(group=group, page=pages.yangiqorgon, permission_type="publish")
    khokimiyat_access_sync(tree.yangiqorgon)
    assert page_codenames(group, pages.yangiqorgon) == {"add_page", "change_page"}


def test_pages_created_after_the_roles_are_provisioned_too(client, tree, home_page, make_staff):
    editor = make_staff(StaffRoleKind.EDITOR, tree.zomin)
    manager = make_staff(StaffRoleKind.MANAGER, tree.jizzakh)
    jizzakh = khokimiyat(home_page, tree.jizzakh, "jizzax")
    zomin = khokimiyat(jizzakh, tree.zomin, "zomin")

    assert page_codenames(territory_group(tree.zomin, StaffRoleKind.EDITOR), zomin) == {"add_page", "change_page"}
    assert page_codenames(territory_group(tree.jizzakh, StaffRoleKind.MANAGER), jizzakh) == {
        "add_page",
        "change_page",
        "delete_page",
    }
    assert WorkflowPage.objects.get(page=zomin).workflow.name == review_name(tree.zomin)
    assert WorkflowPage.objects.get(page=jizzakh).workflow.name == review_name(tree.jizzakh)
    # The region's manager can upload into the district's collection created after the grant.
    assert GroupCollectionPermission.objects.filter(
        group=territory_group(tree.jizzakh, StaffRoleKind.MANAGER), collection__name="Zomin tumani"
    ).exists()
    client.force_login(editor)
    assert client.get(edit_url(zomin)).status_code == 200
    assert client.get(edit_url(jizzakh)).status_code == 403
    client.force_login(manager)
    assert client.get(edit_url(zomin)).status_code == 200


def test_a_district_page_directly_under_the_home_page_is_reached_by_region_staff(tree, home_page, make_staff):
    """Before its region has a page, a district's page may sit under the home page; the
    region's roles still cover it."""
    make_staff(StaffRoleKind.EDITOR, tree.namangan)
    group = territory_group(tree.namangan, StaffRoleKind.EDITOR)
    district = khokimiyat(home_page, tree.yangiqorgon, "yangiqorgon")
    assert page_codenames(group, district) == {"add_page", "change_page"}


def test_roles_and_pages_from_before_are_provisioned_everywhere(client, tree, pages, make_staff):
    editor = make_staff(StaffRoleKind.EDITOR, tree.yangiqorgon)
    # As if roles and pages predated this module: no territory groups, no review workflows.
    Group.objects.filter(territory_access__isnull=False).delete()
    WorkflowPage.objects.filter(page__in=[pages.namangan, pages.yangiqorgon, pages.jizzakh, pages.zomin]).delete()
    client.force_login(editor)
    assert client.get(edit_url(pages.yangiqorgon_news)).status_code == 403

    access_sync_everywhere()
    assert client.get(edit_url(pages.yangiqorgon_news)).status_code == 200
    assert WorkflowPage.objects.get(page=pages.zomin).workflow.name == review_name(tree.zomin)
    assert task_of(pages.zomin).groups.filter(name="Zomin tumani — moderator").exists()


def khokimiyat_form(territory, title, slug) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "territory": territory.pk,
            "leadership": streamfield([]),
            "departments": streamfield([]),
            "address": "Markaziy koʻcha 1",
            "phone": "",
            "email": "",
            "reception_hours": streamfield([]),
            "directions": "",
            "map_url": "",
            "comments": inline_formset([]),
        }
    )


def test_a_khokimiyat_page_created_in_the_admin_is_provisioned_and_logged(client, tree, home_page, make_staff):
    editor = make_staff(StaffRoleKind.EDITOR, tree.namangan)
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    url = reverse("wagtailadmin_pages:add", args=["cms", "khokimiyatpage", home_page.pk])
    response = client.post(url, khokimiyat_form(tree.namangan, "Namangan viloyati hokimligi", "namangan"))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = KhokimiyatPage.objects.get(territory=tree.namangan)

    assert page_codenames(territory_group(tree.namangan, StaffRoleKind.EDITOR), page) == {"add_page", "change_page"}
    workflow = WorkflowPage.objects.get(page=page).workflow
    # The audit log names the administrator whose page creation provisioned the review.
    assert ModelLogEntry.objects.filter(
        action="wagtail.create", object_id=str(workflow.pk), user=admin, label=workflow.name
    ).exists()
    client.force_login(editor)
    assert client.get(edit_url(page)).status_code == 200


def test_translations_made_in_the_admin_get_the_same_access_and_review(client, tree, pages, make_staff):
    editor = make_staff(StaffRoleKind.EDITOR, tree.yangiqorgon)
    zomin_editor = make_staff(StaffRoleKind.EDITOR, tree.zomin)
    russian = Locale.objects.get(language_code="ru")
    client.force_login(UserFactory(is_superuser=True))
    for page in (pages.namangan.get_parent(), pages.namangan, pages.yangiqorgon):
        url = reverse("simple_translation:submit_page_translation", args=[page.pk])
        assert client.post(url, {"locales": [russian.pk]}).status_code == 302
    translation = pages.yangiqorgon.get_translation(russian)

    workflow = WorkflowPage.objects.get(page=pages.yangiqorgon).workflow
    assert WorkflowPage.objects.get(page=translation).workflow == workflow
    group = territory_group(tree.yangiqorgon, StaffRoleKind.EDITOR)
    assert page_codenames(group, translation) == {"add_page", "change_page"}
    client.force_login(editor)
    assert client.get(edit_url(translation)).status_code == 200
    client.force_login(zomin_editor)
    assert client.get(edit_url(translation)).status_code == 403


def test_approving_publishes_with_the_approval_as_authority():
    """Approvers hold no publish permission, so the workflow's finishing step must not ask
    for it: settings name ``cms.workflows.publish_approved`` as the finish action."""
    assert WorkflowState.on_finish is workflows.publish_approved, (
        'set WAGTAIL_FINISH_WORKFLOW_ACTION = "cms.workflows.publish_approved" in settings'
    )


def test_sync_command_repairs_access_removed_by_hand(tree, home_page, make_staff):
    from django.core.management import call_command
    from wagtail.models import GroupPagePermission

    from cms.models import KhokimiyatPage

    editor = make_staff("editor", tree.yangiqorgon)
    home_page.add_child(
        instance=KhokimiyatPage(title="Yangiqoʻrgʻon", slug="yq", territory=tree.yangiqorgon, address="x")
    )
    GroupPagePermission.objects.filter(group__in=editor.groups.all()).delete()
    call_command("sync_staff_access")
    assert GroupPagePermission.objects.filter(
        group__in=editor.groups.all(), permission__codename="change_page"
    ).exists()
