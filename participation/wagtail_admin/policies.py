"""Wagtail asks a permission policy "may this person add / change / view (this) row?"; this
policy answers with the named ``rules`` permissions each feature registers in its ``rules.py``,
so a rule changes in one place and the admin's menus, buttons and screens follow it."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy


class RulesPermissionPolicy(BasePermissionPolicy):
    """``actions`` maps Wagtail's actions ("add", "change", "view", ...) to the permission that
    opens them at all (asked without an object: the door, the menu item); ``instance_actions``
    to the permission asked with the row itself (the person's territory). An action in neither
    is refused: kept lists have no "delete". ``scope(user)`` is the selector of the rows the
    person reaches; a listing never shows more."""

    def __init__(self, model, *, actions: dict[str, str], instance_actions: dict[str, str] | None = None, scope=None):
        super().__init__(model)
        self.actions = actions
        self.instance_actions = instance_actions or {}
        self.scope = scope

    def user_has_permission(self, user, action):
        permission = self.actions.get(action)
        return permission is not None and user.is_active and user.has_perm(permission)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        permission = self.instance_actions.get(action)
        return permission is None or user.has_perm(permission, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(user) if self.scope else self.model._default_manager.all()

    def users_with_any_permission(self, actions):
        """Rules are Python, not queries: ask them person by person, among the people who hold
        a staff role or are superusers (residents never open the admin)."""
        users = get_user_model().objects.filter(Q(is_superuser=True) | Q(staff_roles__isnull=False), is_active=True)
        users = users.distinct()
        allowed = [user.pk for user in users if self.user_has_any_permission(user, actions)]
        return users.filter(pk__in=allowed)
