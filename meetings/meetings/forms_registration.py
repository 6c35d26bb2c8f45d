"""Forms of registration and check-in: plain POST forms that work without JavaScript. They
only parse; the services decide and refuse with the message the person reads."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from meetings.meetings.services.attendance import AGE_BAND_LABELS, COUNT_MAX
from meetings.meetings.services.registrations import PEOPLE_OUT_OF_RANGE
from participation.models import Gender
from participation.organisations.models import Organisation

MYSELF = "self"
NOT_RECORDED = "x"


class RegistrationForm(forms.Form):
    # Any value is accepted here: an organisation not offered (a membership that ended) goes to
    # the service, which says exactly why it is refused.
    on_behalf = forms.CharField(label=_("Who is coming"), required=False, widget=forms.Select)
    people = forms.IntegerField(
        label=_("How many people (for an organisation)"),
        min_value=1,
        initial=1,
        required=False,
        help_text=_("Each person takes a seat. For yourself it is always one."),
    )
    needs_sign_language = forms.BooleanField(label=_("Sign-language interpretation"), required=False)
    needs_step_free = forms.BooleanField(label=_("Step-free access (wheelchair, pram)"), required=False)
    needs_elderly_help = forms.BooleanField(label=_("Help for the elderly"), required=False)

    def __init__(self, *args, organisations=(), allow_self: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        seats_max = settings.MEETING_ORGANISATION_SEATS_MAX
        self.fields["people"].max_value = seats_max
        self.fields["people"].widget.attrs.update(min=1, max=seats_max)
        self.fields["people"].error_messages["max_value"] = PEOPLE_OUT_OF_RANGE % {"max": seats_max}
        choices = [(MYSELF, _("Myself"))] if allow_self else []
        choices += [(str(org.pk), _("%(name)s (I represent it)") % {"name": org.name}) for org in organisations]
        self.fields["on_behalf"].widget.choices = choices
        self.organisations = {str(org.pk): org for org in organisations}
        if allow_self and not organisations:
            self.fields["on_behalf"].widget = forms.HiddenInput()
            self.fields["people"].widget = forms.HiddenInput()
        self.fields["on_behalf"].initial = choices[0][0] if choices else MYSELF

    def organisation(self):
        """The organisation chosen (offered, or any other named by its key), or None for oneself."""
        chosen = self.cleaned_data.get("on_behalf") or MYSELF
        if chosen in self.organisations:
            return self.organisations[chosen]
        if chosen.isdigit():
            return Organisation.objects.filter(pk=int(chosen)).first()
        return None

    def wants_organisation(self) -> bool:
        return (self.cleaned_data.get("on_behalf") or MYSELF) != MYSELF


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Registration code"),
        max_length=32,
        error_messages={"required": _("Type the code from the person's screen or paper.")},
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}),
    )
    people = forms.IntegerField(
        label=_("People checked in"),
        min_value=1,
        required=False,
        help_text=_("Leave empty to check in everyone on the registration; an organisation may come with fewer."),
    )


class WalkInForm(forms.Form):
    count = forms.IntegerField(
        label=_("People who came without registering"),
        min_value=1,
        max_value=COUNT_MAX,
        error_messages={"required": _("Enter how many people came in.")},
    )


def _cell_name(gender: str, band: str) -> str:
    return f"cell_{gender or NOT_RECORDED}_{band or NOT_RECORDED}"


class PaperSheetForm(forms.Form):
    """A sheet as a grid: rows are age bands (and "not recorded"), columns women, men and "not
    recorded"; a sheet without any split goes in the last cell."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for band in (*AGE_BAND_LABELS, ""):
            row = []
            for gender in (*Gender.values, ""):
                name = _cell_name(gender, band)
                self.fields[name] = forms.IntegerField(
                    label=self.cell_label(gender, band), min_value=0, max_value=COUNT_MAX, required=False
                )
                row.append(name)
            self.rows.append((band or _("Age not recorded"), row))

    @staticmethod
    def cell_label(gender: str, band: str) -> str:
        who = dict(Gender.choices).get(gender, _("Gender not recorded"))
        age = band or _("age not recorded")
        return _("%(who)s, %(age)s") % {"who": who, "age": age}

    def cells(self) -> dict:
        cells = {}
        for band in (*AGE_BAND_LABELS, ""):
            for gender in (*Gender.values, ""):
                value = self.cleaned_data.get(_cell_name(gender, band))
                if value:
                    cells[(gender, band)] = value
        return cells

    def bound_rows(self):
        return [(label, [self[name] for name in names]) for label, names in self.rows]

    @staticmethod
    def columns():
        return [label for _value, label in Gender.choices] + [_("Not recorded")]
