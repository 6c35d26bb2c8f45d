"""Forms of the moderation screens in the Wagtail admin. They check the shape of the input
and hand clean values to ``participation.services``; the rules (a rejection needs a reason
and an explanation, an appeal goes to someone else) are the services' to enforce."""

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.admin_helpers import ShowFilterForm
from participation.models import ModerationOutcome, ReasonCode
from participation.moderation import reason_codes
from participation.moderation import services as moderation_services
from participation.selectors import moderation_reasons


class QueueFilterForm(ShowFilterForm):
    OPEN = "open"
    DECIDED = "decided"
    CHOICES = [(OPEN, _("Waiting for a decision")), (DECIDED, _("Decided"))]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=ModerationOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": moderation_services.OUTCOME_UNKNOWN,
            "invalid_choice": moderation_services.OUTCOME_UNKNOWN,
        },
    )
    reason = forms.ModelChoiceField(
        label=_("Reason"),
        queryset=ReasonCode.objects.none(),
        required=False,
        empty_label=_("— no reason (approval) —"),
        help_text=_("Needed when you reject. The author reads its name."),
        error_messages={"invalid_choice": moderation_services.REASON_UNKNOWN},
    )
    explanation = forms.CharField(
        label=_("Explanation for the author"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when you reject: in a few words, what the author could change."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = moderation_reasons()


class ReasonCodeForm(forms.ModelForm):
    """A reason is never deleted, only retired ("in use" unticked); its code, which the audit
    log quotes, is fixed once created."""

    class Meta:
        model = ReasonCode
        fields = reason_codes.FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("Fixed: past decisions and the audit log quote it.")
