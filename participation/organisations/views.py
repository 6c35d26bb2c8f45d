"""Public pages of organisations: the list, one organisation, registering one, its private
member list (invite by link, end a membership), joining through a link, leaving, and a
resident's own organisations.

Views read through ``selectors`` and write through ``services``; every form is a plain POST or
GET form that works without JavaScript, and a refusal shows the service's own message with
what was typed kept. After a successful POST the browser is redirected.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from participation.exceptions import ServiceError
from participation.organisations import selectors, services
from participation.organisations.forms import InviteForm, OrganisationListFilterForm, RegisterOrganisationForm
from participation.organisations.models import Membership, Organisation
from participation.organisations.predicates import organisation_is_active
from participation.organisations.registry import organisation_sections
from participation.ratelimit import client_ip
from participation.web.pagination import BoundedPaginator

PER_PAGE = 20
# As the petitions list: deeper pages would make the database skip every row above them;
# the filters narrow any list to fewer.
LIST_PAGES_MAX = 50

REGISTERED = _(
    "The organisation is registered. A manager of the khokimiyat will verify it; until then it "
    "cannot act as an organisation, but you may already invite its members."
)
JOINED = _("You are now a member of %(name)s.")
ENDED = _("The membership has ended.")
LEFT = _("You have left %(name)s.")
NAMED = _("The public page now names you as a representative.")
UNNAMED = _("The public page no longer names you.")


def _detail_url(organisation: Organisation) -> str:
    return reverse("organisations:detail", args=[organisation.slug])


def _members_url(organisation: Organisation) -> str:
    return reverse("organisations:members", args=[organisation.slug])


def organisation_list(request):
    """Verified organisations, 20 a page, by kind and territory (with everything inside it)."""
    filter_form = OrganisationListFilterForm(request.GET or None)
    organisations = selectors.organisations_public(**filter_form.values())
    page_obj = BoundedPaginator(organisations, PER_PAGE, max_pages=LIST_PAGES_MAX).get_page(request.GET.get("page"))
    return TemplateResponse(
        request, "participation/organisations/list.html", {"filter_form": filter_form, "page_obj": page_obj}
    )


def _may_see_unverified(user, organisation: Organisation) -> bool:
    return user.is_authenticated and (
        user.has_perm("participation.view_organisation_members", organisation)
        or user.has_perm("participation.leave_organisation", organisation)
    )


def organisation_detail(request, slug: str):
    """An organisation's public page: kind, territory, who verified it and when, the number of
    members, the representatives who agreed to be named, and the sections features register.
    A group not (or no longer) verified is shown only to its members and the managers."""
    organisation = selectors.organisation_by_slug(slug)
    if organisation is None:
        raise Http404
    active = organisation_is_active(organisation)
    if not active and not _may_see_unverified(request.user, organisation):
        raise Http404
    membership = selectors.membership_open_of(request.user, organisation)
    sections = [{"section": section, "rows": section.rows(organisation)} for section in organisation_sections()]
    return TemplateResponse(
        request,
        "participation/organisations/detail.html",
        {
            "organisation": organisation,
            "active": active,
            "member_count": selectors.organisation_member_count(organisation),
            "representatives": selectors.organisation_named_representatives(organisation),
            "membership": membership,
            "may_see_members": request.user.is_authenticated
            and request.user.has_perm("participation.view_organisation_members", organisation),
            "sections": sections,
        },
    )


def organisation_create(request):
    """A resident registers an organisation and becomes its first representative."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    near = selectors.home_district(request.user)
    if request.method == "POST":
        form = RegisterOrganisationForm(request.POST, near=near)
        if form.is_valid():
            try:
                organisation = services.organisation_register(
                    user=request.user, ip=client_ip(request), **form.service_values()
                )
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, REGISTERED)
                return redirect(_detail_url(organisation))
    else:
        form = RegisterOrganisationForm(initial={"territory": near}, near=near)
    return TemplateResponse(request, "participation/organisations/form.html", {"form": form})


