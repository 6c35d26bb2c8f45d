"""Forms of the core. They validate input and hand clean values to services."""

from datetime import date

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from participation.models import Gender, Territory, TerritoryKind
from participation.selectors import regions_with_khokimiyats
from participation.services.users import user_profile_set

DEMOGRAPHICS_NEED_CONSENT = _(
    "Tick the box to share your gender and year of birth, or leave both empty. Both are optional."
)
DEMOGRAPHICS_CONSENT_TEXT = _(
    "I agree that my gender and year of birth are used only to count, without names, who takes "
    "part (for example, how many women signed). Nobody sees them next to my name. I can remove "
    "them at any time on my profile page."
)


def territory_choices() -> list:
    """Districts and cities grouped by region, for a select that works without JavaScript."""
    groups = [("", _("Choose your district or city"))]
    for listing in regions_with_khokimiyats():
        groups.append((listing.region.name, [(str(t.pk), t.name) for t in listing.khokimiyats]))
    return groups


class ProfileFieldsMixin(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("As in your passport, for example: Dilnoza Karimova."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    home_territory = forms.ChoiceField(
        label=_("Where you live"),
        help_text=_("Petitions and budgets are decided for the place where you live."),
    )
    preferred_language = forms.ChoiceField(label=_("Language for messages to you"), choices=settings.LANGUAGES)
    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        required=False,
        choices=[("", _("Prefer not to say"))] + list(Gender.choices),
        widget=forms.RadioSelect,
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth (optional)"),
        required=False,
        min_value=1900,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
    )
    demographics_consent = forms.BooleanField(label=DEMOGRAPHICS_CONSENT_TEXT, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_territory"].choices = territory_choices()
        # The upper bound moves every New Year, so it is set per form, not at import.
        this_year = date.today().year
        self.fields["birth_year"].validators.append(MaxValueValidator(this_year))
        self.fields["birth_year"].widget.attrs["max"] = this_year

    def clean_home_territory(self) -> Territory:
        value = self.cleaned_data["home_territory"]
        territory = Territory.objects.filter(
            pk=value, kind__in=[TerritoryKind.DISTRICT, TerritoryKind.CITY, TerritoryKind.MAHALLA]
        ).first()
        if territory is None:
            raise forms.ValidationError(_("Choose your district or city from the list."))
        return territory

    def clean(self):
        cleaned = super().clean()
        shares = cleaned.get("gender") or cleaned.get("birth_year")
        if shares and not cleaned.get("demographics_consent"):
            self.add_error("demographics_consent", DEMOGRAPHICS_NEED_CONSENT)
        return cleaned

    def profile_values(self) -> dict:
        data = self.cleaned_data
        return {
            "full_name": data["full_name"],
            "preferred_language": data["preferred_language"],
            "home_territory": data["home_territory"],
            "gender": data.get("gender") or "",
            "birth_year": data.get("birth_year"),
            "demographics_consent": bool(data.get("demographics_consent")),
        }


class SignupProfileForm(ProfileFieldsMixin):
    """Extra sign-up fields; allauth mixes this class into its own sign-up form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = get_language()

    def signup(self, request, user):
        user_profile_set(user=user, **self.profile_values())


class ProfileForm(ProfileFieldsMixin):
    """The same questions on the profile page, where consent can also be withdrawn."""

    @classmethod
    def initial_for(cls, user) -> dict:
        return {
            "full_name": user.full_name,
            "home_territory": user.home_territory_id,
            "preferred_language": user.preferred_language,
            "gender": user.gender,
            "birth_year": user.birth_year,
            "demographics_consent": user.demographics_consent_at is not None,
        }


class VerifyInPersonForm(forms.Form):
    email = forms.EmailField(label=_("The resident's e-mail address"))
    note = forms.CharField(
        label=_("Document seen"),
        max_length=500,
        help_text=_("For example: passport AB1234567, checked at the public service centre."),
    )
