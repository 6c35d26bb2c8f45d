"""Forms of minutes and action items (the public pages and the staff screens). They parse;
the services decide and refuse."""

from datetime import datetime, time

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.meetings.models import ActionKind, ActionStatus, Minutes, MinutesComment
from participation.calendar import end_of_day

PROGRESS_TARGETS_OWNER = [("", _("No change of status")), (ActionStatus.IN_PROGRESS, ActionStatus.IN_PROGRESS.label)]


class MinutesForm(forms.Form):
    prefix = "write"
    text = forms.CharField(
        label=_("Minutes"),
        max_length=Minutes._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    comment_days = forms.IntegerField(
        label=_("Days for attendees to comment"), min_value=1, max_value=60, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment_days"].initial = settings.MEETING_MINUTES_COMMENT_DAYS


class CirculateForm(forms.Form):
    prefix = "circulate"
    comment_days = forms.IntegerField(label=_("Days for attendees to comment"), min_value=1, max_value=60)


class MinutesCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=MinutesComment._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CorrectionForm(forms.Form):
    prefix = "correct"
    text = forms.CharField(label=_("Correction"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class ActionForm(forms.Form):
    """A decision or action item; the owner is exactly one of three fields (the service says
    so when it is none or more than one)."""

    prefix = "action"
    kind = forms.ChoiceField(label=_("Kind"), choices=ActionKind.choices, initial=ActionKind.ACTION)
    text = forms.CharField(label=_("What was decided or is to be done"), widget=forms.Textarea(attrs={"rows": 3}))
    agenda_item = forms.ModelChoiceField(label=_("Agenda item"), queryset=None, required=False)
    owner_department = forms.CharField(label=_("Owner: a department (by name)"), max_length=200, required=False)
    owner_user = forms.ModelChoiceField(label=_("or a staff member"), queryset=None, required=False)
    owner_organisation = forms.ModelChoiceField(label=_("or an organisation"), queryset=None, required=False)
    due_on = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, agenda_items, staff, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = agenda_items
        self.fields["owner_user"].queryset = staff
        self.fields["owner_organisation"].queryset = organisations

    def values(self) -> dict:
        data = self.cleaned_data
        due_on = data.get("due_on")
        return {
            "kind": data["kind"],
            "text": data["text"],
            "agenda_item": data.get("agenda_item"),
            "owner_department": data.get("owner_department") or "",
            "owner_user": data.get("owner_user"),
            "owner_organisation": data.get("owner_organisation"),
            # Due at the end of the day in Tashkent: nothing is overdue during its last day.
            "due_at": end_of_day(timezone.make_aware(datetime.combine(due_on, time(12)))) if due_on else None,
        }


class ProgressForm(forms.Form):
    """A progress note; staff may also move the item and attach evidence from their collection."""

    prefix = "progress"
    note = forms.CharField(label=_("Progress note"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    target = forms.ChoiceField(label=_("Status after this note"), required=False)
    evidence_document = forms.ModelChoiceField(label=_("Evidence: a document"), queryset=None, required=False)
    evidence_photo = forms.ModelChoiceField(label=_("Evidence: a photo"), queryset=None, required=False)

    def __init__(self, *args, targets, documents=None, images=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets
        if documents is None:
            del self.fields["evidence_document"]
        else:
            self.fields["evidence_document"].queryset = documents.order_by("-created_at")
        if images is None:
            del self.fields["evidence_photo"]
        else:
            self.fields["evidence_photo"].queryset = images.order_by("-created_at")


def staff_targets(item) -> list[tuple[str, str]]:
    from meetings.meetings.followup_transitions import ACTION_TRANSITIONS

    moves = [target for (source, target) in ACTION_TRANSITIONS if source == item.status]
    return [("", _("No change of status")), *[(target, ActionStatus(target).label) for target in moves]]


class ExtendForm(forms.Form):
    prefix = "extend"
    days = forms.IntegerField(label=_("Days to add"), min_value=1, max_value=365)
    reason = forms.CharField(label=_("Public reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
