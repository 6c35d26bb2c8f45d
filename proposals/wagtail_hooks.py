"""Petitions and participatory budgeting inside the Wagtail admin: the audit-log actions their
services record, the staff screens (``proposals.admin_views``, ``proposals.pb_admin_views``)
and their menu items."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from proposals import admin_views, pb_admin_views


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
    for action, label, message in [
        ("cycle_created", _("Create budget cycle"), _("Created the budget cycle")),
        ("cycle_changed", _("Change budget cycle"), _("Changed the budget cycle")),
        ("phase_extended", _("Extend phase"), _("Extended a phase")),
        ("phase_advanced", _("Start next phase"), _("Started the next phase early")),
        ("project_feasibility", _("Record feasibility"), _("Recorded the project's feasibility")),
        ("ballots_annulled", _("Annul ballots"), _("Annulled ballots")),
        ("results_published", _("Publish results"), _("Published the results")),
        ("implementation_updated", _("Report implementation"), _("Reported on the implementation")),
        ("project_signed_off", _("Confirm completion"), _("Confirmed completion")),
    ]:
        actions.register_action(f"proposals.{action}", label, message)


@hooks.register("register_admin_urls")
def register_petition_admin_urls():
    views = admin_views
    return [
        path("petitions/", views.petitions_view, name="proposals_admin_petitions"),
        path("petitions/<int:petition_id>/", views.petition_view, name="proposals_admin_petition"),
        path("petition-rules/", views.petition_rules_view, name="proposals_admin_rules"),
        path("petition-rules/<slug:level>/", views.petition_rules_edit_view, name="proposals_admin_rules_edit"),
    ]


@hooks.register("register_admin_urls")
def register_budget_admin_urls():
    views = pb_admin_views
    return [
        path("budget/", views.cycles_view, name="proposals_admin_pb_cycles"),
        path("budget/new/", views.cycle_create_view, name="proposals_admin_pb_cycle_new"),
        path("budget/<int:cycle_id>/", views.cycle_view, name="proposals_admin_pb_cycle"),
        path("budget/<int:cycle_id>/edit/", views.cycle_edit_view, name="proposals_admin_pb_cycle_edit"),
        path("budget/<int:cycle_id>/integrity/", views.integrity_view, name="proposals_admin_pb_integrity"),
        path("budget/<int:cycle_id>/annul/", views.annul_view, name="proposals_admin_pb_annul"),
        path("budget/projects/<int:project_id>/", views.project_view, name="proposals_admin_pb_project"),
        path("budget/categories/", views.categories_view, name="proposals_admin_pb_categories"),
        path("budget/categories/new/", views.category_edit_view, name="proposals_admin_pb_category_new"),
        path(
            "budget/categories/<int:category_id>/", views.category_edit_view, name="proposals_admin_pb_category_edit"
        ),
    ]


class PetitionsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_use_petition_screens(request.user)


class PetitionRulesMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_edit_petition_rules(request.user)


class BudgetMenuItem(MenuItem):
    def is_shown(self, request):
        return pb_admin_views.may_use_budget_screens(request.user)


class BudgetCategoriesMenuItem(MenuItem):
    def is_shown(self, request):
        return pb_admin_views.may_keep_categories(request.user)


@hooks.register("register_admin_menu_item")
def register_petitions_menu_item():
    return PetitionsMenuItem(
        _("Petitions"), reverse("proposals_admin_petitions"), icon_name="clipboard-list", order=310
    )


@hooks.register("register_settings_menu_item")
def register_petition_rules_menu_item():
    return PetitionRulesMenuItem(_("Petition rules"), reverse("proposals_admin_rules"), icon_name="cogs", order=710)


@hooks.register("register_admin_menu_item")
def register_budget_menu_item():
    return BudgetMenuItem(
        pb_admin_views.TITLE, reverse("proposals_admin_pb_cycles"), icon_name=pb_admin_views.ICON, order=320
    )


@hooks.register("register_settings_menu_item")
def register_budget_categories_menu_item():
    return BudgetCategoriesMenuItem(
        pb_admin_views.CATEGORIES_TITLE, reverse("proposals_admin_pb_categories"),
        icon_name=pb_admin_views.CATEGORIES_ICON, order=720,
    )
