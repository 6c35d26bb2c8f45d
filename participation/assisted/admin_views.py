"""The "Operators" screen of the Wagtail admin: a manager gives the operator role to a person on
their territory (or a territory below it) and takes it away. Through the role services, so the
grant is checked by the rules and written to the audit log like every other role."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from participation.exceptions import ServiceError
from participation.models import StaffRole, StaffRoleKind, Territory, User
from participation.selectors import staff_role_paths
from participation.services.roles import staff_role_grant, staff_role_revoke

MANAGE = "participation.manage_operators"
NO_SUCH_PERSON = _("No account uses this e-mail address.")
GRANTED = _("%(name)s is now an operator in %(territory)s.")
REVOKED = _("%(name)s is no longer an operator in %(territory)s.")


def _managed_paths(user) -> list[str]:
    return [path for role, path in staff_role_paths(user) if role == StaffRoleKind.MANAGER]


def _within(user, field: str) -> Q | None:
    if user.is_superuser:
        return Q()
    paths = _managed_paths(user)
    if not paths:
        return None
    scope = Q(pk__in=[])
    for path in paths:
        scope |= Q(**{f"{field}__startswith": path})
    return scope


class GrantOperatorForm(forms.Form):
    email = forms.EmailField(label=_("The person's e-mail address"))
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        self.fields["territory"].label_from_instance = lambda territory: territory.name


def operators_view(request):
    """The operators of the manager's territories, and a form to add one."""
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied
    territory_scope = _within(request.user, "path")
    territories = Territory.objects.filter(territory_scope).order_by("path")
    form = GrantOperatorForm(request.POST or None, territories=territories)
    if request.method == "POST" and form.is_valid():
        person = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        territory = form.cleaned_data["territory"]
        if person is None:
            form.add_error("email", NO_SUCH_PERSON)
        else:
            try:
                staff_role_grant(user=person, territory=territory, role=StaffRoleKind.OPERATOR, granted_by=request.user)
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, GRANTED % {"name": str(person), "territory": territory.name})
                return redirect("participation_operators")
    operators = (
        StaffRole.objects.filter(_within(request.user, "territory__path"), role=StaffRoleKind.OPERATOR)
        .select_related("user", "territory")
        .order_by("territory__path", "user__full_name")
    )
    return TemplateResponse(request, "participation/admin/operators.html", {"form": form, "operators": operators})


@require_POST
def operator_revoke_view(request, role_id: int):
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied
    staff_role = get_object_or_404(
        StaffRole.objects.select_related("user", "territory"), pk=role_id, role=StaffRoleKind.OPERATOR
    )
    try:
        staff_role_revoke(staff_role=staff_role, revoked_by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, REVOKED % {"name": str(staff_role.user), "territory": staff_role.territory.name})
    return redirect("participation_operators")
