"""Meetings in the Wagtail admin: the "Meetings" menu item, the screens' addresses (under
``/admin/meetings/``; registration and follow-up add theirs with their own hooks) and the audit
log's actions. The screens themselves are ``admin_views``."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from meetings.meetings import admin_views

urls = (
    [
        path("", admin_views.meeting_index_view, name="index"),
        path("new/", admin_views.meeting_create_view, name="add"),
        path("<int:pk>/", admin_views.meeting_view, name="meeting"),
        path("<int:pk>/edit/", admin_views.meeting_edit_view, name="edit"),
    ],
    "meetings_admin",
)


@hooks.register("register_admin_urls")
def register_meeting_urls():
    return [path("meetings/", include(urls))]


class MeetingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("meetings.use_meeting_screens") or request.user.is_superuser


@hooks.register("register_admin_menu_item")
def register_meeting_menu_item():
    return MeetingMenuItem(admin_views.TITLE, reverse("meetings_admin:index"), icon_name=admin_views.ICON, order=335)


@hooks.register("register_log_actions")
def register_meeting_log_actions(actions):
    for action, label, message in [
        ("meeting_created", _("Create meeting"), _("Created the meeting")),
        ("meeting_proposed", _("Propose meeting"), _("Proposed the meeting for an organisation")),
        ("meeting_announced", _("Announce meeting"), _("Announced the meeting")),
        ("meeting_proposal_approved", _("Approve proposed meeting"), _("Approved and announced the proposed meeting")),
        ("meeting_proposal_declined", _("Decline proposed meeting"), _("Declined the proposed meeting")),
        ("meeting_changed", _("Change meeting"), _("Changed the meeting")),
        ("meeting_rescheduled", _("Reschedule meeting"), _("Moved the meeting to another time")),
        ("meeting_cancelled", _("Cancel meeting"), _("Cancelled the meeting")),
        ("agenda_changed", _("Change agenda"), _("Changed the meeting's agenda")),
    ]:
        actions.register_action(f"meetings.{action}", label, message)
