"""Petitions in the Wagtail admin: audit-log actions, and the staff screens as viewsets on the
core's base (``participation.wagtail_admin``): the petitions of a person's territories (a
listing, then one petition's screen) and the petition rules of each level (a kept list)."""

import django_filters
from django.http import Http404
from django.template.defaultfilters import date
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.permissions import register_permission_policy

from participation.admin_helpers import overdue_days
from participation.wagtail_admin.policies import RulesPermissionPolicy
from participation.wagtail_admin.viewsets import HtmlColumn, ServiceEditView, StaffIndexView, StaffViewSet
from participation.web.dates import machine_time
from proposals.petitions import admin_views
from proposals.petitions.admin_forms import PetitionFilterForm, PetitionRulesForm
from proposals.petitions.models import Petition, PetitionRules
from proposals.petitions.selectors import (
    petition_answer_overdue,
    petition_rules_levels,
    petitions_awaiting_answer,
    petitions_for_staff,
)
from proposals.petitions.services.level_rules import petition_rules_update

EDIT_RULES = "proposals.edit_petition_rules"
register_permission_policy(
    Petition,
    RulesPermissionPolicy(Petition, actions={"view": "participation.use_staff_tools"}, scope=petitions_awaiting_answer),
)
register_permission_policy(
    PetitionRules, RulesPermissionPolicy(PetitionRules, actions={"view": EDIT_RULES, "change": EDIT_RULES})
)


@hooks.register("register_log_actions")
def register_petition_log_actions(actions):
    actions.register_action("proposals.petition_extended", _("Extend answer date"), _("Extended the answer date"))
    actions.register_action("proposals.petition_answered", _("Answer petition"), _("Answered the petition"))
    actions.register_action("proposals.signatures_invalidated", _("Invalidate signatures"), _("Invalidated signatures"))
    actions.register_action(
        "proposals.petition_rules_changed", _("Change petition rules"), _("Changed the petition rules")
    )


# --- The petitions of one's territories ---------------------------------------------------------


def _overdue(petition) -> int | None:
    now = timezone.now()
    return overdue_days(petition.answer_due_at, now) if petition_answer_overdue(petition, now) else None


def _answer_due(petition) -> str:
    if petition.answer_due_at is None:
        return "—"
    due = timezone.localtime(petition.answer_due_at)
    cell = format_html('<time datetime="{}">{}</time>', machine_time(due), date(due, "d.m.Y"))
    if days := _overdue(petition):
        cell = format_html("{}<br>{}", cell, render_to_string("participation/admin/overdue.html", {"days": days}))
    return cell


class PetitionFilterSet(WagtailFilterSet):
    """Awaiting an answer (the default) or every petition of the person's territories; the
    choice picks the selector (``PetitionIndexView``), so the filter itself keeps the rows."""

    show = django_filters.ChoiceFilter(
        label=_("Show"), choices=PetitionFilterForm.CHOICES, empty_label=None, method="keep_rows"
    )

    class Meta:
        model = Petition
        fields = []

    def keep_rows(self, queryset, name, value):
        return queryset


class PetitionIndexView(StaffIndexView):
    def get_base_queryset(self):
        if PetitionFilterForm(self.request.GET or None).value() == PetitionFilterForm.ALL:
            return petitions_for_staff(self.request.user)
        return super().get_base_queryset()


class PetitionViewSet(StaffViewSet):
    """Petitions awaiting an answer in the person's territories, due date first; or all."""

    model = Petition
    name = "petitions_admin"
    url_prefix = "petitions"
    icon = admin_views.ICON
    menu_label = admin_views.TITLE
    menu_order = 310
    add_to_admin_menu = True
    refusal = admin_views.NOT_ALLOWED_SCREENS
    index_view_class = PetitionIndexView
    filterset_class = PetitionFilterSet
    row_url_name = "petition"
    row_class = staticmethod(lambda petition: "petition-overdue" if _overdue(petition) else "")
    list_display = [
        "title",
        Column("territory", label=_("Addressed to"), accessor="territory.name"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column(
            "signatures",
            label=_("Signatures"),
            accessor=lambda petition: f"{petition.signature_count} / {petition.signatures_needed}",
        ),
        HtmlColumn("answer_due", label=_("Answer due"), render=_answer_due),
    ]

    def extra_urlpatterns(self):
        return [path("<int:petition_id>/", admin_views.petition_view, name="petition")]


# --- The petition rules of each level ------------------------------------------------------------


class PetitionRulesIndexView(StaffIndexView):
    """Every level, the saved row or the shipped default where managers have saved none."""

    def get_queryset(self):
        return petition_rules_levels()

    def get_edit_url(self, instance):
        return reverse(self.edit_url_name, args=(instance.level,))

    def get_list_more_buttons(self, instance):
        return []


class PetitionRulesEditView(ServiceEditView):
    """The rules of one level, found by the level (a level never saved has no row yet)."""

    def get_object(self, queryset=None):
        rules = next((rules for rules in petition_rules_levels() if rules.level == self.kwargs["pk"]), None)
        if rules is None:
            raise Http404
        return rules

    def get_edit_url(self):
        return reverse(self.edit_url_name, args=(self.object.level,))


def _level(rules) -> str:
    url = reverse("petitions_admin_rules:edit", args=(rules.level,))
    link = format_html('<a href="{}">{}</a>', url, rules.get_level_display())
    return link if rules.pk else format_html("{} ({})", link, _("shipped default"))


class PetitionRulesViewSet(StaffViewSet):
    """How petitions work at each level of territory. A petition keeps the rules in force when
    it was drafted, so a change never moves a running petition's goal."""

    model = PetitionRules
    form_class = PetitionRulesForm
    name = "petitions_admin_rules"
    url_prefix = "petition-rules"
    pk_path_converter = "slug"
    icon = admin_views.RULES_ICON
    menu_label = admin_views.RULES_TITLE
    menu_order = 710
    add_to_settings_menu = True
    edit_view_enabled = True
    index_view_class = PetitionRulesIndexView
    edit_view_class = PetitionRulesEditView
    refusal = admin_views.NOT_ALLOWED_RULES
    list_display = [
        HtmlColumn("level", label=_("Level"), render=_level),
        Column("signatures_needed", label=_("Signatures needed")),
        Column("collection_days", label=_("Days to collect")),
        Column("cosponsors_needed", label=_("Co-sponsors needed")),
        Column("verification_level", label=_("Verification needed"), accessor="get_verification_level_display"),
        BooleanColumn("residents_only", label=_("Residents only")),
    ]

    def save(self, *, user, values, instance):
        return petition_rules_update(level=instance.level, user=user, values=values)

    def saved_message(self, saved):
        return admin_views.RULES_SAVED % {"level": saved.get_level_display()}


@hooks.register("register_admin_viewset")
def register_petition_viewsets():
    return [PetitionViewSet(), PetitionRulesViewSet()]
