from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import FormView

from participation.forms import ProfileForm
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


class ProfileUpdateView(LoginRequiredMixin, FormView):
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
        return context

    def form_valid(self, form):
        user_profile_set(user=self.request.user, **form.profile_values())
        messages.success(self.request, PROFILE_SAVED)
        return redirect(reverse("account_profile"))
