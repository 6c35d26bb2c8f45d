"""Minutes and action items in the Wagtail admin: the screens' addresses, the "Action items"
menu item (the owner's queue) and the audit log's actions. The screens are
``followup_admin_views``; the meeting's own admin (meetcore) links to the follow-up screen."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from meetings.meetings import followup_admin_views as views

urls = (
    [
        path("<int:pk>/", views.followup_meeting_view, name="meeting"),
        path("actions/", views.action_queue_view, name="queue"),
        path("actions/<int:pk>/", views.action_view, name="action"),
    ],
    "meetings_followup_admin",
)


@hooks.register("register_admin_urls")
def register_followup_urls():
    return [path("meetings/followup/", include(urls))]


class ActionQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("meetings.use_meeting_screens") or request.user.is_superuser


@hooks.register("register_admin_menu_item")
def register_action_queue_menu_item():
    return ActionQueueMenuItem(
        views.QUEUE_TITLE, reverse("meetings_followup_admin:queue"), icon_name="tasks", order=345
    )


@hooks.register("register_log_actions")
def register_followup_log_actions(actions):
    for action, label, message in [
        ("minutes_written", _("Write minutes"), _("Wrote the draft minutes")),
        ("minutes_changed", _("Change minutes"), _("Changed the draft minutes")),
        ("minutes_circulated", _("Circulate minutes"), _("Circulated the draft minutes to the attendees")),
        ("minutes_commented", _("Comment on minutes"), _("Commented on the draft minutes")),
        ("minutes_approved", _("Approve minutes"), _("Approved and published the minutes")),
        ("minutes_corrected", _("Correct minutes"), _("Added a correction to the approved minutes")),
        ("action_added", _("Add action item"), _("Added a decision or action item")),
        ("action_started", _("Start action item"), _("Moved an action item to in progress")),
        ("action_done", _("Finish action item"), _("Marked an action item done")),
        ("action_cancelled", _("Cancel action item"), _("Cancelled an action item")),
        ("action_progress", _("Report progress"), _("Reported progress on an action item")),
        ("action_extended", _("Extend action item"), _("Extended an action item's due date")),
        ("action_overdue", _("Action item overdue"), _("An action item passed its due date")),
    ]:
        actions.register_action(f"meetings.{action}", label, message)
