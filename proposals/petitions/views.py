"""Public pages of petitions: the list and its open data, one petition with its timeline and
signatures by mahalla, drafting, co-sponsoring, signing, reporting and appealing.

Views read through ``proposals.petitions.selectors`` and write through
``proposals.petitions.services.lifecycle`` and the moderation core's services; every form is a plain
POST or GET form that works without JavaScript, and a refused action shows the service's own
message. After a POST the browser is redirected, so reloading never sends it twice.
"""

from itertools import chain

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from participation.comments.views import comment_post_view, comments_context
from participation.exceptions import ServiceError
from participation.moderation.services import APPEAL_NOT_REJECTED, moderation_appeal, moderation_flag
from participation.opendata.responses import (
    csv_response,
    csv_streaming_response,
    json_response,
    json_streaming_response,
)
from participation.ratelimit import client_ip
from participation.selectors import moderation_decision_for
from participation.web.forms import AppealForm, FlagForm
from participation.web.pagination import BoundedPaginator
from participation.web.views import run_and_return, signed_in_post
from proposals.petitions import selectors
from proposals.petitions.forms import PetitionForm, PetitionListFilterForm, WithdrawForm
from proposals.petitions.models import Petition, PetitionStatus, Signature
from proposals.petitions.services import lifecycle as services
from proposals.petitions.services import signing
from proposals.petitions.transitions import PUBLIC_STATUSES, Mover, transition_allowed
from proposals.templatetags.petition_tags import signatures_chart_context

S = PetitionStatus
PER_PAGE = 20
# Pages of the list one can browse (1,000 petitions): deeper pages would make the database
# skip every row above them on each view; the filters and the search narrow any list to fewer.
LIST_PAGES_MAX = 50
# Rows an export reads at a time: its memory stays the same whatever the length of the list.
EXPORT_CHUNK = 2000

DRAFT_SAVED = _("Your draft is saved. Only you can see it. Check the similar petitions below, then invite co-sponsors.")
DRAFT_UPDATED = _("Your draft is updated.")
INVITING = _("The text is now fixed. Send the invitation link below to the people who will co-sponsor the petition.")
WITHDRAWN = _("The petition is withdrawn.")
SIGNED = _("Thank you: your signature is counted.")
ALREADY_SIGNED = _("You have already signed this petition; your signature is counted once.")
UNSIGNED = _("Your signature is withdrawn.")
COSPONSORED = _("Thank you: you co-sponsor this petition.")
TO_MODERATION = _("The petition now has all the co-sponsors it needs and went to the moderators.")
FLAGGED = _("Thank you. The moderators will look at it.")
APPEALED = _("Your appeal is sent. Another moderator will decide it.")

EXPORT_FIELDS = ["id", "title", "territory", "status", "signatures", "threshold", "published", "closes", "answered"]


# --- helpers --------------------------------------------------------------------------------


def _visible_petition(request, pk: int) -> Petition:
    """The petition if this person may see it; "not found" otherwise, as if it did not exist."""
    petition = selectors.petition_get(pk)
    if petition is None or not selectors.petition_visible_to(petition, request.user):
        raise Http404
    return petition


def _petition_to_sign(request, pk: int) -> Petition:
    """``_visible_petition`` for signing and withdrawing: the lighter load of the hot path."""
    petition = selectors.petition_for_signing(pk, request.user)
    if petition is None or not selectors.petition_visible_to(petition, request.user):
        raise Http404
    return petition


def _detail_url(petition: Petition) -> str:
    return reverse("petitions:detail", args=[petition.pk])


def _is_author(request, petition: Petition) -> bool:
    return request.user.is_authenticated and petition.author_id == request.user.pk


def _iso(value) -> str:
    return timezone.localtime(value).isoformat() if value else ""


def _export_row(petition: Petition) -> dict:
    return {
        "id": petition.pk,
        "title": petition.title,
        "territory": petition.territory.name,
        "status": petition.status,
        "signatures": petition.signature_count,
        "threshold": petition.signatures_needed,
        "published": _iso(petition.published_at),
        "closes": _iso(petition.closes_at),
        "answered": _iso(petition.answered_at),
    }


def _export_cells(petition: Petition) -> list:
    row = _export_row(petition)
    return [row[field] for field in EXPORT_FIELDS]


# --- the list and its open data ---------------------------------------------------------------


def _filtered(request):
    filter_form = PetitionListFilterForm(request.GET or None)
    return filter_form, selectors.petitions_public(**filter_form.values())


