"""Wagtail's user admin, fitted to a user model with one ``full_name`` instead of first and
last names (Uzbek names carry patronymics such as "Akmal oʻgʻli" that do not split)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

FIELDS = {"email", "full_name", "is_superuser", "groups"}


class StaffUserCreationForm(UserCreationForm):
    first_name = None
    last_name = None
    full_name = forms.CharField(required=True, label=_("Full name"), max_length=150)

    class Meta(UserCreationForm.Meta):
        fields = FIELDS


class StaffUserEditForm(UserEditForm):
    first_name = None
    last_name = None
    full_name = forms.CharField(required=True, label=_("Full name"), max_length=150)

    class Meta(UserEditForm.Meta):
        fields = FIELDS | {"is_active"}


class StaffUserViewSet(UserViewSet):
    def get_form_class(self, for_update=False):
        return StaffUserEditForm if for_update else StaffUserCreationForm
