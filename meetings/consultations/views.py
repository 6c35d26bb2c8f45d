"""Public pages of consultations: the list, one consultation with its document and the inputs
by paragraph, the input form, one input with its comments, the outcome ("we asked, you said,
we did") and its summary table.

Views read through ``selectors`` and write through the services; every form works without
JavaScript, a refused input shows the service's message with the text kept, and a successful
POST redirects.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from taggit.models import Tag

from meetings.consultations.documents.diff import word_diff_html
from meetings.consultations.documents.summary import summary_csv_response, summary_xlsx_response
from meetings.consultations.forms import MYSELF, ConsultationFilterForm, InputForm
from meetings.consultations.models import ConsultationStatus, InputTarget
from meetings.consultations.selectors import (
    consultation_get_public,
    consultation_outcome_overdue,
    consultation_phase,
    consultation_phases,
    consultations_filtered,
    input_get_public,
    inputs_by_place,
    inputs_public,
    invitations_of,
    organisation_invited,
    summary_rows,
    version_first,
    version_latest,
    version_sections,
)
from meetings.consultations.services import inputs as input_services
from meetings.consultations.services.inputs import input_give, input_refusal
from participation.comments.views import comment_post_view, comments_context
from participation.exceptions import ServiceError
from participation.follows.selectors import is_following
from participation.follows.services import follow_set
from participation.organisations.selectors import organisations_user_can_represent
from participation.ratelimit import client_ip
from participation.web.pagination import BoundedPaginator

PER_PAGE = 20
MAX_PAGES = 50
INPUT_SENT = _("Thank you. Your input appears once a moderator has read it.")
FOLLOWING = _("You will get an e-mail when the outcome is published.")
UNFOLLOWED = _("You no longer follow this consultation.")
SUMMARY_HEADERS = (
    _("Author or organisation"),
    _("Paragraph"),
    _("Proposal"),
    _("Disposition"),
    _("Reason"),
)


def _consultation_or_404(pk):
    consultation = consultation_get_public(pk)
    if consultation is None:
        raise Http404
    return consultation


def _topics():
    return list(
        Tag.objects.filter(meetings_consultationtag_items__content_object__status__in=["published", "concluded"])
        .distinct()
        .order_by("name")
        .values_list("slug", "name")
    )


def consultation_list(request):
    form = ConsultationFilterForm(request.GET or None, topics=_topics())
    rows = consultations_filtered(**form.values())
    paginator = BoundedPaginator(rows, PER_PAGE, max_pages=MAX_PAGES)
    page_obj = paginator.get_page(request.GET.get("page"))
    now = timezone.now()
    for consultation in page_obj.object_list:
        consultation.phase_now = consultation_phase(consultation, now)
    return TemplateResponse(
        request,
        "meetings/consultations/list.html",
        {"filter_form": form, "page_obj": page_obj, "consultations": page_obj.object_list},
    )


def _who_may(request, consultation):
    """What the page says to this person about taking part: their organisations that may
    act here, and why they may not take part themself (or None)."""
    user = request.user
    organisations = []
    if user.is_authenticated and consultation.takes_organisations:
        invitations = invitations_of(consultation)
        organisations = [
            org
            for org in organisations_user_can_represent(user)
            if organisation_invited(consultation, org, invitations)
        ]
    own_refusal = input_refusal(consultation, user) if consultation.takes_public else None
    return organisations, own_refusal


def consultation_detail(request, pk: int):
    consultation = _consultation_or_404(pk)
    now = timezone.now()
    version = version_latest(consultation)
    sections = version_sections(version)
    grouped = inputs_by_place(inputs_public(consultation))
    anchors = {p.anchor for s in sections for p in s.paragraph_list}
    section_anchors = {s.anchor for s in sections}
    for section in sections:
        section.inputs = grouped.sections.get(section.anchor, [])
        for paragraph in section.paragraph_list:
            paragraph.inputs = grouped.paragraphs.get(paragraph.anchor, [])
    elsewhere = [i for a, items in grouped.paragraphs.items() if a not in anchors for i in items]
    elsewhere += [i for a, items in grouped.sections.items() if a not in section_anchors for i in items]
    questions = list(consultation.questions.all())
    for question in questions:
        question.given_inputs = grouped.questions.get(question.pk, [])
    phase = consultation_phase(consultation, now)
    taking_input = phase is not None and phase.allows("input") and now < phase.ends_at
    organisations, own_refusal = _who_may(request, consultation) if taking_input else ([], None)
    extensions = [ext for ph in consultation_phases(consultation) for ext in ph.extensions.all()]
    return TemplateResponse(
        request,
        "meetings/consultations/detail.html",
        {
            "consultation": consultation,
            "version": version,
            "sections": sections,
            "document_inputs": grouped.document,
            "elsewhere_inputs": elsewhere,
            "questions": questions,
            "phases": consultation_phases(consultation),
            "phase": phase,
            "taking_input": taking_input,
            "organisations": organisations,
            "own_refusal": own_refusal,
            "may_take_part": taking_input and ((own_refusal is None and consultation.takes_public) or organisations),
            "extensions": extensions,
            "outcome_overdue": consultation_outcome_overdue(consultation, now),
            "following": is_following(consultation, request.user),
            "invitations": invitations_of(consultation) if consultation.takes_organisations else [],
        },
    )


def _places(consultation, sections, questions):
    places = [(f"{InputTarget.DOCUMENT}:", gettext("The whole document"))]
    for section in sections:
        places.append(
            (f"{InputTarget.SECTION}:{section.anchor}", gettext("Section: %(title)s") % {"title": section.title})
        )
        for paragraph in section.paragraph_list:
            text = paragraph.text if len(paragraph.text) <= 60 else paragraph.text[:57] + "…"
            label = gettext("Paragraph %(number)d: %(start)s") % {"number": paragraph.position, "start": text}
            places.append((f"{InputTarget.PARAGRAPH}:{paragraph.anchor}", label))
    for number, question in enumerate(questions, start=1):
        places.append(
            (
                f"{InputTarget.QUESTION}:{question.pk}",
                gettext("Question %(number)d: %(text)s") % {"number": number, "text": question.text},
            )
        )
    return places


def _why_not(consultation, user):
    """Why ``user`` cannot take part at all (no organisation to act for, and not for themself),
    in the words of the service's refusal; None when they can."""
    if consultation.takes_public:
        return input_refusal(consultation, user)
    represented = list(organisations_user_can_represent(user))
    if represented:
        return input_refusal(consultation, user, organisation=represented[0])
    return input_services.INPUT_NOT_REPRESENTATIVE if consultation.takes_organisations else None


