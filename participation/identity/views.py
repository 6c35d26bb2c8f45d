"""The resident's phone pages: add a number to the account, and sign in with it.

Two steps each, server-rendered, without JavaScript: the number (a code is sent), then the code.
The number between the steps waits in the session; the code lives only in ``PhoneCode`` as a
hash. Every refusal of a service (bad number, limits, a dead Redis, a gateway down, a wrong
code) comes back as a form error with what was typed kept.
"""

from allauth.account import app_settings as allauth_settings
from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import perform_login
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from participation.exceptions import ServiceError
from participation.identity import services
from participation.identity.forms import CodeForm, PhoneForm
from participation.identity.phones import phone_display
from participation.identity.sms.console import last_messages
from participation.ratelimit import client_ip

PENDING_VERIFY = "identity_phone_verify"
PENDING_SIGN_IN = "identity_phone_sign_in"
PHONE_CONFIRMED = _("Your phone number %(phone)s is confirmed.")
SIGN_IN_SENT = _("If an account has confirmed %(phone)s, a sign-in code is on its way to it. It may take a minute.")
VERIFY_SENT = _("We sent a code to %(phone)s. It may take a minute.")


class KioskFormMixin:
    """On a kiosk (``participation.kiosk``) the browser must not remember what was typed: the
    next person would be offered the number."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if getattr(self.request, "kiosk", None) is not None:
            for field in form.fields.values():
                field.widget.attrs["autocomplete"] = "off"
        return form


def _refuse(view, form, error: ServiceError):
    form.add_error(None, error.message)
    return view.form_invalid(form)


@method_decorator(never_cache, name="dispatch")
class PhoneAddView(LoginRequiredMixin, FormView):
    """Step one of adding a number: the number; a code is sent to it."""

    template_name = "identity/phone_add.html"
    form_class = PhoneForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["current_phone"] = phone_display(user.phone) if user.phone_verified_at else None
        return context

    def form_valid(self, form):
        phone = form.cleaned_data["phone"]
        try:
            services.phone_verify_send(user=self.request.user, phone=phone, ip=client_ip(self.request))
        except ServiceError as error:
            return _refuse(self, form, error)
        self.request.session[PENDING_VERIFY] = phone
        messages.info(self.request, VERIFY_SENT % {"phone": phone_display(phone)})
        return redirect("identity:phone_confirm")


@method_decorator(never_cache, name="dispatch")
class PhoneConfirmView(LoginRequiredMixin, FormView):
    """Step two: the code; the number becomes the account's confirmed one."""

    template_name = "identity/phone_confirm.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.session.get(PENDING_VERIFY):
            return redirect("identity:phone_add")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["phone"] = phone_display(self.request.session[PENDING_VERIFY])
        return context

    def form_valid(self, form):
        phone = self.request.session[PENDING_VERIFY]
        try:
            services.user_phone_verify(
                user=self.request.user, phone=phone, code=form.cleaned_data["code"], ip=client_ip(self.request)
            )
        except ServiceError as error:
            return _refuse(self, form, error)
        del self.request.session[PENDING_VERIFY]
        messages.success(self.request, PHONE_CONFIRMED % {"phone": phone_display(phone)})
        return redirect("account_profile")


@method_decorator(never_cache, name="dispatch")
class PhoneSignInView(KioskFormMixin, FormView):
    """Signing in with a confirmed number, step one: the number."""

    template_name = "identity/phone_sign_in.html"
    form_class = PhoneForm

    def form_valid(self, form):
        phone = form.cleaned_data["phone"]
        try:
            services.phone_sign_in_send(phone=phone, ip=client_ip(self.request))
        except ServiceError as error:
            return _refuse(self, form, error)
        self.request.session[PENDING_SIGN_IN] = phone
        messages.info(self.request, SIGN_IN_SENT % {"phone": phone_display(phone)})
        return redirect("identity:phone_sign_in_code")


@method_decorator(never_cache, name="dispatch")
class PhoneSignInCodeView(KioskFormMixin, FormView):
    """Step two: the code. allauth then signs the person in through its usual stages, so a
    staff member with a second factor is still asked for it."""

    template_name = "identity/phone_sign_in_code.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if not request.session.get(PENDING_SIGN_IN):
            return redirect("identity:phone_sign_in")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["phone"] = phone_display(self.request.session[PENDING_SIGN_IN])
        return context

    def form_valid(self, form):
        phone = self.request.session[PENDING_SIGN_IN]
        try:
            user = services.phone_sign_in(phone=phone, code=form.cleaned_data["code"], ip=client_ip(self.request))
        except ServiceError as error:
            return _refuse(self, form, error)
        del self.request.session[PENDING_SIGN_IN]
        # Recorded as allauth records its own code sign-ins (reauthentication reads it).
        record_authentication(self.request, user, method="code", phone=phone)
        # The phone proved who this is; an unconfirmed e-mail address must not stop them.
        return perform_login(self.request, user, email_verification=allauth_settings.EmailVerificationMethod.NONE)


def dev_sms(request):
    """DEBUG only (never mounted otherwise): the last text messages the console backend sent,
    so a demo can read the code a resident would receive."""
    if not settings.DEBUG:
        raise Http404
    return render(request, "identity/dev_sms.html", {"sms_messages": last_messages()})
