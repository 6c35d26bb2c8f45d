from allauth.account.views import SignupView as AllauthSignupView
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django.views.generic import FormView

from participation.assisted.forms import AssistedActReportForm
from participation.assisted.selectors import assisted_acts_of_resident
from participation.forms import SHOW_MAHALLAS, ProfileForm
from participation.models import VerificationLevel
from participation.selectors import staff_roles_of
from participation.services.users import user_profile_set

PROFILE_SAVED = _("Your profile was saved.")


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        *(f"Disallow: /{code}/accounts/" for code, _label in settings.LANGUAGES),
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _typed_so_far(form, data) -> dict:
    """What the resident typed into ``form``'s fields, as initial values: the form comes back as
    they left it, without error messages about fields they have not reached yet. An unticked
    box is absent from the post and counts as unticked; passwords are never echoed back."""
    typed = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if name.startswith("password"):
            continue
        if isinstance(field.widget, forms.CheckboxInput):
            typed[name] = key in data
        elif key in data:
            typed[name] = data.get(key)
    return typed


class ShowMahallasMixin:
    """The "Show mahallas" button re-renders the form for the district chosen, saving nothing.

    It is how a resident without JavaScript picks a mahalla: the mahallas offered depend on the
    district, so the page has to come back from the server once the district is known.
    """

    def show_mahallas(self):
        kwargs = self.get_form_kwargs()
        kwargs.pop("data", None)
        kwargs.pop("files", None)
        form_class = self.get_form_class()
        # The mahallas offered are set up from the initial district, so the typed values go in
        # before the form that is shown is built.
        typed = _typed_so_far(form_class(**kwargs), self.request.POST)
        form = form_class(**{**kwargs, "initial": {**kwargs.get("initial", {}), **typed}})
        return self.render_to_response(self.get_context_data(form=form))


@method_decorator(never_cache, name="dispatch")
class SignupView(ShowMahallasMixin, AllauthSignupView):
    """allauth's sign-up with the mahalla step.

    The step is answered before allauth's dispatch so that it does not count against the
    sign-up rate limit: at a mahalla self-service kiosk many residents share one address, and
    listing mahallas creates nothing.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and SHOW_MAHALLAS in request.POST and not request.user.is_authenticated:
            return self.show_mahallas()
        return super().dispatch(request, *args, **kwargs)


class ProfileUpdateView(LoginRequiredMixin, ShowMahallasMixin, FormView):
    template_name = "participation/user_profile.html"
    form_class = ProfileForm

    def get_initial(self):
        return ProfileForm.initial_for(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["verification_level"] = user.get_verification_level_display()
        context["needs_more_verification"] = user.verification_level < VerificationLevel.IN_PERSON
        context["staff_roles"] = staff_roles_of(user)
        context["assisted_items"] = [
            {
                "act": item.act,
                "target": item.target,
                "form": None if item.act.reported_at else AssistedActReportForm(prefix=f"act-{item.act.pk}"),
            }
            for item in assisted_acts_of_resident(user)
        ]
        return context

    def post(self, request, *args, **kwargs):
        if SHOW_MAHALLAS in request.POST:
            return self.show_mahallas()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user_profile_set(user=self.request.user, **form.profile_values())
        messages.success(self.request, PROFILE_SAVED)
        return redirect(reverse("account_profile"))
