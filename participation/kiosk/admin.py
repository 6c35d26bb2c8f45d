"""Kiosks in the Wagtail admin: a manager lists the kiosks of the centres in their territories,
registers the browser they are using as a kiosk of one of them, and revokes kiosks."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from participation.exceptions import ServiceError
from participation.kiosk import device, services
from participation.kiosk.forms import KioskRegisterForm
from participation.kiosk.selectors import kiosk_centres_for, kiosks_for

USE_SCREEN = "participation.use_kiosk_screen"
REVOKED = _("The kiosk “%(name)s” is revoked: that device is an ordinary browser again from its next page.")


def kiosks_view(request):
    """The list, and the form that makes this browser a kiosk. Registering signs the manager
    out on this browser: a kiosk starts with nobody signed in."""
    if not request.user.has_perm(USE_SCREEN):
        raise PermissionDenied
    centres = kiosk_centres_for(request.user)
    form = KioskRegisterForm(request.POST or None, centres=centres)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.kiosk_register(
                centre=form.cleaned_data["centre"], name=form.cleaned_data["name"], by=request.user
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            logout(request)
            with translation.override(settings.LANGUAGE_CODE):
                response = redirect("kiosk:home")
            device.cookie_set(response, registration.cookie, secure=request.is_secure())
            return response
    context = {
        "form": form,
        "kiosks": kiosks_for(request.user),
        "this_device": getattr(request, "kiosk", None),
        "header_title": _("Kiosks"),
    }
    return TemplateResponse(request, "kiosk/admin/kiosks.html", context)


@require_POST
def kiosk_revoke_view(request, kiosk_id: int):
    if not request.user.has_perm(USE_SCREEN):
        raise PermissionDenied
    kiosk = get_object_or_404(kiosks_for(request.user), pk=kiosk_id)
    try:
        services.kiosk_revoke(kiosk=kiosk, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, REVOKED % {"name": kiosk.name})
    return redirect("participation_kiosks")


@hooks.register("register_admin_urls")
def register_kiosk_admin_urls():
    return [
        path("kiosks/", kiosks_view, name="participation_kiosks"),
        path("kiosks/<int:kiosk_id>/revoke/", kiosk_revoke_view, name="participation_kiosk_revoke"),
    ]


class KioskMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(USE_SCREEN)


@hooks.register("register_admin_menu_item")
def register_kiosk_menu_item():
    return KioskMenuItem(_("Kiosks"), reverse("participation_kiosks"), icon_name="desktop", order=910)


@hooks.register("register_log_actions")
def register_kiosk_log_actions(actions):
    actions.register_action(
        "participation.kiosk_registered", _("Register kiosk"), _("Registered a browser as a kiosk of the centre")
    )
    actions.register_action("participation.kiosk_revoked", _("Revoke kiosk"), _("Revoked the kiosk"))
