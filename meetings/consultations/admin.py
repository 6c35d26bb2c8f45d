"""Consultations in the Wagtail admin: the menu item, the screens' addresses and the audit
log's actions. The screens themselves are ``admin_views``."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from meetings.consultations import admin_views

urls = (
    [
        path("", admin_views.consultation_index_view, name="index"),
        path("new/", admin_views.consultation_create_view, name="add"),
        path("<int:pk>/", admin_views.consultation_view, name="consultation"),
        path("<int:pk>/edit/", admin_views.consultation_edit_view, name="edit"),
    ],
    "consultations_admin",
)


@hooks.register("register_admin_urls")
def register_consultation_urls():
    return [path("consultations/", include(urls))]


class ConsultationMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("meetings.use_consultation_screens") or request.user.is_superuser


@hooks.register("register_admin_menu_item")
def register_consultation_menu_item():
    return ConsultationMenuItem(
        admin_views.TITLE, reverse("consultations_admin:index"), icon_name=admin_views.ICON, order=330
    )


@hooks.register("register_log_actions")
def register_consultation_log_actions(actions):
    for action, label, message in [
        ("consultation_created", _("Create consultation"), _("Created the consultation")),
        ("consultation_published", _("Publish consultation"), _("Published the consultation")),
        ("consultation_changed", _("Change consultation"), _("Changed the consultation's title, summary or topics")),
        ("consultation_concluded", _("Conclude consultation"), _("Concluded the consultation")),
        ("consultation_invited", _("Invite to consultation"), _("Invited organisations")),
        ("phase_extended", _("Extend consultation"), _("Extended the open phase")),
        ("input_closed", _("Close input"), _("Closed input early")),
        ("version_published", _("Publish document version"), _("Published a new version of the document")),
        ("input_recorded", _("Record input"), _("Recorded a paper or meeting input")),
        ("inputs_disposed", _("Give dispositions"), _("Gave dispositions to inputs")),
        ("attachment_added", _("Add attachment"), _("Added an attachment to the consultation")),
    ]:
        actions.register_action(f"meetings.{action}", label, message)
