from django import forms
from django.utils.translation import gettext_lazy as _

from participation.kiosk.models import Kiosk


class KioskRegisterForm(forms.Form):
    centre = forms.ModelChoiceField(label=_("Service centre"), queryset=None, empty_label=None)
    name = forms.CharField(
        label=_("Name of this device"),
        max_length=Kiosk._meta.get_field("name").max_length,
        help_text=Kiosk._meta.get_field("name").help_text,
    )

    def __init__(self, *args, centres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres
        self.fields["centre"].label_from_instance = lambda centre: f"{centre.title} ({centre.territory.name})"
