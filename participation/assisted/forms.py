from django import forms
from django.utils.translation import gettext_lazy as _

from participation.assisted.reporting import NOTE_MAX


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
