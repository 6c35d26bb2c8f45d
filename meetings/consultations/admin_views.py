"""The staff screens of consultations in the Wagtail admin: the consultations of the person's
territories, a new one, and one consultation's screen of actions (publish, invite, extend or
close the input phase, publish a new version of the document, record a paper or meeting input,
dispositions one by one or in bulk, and the outcome).

Each button calls one service; a refusal shows its message beside the form with what was typed
kept, and nothing is written. Staff reach only consultations of territories where they are
responder or manager (anything else is "not found").
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meetings.consultations.admin_forms import (
    AttachmentForm,
    ConcludeForm,
    ConsultationEditForm,
    ConsultationForm,
    DispositionForm,
    InviteForm,
    OfflineInputForm,
    PhaseNoteForm,
    VersionForm,
)
from meetings.consultations.models import ConsultationStatus, InputStatus, InputTarget
from meetings.consultations.selectors import (
    consultation_get,
    consultation_outcome_overdue,
    consultation_phase,
    consultation_phases,
    consultations_for_staff,
    documents_choosable_by,
    inputs_by_place,
    inputs_for_staff,
    invitations_of,
    version_latest,
    version_sections,
)
from meetings.consultations.services import consultations as consultation_services
from meetings.consultations.services import documents as document_services
from meetings.consultations.services import inputs as input_services
from participation.admin_helpers import admin_context, forbidden
from participation.exceptions import ServiceError
from participation.web.pagination import BoundedPaginator

TITLE = _("Consultations")
ICON = "doc-full"
NOT_ALLOWED = _("Only responders and managers of a khokimiyat run consultations.")
CREATED = _("The consultation “%(title)s” is created as a draft. Add its document, then publish it.")
DONE = {
    "publish": _("The consultation is published; invited organisations are told by e-mail."),
    "invite": _("The invitation is recorded."),
    "extend": _("The open phase is extended; the note is on the public page."),
    "close": _("Input is closed; the analysis has started."),
    "version": _("The new version of the document is published."),
    "dispose": _("The disposition is recorded."),
    "offline": _("The input is recorded and published."),
    "conclude": _("The consultation is concluded and the outcome published; participants and followers are told."),
    "attach": _("The attachment is added."),
}


def _allowed(request):
    return request.user.has_perm("meetings.use_consultation_screens") or request.user.is_superuser


def consultation_index_view(request):
    if not _allowed(request):
        return forbidden(request, NOT_ALLOWED, title=TITLE, icon=ICON)
    paginator = BoundedPaginator(consultations_for_staff(request.user), 50, max_pages=100)
    page_obj = paginator.get_page(request.GET.get("page"))
    now = timezone.now()
    for consultation in page_obj.object_list:
        consultation.phase_now = consultation_phase(consultation, now)
        consultation.overdue = consultation_outcome_overdue(consultation, now)
    return TemplateResponse(
        request,
        "meetings/consultations/admin/index.html",
        {"page_obj": page_obj, "consultations": page_obj.object_list, **admin_context(TITLE, icon=ICON)},
    )


def consultation_create_view(request):
    if not _allowed(request):
        return forbidden(request, NOT_ALLOWED, title=TITLE, icon=ICON)
    form = ConsultationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = consultation_services.consultation_create(staff=request.user, **form.values())
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, CREATED % {"title": consultation.title})
            return redirect("consultations_admin:consultation", consultation.pk)
    return TemplateResponse(
        request,
        "meetings/consultations/admin/create.html",
        {"form": form, **admin_context(_("New consultation"), icon=ICON, subtitle=TITLE)},
    )


SAVED = _("The consultation is saved.")


def consultation_edit_view(request, pk: int):
    if not _allowed(request):
        return forbidden(request, NOT_ALLOWED, title=TITLE, icon=ICON)
    consultation = _consultation_or_404(request, pk)
    initial = {
        "title": consultation.title,
        "summary": consultation.summary,
        "tags": ", ".join(tag.name for tag in consultation.tags.all()),
    }
    form = ConsultationEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            consultation_services.consultation_edit(consultation=consultation, staff=request.user, **form.values())
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, SAVED)
            return redirect("consultations_admin:consultation", consultation.pk)
    return TemplateResponse(
        request,
        "meetings/consultations/admin/create.html",
        {"form": form, "editing": consultation, **admin_context(consultation.title, icon=ICON, subtitle=TITLE)},
    )


def _consultation_or_404(request, pk):
    consultation = consultation_get(pk)
    if consultation is None or not request.user.has_perm("meetings.run_consultation", consultation):
        raise Http404
    return consultation


def _places(sections, questions):
    places = [(f"{InputTarget.DOCUMENT}:", gettext("The whole document"))]
    for section in sections:
        places.append((f"{InputTarget.SECTION}:{section.anchor}", section.title))
        for paragraph in section.paragraph_list:
            places.append(
                (
                    f"{InputTarget.PARAGRAPH}:{paragraph.anchor}",
                    gettext("Paragraph %(number)d") % {"number": paragraph.position},
                )
            )
    for question in questions:
        places.append((f"{InputTarget.QUESTION}:{question.pk}", question.text))
    return places


def _run(request, action, consultation, forms, sections, questions):
    """Run the posted action; returns the error message or None. Bound forms keep the input."""
    staff = request.user
    services = consultation_services
    if action == "publish":
        services.consultation_publish(consultation=consultation, staff=staff)
        return
    form = forms[action]
    if not form.is_valid():
        raise ServiceError(gettext("Correct the errors below."))
    data = form.cleaned_data
    if action == "invite":
        services.consultation_invite(
            consultation=consultation,
            staff=staff,
            organisation=data["organisation"],
            kind=data["kind"],
            territory=data["territory"] if not data["organisation"] else None,
        )
    elif action == "extend":
        services.consultation_extend_open(
            consultation=consultation, staff=staff, days=data["days"] or 0, note=data["note"]
        )
    elif action == "close":
        services.consultation_close_input(consultation=consultation, staff=staff, note=data["note"])
    elif action == "version":
        if data["file"]:
            document_services.version_import(
                consultation=consultation,
                staff=staff,
                filename=data["file"].name,
                content=data["file"].read(),
                note=data["note"],
            )
        else:
            document_services.version_from_text(
                consultation=consultation, staff=staff, text=data["text"], note=data["note"]
            )
    elif action == "dispose":
        input_services.inputs_dispose(
            consultation=consultation,
            staff=staff,
            inputs=data["inputs"],
            disposition=data["disposition"],
            reason=data["reason"],
            paragraph_anchor=data["paragraph"],
        )
    elif action == "offline":
        target, _sep, value = data["place"].partition(":")
        question = next((q for q in questions if str(q.pk) == value), None) if target == InputTarget.QUESTION else None
        input_services.input_record_offline(
            consultation=consultation,
            staff=staff,
            channel=data["channel"],
            attributed_to=data["attributed_to"],
            text=data["text"],
            target=target,
            anchor=value if target in ("paragraph", "section") else "",
            question=question,
        )
    elif action == "attach":
        services.consultation_attach(
            consultation=consultation, staff=staff, document=data["document"], title=data["title"]
        )
    elif action == "conclude":
        services.consultation_conclude(consultation=consultation, staff=staff, outcome_summary=data["outcome_summary"])


def consultation_view(request, pk: int):
    if not _allowed(request):
        return forbidden(request, NOT_ALLOWED, title=TITLE, icon=ICON)
    consultation = _consultation_or_404(request, pk)
    version = version_latest(consultation)
    sections = version_sections(version)
    questions = list(consultation.questions.all())
    inputs = list(inputs_for_staff(consultation))
    published = [item for item in inputs if item.status == InputStatus.PUBLISHED]
    paragraphs = [p for s in sections for p in s.paragraph_list]
    action = request.POST.get("action", "") if request.method == "POST" else ""

    def bound(name):
        return request.POST if action == name else None

    forms = {
        "invite": InviteForm(bound("invite"), consultation=consultation) if consultation.takes_organisations else None,
        "extend": PhaseNoteForm(bound("extend"), prefix="extend"),
        "close": PhaseNoteForm(bound("close"), prefix="close"),
        "version": VersionForm(bound("version"), request.FILES if action == "version" else None),
        "dispose": DispositionForm(bound("dispose"), inputs=published, paragraphs=paragraphs),
        "offline": OfflineInputForm(bound("offline"), places=_places(sections, questions)),
        "conclude": ConcludeForm(bound("conclude")),
        "attach": AttachmentForm(bound("attach"), documents=documents_choosable_by(request.user)),
    }
    error, import_errors = None, []
    if request.method == "POST":
        if action not in {*forms, "publish"} or forms.get(action, True) is None:
            return forbidden(request, NOT_ALLOWED, title=TITLE, icon=ICON)
        try:
            _run(request, action, consultation, forms, sections, questions)
        except document_services.ImportRefused as refused:
            error, import_errors = refused.message, refused.errors
        except ServiceError as refused:
            error = refused.message
        else:
            messages.success(request, DONE[action])
            return redirect("consultations_admin:consultation", consultation.pk)
    now = timezone.now()
    grouped = inputs_by_place(inputs)
    for section in sections:
        section.staff_inputs = grouped.sections.get(section.anchor, [])
        for paragraph in section.paragraph_list:
            paragraph.staff_inputs = grouped.paragraphs.get(paragraph.anchor, [])
    shown = {i.pk for s in sections for i in s.staff_inputs} | {
        i.pk for s in sections for p in s.paragraph_list for i in p.staff_inputs
    }
    other_inputs = [item for item in inputs if item.pk not in shown]
    return TemplateResponse(
        request,
        "meetings/consultations/admin/consultation.html",
        {
            "consultation": consultation,
            "version": version,
            "sections": sections,
            "other_inputs": other_inputs,
            "phases": consultation_phases(consultation),
            "phase": consultation_phase(consultation, now),
            "invitations": invitations_of(consultation),
            "forms": forms,
            "action": action,
            "error": error,
            "import_errors": import_errors,
            "overdue": consultation_outcome_overdue(consultation, now),
            "undecided": sum(1 for item in published if not item.disposition),
            "is_draft": consultation.status == ConsultationStatus.DRAFT,
            "is_published": consultation.status == ConsultationStatus.PUBLISHED,
            "public_url": reverse("consultations:detail", args=[consultation.pk]),
            **admin_context(consultation.title, icon=ICON, subtitle=TITLE),
        },
    )
