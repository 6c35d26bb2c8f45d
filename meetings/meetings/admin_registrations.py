"""The audit log's actions of registration and check-in (the staff screens themselves are the
check-in pages on the public site, made for a phone at the door)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_registration_log_actions(actions):
    for action, label, message in [
        ("registration_created", _("Register for meeting"), _("Registered for the meeting")),
        ("registration_promoted", _("Promote from waiting list"), _("Gave a freed seat to the waiting list")),
        ("registration_cancelled", _("Cancel registration"), _("Cancelled a registration")),
        ("registration_checked_in", _("Check in"), _("Checked a registration in")),
        ("walk_ins_counted", _("Count walk-ins"), _("Counted people who came without registering")),
        ("paper_sheet_counted", _("Count paper sheet"), _("Entered a paper sign-in sheet as counts")),
    ]:
        actions.register_action(f"meetings.{action}", label, message)
