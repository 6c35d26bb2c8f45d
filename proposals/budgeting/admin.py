"""Participatory budgeting in the Wagtail admin: audit-log actions, staff screens and menu items."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from proposals.budgeting import admin_views


@hooks.register("register_log_actions")
def register_budget_log_actions(actions):
    for action, label, message in [
        ("cycle_created", _("Create budget cycle"), _("Created the budget cycle")),
        ("cycle_changed", _("Change budget cycle"), _("Changed the budget cycle")),
        ("phase_extended", _("Extend phase"), _("Extended a phase")),
        ("phase_advanced", _("Start next phase"), _("Started the next phase early")),
        ("project_feasibility", _("Record feasibility"), _("Recorded the project's feasibility")),
        ("project_status", _("Change project status"), _("Changed the project's status")),
        ("ballots_annulled", _("Annul ballots"), _("Annulled ballots")),
        ("results_published", _("Publish results"), _("Published the results")),
        ("implementation_updated", _("Report implementation"), _("Reported on the implementation")),
        ("project_signed_off", _("Confirm completion"), _("Confirmed completion")),
    ]:
        actions.register_action(f"proposals.{action}", label, message)


@hooks.register("register_admin_urls")
def register_budget_admin_urls():
    views = admin_views
    return [
        path("budget/", views.cycles_view, name="budgeting_admin_cycles"),
        path("budget/new/", views.cycle_create_view, name="budgeting_admin_cycle_new"),
        path("budget/<int:cycle_id>/", views.cycle_view, name="budgeting_admin_cycle"),
        path("budget/<int:cycle_id>/edit/", views.cycle_edit_view, name="budgeting_admin_cycle_edit"),
        path("budget/<int:cycle_id>/integrity/", views.integrity_view, name="budgeting_admin_integrity"),
        path("budget/<int:cycle_id>/annul/", views.annul_view, name="budgeting_admin_annul"),
        path("budget/projects/<int:project_id>/", views.project_view, name="budgeting_admin_project"),
        path("budget/categories/", views.categories_view, name="budgeting_admin_categories"),
        path("budget/categories/new/", views.category_edit_view, name="budgeting_admin_category_new"),
        path(
            "budget/categories/<int:category_id>/", views.category_edit_view, name="budgeting_admin_category_edit"
        ),
    ]


class BudgetMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_use_budget_screens(request.user)


class BudgetCategoriesMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_keep_categories(request.user)


@hooks.register("register_admin_menu_item")
def register_budget_menu_item():
    return BudgetMenuItem(
        admin_views.TITLE, reverse("budgeting_admin_cycles"), icon_name=admin_views.ICON, order=320
    )


@hooks.register("register_settings_menu_item")
def register_budget_categories_menu_item():
    return BudgetCategoriesMenuItem(
        admin_views.CATEGORIES_TITLE, reverse("budgeting_admin_categories"),
        icon_name=admin_views.CATEGORIES_ICON, order=720,
    )
