"""Forms and form helpers every feature's pages share: long text that is never cut, a message
translated when shown, and the two forms of the moderation core a resident fills in on any
page (report content to the moderators, appeal a decision)."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from participation.models import Flag
from participation.moderation import services as moderation_services
from participation.selectors import moderation_reasons

FLAG_TEXT_MAX = Flag._meta.get_field("text").max_length


def interpolated(message, **values):
    """``message % values``, translated when shown rather than once at import."""
    return lazy(lambda: str(message) % values, str)()


class WholeTextForm(forms.Form):
    """A browser silently cuts pasted text at a textarea's ``maxlength``; without it the
    server keeps the whole text and says how much too long it is, so nothing is lost."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.pop("maxlength", None)


def limited_text(label, *, limit: int, too_long, help_text, rows: int, required_message=None) -> forms.CharField:
    """A textarea of at most ``limit`` characters, the limit said in its help text and the
    service's own message when the text is longer."""
    error_messages = {"max_length": interpolated(too_long, limit=limit)}
    if required_message:
        error_messages["required"] = required_message
    return forms.CharField(
        label=label,
        required=required_message is not None,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=interpolated(help_text, limit=limit),
        error_messages=error_messages,
    )


class FlagForm(WholeTextForm):
    """Report something to the moderators: a reason from the list, details if one wishes."""

    prefix = "flag"  # one page may hold several small forms; their fields' ids must differ

    reason = forms.ModelChoiceField(
        label=_("What is wrong"),
        queryset=moderation_reasons(for_flags=True),
        empty_label=_("Choose a reason"),
        error_messages={
            "required": moderation_services.REASON_UNKNOWN,
            "invalid_choice": moderation_services.REASON_UNKNOWN,
        },
    )
    text = limited_text(
        _("Details (optional)"),
        limit=FLAG_TEXT_MAX,
        too_long=moderation_services.FLAG_TEXT_TOO_LONG,
        help_text=_("Only the moderators read this. At most %(limit)d characters."),
        rows=3,
    )


class AppealForm(WholeTextForm):
    """The author asks another moderator to decide again."""

    prefix = "appeal"

    text = limited_text(
        _("Why the decision should be changed"),
        limit=moderation_services.APPEAL_MAX_LENGTH,
        too_long=moderation_services.APPEAL_TEXT_TOO_LONG,
        help_text=_("Another moderator decides the appeal; their decision is final. At most %(limit)d characters."),
        rows=6,
        required_message=moderation_services.APPEAL_TEXT_REQUIRED,
    )
