from django import forms
from django.utils.translation import gettext_lazy as _

from participation.identity.phones import InvalidPhone, phone_normalise


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile phone number"),
        help_text=_("An Uzbek mobile number, for example +998 90 123 45 67. We send a code to it by text message."),
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean_phone(self):
        try:
            return phone_normalise(self.cleaned_data["phone"])
        except InvalidPhone as error:
            raise forms.ValidationError(error.message) from None


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the text message"),
        help_text=_("Six digits."),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
