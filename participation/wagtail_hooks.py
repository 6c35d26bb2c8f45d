"""Staff tools of the core inside the Wagtail admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from participation.assisted.admin_views import MANAGE as MANAGE_OPERATORS
from participation.assisted.admin_views import operator_revoke_view, operators_view
from participation.exceptions import ServiceError
from participation.forms import VerifyInPersonForm
from participation.models import User
from participation.moderation.queue_admin import ModerationQueueViewSet
from participation.moderation.reason_codes_admin import ReasonCodeViewSet
from participation.services.users import user_verify_in_person

NO_SUCH_RESIDENT = _("No account uses this e-mail address.")
VERIFIED = _("%(name)s is now verified in person.")
VERIFY = "participation.use_verify_in_person"


def verify_in_person_view(request):
    """A manager records that they saw a resident and their identity document."""
    if not request.user.has_perm(VERIFY):
        raise PermissionDenied
    form = VerifyInPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        resident = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if resident is None:
            form.add_error("email", NO_SUCH_RESIDENT)
        else:
            try:
                user_verify_in_person(user=resident, verified_by=request.user, note=form.cleaned_data["note"])
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, VERIFIED % {"name": str(resident)})
                return redirect("participation_verify_in_person")
    return TemplateResponse(request, "participation/admin/verify_in_person.html", {"form": form})


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("verify-in-person/", verify_in_person_view, name="participation_verify_in_person"),
        path("operators/", operators_view, name="participation_operators"),
        path("operators/<int:role_id>/revoke/", operator_revoke_view, name="participation_operator_revoke"),
    ]


class ManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VERIFY)


@hooks.register("register_admin_menu_item")
def register_verify_menu_item():
    return ManagerMenuItem(
        _("Verify a resident"), reverse("participation_verify_in_person"), icon_name="user", order=900
    )


class OperatorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MANAGE_OPERATORS)


@hooks.register("register_admin_menu_item")
def register_operators_menu_item():
    return OperatorsMenuItem(_("Operators"), reverse("participation_operators"), icon_name="group", order=910)


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    """Staff find two-factor sign-in where they manage their account in the admin (it lives
    on the public site, with allauth's other account pages)."""
    return {
        "url": reverse("mfa_index"),
        "label": _("Two-factor sign-in"),
        "help_text": _(
            "A code from an app on your phone as well as your password, so a stolen password alone is not enough."
        ),
    }


@hooks.register("register_log_actions")
def register_core_log_actions(actions):
    actions.register_action(
        "participation.verify_in_person", _("Verify in person"), _("Verified the person's identity in person")
    )
    actions.register_action(
        "participation.assisted_act", _("Assisted act"), _("Acted for a resident who was present and consented")
    )
    actions.register_action(
        "participation.resident_registered",
        _("Resident registered"),
        _("Registered a resident at a service centre"),
    )
    actions.register_action(
        "participation.resident_phone_confirmed",
        _("Resident's phone confirmed"),
        _("The resident confirmed their phone at a service centre"),
    )


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    actions.register_action(
        "participation.moderation_decided", _("Moderation decision"), _("Decided the moderation item")
    )
    actions.register_action("participation.moderation_appealed", _("Appeal"), _("Appealed against the decision"))
    actions.register_action(
        "participation.moderation_withdrawn", _("Withdrawn by the author"), _("Left the queue: the author withdrew it")
    )


# --- The moderation queue (participation.moderation.queue_admin) and the reasons managers keep ------


@hooks.register("register_admin_viewset")
def register_moderation_queue_viewset():
    return ModerationQueueViewSet()


@hooks.register("register_admin_viewset")
def register_reason_codes_viewset():
    return ReasonCodeViewSet()


# Watching assisted acts: the staff screen, its menu item and the report's audit action.
from participation.assisted import admin as assisted_admin  # noqa: E402, F401

# Organisations and kiosks keep their admin (screens, audit actions) in their own folders.
from participation.kiosk import admin as kiosk_admin  # noqa: E402, F401
from participation.organisations import admin as organisations_admin  # noqa: E402, F401
