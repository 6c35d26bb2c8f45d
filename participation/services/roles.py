from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.log_actions import log

from participation import exceptions
from participation.models import StaffRole, StaffRoleKind, Territory, User
from participation.selectors import staff_role_paths_forget
from participation.signals import staff_role_granted, staff_role_revoked

STAFF_GROUP_NAME = "Territory staff"


def staff_group() -> Group:
    """The group that lets role holders into the Wagtail admin at all.

    What they may do there is decided per territory by the rules; this group only opens
    the door. Later features add their page and snippet permissions to role-specific groups.
    """
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP_NAME)
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    group.permissions.add(access)
    return group


@transaction.atomic
def staff_role_grant(*, user: User, territory: Territory, role: str, granted_by: User | None) -> StaffRole:
    """Give ``user`` a role on ``territory``. ``granted_by=None`` means a management command.

    Idempotent: granting a role someone already holds returns the existing row. Either way
    ``staff_role_granted`` goes out inside this transaction, so the admin access that layers
    above provision for the role (``cms``) exists exactly when the role does.
    """
    if granted_by is not None and not granted_by.has_perm("participation.grant_role_territory", territory):
        raise exceptions.ServiceError(exceptions.ROLE_GRANT_NOT_ALLOWED)
    staff_role, created = StaffRole.objects.get_or_create(
        user=user, territory=territory, role=role, defaults={"granted_by": granted_by}
    )
    # An operator works at the desk on the public site, not in the admin: the role alone
    # opens no admin door.
    if created and role != StaffRoleKind.OPERATOR:
        user.groups.add(staff_group())
        log(instance=staff_role, action="wagtail.create", user=granted_by)
    staff_role_granted.send(
        sender=StaffRole,
        staff_role=staff_role,
        user=user,
        territory=territory,
        role=role,
        created=created,
        by=granted_by,
    )
    staff_role_paths_forget(user)
    return staff_role


@transaction.atomic
def staff_role_revoke(*, staff_role: StaffRole, revoked_by: User | None) -> None:
    """Take a role away; the last role taken away also closes the admin door."""
    if revoked_by is not None and not revoked_by.has_perm("participation.grant_role_territory", staff_role.territory):
        raise exceptions.ServiceError(exceptions.ROLE_GRANT_NOT_ALLOWED)
    user = staff_role.user
    log(instance=staff_role, action="wagtail.delete", user=revoked_by)
    staff_role.delete()
    if not StaffRole.objects.filter(user=user).exclude(role=StaffRoleKind.OPERATOR).exists():
        user.groups.remove(staff_group())
    staff_role_revoked.send(
        sender=StaffRole,
        staff_role=staff_role,
        user=user,
        territory=staff_role.territory,
        role=staff_role.role,
        by=revoked_by,
    )
    staff_role_paths_forget(user)