def consultation_input(request, pk: int):
    consultation = _consultation_or_404(pk)
    page_url = reverse("consultations:give_input", args=[pk])
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    version = version_latest(consultation)
    sections = version_sections(version)
    questions = list(consultation.questions.all())
    organisations, _own_refusal = _who_may(request, consultation)
    allow_self = consultation.takes_public
    places = _places(consultation, sections, questions)
    initial = {}
    for key in ("paragraph", "section", "question"):
        if request.GET.get(key):
            initial["place"] = f"{key}:{request.GET[key]}"
    form = InputForm(
        request.POST or None, initial=initial, places=places, organisations=organisations, allow_self=allow_self
    )
    refusal = None if organisations else _why_not(consultation, request.user)
    if request.method == "POST" and form.is_valid():
        target, value = form.target()
        organisation = form.organisation()
        chosen = form.cleaned_data.get("on_behalf")
        if chosen and chosen != MYSELF and organisation is None:
            form.add_error("on_behalf", gettext("Choose for whom you take part."))
        else:
            question = None
            if target == InputTarget.QUESTION:
                question = next((q for q in questions if str(q.pk) == value), None)
            try:
                item = input_give(
                    consultation=consultation,
                    user=request.user,
                    text=form.cleaned_data["text"],
                    target=target,
                    anchor=value if target in (InputTarget.PARAGRAPH, InputTarget.SECTION) else "",
                    question=question,
                    organisation=organisation,
                    ip=client_ip(request),
                )
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, INPUT_SENT)
                return redirect(reverse("consultations:input", args=[pk, item.pk]))
    return TemplateResponse(
        request,
        "meetings/consultations/input_form.html",
        {
            "consultation": consultation,
            "form": form,
            "refusal": refusal,
            "page_url": page_url,
        },
    )


