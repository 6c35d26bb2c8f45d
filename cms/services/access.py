"""Staff access to a khokimiyat's pages in the Wagtail admin, derived from their roles.

A role (``participation.StaffRole``) is the only source of truth. This module mirrors roles
into what Wagtail itself checks, so the admin's own views enforce them:

* one Wagtail group per (territory, role), linked by ``TerritoryGroup``; its members are
  exactly the holders of that role there;
* that group's page permissions on the territory's khokimiyat pages, in every language.
  Wagtail inherits page permissions down the tree, and a district's page sits under its
  region's page, so a region's staff reach the districts below as their roles say;
* one collection per khokimiyat for its documents and images (signed decisions, photos);
* one review workflow per khokimiyat. No group here is ever given ``publish_page``: every
  change an editor makes is submitted, and a moderator or manager of that khokimiyat (or of a
  territory above it) approves it or asks for changes. Wagtail logs each of those steps.

The groups are managed here: their page and collection permissions and members are
recomputed on every sync, so a change made to them by hand in the admin does not last.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.models import KhokimiyatPage, SecondPersonApprovalTask, TerritoryGroup
from participation.models import StaffRole, StaffRoleKind, Territory, User
from participation.selectors import territory_ancestors

# What each role may do to the pages of its territory. Deliberately without publish_page:
# publishing is what the review workflow does once a moderator approves.
PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    StaffRoleKind.EDITOR: ("add_page", "change_page"),
    StaffRoleKind.MODERATOR: ("change_page",),
    # Wagtail derives deleting a page from change_page (and then only for pages never
    # published, as nobody here may publish); delete_page states the intent for managers.
    StaffRoleKind.MANAGER: ("add_page", "change_page", "delete_page"),
    StaffRoleKind.RESPONDER: (),
    # An operator acts for residents at a service centre's desk on the public site; no pages.
    StaffRoleKind.OPERATOR: (),
}

# Uploading the files a page links to (signed decisions, photos) into the khokimiyat's own
# collection, and choosing them in the page editor.
_MEDIA = (
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
)
COLLECTION_PERMISSIONS: dict[str, tuple[tuple[str, str], ...]] = {
    StaffRoleKind.EDITOR: _MEDIA,
    StaffRoleKind.MANAGER: _MEDIA,
    # Responders run consultations: the draft as filed, its annexes and maps are attached from
    # the khokimiyat's collection.
    StaffRoleKind.RESPONDER: _MEDIA,
}

# Who approves or sends back a submitted change.
REVIEWER_ROLES = (StaffRoleKind.MODERATOR, StaffRoleKind.MANAGER)

_GROUP_NAME_MAX_LENGTH = Group._meta.get_field("name").max_length


# --- Groups --------------------------------------------------------------------------------


def _group_name(territory: Territory, role: str) -> str:
    """``"UZ-NG — editor"``, or the Uzbek name where the territory has no official code.

    Group names are unique; two territories without a code may share a name, so the second
    one's group carries the territory's id as well.
    """
    suffix = f" — {role}"
    label = territory.code or territory.name_uz
    name = label[: _GROUP_NAME_MAX_LENGTH - len(suffix)] + suffix
    if Group.objects.filter(name=name).exists():
        tag = f" · {territory.pk}"
        name = label[: _GROUP_NAME_MAX_LENGTH - len(suffix) - len(tag)] + tag + suffix
    return name


def territory_group(territory: Territory, role: str, *, by: User | None = None) -> Group:
    """The Wagtail group of ``role`` on ``territory``, created on first use."""
    link = TerritoryGroup.objects.select_related("group").filter(territory=territory, role=role).first()
    if link is not None:
        return link.group
    try:
        # A savepoint: two grants on one territory at once may both try to create the group.
        with transaction.atomic():
            group = Group.objects.create(name=_group_name(territory, role))
            TerritoryGroup.objects.create(territory=territory, role=role, group=group)
    except IntegrityError:
        return TerritoryGroup.objects.select_related("group").get(territory=territory, role=role).group
    log(instance=group, action="wagtail.create", user=by)
    return group


# --- Lookups shared by one sync ------------------------------------------------------------


class _Lookups:
    """Permissions, collections, groups and ancestors, looked up once per sync and shared by
    all the khokimiyats and groups it touches, so a region-wide sync stays a few queries per
    khokimiyat."""

    def __init__(self, by: User | None):
        self.by = by
        wanted = {("wagtailcore", codename) for codenames in PAGE_PERMISSIONS.values() for codename in codenames}
        wanted |= {key for keys in COLLECTION_PERMISSIONS.values() for key in keys}
        query = Q()
        for app_label, codename in wanted:
            query |= Q(content_type__app_label=app_label, codename=codename)
        self._permissions = {
            (permission.content_type.app_label, permission.codename): permission
            for permission in Permission.objects.filter(query).select_related("content_type")
        }
        if missing := wanted - self._permissions.keys():
            # An app's migrations have not run; granting less than the role implies would hide it.
            raise LookupError(f"missing permissions: {sorted(missing)}")
        self._collections: dict[int, Collection] = {}
        self._root_collections: list[Collection] | None = None
        self._groups: dict[tuple[int, str], Group] = {}
        self._ancestors: dict[int, list[Territory]] = {}

    def group(self, territory: Territory, role: str) -> Group:
        if (territory.pk, role) not in self._groups:
            self._groups[territory.pk, role] = territory_group(territory, role, by=self.by)
        return self._groups[territory.pk, role]

    def ancestors(self, territory: Territory) -> list[Territory]:
        """``territory`` and every territory above it, country first."""
        if territory.pk not in self._ancestors:
            self._ancestors[territory.pk] = list(territory_ancestors(territory, include_self=True))
        return self._ancestors[territory.pk]

    def page_permissions(self, role: str) -> list[Permission]:
        return [self._permissions["wagtailcore", codename] for codename in PAGE_PERMISSIONS.get(role, ())]

    def collection_permissions(self, role: str) -> list[Permission]:
        return [self._permissions[key] for key in COLLECTION_PERMISSIONS.get(role, ())]

    def collection(self, territory: Territory) -> Collection:
        if territory.pk not in self._collections:
            if self._root_collections is None:
                self._root_collections = list(Collection.get_first_root_node().get_children())
            found = next((c for c in self._root_collections if _is_collection_of(c, territory)), None)
            if found is None:
                found = khokimiyat_collection(territory, by=self.by)
                self._root_collections.append(found)
            self._collections[territory.pk] = found
        return self._collections[territory.pk]


# --- Pages, collections, workflows of a khokimiyat ------------------------------------------


def _khokimiyat_pages_within(territory: Territory) -> list[KhokimiyatPage]:
    """Khokimiyat pages of ``territory`` and of every territory inside it, in every language,
    in page-tree order."""
    return list(
        KhokimiyatPage.objects.filter(territory__path__startswith=territory.path)
        .select_related("territory")
        .order_by("path")
    )


def _topmost(pages: list[KhokimiyatPage]) -> list[KhokimiyatPage]:
    """The pages of ``pages`` (in tree order) that no other of them lies above.

    Permissions on these reach every page below through Wagtail's inheritance, including a
    district page that sits directly under the home page because its region has no page yet.
    """
    tops: list[KhokimiyatPage] = []
    for page in pages:
        if not any(page.path.startswith(top.path) for top in tops):
            tops.append(page)
    return tops


def _collection_name(territory: Territory) -> str:
    return f"{territory.name_uz} ({territory.code})" if territory.code else territory.name_uz


def _is_collection_of(collection: Collection, territory: Territory) -> bool:
    """Found again by the official code at the end of the name, so renaming the territory does
    not orphan its files; territories without a code are found by their Uzbek name."""
    if territory.code:
        return collection.name.endswith(f"({territory.code})")
    return collection.name == territory.name_uz


def khokimiyat_collection(territory: Territory, *, by: User | None = None) -> Collection:
    """The collection (under the root collection) the khokimiyat of ``territory`` keeps its
    documents and images in, created on first use."""
    root = Collection.get_first_root_node()
    found = next((c for c in root.get_children() if _is_collection_of(c, territory)), None)
    if found is not None:
        return found
    collection = root.add_child(name=_collection_name(territory))
    log(instance=collection, action="wagtail.create", user=by)
    return collection


def _khokimiyat_workflow(territory: Territory, pages: list[KhokimiyatPage], lookups: _Lookups) -> Workflow:
    """Attach the khokimiyat's review workflow to each of its pages (every language).

    Its approval task (a second person must approve) names the moderators and managers of the khokimiyat and of every
    territory above it, whose roles cover it too. Those groups are created even while nobody
    holds the role, so the task always has someone to wait for once roles are granted.
    A workflow an administrator attached to the page by hand is kept and given the groups.
    """
    rows = WorkflowPage.objects.filter(page__in=pages).select_related("workflow")
    attached = {row.page_id: row.workflow for row in rows}
    if attached:
        workflow = next(iter(attached.values()))
    else:
        # Stored names are shown to every administrator: write them in the site's language,
        # not in the language of whoever happened to trigger this.
        with translation.override(settings.LANGUAGE_CODE):
            workflow = Workflow.objects.create(name=_("%(khokimiyat)s: review") % {"khokimiyat": territory.name_uz})
        log(instance=workflow, action="wagtail.create", user=lookups.by)

    task = (
        SecondPersonApprovalTask.objects.filter(workflow_tasks__workflow=workflow)
        .order_by("workflow_tasks__sort_order")
        .first()
    )
    if task is None:
        with translation.override(settings.LANGUAGE_CODE):
            task = SecondPersonApprovalTask.objects.create(
                name=_("%(khokimiyat)s: moderators approve") % {"khokimiyat": territory.name_uz}
            )
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=workflow.workflow_tasks.count())
    task.groups.add(*(lookups.group(above, role) for above in lookups.ancestors(territory) for role in REVIEWER_ROLES))
    WorkflowPage.objects.bulk_create(
        WorkflowPage(page=page, workflow=workflow) for page in pages if page.pk not in attached
    )
    return workflow


# --- Group permissions and members -----------------------------------------------------------


def _group_sync(link: TerritoryGroup, lookups: _Lookups) -> None:
    """Make the group's members, page and collection permissions what its role implies."""
    group, territory = link.group, link.territory
    group.user_set.set(User.objects.filter(staff_roles__territory=territory, staff_roles__role=link.role).distinct())

    pages = _khokimiyat_pages_within(territory)
    wanted_pages = {
        (page.pk, permission.pk) for page in _topmost(pages) for permission in lookups.page_permissions(link.role)
    }
    current_pages = {
        (row.page_id, row.permission_id): row.pk for row in GroupPagePermission.objects.filter(group=group)
    }
    khokimiyats = {page.territory_id: page.territory for page in pages}.values()
    media = lookups.collection_permissions(link.role)
    wanted_media = {
        (lookups.collection(khokimiyat).pk, permission.pk) for khokimiyat in khokimiyats for permission in media
    }
    current_media = {
        (row.collection_id, row.permission_id): row.pk for row in GroupCollectionPermission.objects.filter(group=group)
    }
    if wanted_pages == current_pages.keys() and wanted_media == current_media.keys():
        return

    GroupPagePermission.objects.filter(
        pk__in=[pk for key, pk in current_pages.items() if key not in wanted_pages]
    ).delete()
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page_id=page_id, permission_id=permission_id)
        for page_id, permission_id in wanted_pages - current_pages.keys()
    )
    GroupCollectionPermission.objects.filter(
        pk__in=[pk for key, pk in current_media.items() if key not in wanted_media]
    ).delete()
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(group=group, collection_id=collection_id, permission_id=permission_id)
        for collection_id, permission_id in wanted_media - current_media.keys()
    )
    log(instance=group, action="wagtail.edit", user=lookups.by)