def _organisation_for_members(request, slug: str) -> Organisation:
    organisation = selectors.organisation_by_slug(slug)
    if organisation is None or not request.user.has_perm("participation.view_organisation_members", organisation):
        raise Http404
    return organisation


@never_cache
def organisation_members(request, slug: str):
    """The private member list, with the invitation form. Inviting shows the link once, on
    this page (the link is a secret: it is not sent back through a redirect or a message)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organisation = _organisation_for_members(request, slug)
    invite_form, invitation_url = InviteForm(), None
    if request.method == "POST":
        invite_form = InviteForm(request.POST)
        if invite_form.is_valid():
            try:
                _invitation, token = services.invitation_create(
                    organisation=organisation, by=request.user, role=invite_form.cleaned_data["role"]
                )
            except ServiceError as error:
                invite_form.add_error(None, error.message)
            else:
                invitation_url = request.build_absolute_uri(reverse("organisations:join", args=[token]))
    return TemplateResponse(
        request,
        "participation/organisations/members.html",
        {
            "organisation": organisation,
            "members": selectors.organisation_members(organisation),
            "past_members": selectors.organisation_past_members(organisation),
            "invite_form": invite_form
            if request.user.has_perm("participation.invite_organisation_member", organisation)
            else None,
            "invitation_url": invitation_url,
            "may_end": request.user.has_perm("participation.end_organisation_membership", organisation),
            "active": organisation_is_active(organisation),
        },
    )


def _membership_of(organisation: Organisation, membership_id: int) -> Membership:
    membership = Membership.objects.filter(pk=membership_id, organisation=organisation).select_related("user").first()
    if membership is None:
        raise Http404
    return membership


@require_POST
def membership_end(request, slug: str, membership_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("organisations:detail", args=[slug]))
    organisation = _organisation_for_members(request, slug)
    membership = _membership_of(organisation, membership_id)
    try:
        services.membership_end(membership=membership, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, ENDED)
    return redirect(_members_url(organisation))


@require_POST
def organisation_leave(request, slug: str):
    organisation = selectors.organisation_by_slug(slug)
    if organisation is None:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(_detail_url(organisation))
    membership = selectors.membership_open_of(request.user, organisation)
    if membership is None:
        raise Http404
    try:
        services.membership_end(membership=membership, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(_detail_url(organisation))
    messages.success(request, LEFT % {"name": organisation.name})
    return redirect("organisations:mine")


@require_POST
def organisation_named(request, slug: str):
    """A representative chooses whether the public page names them."""
    organisation = selectors.organisation_by_slug(slug)
    if organisation is None:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(_detail_url(organisation))
    membership = selectors.membership_open_of(request.user, organisation)
    if membership is None:
        raise Http404
    named = request.POST.get("named") == "1"
    try:
        services.membership_set_named(membership=membership, by=request.user, named=named)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, NAMED if named else UNNAMED)
    return redirect("organisations:mine")


@never_cache
def organisation_join(request, token: str):
    """The page an invitation link opens: which organisation, and a button to accept. Anonymous
    visitors sign in (or sign up) first and come back here."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    error, invitation = None, None
    try:
        invitation = services.invitation_from_token(token)
    except ServiceError as refused:
        error = refused.message
    if request.method == "POST" and invitation is not None:
        try:
            membership = services.invitation_accept(token=token, user=request.user)
        except ServiceError as refused:
            error = refused.message
        else:
            messages.success(request, JOINED % {"name": membership.organisation.name})
            return redirect("organisations:mine")
    return TemplateResponse(
        request,
        "participation/organisations/join.html",
        {"invitation": invitation, "error": error},
        status=200 if invitation is not None else 410,
    )


@never_cache
def organisation_mine(request):
    """A resident's organisations: their role in each, and which they may act for today."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    memberships = list(selectors.memberships_of_user(request.user))
    acting = {organisation.pk for organisation in selectors.organisations_user_can_represent(request.user)}
    return TemplateResponse(
        request,
        "participation/organisations/mine.html",
        {"memberships": memberships, "acting": acting},
    )
