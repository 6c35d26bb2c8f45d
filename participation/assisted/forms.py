from django import forms
from django.utils.translation import gettext_lazy as _

from participation.assisted.reporting import NOTE_MAX
from participation.assisted.services import PAPER_FORM_MAX
from participation.identity.phones import InvalidPhone, phone_normalise
from participation.models import DocumentType, Territory


class CentreForm(forms.Form):
    centre = forms.TypedChoiceField(label=_("The centre where you work today"), coerce=int)

    def __init__(self, *args, centres=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].choices = [(centre.pk, centre.title) for centre in centres]


class FindForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    phone = forms.CharField(
        label=_("or phone number"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )

    def clean_phone(self):
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return None
        try:
            return phone_normalise(raw)
        except InvalidPhone as error:
            raise forms.ValidationError(error.message) from None


class RegisterForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    mahalla = forms.ModelChoiceField(label=_("Mahalla"), queryset=Territory.objects.none())
    phone = forms.CharField(
        label=_("Mobile phone number"),
        help_text=_("Leave empty if the resident has no phone. It stays unconfirmed until they type the code."),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    preferred_language = forms.ChoiceField(label=_("Language the resident reads"))
    not_a_duplicate = forms.BooleanField(label=_("None of the accounts listed is this person"), required=False)

    def __init__(self, *args, mahallas, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mahalla"].queryset = mahallas
        self.fields["mahalla"].label_from_instance = lambda territory: territory.name
        self.fields["preferred_language"].choices = languages

    def clean_phone(self):
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return None
        try:
            return phone_normalise(raw)
        except InvalidPhone as error:
            raise forms.ValidationError(error.message) from None


class VerifyForm(forms.Form):
    document_type = forms.ChoiceField(
        label=_("Document you saw"),
        choices=[("", "—"), *DocumentType.choices],
        help_text=_("Only the kind of document is recorded, never its number."),
    )


class PhoneCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the text message"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ConsentForm(forms.Form):
    """The resident's consent: the code sent to their phone, or the paper form's number."""

    code = forms.CharField(
        label=_("Code the resident received"),
        help_text=_("The resident types it themselves."),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    paper_form = forms.CharField(
        label=_("Number of the signed paper consent form"),
        max_length=PAPER_FORM_MAX,
        required=False,
    )

    def __init__(self, *args, resident=None, **kwargs):
        super().__init__(*args, **kwargs)
        if resident is not None and resident.phone:
            del self.fields["paper_form"]
        else:
            del self.fields["code"]


class AssistedActReportForm(forms.Form):
    """The resident's report of one act: why it is wrong, in their own words."""

    note = forms.CharField(
        label=_("What is wrong with this act?"),
        help_text=_(
            "For example: you did not ask for it, or the operator chose for you. The district's managers read it."
        ),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