def petition_list(request):
    """Published petitions, 20 a page, filtered by territory (with everything inside it),
    status, topic and words in either script, sorted newest / most signed / closing soon.

    The first ``LIST_PAGES_MAX`` pages are browsable (see ``BoundedPaginator``); the list says so
    when there are more, and the filters, the search and the open data reach every petition."""
    filter_form, petitions = _filtered(request)
    page_obj = BoundedPaginator(petitions, PER_PAGE, max_pages=LIST_PAGES_MAX).get_page(request.GET.get("page"))
    return TemplateResponse(
        request, "proposals/petitions/list.html", {"filter_form": filter_form, "page_obj": page_obj}
    )


def _exported(petitions, row):
    """``row(petition)`` for every petition of the filtered list, read ``EXPORT_CHUNK`` at a
    time (PostgreSQL: one query through a server-side cursor), in the request's language
    although the rows are read while the response is being sent."""
    with translation.override(translation.get_language()):
        yield from map(row, petitions.defer("text").iterator(chunk_size=EXPORT_CHUNK))


def petition_list_csv(request):
    """The filtered list (all pages) as CSV, the columns of ``EXPORT_FIELDS``, sent as it is read."""
    _form, petitions = _filtered(request)
    rows = _exported(petitions, _export_cells)
    return csv_streaming_response("petitions.csv", EXPORT_FIELDS, rows)


def petition_list_json(request):
    """The filtered list (all pages) as JSON: ``{"count": n, "results": [...]}``, each row the
    CSV's columns plus the petition's address; sent as it is read."""
    _form, petitions = _filtered(request)
    # The address of one petition, resolved once; the others differ only in their id (resolving
    # each of 10,000 addresses was a fifth of the export's time).
    head, tail = request.build_absolute_uri(_detail_url(Petition(pk=0))).rsplit("/0/", 1)
    # The count comes with the rows, from the same query (COUNT(*) OVER ()): a count asked on
    # its own could differ from the rows by a petition published in between.
    rows = _exported(
        petitions.annotate(listed=Window(Count("pk"))),
        lambda petition: (petition.listed, {**_export_row(petition), "url": f"{head}/{petition.pk}/{tail}"}),
    )
    first = next(rows, None)
    results = (result for _listed, result in chain([first] if first else [], rows))
    return json_streaming_response({"count": first[0] if first else 0}, "results", results)


# --- one petition ---------------------------------------------------------------------------


def _render_detail(request, petition: Petition, *, flag_form=None, appeal_form=None, comment_form=None):
    """The petition page. ``flag_form`` / ``appeal_form`` come back bound when what was typed
    needs correcting, so nothing the person wrote is lost."""
    user = request.user
    now = timezone.now()
    is_author = _is_author(request, petition)
    public = petition.status in PUBLIC_STATUSES
    collecting = selectors.petition_collecting(petition, now)
    signature = selectors.petition_signature_of(petition, user) if petition.published_at else None
    signed = signature is not None and signature.withdrawn_at is None and signature.invalidation_id is None
    invalidated = signature is not None and signature.invalidation_id is not None
    refusal = None
    if collecting and user.is_authenticated and not signed and not invalidated:
        refusal = services.petition_support_refusal(petition, user)
    by_mahalla = selectors.petition_signatures_by_mahalla(petition) if petition.published_at else []
    context = {
        "petition": petition,
        "tags": list(petition.tags.all()),
        "is_author": is_author,
        "public": public,
        "collecting": collecting,
        "days_left": selectors.petition_days_left(petition, now),
        "answer_overdue": selectors.petition_answer_overdue(petition, now),
        "signature": signature,
        "signed": signed,
        "invalidated": invalidated,
        "invalidated_message": services.SIGNATURE_INVALIDATED,
        "refusal": refusal,
        "by_mahalla": by_mahalla,
        "chart": signatures_chart_context(petition, by_mahalla),
        "timeline": selectors.petition_timeline(petition),
        "share_url": request.build_absolute_uri(_detail_url(petition)),
    }
    if user.is_authenticated and public and not is_author:
        context["flag_form"] = flag_form or FlagForm()
    if public:
        context.update(
            comments_context(
                request, petition, action=reverse("petitions:comment", args=[petition.pk]), comment_form=comment_form
            )
        )
    if is_author:
        context.update(_author_context(request, petition, appeal_form))
    return TemplateResponse(request, "proposals/petitions/detail.html", context)


def _author_can_withdraw(petition: Petition) -> bool:
    rule = transition_allowed(petition.status, S.WITHDRAWN)
    return rule is not None and rule.mover == Mover.AUTHOR


