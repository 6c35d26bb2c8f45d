"""Forms of the core. They validate input and hand clean values to services."""

from datetime import date

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from participation.models import Gender, Territory, TerritoryKind
from participation.selectors import mahallas_of, regions_with_khokimiyats
from participation.services.users import user_profile_set

DEMOGRAPHICS_NEED_CONSENT = _(
    "Tick the box to share your gender and year of birth, or leave both empty. Both are optional."
)
DEMOGRAPHICS_CONSENT_TEXT = _(
    "I agree that my gender and year of birth are used only to count, without names, who takes "
    "part (for example, how many women signed). Nobody sees them next to my name. I can remove "
    "them at any time on my profile page."
)


# The name of the button that asks for the chosen district's mahallas instead of saving: the
# two-step choice works without JavaScript (choose a district, press it, choose the mahalla).
SHOW_MAHALLAS = "show_mahallas"
MAHALLA_NOT_IN_DISTRICT = _(
    "This mahalla is not in the district or city you chose. Choose your mahalla from the list, "
    "or choose its district first and press “Show mahallas”."
)


def territory_choices() -> list:
    """Districts and cities grouped by region, for a select that works without JavaScript."""
    groups = [("", _("Choose your district or city"))]
    for listing in regions_with_khokimiyats():
        groups.append((listing.region.name, [(str(t.pk), t.name) for t in listing.khokimiyats]))
    return groups


class DistrictSelect(forms.Select):
    """The district select followed by the button that lists its mahallas.

    The button sits right after the select so that a resident without JavaScript meets it
    where they chose the district; pressing it re-renders the form, nothing is saved.
    """

    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs, renderer)
        return format_html(
            '{} <button type="submit" name="{}" value="1" class="button button-secondary" formnovalidate>{}</button>',
            select,
            SHOW_MAHALLAS,
            _("Show mahallas"),
        )


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
        widget=DistrictSelect,
    )
    # Not a ChoiceField: its choices depend on the district, and a mahalla of another district
    # deserves an explanation rather than Django's "not one of the available choices".
    mahalla = forms.CharField(
        label=_("Your mahalla (optional)"),
        required=False,
        help_text=_(
            "Choose your district or city, press “Show mahallas”, then choose your mahalla. "
            "Budget votes and mahalla figures count you there."
        ),
        widget=forms.Select,
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
        self._mahallas = {str(m.pk): m for m in mahallas_of(self._chosen_district_id())}
        if self._mahallas:
            self.fields["mahalla"].widget.choices = [("", _("I do not know / not in the list"))] + [
                (pk, mahalla.name) for pk, mahalla in self._mahallas.items()
            ]
        elif self._chosen_district_id():
            self.fields["mahalla"].widget.choices = [("", _("No mahallas are listed for this place"))]
        else:
            self.fields["mahalla"].widget.choices = [("", _("Choose your district or city first"))]
        # The upper bound moves every New Year, so it is set per form, not at import.
        this_year = date.today().year
        self.fields["birth_year"].validators.append(MaxValueValidator(this_year))
        self.fields["birth_year"].widget.attrs["max"] = this_year

    def _chosen_district_id(self):
        """The district whose mahallas the form offers: the one posted, else the saved one."""
        if self.is_bound:
            return self.data.get(self.add_prefix("home_territory"))
        return self.initial.get("home_territory")

    def clean_home_territory(self) -> Territory:
        value = self.cleaned_data["home_territory"]
        territory = Territory.objects.filter(pk=value, kind__in=[TerritoryKind.DISTRICT, TerritoryKind.CITY]).first()
        if territory is None:
            raise forms.ValidationError(_("Choose your district or city from the list."))
        return territory

    def clean_mahalla(self) -> Territory | None:
        value = self.cleaned_data["mahalla"]
        if not value:
            return None
        # Only the mahallas of the posted district are offered; any other value (a mahalla of
        # the district chosen before, or a forged one) is refused, never moved elsewhere.
        if value not in self._mahallas:
            raise forms.ValidationError(MAHALLA_NOT_IN_DISTRICT)
        return self._mahallas[value]

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
            # The mahalla when the resident named one, so a mahalla resident stays in it.
            "home_territory": data.get("mahalla") or data["home_territory"],
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
        home = user.home_territory
        district, mahalla = home, None
        if home is not None and home.kind == TerritoryKind.MAHALLA:
            district, mahalla = home.get_parent(), home
        return {
            "full_name": user.full_name,
            "home_territory": district.pk if district else None,
            "mahalla": mahalla.pk if mahalla else "",
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
