"""Petitions inside the Wagtail admin: the audit-log actions their services record."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_petition_log_actions(actions):
    actions.register_action("proposals.petition_extended", _("Extend answer date"), _("Extended the answer date"))
    actions.register_action("proposals.petition_answered", _("Answer petition"), _("Answered the petition"))
    actions.register_action(
        "proposals.signatures_invalidated", _("Invalidate signatures"), _("Invalidated signatures")
    )
