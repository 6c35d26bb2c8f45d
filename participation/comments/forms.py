"""The comment form every commentable page shows: the text, and which comment it answers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.comments.services import COMMENT_REQUIRED


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("It appears after a moderator has read it."),
        error_messages={"required": COMMENT_REQUIRED},
    )
    # The published comment this one replies to; empty for a new conversation.
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
