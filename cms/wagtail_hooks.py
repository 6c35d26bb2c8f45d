"""The information centres inside the Wagtail admin: the public-questions queue and the
audit-log actions its services record."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.admin_views import may_use_question_queue, question_review_view, questions_queue_view


@hooks.register("register_admin_urls")
def register_question_admin_urls():
    return [
        path("questions/", questions_queue_view, name="cms_questions"),
        path("questions/<int:question_id>/", question_review_view, name="cms_question_review"),
    ]


class QuestionQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use_question_queue(request.user)


@hooks.register("register_admin_menu_item")
def register_question_menu_item():
    return QuestionQueueMenuItem(_("Public questions"), reverse("cms_questions"), icon_name="help", order=300)


@hooks.register("register_log_actions")
def register_question_log_actions(actions):
    actions.register_action("cms.question_published", _("Publish question"), _("Published the question"))
    actions.register_action("cms.question_rejected", _("Reject question"), _("Rejected the question"))
    actions.register_action("cms.question_answered", _("Answer question"), _("Answered the question"))
    actions.register_action("cms.question_extended", _("Extend answer date"), _("Extended the answer date"))