def _author_context(request, petition: Petition, appeal_form) -> dict:
    """What only the author sees: the draft's tools and similar petitions, the invitation
    link, withdrawal, and a rejection's one appeal."""
    context = {}
    if petition.status == S.DRAFT:
        context["similar"] = selectors.petitions_similar(
            territory=petition.territory, title=petition.title, text=petition.text, exclude_pk=petition.pk
        )
    if petition.status == S.GATHERING:
        context["invite_url"] = request.build_absolute_uri(
            reverse("petitions:cosponsor", args=[petition.pk, petition.invite_token])
        )
    if _author_can_withdraw(petition):
        context["withdraw_form"] = WithdrawForm()
    if selectors.petition_appealable_decision(petition, request.user) is not None:
        context["appeal_form"] = appeal_form or AppealForm()
    return context


def petition_detail(request, pk: int):
    """One petition: where it stands, its text, progress, answer, public timeline and
    signatures by mahalla, with the actions open to this person.

    Unpublished petitions are shown only to their author, co-sponsors and the territory's
    staff; everyone else gets "not found", as if it did not exist."""
    return _render_detail(request, _visible_petition(request, pk))


def petition_chart_svg(request, pk: int):
    """The signatures-by-mahalla chart alone, for embedding; drawn by the template engine, so
    every mahalla name is escaped."""
    petition = _visible_petition(request, pk)
    context = {"chart": signatures_chart_context(petition, selectors.petition_signatures_by_mahalla(petition))}
    return TemplateResponse(
        request,
        "proposals/petitions/includes/signatures_chart.svg",
        context,
        content_type="image/svg+xml; charset=utf-8",
    )


def _mahalla_rows(petition: Petition) -> list[dict]:
    return [
        {"mahalla": row.name, "signatures": row.count} for row in selectors.petition_signatures_by_mahalla(petition)
    ]


def petition_csv(request, pk: int):
    """Signatures by mahalla as CSV: counts only, never who signed."""
    petition = _visible_petition(request, pk)
    rows = ([row["mahalla"] or "", row["signatures"]] for row in _mahalla_rows(petition))
    return csv_response(f"petition-{petition.pk}-signatures.csv", ["mahalla", "signatures"], rows)


def petition_json(request, pk: int):
    """The petition's public facts and its signatures by mahalla as JSON; never who signed."""
    petition = _visible_petition(request, pk)
    data = {
        **_export_row(petition),
        "url": request.build_absolute_uri(_detail_url(petition)),
        "by_mahalla": _mahalla_rows(petition),
    }
    return json_response(data)


# --- drafting -------------------------------------------------------------------------------


def _draft_form(request, form: PetitionForm, save, success_message, petition: Petition | None = None):
    """Show the draft form; on a valid POST ``save(cleaned_data)`` and go to the petition. A
    refusal brings the form back with everything typed and the service's message."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, success_message)
            return redirect(_detail_url(saved))
    return TemplateResponse(request, "proposals/petitions/form.html", {"form": form, "petition": petition})


def petition_create(request):
    """Draft a petition, addressed by default to the khokimiyat of the person's home."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    home_khokimiyat = selectors.petition_default_territory(request.user)
    if request.method == "POST":
        form = PetitionForm(request.POST, near=home_khokimiyat)
    else:
        form = PetitionForm(initial={"territory": home_khokimiyat}, near=home_khokimiyat)

    def save(data):
        return services.petition_draft(
            author=request.user,
            territory=data["territory"],
            title=data["title"],
            text=data["text"],
            tags=data["topics"],
            ip=client_ip(request),
        )

    return _draft_form(request, form, save, DRAFT_SAVED)


def petition_edit(request, pk: int):
    """The author corrects the draft; once co-sponsors are invited the text is fixed."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    petition = _visible_petition(request, pk)
    if not _is_author(request, petition):
        raise PermissionDenied
    if petition.status != S.DRAFT:
        messages.error(request, services.NOT_ALLOWED_STATE % {"status": petition.get_status_display()})
        return redirect(_detail_url(petition))
    if request.method == "POST":
        form = PetitionForm(request.POST, with_territory=False)
    else:
        form = PetitionForm(initial=PetitionForm.initial_for(petition), with_territory=False)

    def save(data):
        return services.petition_edit_draft(
            petition=petition, author=request.user, title=data["title"], text=data["text"], tags=data["topics"]
        )

    return _draft_form(request, form, save, DRAFT_UPDATED, petition)


def petition_mine(request):
    """Every petition the person started, in every state, newest first."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    page_obj = Paginator(selectors.petitions_of_author(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "proposals/petitions/mine.html", {"page_obj": page_obj})


# Every small action on a petition: POST only, the petition must be visible, anonymous
# visitors sign in first; afterwards back to the petition with the service's message.
_signed_in_post = signed_in_post(lambda request, pk: _visible_petition(request, pk), _detail_url)
_signing_post = signed_in_post(_petition_to_sign, _detail_url)


def _done(request, petition: Petition, action, success_message) -> HttpResponse:
    return run_and_return(request, _detail_url(petition), action, success_message)