# --- Entry points ----------------------------------------------------------------------------


@transaction.atomic
def khokimiyat_access_sync(territory: Territory, *, by: User | None = None) -> None:
    """Bring everything that decides staff access around ``territory`` up to date.

    Provisions the collection and review workflow of every khokimiyat page on or inside
    ``territory``, then recomputes the groups whose reach includes those pages: the groups
    on the territory and above it (a region's editors gain a new district's collection).
    Groups further down reach only pages further down, which this does not change.
    Idempotent; safe to run again at any time.
    """
    lookups = _Lookups(by)
    _khokimiyats_provision(territory, lookups)
    links = TerritoryGroup.objects.filter(territory__path__in=territory.ancestor_paths)
    for link in links.select_related("territory", "group"):
        _group_sync(link, lookups)


def _khokimiyats_provision(territory: Territory, lookups: _Lookups) -> None:
    pages_by_khokimiyat: dict[int, list[KhokimiyatPage]] = defaultdict(list)
    for page in _khokimiyat_pages_within(territory):
        pages_by_khokimiyat[page.territory_id].append(page)
    for pages in pages_by_khokimiyat.values():
        khokimiyat = pages[0].territory
        lookups.collection(khokimiyat)
        _khokimiyat_workflow(khokimiyat, pages, lookups)


