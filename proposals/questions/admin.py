"""Residents' questions in the Wagtail admin: the answering list (a viewset on the core's base,
``participation.wagtail_admin``), one question's screen, and the audit-log actions the services record. Moderation is the one moderation queue's."""

import django_filters
from django.template.defaultfilters import date
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy

from participation.wagtail_admin.policies import RulesPermissionPolicy
from participation.wagtail_admin.viewsets import HtmlColumn, StaffIndexView, StaffViewSet
from participation.web.dates import machine_time
from proposals.questions import admin_views
from proposals.questions.forms import QueueFilterForm
from proposals.questions.models import Question, QuestionStatus
from proposals.questions.selectors import questions_for_staff

USE_QUEUE = "proposals.use_question_queue"
register_permission_policy(
    Question,
    RulesPermissionPolicy(Question, actions={"view": USE_QUEUE}, scope=lambda user: questions_for_staff(user)),
)


def _status(question) -> str:
    if question.is_overdue:
        return format_html('<strong class="w-status w-status--primary w-text-critical-200">{}</strong>', _("Overdue"))
    if question.answered_at:
        label = _("Answered")
    elif question.status == QuestionStatus.PUBLISHED:
        label = _("Awaiting answer")
    else:
        label = question.get_status_display()
    return format_html('<span class="w-status">{}</span>', label)


def _answer_due(question) -> str:
    if question.due_at is None:
        return "—"
    due = timezone.localtime(question.due_at)
    return format_html('<time datetime="{}">{}</time>', machine_time(due), date(due, "d.m.Y"))


class QuestionFilterSet(WagtailFilterSet):
    """Needing work (the default), awaiting moderation, awaiting an answer, overdue, answered,
    rejected or all; the choice picks the selector's filter (``QuestionIndexView``)."""

    status = django_filters.ChoiceFilter(
        label=_("Show"), choices=QueueFilterForm.base_fields["status"].choices, empty_label=None, method="keep_rows"
    )

    class Meta:
        model = Question
        fields = []

    def keep_rows(self, queryset, name, value):
        return queryset


class QuestionIndexView(StaffIndexView):
    no_results_message = _("No questions here.")

    def _get_title_column(self, field_name, *args, **kwargs):
        # The field is "title"; the column holds the question itself, as the old screen said.
        column = super()._get_title_column(field_name, *args, **kwargs)
        column.label = _("Question")
        return column

    def get_base_queryset(self):
        status = QueueFilterForm(self.request.GET or None).status_value()
        return questions_for_staff(self.request.user, status)


class QuestionViewSet(StaffViewSet):
    """Questions of the staff member's khokimiyats, those awaiting moderation first, then by due date."""

    model = Question
    name = "questions_admin"
    url_prefix = "questions"
    icon = "help"
    menu_label = _("Public questions")
    menu_order = 300
    add_to_admin_menu = True
    refusal = admin_views.NOT_ALLOWED
    index_view_class = QuestionIndexView
    filterset_class = QuestionFilterSet
    row_url_name = "question"
    row_class = staticmethod(lambda question: "question-overdue" if question.is_overdue else "")
    list_display = [
        "title",
        Column("territory", label=_("Khokimiyat"), accessor="territory.name"),
        HtmlColumn("status", label=_("Status"), render=_status),
        HtmlColumn("answer_due", label=_("Answer due"), render=_answer_due),
    ]

    def extra_urlpatterns(self):
        return [path("<int:question_id>/", admin_views.question_review_view, name="question")]


@hooks.register("register_admin_viewset")
def register_question_viewset():
    return QuestionViewSet()


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
