"""Public views of residents' questions, reached through ``KhokimiyatPage`` routes.

The page layer (``cms``) routes the request here and passes its khokimiyat page, which the
templates use for the title, breadcrumbs and links; the questions are found by the page's
territory. Views only read through ``proposals.questions.selectors`` and write through
``proposals.questions.services``; every form is a plain POST or GET form that works
without JavaScript.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.exceptions import ServiceError
from participation.ratelimit import client_ip
from participation.web.pagination import BoundedPaginator
from proposals.questions import selectors as question_selectors
from proposals.questions import services as question_services
from proposals.questions.forms import AppealForm, QuestionForm, QuestionListFilterForm
from proposals.questions.models import QuestionStatus

QUESTIONS_PER_PAGE = 20
# Pages one can browse (1,000 questions); the filters narrow a longer list. See BoundedPaginator.
QUESTION_PAGES_MAX = 50
QUESTION_SENT = _("Thank you. Your question was sent; it will appear publicly once a moderator has checked it.")
FOLLOWING = _("You will get an e-mail when this question is answered.")
NOT_FOLLOWING = _("You no longer follow this question.")
APPEALED = _("Your appeal was sent. A different moderator will decide; you will get an e-mail.")


def _question_url(page, question_id: int, request) -> str:
    return page.get_url(request=request) + page.reverse_subpage("question", args=[question_id])


def questions_list(request, page):
    """Published questions of the khokimiyat, 20 a page, by topic and answered / awaiting / overdue."""
    now = timezone.now()
    filter_form = QuestionListFilterForm(request.GET or None)
    questions = question_selectors.questions_public_listing(page.territory, now=now, **filter_form.values())
    paginator = BoundedPaginator(questions, QUESTIONS_PER_PAGE, max_pages=QUESTION_PAGES_MAX)
    page_obj = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "proposals/questions/list.html",
        {"page": page, "filter_form": filter_form, "page_obj": page_obj},
    )


def _render_detail(request, page, question, *, appeal_form=None, status=200):
    now = timezone.now()
    appealable = question_selectors.question_appealable_decision(question, request.user)
    return TemplateResponse(
        request,
        "proposals/questions/detail.html",
        {
            "page": page,
            "question": question,
            "is_author": request.user.is_authenticated and question.author_id == request.user.pk,
            "is_overdue": question_selectors.question_is_overdue(question, now),
            "public_state": question_selectors.question_public_state(question, now),
            "is_following": question_selectors.question_is_followed_by(question, request.user),
            "can_follow": question_selectors.question_followable(question),
            "decision": question_selectors.question_decision(question)
            if question.status == QuestionStatus.REJECTED
            else None,
            "appeal_form": (appeal_form or AppealForm()) if appealable is not None else None,
        },
        status=status,
    )


def _visible_question(request, page, question_id: int):
    question = question_selectors.question_get(page.territory, question_id)
    if question is None or not question_selectors.question_visible_to(question, request.user):
        raise Http404
    return question


def question_detail(request, page, question_id: int):
    """One question: status, due date, overdue mark, extension note and the answer.

    Unpublished questions are shown only to their author (with the moderator's reason and
    the appeal form) and to the khokimiyat's staff; everyone else gets "not found", as if
    it did not exist.
    """
    return _render_detail(request, page, _visible_question(request, page, question_id))


def question_ask(request, page):
    """The ask form: signed-in residents with a confirmed e-mail; others are sent to sign in."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    can_ask = request.user.has_perm("proposals.ask_question")
    form = QuestionForm(request.POST if request.method == "POST" else None)
    if can_ask and request.method == "POST" and form.is_valid():
        try:
            question = question_services.question_ask(
                author=request.user, territory=page.territory, ip=client_ip(request), **form.cleaned_data
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, QUESTION_SENT)
            return redirect(_question_url(page, question.pk, request))
    return TemplateResponse(
        request,
        "proposals/questions/ask.html",
        {"page": page, "form": form, "can_ask": can_ask, "answer_days": settings.QUESTION_ANSWER_DAYS},
    )


def question_follow(request, page, question_id: int):
    """POST ``action=follow`` or ``action=unfollow``; anonymous visitors are sent to sign in."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    question = _visible_question(request, page, question_id)
    detail_url = _question_url(page, question.pk, request)
    if not request.user.is_authenticated:
        return redirect_to_login(detail_url)
    try:
        if request.POST.get("action") == "unfollow":
            question_services.question_unfollow(question=question, user=request.user)
            messages.success(request, NOT_FOLLOWING)
        else:
            question_services.question_follow(question=question, user=request.user)
            messages.success(request, FOLLOWING)
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect(detail_url)


def question_appeal(request, page, question_id: int):
    """POST: the author's one appeal against the rejection; a different moderator decides.
    A form error brings the page back with what was typed."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    question = _visible_question(request, page, question_id)
    detail_url = _question_url(page, question.pk, request)
    if not request.user.is_authenticated:
        return redirect_to_login(detail_url)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            question_services.question_appeal(question=question, author=request.user, text=form.cleaned_data["text"])
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, APPEALED)
        return redirect(detail_url)
    return _render_detail(request, page, question, appeal_form=form, status=400)
