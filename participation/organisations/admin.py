"""Organisations in the Wagtail admin: the audit-log actions of their history."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


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