def khokimiyat_page_provision(page: KhokimiyatPage, *, by: User | None = None) -> None:
    """A new khokimiyat page (or a new translation of one) gets its groups, permissions,
    collection and review workflow."""
    khokimiyat_access_sync(page.territory, by=by)


@transaction.atomic
def staff_access_grant(*, user: User, territory: Territory, role: str, by: User | None = None) -> None:
    """Put a new role holder into the role's group and make sure the group can reach the pages."""
    territory_group(territory, role, by=by).user_set.add(user)
    khokimiyat_access_sync(territory, by=by)


@transaction.atomic
def staff_access_revoke(*, user: User, territory: Territory, role: str, by: User | None = None) -> None:
    """Take a former role holder out of the role's group: the group is what Wagtail checks."""
    link = TerritoryGroup.objects.select_related("group").filter(territory=territory, role=role).first()
    if link is None:
        return
    if not StaffRole.objects.filter(user=user, territory=territory, role=role).exists():
        link.group.user_set.remove(user)


@transaction.atomic
def access_sync_everywhere(*, by: User | None = None) -> None:
    """Provision access for roles and pages that existed before this module did (a one-off
    command runs it after deploying); afterwards grants and new pages keep it current."""
    lookups = _Lookups(by)
    for territory_id, role in StaffRole.objects.values_list("territory_id", "role").distinct():
        lookups.group(Territory.objects.get(pk=territory_id), role)
    for root in Territory.get_root_nodes():
        _khokimiyats_provision(root, lookups)
    for link in TerritoryGroup.objects.select_related("territory", "group"):
        _group_sync(link, lookups)
