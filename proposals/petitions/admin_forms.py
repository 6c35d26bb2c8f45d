"""Forms of the petition screens in the Wagtail admin. They check the shape of the input and
hand clean values to ``proposals.services``, which enforce the rules."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from participation.admin_helpers import ShowFilterForm
from participation.dates import bounded
from proposals.petitions.models import PetitionRules
from proposals.petitions.services import level_rules as petition_rules
from proposals.petitions.services import lifecycle as petition_services

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class PetitionFilterForm(ShowFilterForm):
    AWAITING = "awaiting"
    ALL = "all"
    CHOICES = [(AWAITING, _("Awaiting an answer, and answered")), (ALL, _("All petitions of my territories"))]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Official answer"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Published with the date and the name of the khokimiyat; it cannot be changed afterwards."),
        error_messages={"required": petition_services.ANSWER_EMPTY},
    )


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the petition: why the khokimiyat needs more time."),
        error_messages={"required": petition_services.EXTENSION_REASON_REQUIRED},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limit is a setting, read when the form is built, as the service reads it.
        limit = settings.PETITION_EXTENSION_MAX_DAYS
        message = petition_services.EXTENSION_DAYS_RANGE % {"limit": limit}
        self.fields["days"] = forms.IntegerField(
            label=_("Extra days"),
            min_value=1,
            max_value=limit,
            help_text=_("Once only, at most %(limit)d days, before the answer date passes.") % {"limit": limit},
            error_messages={"required": message, "min_value": message, "max_value": message},
        )
        self.order_fields(["days", "reason"])


def _datetime_field(label):
    return bounded(
        forms.DateTimeField(
            label=label,
            input_formats=[DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        )
    )


class InvalidateForm(forms.Form):
    """The criterion: signatures made in a time window, from one address if given. The first
    submit previews how many match; ``expected`` carries that number to the confirmation."""

    ip = forms.GenericIPAddressField(
        label=_("Address (IP)"), required=False, help_text=_("Leave empty to match every address in the window.")
    )
    signed_from = _datetime_field(_("Signed from"))
    signed_until = _datetime_field(_("Signed until (not included)"))
    reason = forms.CharField(
        label=_("Reason (kept in the record, and shown on the public timeline)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": petition_services.INVALIDATE_REASON_REQUIRED},
    )
    expected = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("signed_from"), cleaned.get("signed_until")
        if start and end and end <= start:
            self.add_error("signed_until", petition_services.INVALIDATE_WINDOW)
        return cleaned


class PetitionRulesForm(forms.ModelForm):
    class Meta:
        model = PetitionRules
        fields = petition_rules.FIELDS