def _input_page(request, consultation, item, comment_form=None, status=200):
    context = {
        "consultation": consultation,
        "item": item,
        **comments_context(
            request,
            item,
            action=reverse("consultations:input_comment", args=[consultation.pk, item.pk]),
            comment_form=comment_form,
        ),
    }
    return TemplateResponse(request, "meetings/consultations/input.html", context, status=status)


def input_detail(request, pk: int, input_pk: int):
    consultation = _consultation_or_404(pk)
    item = input_get_public(consultation, input_pk)
    if item is None:
        raise Http404
    return _input_page(request, consultation, item)


@require_POST
def input_comment(request, pk: int, input_pk: int):
    consultation = _consultation_or_404(pk)
    item = input_get_public(consultation, input_pk)
    if item is None:
        raise Http404
    url = reverse("consultations:input", args=[pk, input_pk])
    if not request.user.is_authenticated:
        return redirect_to_login(url)
    return comment_post_view(
        request, item, page_url=url, render_page=lambda form: _input_page(request, consultation, item, form)
    )


@require_POST
def consultation_follow(request, pk: int):
    consultation = _consultation_or_404(pk)
    url = reverse("consultations:detail", args=[pk])
    if not request.user.is_authenticated:
        return redirect_to_login(url)
    follow = request.POST.get("follow") != "0"
    try:
        follow_set(consultation, user=request.user, follow=follow)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, FOLLOWING if follow else UNFOLLOWED)
    return redirect(url)


def consultation_outcome(request, pk: int):
    consultation = _consultation_or_404(pk)
    if consultation.status != ConsultationStatus.CONCLUDED:
        raise Http404
    draft, final = version_first(consultation), version_latest(consultation)
    draft_sections = version_sections(draft)
    final_sections = version_sections(final) if final.pk != draft.pk else draft_sections
    draft_text = {p.anchor: p.text for s in draft_sections for p in s.paragraph_list}
    draft_numbers = {p.anchor: p.position for s in draft_sections for p in s.paragraph_list}
    final_anchors = {p.anchor for s in final_sections for p in s.paragraph_list}
    inputs = list(inputs_public(consultation))
    grouped = inputs_by_place(inputs)
    for section in final_sections:
        section.inputs = list(grouped.sections.get(section.anchor, []))
        section.tally = {}
        for paragraph in section.paragraph_list:
            old = draft_text.get(paragraph.anchor)
            paragraph.draft_text = old
            paragraph.draft_number = draft_numbers.get(paragraph.anchor)
            paragraph.diff = word_diff_html(old or "", paragraph.text)
            paragraph.inputs = grouped.paragraphs.get(paragraph.anchor, [])
            section.inputs += paragraph.inputs
        for item in section.inputs:
            label = item.get_disposition_display()
            section.tally[label] = section.tally.get(label, 0) + 1
    removed = [
        {"number": p.position, "text": p.text, "inputs": grouped.paragraphs.get(p.anchor, [])}
        for s in draft_sections
        for p in s.paragraph_list
        if p.anchor not in final_anchors
    ]
    final_numbers = {p.anchor: p.position for s in final_sections for p in s.paragraph_list}
    for item in inputs:
        item.linked_number = final_numbers.get(item.disposition_anchor) if item.disposition_anchor else None
        item.draft_number = draft_numbers.get(item.paragraph_anchor)
    return TemplateResponse(
        request,
        "meetings/consultations/outcome.html",
        {
            "consultation": consultation,
            "draft": draft,
            "final": final,
            "sections": final_sections,
            "removed": removed,
            "inputs": inputs,
            "document_inputs": grouped.document,
            "question_inputs": [i for i in inputs if i.target == InputTarget.QUESTION],
        },
    )


def _summary(pk):
    consultation = _consultation_or_404(pk)
    if consultation.status != ConsultationStatus.CONCLUDED:
        raise Http404
    headers = [str(header) for header in SUMMARY_HEADERS]
    rows = [[row.who, row.place, row.proposal, row.disposition, row.reason] for row in summary_rows(consultation)]
    return consultation, headers, rows


def consultation_summary_csv(request, pk: int):
    consultation, headers, rows = _summary(pk)
    return summary_csv_response(f"consultation-{consultation.pk}-summary.csv", headers, rows)


def consultation_summary_xlsx(request, pk: int):
    consultation, headers, rows = _summary(pk)
    return summary_xlsx_response(f"consultation-{consultation.pk}-summary.xlsx", headers, rows)
