"""Residents' questions in the Wagtail admin: the answering screens, their menu item and the
audit-log actions the services record. Moderation is the one moderation queue's."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from proposals.questions import admin_views


@hooks.register("register_admin_urls")
def register_question_admin_urls():
    return [
        path("questions/", admin_views.questions_queue_view, name="questions_admin_questions"),
        path("questions/<int:question_id>/", admin_views.question_review_view, name="questions_admin_question"),
    ]


class QuestionsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_use_question_queue(request.user)


@hooks.register("register_admin_menu_item")
def register_question_menu_item():
    return QuestionsMenuItem(_("Public questions"), reverse("questions_admin_questions"), icon_name="help", order=300)


@hooks.register("register_log_actions")
def register_question_log_actions(actions):
    actions.register_action("proposals.question_published", _("Publish question"), _("Published the question"))
    actions.register_action("proposals.question_rejected", _("Reject question"), _("Rejected the question"))
    actions.register_action("proposals.question_appealed", _("Appeal"), _("Appealed against the rejection"))
    actions.register_action("proposals.question_answered", _("Answer question"), _("Answered the question"))
    actions.register_action("proposals.question_extended", _("Extend answer date"), _("Extended the answer date"))
    # Entries recorded while questions lived in ``cms`` keep their action names.
    actions.register_action("cms.question_published", _("Publish question"), _("Published the question"))
    actions.register_action("cms.question_rejected", _("Reject question"), _("Rejected the question"))
    actions.register_action("cms.question_answered", _("Answer question"), _("Answered the question"))
    actions.register_action("cms.question_extended", _("Extend answer date"), _("Extended the answer date"))
