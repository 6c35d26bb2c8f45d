"""Forms of the public pages: the list's filters and the input form. Plain GET/POST forms
that work without JavaScript; the services decide, the forms only parse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.consultations.models import Audience, Input, InputTarget, PhaseKind
from meetings.consultations.services.inputs import INPUT_TEXT_REQUIRED, INPUT_TEXT_TOO_LONG
from participation.models import Territory, TerritoryKind
from participation.web.forms import WholeTextForm, limited_text

MYSELF = "self"


class ConsultationFilterForm(forms.Form):
    territory = forms.ModelChoiceField(
        label=_("Territory"), queryset=Territory.objects.none(), required=False, empty_label=_("Everywhere")
    )
    status = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("Any stage")), *PhaseKind.choices])
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    audience = forms.ChoiceField(
        label=_("Who may take part"), required=False, choices=[("", _("Anyone")), *Audience.choices]
    )

    def __init__(self, data=None, *, topics=()):
        super().__init__(data)
        self.fields["territory"].queryset = Territory.objects.filter(
            kind__in=[TerritoryKind.REGION, TerritoryKind.DISTRICT, TerritoryKind.CITY]
        ).order_by("path")
        self.fields["topic"].choices = [("", _("Any topic")), *topics]

    def values(self) -> dict:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class InputForm(WholeTextForm):
    """One input: what it is on (a choice among the document's places), for whom, the text."""

    place = forms.ChoiceField(label=_("Your input is on"))
    # Any value is accepted here: an organisation not offered (not invited, a membership that
    # ended) goes to the service, which says exactly why it is refused.
    on_behalf = forms.CharField(label=_("You take part"), required=False, widget=forms.Select)
    text = limited_text(
        _("Your proposal or position"),
        limit=Input.TEXT_MAX,
        too_long=INPUT_TEXT_TOO_LONG,
        help_text=_("Say what should change and why. A moderator reads it first. At most %(limit)d characters."),
        rows=8,
        required_message=INPUT_TEXT_REQUIRED,
    )

    def __init__(self, *args, places, organisations, allow_self: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = places
        self.fields["place"].error_messages["invalid_choice"] = _("Choose what your input is about.")
        choices = [(MYSELF, _("For myself"))] if allow_self else []
        choices += [(str(org.pk), _("On behalf of %(name)s") % {"name": org.name}) for org in organisations]
        self.fields["on_behalf"].widget.choices = choices
        self.organisations = {str(org.pk): org for org in organisations}
        if not choices:
            self.fields["on_behalf"].widget = forms.HiddenInput()
        if choices:
            self.fields["on_behalf"].initial = choices[0][0]

    def target(self) -> tuple[str, str]:
        """(target, anchor or question id) from the chosen place ``kind:value``."""
        kind, _sep, value = self.cleaned_data["place"].partition(":")
        return kind if kind in InputTarget.values else "", value

    def organisation(self):
        """The organisation chosen (offered, or any other named by its key), or None for oneself."""
        chosen = self.cleaned_data.get("on_behalf") or ""
        if chosen in self.organisations:
            return self.organisations[chosen]
        if chosen.isdigit():
            from participation.organisations.models import Organisation

            return Organisation.objects.filter(pk=int(chosen)).first()
        return None
