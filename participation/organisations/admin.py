"""Organisations in the Wagtail admin: the managers' list (a viewset on the core's base,
``participation.wagtail_admin``), one organisation's screen, registering one on someone's
behalf, and the audit-log actions of their history."""

import django_filters
from django.template.defaultfilters import date
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import register_permission_policy

from participation.organisations import admin_views
from participation.organisations.models import Organisation, OrganisationKind, OrganisationStatus
from participation.organisations.selectors import organisations_for_staff
from participation.wagtail_admin.policies import RulesPermissionPolicy
from participation.wagtail_admin.viewsets import HtmlColumn, StaffIndexView, StaffViewSet


@hooks.register("register_log_actions")
def register_organisation_log_actions(actions):
    actions.register_action(
        "participation.organisation_requested", _("Register organisation"), _("Registered the organisation")
    )
    actions.register_action(
        "participation.organisation_verified", _("Verify organisation"), _("Verified the organisation")
    )
    actions.register_action(
        "participation.organisation_rejected", _("Reject organisation"), _("Rejected the organisation")
    )
    actions.register_action(
        "participation.organisation_suspended", _("Suspend organisation"), _("Suspended the organisation")
    )
    actions.register_action(
        "participation.organisation_reinstated", _("Reinstate organisation"), _("Reinstated the organisation")
    )
    actions.register_action(
        "participation.organisation_renewed", _("Renew verification"), _("Renewed the organisation's verification")
    )
    actions.register_action(
        "participation.organisation_expired", _("Verification expired"), _("The organisation's verification expired")
    )
    actions.register_action(
        "participation.organisation_member_invited", _("Invite member"), _("Made an invitation link")
    )
    actions.register_action(
        "participation.organisation_member_joined", _("Member joined"), _("Joined the organisation")
    )
    actions.register_action("participation.organisation_member_ended", _("End membership"), _("Ended a membership"))
    actions.register_action("participation.organisation_member_left", _("Member left"), _("Left the organisation"))


# --- The staff list (a viewset on the core's base) and its screens -----------------------------

USE_SCREEN = admin_views.USE_SCREEN
register_permission_policy(
    Organisation,
    RulesPermissionPolicy(Organisation, actions={"view": USE_SCREEN}, scope=lambda user: organisations_for_staff(user)),
)


def _status(organisation) -> str:
    if organisation.status == OrganisationStatus.REQUESTED:
        return format_html('<strong class="w-status w-status--primary">{}</strong>', organisation.get_status_display())
    return format_html('<span class="w-status">{}</span>', organisation.get_status_display())


def _expires(organisation) -> str:
    if organisation.verification_expires_on is None:
        return "—"
    return date(organisation.verification_expires_on, "d.m.Y")


class OrganisationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OrganisationStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganisationKind.choices)

    class Meta:
        model = Organisation
        fields = []


class OrganisationIndexView(StaffIndexView):
    no_results_message = _("No organisations in your territories.")
    header_buttons_extra = None

    def get_base_queryset(self):
        return organisations_for_staff(self.request.user)

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(_("Register an organisation"), url=reverse("organisations_admin:create"), icon_name="plus")
        ]


class OrganisationViewSet(StaffViewSet):
    """Organisations of the manager's territories, those awaiting verification first."""

    model = Organisation
    name = "organisations_admin"
    url_prefix = "organisations"
    icon = "group"
    menu_label = _("Organisations")
    menu_order = 320
    add_to_admin_menu = True
    refusal = admin_views.NOT_ALLOWED
    index_view_class = OrganisationIndexView
    filterset_class = OrganisationFilterSet
    row_url_name = "organisation"
    list_display = [
        "name_uz",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("territory", label=_("Works in"), accessor="territory.name"),
        HtmlColumn("status", label=_("Status"), render=_status),
        Column("open_members", label=_("Members")),
        HtmlColumn("expires", label=_("Verified until"), render=_expires),
    ]

    def extra_urlpatterns(self):
        return [
            path("<int:organisation_id>/", admin_views.organisation_review_view, name="organisation"),
            path("register/", admin_views.organisation_create_view, name="create"),
        ]


@hooks.register("register_admin_viewset")
def register_organisation_viewset():
    return OrganisationViewSet()