@_signed_in_post
def petition_comment(request, petition: Petition):
    """A comment goes to the moderators; on a refusal the page shows it with the text kept."""
    return comment_post_view(
        request,
        petition,
        page_url=_detail_url(petition),
        render_page=lambda form: _render_detail(request, petition, comment_form=form),
    )


@_signed_in_post
def petition_invite(request, petition: Petition):
    """The author fixes the text and opens the invitation link for co-sponsors."""
    return _done(
        request, petition, lambda: services.petition_invite_cosponsors(petition=petition, author=request.user), INVITING
    )


@_signed_in_post
def petition_withdraw(request, petition: Petition):
    """The author withdraws the petition, with an optional public reason."""
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _done(
        request,
        petition,
        lambda: services.petition_withdraw(petition=petition, author=request.user, reason=reason),
        WITHDRAWN,
    )


# --- co-sponsoring and signing -----------------------------------------------------------------


def petition_cosponsor(request, pk: int, token: str):
    """The author's invitation link: the petition's summary and a "Co-sponsor" button. The
    link itself is the permission to read the not-yet-public text; a wrong token is "not
    found". Anonymous visitors are sent to sign in and back here."""
    petition = selectors.petition_get(pk)
    if petition is None or petition.status == S.DRAFT or not constant_time_compare(token, petition.invite_token):
        return TemplateResponse(
            request, "proposals/petitions/cosponsor.html", {"invalid": services.INVITE_INVALID}, status=404
        )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services.petition_cosponsor(petition=petition, user=request.user, token=token, ip=client_ip(request))
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect(request.get_full_path())
        messages.success(request, COSPONSORED)
        if petition.status == S.MODERATION:
            messages.info(request, TO_MODERATION)
        return redirect(_detail_url(petition))
    gathering = petition.status == S.GATHERING
    # Once gathering is over the link no longer opens an unpublished (or rejected) text.
    show_text = gathering or selectors.petition_visible_to(petition, request.user)
    return TemplateResponse(
        request,
        "proposals/petitions/cosponsor.html",
        {"petition": petition, "gathering": gathering, "show_text": show_text},
    )


@require_POST
def petition_sign(request, pk: int):
    """Sign, once. A second click (or tab, or request) finds the signature already there and
    says so; it never counts twice and never shows an error page.

    First without reading the petition (``signing.petition_sign_fast``): a first signature
    that may be made is one statement. Anything else (a refusal, a second tap, a petition
    that does not exist or that an anonymous visitor must sign in for) is concluded with the
    petition read, as ``_signing_post`` does for the other actions."""
    now = timezone.now()
    attempt = signing.petition_sign_fast(petition_id=pk, user=request.user, ip=client_ip(request), now=now)
    if isinstance(attempt, Signature):
        messages.success(request, SIGNED)
        return redirect(reverse("petitions:detail", args=[pk]))
    try:
        petition = _petition_to_sign(request, pk)
    except Http404:
        attempt.release()
        raise
    if not request.user.is_authenticated:
        return redirect_to_login(_detail_url(petition))
    try:
        signature = services.petition_sign(
            petition=petition, user=request.user, ip=client_ip(request), now=now, attempt=attempt
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        # A signature made or renewed by this request carries this request's time; an
        # earlier one (a double click, another tab) keeps its own.
        if signature.created_at == now:
            messages.success(request, SIGNED)
        else:
            messages.info(request, ALREADY_SIGNED)
    return redirect(_detail_url(petition))


@_signing_post
def petition_unsign(request, petition: Petition):
    """Withdraw one's signature while collection is open; the count goes down at once."""
    return _done(request, petition, lambda: services.petition_unsign(petition=petition, user=request.user), UNSIGNED)


# --- reporting and appealing -------------------------------------------------------------------


@_signed_in_post
def petition_flag(request, petition: Petition):
    """Report a published petition to its moderators with a reason. A form error brings the
    page back with what was typed; a refusal (reported already) is a message."""
    form = FlagForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, petition, flag_form=form)
    data = form.cleaned_data

    def flag():
        moderation_flag(
            user=request.user, obj=petition, reason=data["reason"], text=data["text"], ip=client_ip(request)
        )

    return _done(request, petition, flag, FLAGGED)


@_signed_in_post
def petition_appeal(request, petition: Petition):
    """The author's one appeal against the latest rejection; another moderator decides."""
    form = AppealForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, petition, appeal_form=form)

    def appeal():
        decision = moderation_decision_for(petition)
        if decision is None:
            raise ServiceError(APPEAL_NOT_REJECTED)
        moderation_appeal(item=decision, author=request.user, text=form.cleaned_data["text"])

    return _done(request, petition, appeal, APPEALED)
