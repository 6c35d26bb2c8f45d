"""The list of moderation reasons in the Wagtail admin, kept by managers of the whole country:
a listing, an add form and an edit form (retire, never delete) on the core's viewsets."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.permissions import register_permission_policy

from participation.models import ReasonCode
from participation.moderation.forms import ReasonCodeForm
from participation.moderation.reason_codes import reason_code_save
from participation.selectors import reason_codes_all
from participation.wagtail_admin.policies import RulesPermissionPolicy
from participation.wagtail_admin.viewsets import HtmlColumn, StaffViewSet

KEEP = "participation.manage_reason_codes"
NOT_ALLOWED_REASONS = _("Only managers keep the list of moderation reasons.")
REASON_SAVED = _("The reason “%(code)s” is saved.")
IN_USE, RETIRED = _("In use"), _("Retired")

register_permission_policy(
    ReasonCode,
    RulesPermissionPolicy(
        ReasonCode, actions={"view": KEEP, "add": KEEP, "change": KEEP}, scope=lambda user: reason_codes_all()
    ),
)


def _state(reason) -> str:
    return IN_USE if reason.is_active else format_html("<strong>{}</strong>", RETIRED)


class ReasonCodeViewSet(StaffViewSet):
    """Moderators choose one of these when they reject; residents choose one when they report."""

    model = ReasonCode
    form_class = ReasonCodeForm
    name = "participation_reason_codes"
    url_prefix = "moderation/reasons"
    icon = "list-ul"
    menu_label = _("Moderation reasons")
    menu_order = 700
    add_to_settings_menu = True
    add_view_enabled = edit_view_enabled = True
    refusal = NOT_ALLOWED_REASONS
    list_display = [
        "code",
        Column("label", label=_("Label")),
        Column("legal_basis", label=_("Legal basis")),
        BooleanColumn("for_flags", label=_("For reports")),
        HtmlColumn("state", label=_("State"), render=_state),
    ]

    def save(self, *, user, values, instance):
        return reason_code_save(user=user, values=values, reason=instance)

    def saved_message(self, saved):
        return REASON_SAVED % {"code": saved.code}
