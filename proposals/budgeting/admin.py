"""Participatory budgeting in the Wagtail admin: audit-log actions, and the staff screens as
viewsets on the core's base (``participation.wagtail_admin``): the cycles of a person's
territories (a listing, then one cycle's screens) and the project categories (a kept list)."""

from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy

from participation.wagtail_admin.policies import RulesPermissionPolicy
from participation.wagtail_admin.viewsets import HtmlColumn, StaffViewSet
from participation.web.numbers import soum
from proposals.budgeting import admin_views
from proposals.budgeting.admin_forms import CategoryForm
from proposals.budgeting.models import Cycle, PBCategory
from proposals.budgeting.selectors.cycles import cycle_phase
from proposals.budgeting.selectors.staff import categories_for_staff, cycles_for_staff
from proposals.budgeting.services.categories import category_save

KEEP_CATEGORIES = "proposals.keep_categories"
register_permission_policy(
    PBCategory,
    RulesPermissionPolicy(
        PBCategory,
        actions={"view": KEEP_CATEGORIES, "add": KEEP_CATEGORIES, "change": KEEP_CATEGORIES},
        scope=categories_for_staff,
    ),
)
register_permission_policy(
    Cycle,
    RulesPermissionPolicy(
        Cycle,
        actions={
            "view": "proposals.use_budget_screens",
            "add": "proposals.create_cycle",
            "change": "proposals.use_budget_screens",
        },
        instance_actions={"view": "proposals.see_cycle", "change": "proposals.manage_cycle"},
        scope=cycles_for_staff,
    ),
)


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
        ("ballots_unsealed", _("Open the ballot box"), _("Opened the sealed ballots for the count")),
        (
            "results_publication_requested",
            _("Request publication"),
            _("Asked for the results to be counted and published"),
        ),
        ("results_counting", _("Count the ballots"), _("Started counting the ballots for publication")),
        ("results_publication_failed", _("Publication failed"), _("The count for publication failed")),
        ("results_published", _("Publish results"), _("Published the results")),
        ("implementation_updated", _("Report implementation"), _("Reported on the implementation")),
        ("project_signed_off", _("Confirm completion"), _("Confirmed completion")),
    ]:
        actions.register_action(f"proposals.{action}", label, message)


def _phase_now(cycle) -> str:
    now = timezone.now()
    phase = cycle_phase(cycle, now)
    over = phase is not None and now >= phase.ends_at
    return render_to_string("proposals/budgeting/admin/phase_now.html", {"phase": phase, "over": over})


class CycleViewSet(StaffViewSet):
    """The cycles of the person's territories, newest first; each opens its own screen."""

    model = Cycle
    name = "budgeting_admin"
    url_prefix = "budget"
    icon = admin_views.ICON
    menu_label = admin_views.TITLE
    menu_order = 320
    add_to_admin_menu = True
    refusal = admin_views.NOT_ALLOWED_SCREENS
    row_url_name = "cycle"
    list_display = [
        "title",
        Column("territory", label=_("Territory"), accessor="territory.name"),
        HtmlColumn("current_phase", label=_("Current phase"), render=_phase_now),
        Column("budget", label=_("Budget"), accessor=lambda cycle: soum(cycle.budget)),
        Column("project_count", label=_("Projects")),
    ]

    def extra_urlpatterns(self):
        views = admin_views
        return [
            path("new/", views.cycle_create_view, name="add"),
            path("<int:cycle_id>/", views.cycle_view, name="cycle"),
            path("<int:cycle_id>/edit/", views.cycle_edit_view, name="edit"),
            path("<int:cycle_id>/integrity/", views.integrity_view, name="integrity"),
            path("<int:cycle_id>/annul/", views.annul_view, name="annul"),
            path("projects/<int:project_id>/", views.project_view, name="project"),
        ]


def _state(category) -> str:
    return _("In use") if category.is_active else _("Retired")


class CategoryViewSet(StaffViewSet):
    """Residents choose one of these when they submit a project; each cycle offers some of them."""

    model = PBCategory
    form_class = CategoryForm
    name = "budgeting_admin_categories"
    url_prefix = "budget/categories"
    icon = admin_views.CATEGORIES_ICON
    menu_label = admin_views.CATEGORIES_TITLE
    menu_order = 720
    add_to_settings_menu = True
    add_view_enabled = edit_view_enabled = True
    refusal = admin_views.NOT_ALLOWED_CATEGORIES
    list_display = [
        "slug",
        Column("name", label=_("Name")),
        Column("position", label=_("Position")),
        Column("cycle_count", label=_("Cycles")),
        Column("state", label=_("State"), accessor=_state),
    ]

    def save(self, *, user, values, instance):
        return category_save(user=user, values=values, category=instance)

    def saved_message(self, saved):
        return admin_views.CATEGORY_SAVED % {"name": saved.name}


@hooks.register("register_admin_viewset")
def register_budget_viewsets():
    return [CategoryViewSet(), CycleViewSet()]
