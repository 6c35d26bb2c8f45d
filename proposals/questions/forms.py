"""Forms of public questions. They validate input and hand clean values to the services;
none of them saves anything."""

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from participation.moderation import services as moderation_services
from proposals.questions import services as question_services
from proposals.questions.models import Question, QuestionTopic
from proposals.questions.selectors import PublicFilter, QueueFilter


def _max_length(field_name: str) -> int:
    return Question._meta.get_field(field_name).max_length


def _interpolated(message, **values):
    """``message % values``, translated when shown rather than once at import."""
    return lazy(lambda: str(message) % values, str)()


class QuestionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=_max_length("title"),
        help_text=_("In a few words, for example: No drinking water on Navbahor street since Monday."),
        error_messages={
            "required": question_services.TITLE_EMPTY,
            "max_length": _("The title is %(show_value)d characters long; at most %(limit_value)d are allowed."),
        },
    )
    text = forms.CharField(
        label=_("Your question"),
        max_length=_max_length("text"),
        help_text=_interpolated(
            _(
                "Everyone will be able to read it. Do not write your passport number, phone or home address. "
                "At most %(limit)d characters."
            ),
            limit=_max_length("text"),
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": question_services.TEXT_EMPTY,
            "max_length": _(
                "Your question is %(show_value)d characters long; at most %(limit_value)d are allowed. "
                "Shorten it and send it again."
            ),
        },
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        choices=[("", _("Choose a topic"))] + list(QuestionTopic.choices),
        error_messages={"required": question_services.TOPIC_UNKNOWN, "invalid_choice": question_services.TOPIC_UNKNOWN},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A browser silently cuts pasted text at ``maxlength``; without it the server keeps the
        # whole text and says how much too long it is, so nothing the resident wrote is lost.
        self.fields["text"].widget.attrs.pop("maxlength", None)


class QuestionListFilterForm(forms.Form):
    """The public list's filter: a GET form that works without JavaScript."""

    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("All topics"))] + list(QuestionTopic.choices)
    )
    state = forms.ChoiceField(
        label=_("Answer"),
        required=False,
        choices=[
            ("", _("All")),
            (PublicFilter.ANSWERED, _("Answered")),
            (PublicFilter.AWAITING, _("Awaiting answer")),
            (PublicFilter.OVERDUE, _("Overdue")),
        ],
    )

    def values(self) -> dict:
        """Valid filter values; anything a hand-typed URL got wrong counts as "no filter"."""
        if not self.is_valid():
            return {"topic": "", "state": ""}
        return {"topic": self.cleaned_data["topic"], "state": self.cleaned_data["state"]}


class AppealForm(forms.Form):
    """The author's one appeal against a rejection; the moderation core checks the rest."""

    prefix = "appeal"

    text = forms.CharField(
        label=_("Why the decision should be changed"),
        max_length=moderation_services.APPEAL_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_interpolated(
            _("Another moderator decides the appeal; their decision is final. At most %(limit)d characters."),
            limit=moderation_services.APPEAL_MAX_LENGTH,
        ),
        error_messages={"required": moderation_services.APPEAL_TEXT_REQUIRED},
    )


# --- Staff forms (Wagtail admin) -------------------------------------------------------------


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            (QueueFilter.OPEN, _("Needing work")),
            (QueueFilter.PENDING, _("Awaiting moderation")),
            (QueueFilter.AWAITING, _("Awaiting answer")),
            (QueueFilter.OVERDUE, _("Overdue")),
            (QueueFilter.ANSWERED, _("Answered")),
            (QueueFilter.REJECTED, _("Rejected")),
            (QueueFilter.ALL, _("All")),
        ],
    )

    def status_value(self) -> str:
        if not self.is_valid():
            return QueueFilter.OPEN
        return self.cleaned_data["status"] or QueueFilter.OPEN


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        max_length=_max_length("answer"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Published under the name of the khokimiyat; it cannot be changed afterwards."),
        error_messages={"required": question_services.ANSWER_EMPTY},
    )


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Extra days"), min_value=1)
    note = forms.CharField(
        label=_("Public note"),
        max_length=_max_length("extension_note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the question: why the khokimiyat needs more time."),
        error_messages={"required": question_services.EXTENSION_NOTE_REQUIRED},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limit is a setting, read when the form is built, as the service reads it.
        limit = settings.QUESTION_EXTENSION_MAX_DAYS
        self.fields["days"] = forms.IntegerField(
            label=_("Extra days"),
            min_value=1,
            max_value=limit,
            help_text=_interpolated(_("Once only, at most %(limit)d days."), limit=limit),
        )
