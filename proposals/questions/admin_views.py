"""The staff side of public questions, inside the Wagtail admin: one question (the answering
list is a viewset: ``proposals.questions.admin``). Moderation (publish, reject, appeal) is the one moderation queue's
(``participation.moderation.admin_views``); here responders answer and extend.

Each screen reads through ``proposals.questions.selectors`` and every button calls one service.
A staff member reaches only the questions of khokimiyats where they hold a question role;
anything else is "not found". A form they may not use is refused with 403, not hidden
behind Wagtail's redirect, so a forged POST is plainly refused.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import registry as log_registry

from participation.admin_helpers import forbidden
from participation.exceptions import ServiceError
from participation.wagtail_admin.viewsets import staff_screen
from proposals.questions import selectors as question_selectors
from proposals.questions import services as question_services
from proposals.questions.forms import AnswerForm, ExtendForm

ANSWERED = _("The answer is published; followers are told by e-mail.")
EXTENDED = _("The answer date is now %(date)s.")
NOT_ALLOWED = _("You may not do this for this question.")
TITLE = _("Public questions")


USE_QUEUE = "proposals.use_question_queue"


def _date(value) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y")


ACTIONS = {
    "answer": ("proposals.answer_question", AnswerForm),
    "extend": ("proposals.extend_question", ExtendForm),
}


def _run_action(request, question, action: str, form) -> str:
    """Call the service behind one form; return the success message."""
    data = form.cleaned_data
    user = request.user
    if action == "answer":
        question_services.question_answer(question=question, responder=user, answer=data["answer"])
        return str(ANSWERED)
    question_services.question_extend(question=question, staff=user, days=data["days"], note=data["note"])
    return str(EXTENDED % {"date": _date(question.due_at)})


@staff_screen(USE_QUEUE, NOT_ALLOWED, title=TITLE, icon="help")
def question_review_view(request, question_id: int):
    """One question with the forms the staff member may use: answer, extend."""
    now = timezone.now()
    question = question_selectors.question_for_staff(request.user, question_id, now)
    if question is None:
        raise Http404
    forms = {
        action: form_class(prefix=action) if request.user.has_perm(permission, question) else None
        for action, (permission, form_class) in ACTIONS.items()
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS or not request.user.has_perm(ACTIONS[action][0], question):
            return forbidden(request, NOT_ALLOWED, title=TITLE, icon="help")
        form_class = ACTIONS[action][1]
        form = forms[action] = form_class(request.POST, prefix=action)
        if form.is_valid():
            try:
                success = _run_action(request, question, action, form)
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, success)
                return redirect(reverse("questions_admin:question", args=[question.pk]))
        failed_action = action
    else:
        failed_action = None
    # A refused form stays on screen with its error, even when the state no longer offers it.
    open_actions = question_selectors.question_open_actions(question, now) | ({failed_action} - {None})
    return TemplateResponse(
        request,
        "proposals/questions/admin/question.html",
        {
            "question": question,
            "is_overdue": question_selectors.question_is_overdue(question, now),
            **{f"{action}_form": form if action in open_actions else None for action, form in forms.items()},
            "history": log_registry.get_logs_for_instance(question).select_related("user").order_by("-timestamp"),
        },
    )
