import pytest
from django.urls import reverse

from participation.exceptions import ServiceError
from participation.models import StaffRole, StaffRoleKind
from participation.services.roles import staff_role_grant, staff_role_revoke
from tests.factories import UserFactory


def test_a_role_opens_the_admin_and_losing_the_last_role_closes_it(client, tree):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 302  # back to the login page

    editor = staff_role_grant(user=user, territory=tree.yangiqorgon, role=StaffRoleKind.EDITOR, granted_by=None)
    again = staff_role_grant(user=user, territory=tree.yangiqorgon, role=StaffRoleKind.EDITOR, granted_by=None)
    assert again.pk == editor.pk and StaffRole.objects.count() == 1
    moderator = staff_role_grant(user=user, territory=tree.zomin, role=StaffRoleKind.MODERATOR, granted_by=None)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200

    staff_role_revoke(staff_role=editor, revoked_by=None)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200  # still a moderator
    staff_role_revoke(staff_role=moderator, revoked_by=None)
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_only_a_manager_above_the_territory_may_grant(tree, make_staff):
    manager = make_staff(StaffRoleKind.MANAGER, tree.namangan)
    other = make_staff(StaffRoleKind.MANAGER, tree.zomin)
    newcomer = UserFactory()
    staff_role_grant(user=newcomer, territory=tree.yangiqorgon, role=StaffRoleKind.EDITOR, granted_by=manager)
    with pytest.raises(ServiceError):
        staff_role_grant(user=newcomer, territory=tree.yangiqorgon, role=StaffRoleKind.MANAGER, granted_by=other)
    assert list(StaffRole.objects.filter(user=newcomer).values_list("role", flat=True)) == ["editor"]
