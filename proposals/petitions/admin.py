"""Petitions in the Wagtail admin: audit-log actions, staff screens and menu items."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from proposals.petitions import admin_views


@hooks.register("register_log_actions")
def register_petition_log_actions(actions):
    actions.register_action("proposals.petition_extended", _("Extend answer date"), _("Extended the answer date"))
    actions.register_action("proposals.petition_answered", _("Answer petition"), _("Answered the petition"))
    actions.register_action(
        "proposals.signatures_invalidated", _("Invalidate signatures"), _("Invalidated signatures")
    )
    actions.register_action(
        "proposals.petition_rules_changed", _("Change petition rules"), _("Changed the petition rules")
    )


@hooks.register("register_admin_urls")
def register_petition_admin_urls():
    views = admin_views
    return [
        path("petitions/", views.petitions_view, name="petitions_admin_petitions"),
        path("petitions/<int:petition_id>/", views.petition_view, name="petitions_admin_petition"),
        path("petition-rules/", views.petition_rules_view, name="petitions_admin_rules"),
        path("petition-rules/<slug:level>/", views.petition_rules_edit_view, name="petitions_admin_rules_edit"),
    ]


class PetitionsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_use_petition_screens(request.user)


class PetitionRulesMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_edit_petition_rules(request.user)


@hooks.register("register_admin_menu_item")
def register_petitions_menu_item():
    return PetitionsMenuItem(
        _("Petitions"), reverse("petitions_admin_petitions"), icon_name="clipboard-list", order=310
    )


@hooks.register("register_settings_menu_item")
def register_petition_rules_menu_item():
    return PetitionRulesMenuItem(_("Petition rules"), reverse("petitions_admin_rules"), icon_name="cogs", order=710)
