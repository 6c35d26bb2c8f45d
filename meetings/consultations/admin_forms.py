"""Forms of the staff screens. They parse; the services decide and refuse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.consultations.models import Audience, Disposition, InputChannel
from meetings.consultations.services.consultations import OPEN_DAYS_DEFAULT, OPEN_DAYS_MIN, OUTCOME_DAYS_DEFAULT
from participation.models import StaffRoleKind, Territory, TerritoryKind
from participation.selectors import staff_role_paths


def territories_run_by(user):
    """Regions, districts and cities where ``user`` is responder or manager (or below them)."""
    paths = [path for role, path in staff_role_paths(user) if role in (StaffRoleKind.RESPONDER, StaffRoleKind.MANAGER)]
    rows = Territory.objects.filter(kind__in=[TerritoryKind.REGION, TerritoryKind.DISTRICT, TerritoryKind.CITY])
    if getattr(user, "is_superuser", False):
        return rows.order_by("path")
    from django.db.models import Q

    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return rows.filter(condition).order_by("path")


class ConsultationForm(forms.Form):
    territory = forms.ModelChoiceField(label=_("Khokimiyat (territory)"), queryset=Territory.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}))
    audience = forms.ChoiceField(label=_("Who may take part"), choices=Audience.choices, initial=Audience.BOTH)
    tags = forms.CharField(label=_("Topics (comma-separated)"), required=False)
    questions = forms.CharField(
        label=_("Questions (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    open_at = forms.DateTimeField(
        label=_("Input opens"),
        required=False,
        help_text=_("Empty: at once."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    open_days = forms.IntegerField(
        label=_("Days open for input"), initial=OPEN_DAYS_DEFAULT, min_value=OPEN_DAYS_MIN, max_value=365
    )
    outcome_days = forms.IntegerField(
        label=_("Days to publish the outcome after input closes"),
        initial=OUTCOME_DAYS_DEFAULT,
        min_value=1,
        max_value=365,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories_run_by(user)

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "territory": data["territory"],
            "title": data["title"],
            "summary": data["summary"],
            "audience": data["audience"],
            "tags": [tag.strip() for tag in (data["tags"] or "").split(",") if tag.strip()],
            "questions": [line for line in (data["questions"] or "").splitlines() if line.strip()],
            "open_at": data["open_at"],
            "open_days": data["open_days"],
            "outcome_days": data["outcome_days"],
        }


class VersionForm(forms.Form):
    prefix = "version"
    file = forms.FileField(
        label=_("Import a file (.md, .txt or .docx)"),
        required=False,
        help_text=_("Headings make sections; each paragraph of text becomes a paragraph."),
    )
    text = forms.CharField(
        label=_("Or type the document"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("“## Section title” lines start sections; a blank line separates paragraphs."),
    )
    note = forms.CharField(label=_("What changed (public)"), required=False, max_length=500)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Import a file or type the document."))
        return data


class InviteForm(forms.Form):
    prefix = "invite"
    organisation = forms.ModelChoiceField(label=_("An organisation"), queryset=None, required=False)
    kind = forms.ChoiceField(label=_("Or every verified organisation of the kind"), required=False)
    territory = forms.ModelChoiceField(label=_("working in"), queryset=Territory.objects.none(), required=False)

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        from participation.organisations.models import Organisation, OrganisationKind

        self.fields["organisation"].queryset = Organisation.objects.filter(
            status="verified", territory__path__startswith=consultation.territory.path[: Territory.steplen * 2]
        ).order_by("name_uz")
        self.fields["kind"].choices = [("", "—"), *OrganisationKind.choices]
        self.fields["territory"].queryset = (
            Territory.objects.filter(path__startswith=consultation.territory.path)
            .exclude(kind=TerritoryKind.MAHALLA)
            .order_by("path")
        )
        self.fields["territory"].initial = consultation.territory


class PhaseNoteForm(forms.Form):
    days = forms.IntegerField(label=_("Days to add"), min_value=1, max_value=60, required=False)
    note = forms.CharField(label=_("Public note"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, prefix, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        if prefix == "close":
            del self.fields["days"]


class DispositionForm(forms.Form):
    prefix = "dispose"
    inputs = forms.MultipleChoiceField(label=_("Inputs"), widget=forms.CheckboxSelectMultiple)
    disposition = forms.ChoiceField(label=_("Disposition"), choices=Disposition.choices)
    reason = forms.CharField(
        label=_("Reason (required unless accepted)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    paragraph = forms.ChoiceField(label=_("Paragraph of the latest version it changed"), required=False)

    def __init__(self, *args, inputs, paragraphs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inputs"].choices = [(str(item.pk), str(item.pk)) for item in inputs]
        self.fields["inputs"].error_messages["required"] = _("Choose at least one input.")
        self.fields["paragraph"].choices = [("", "—")] + [
            (p.anchor, _("Paragraph %(number)d") % {"number": p.position}) for p in paragraphs
        ]


class OfflineInputForm(forms.Form):
    prefix = "offline"
    channel = forms.ChoiceField(
        label=_("Given"),
        choices=[(InputChannel.PAPER, InputChannel.PAPER.label), (InputChannel.MEETING, InputChannel.MEETING.label)],
    )
    attributed_to = forms.CharField(label=_("Said by"), max_length=200)
    place = forms.ChoiceField(label=_("On"))
    text = forms.CharField(label=_("Proposal or position"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = places


class ConcludeForm(forms.Form):
    prefix = "conclude"
    outcome_summary = forms.CharField(label=_("What we did (public summary)"), widget=forms.Textarea(attrs={"rows": 4}))


class AttachmentForm(forms.Form):
    prefix = "attach"
    document = forms.ModelChoiceField(label=_("A document uploaded under Documents"), queryset=None)
    title = forms.CharField(label=_("Title shown to readers"), max_length=200)

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents.order_by("-created_at")


class ConsultationEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}))
    tags = forms.CharField(label=_("Topics (comma-separated)"), required=False)

    def values(self) -> dict:
        data = self.cleaned_data
        tags = [tag.strip() for tag in (data["tags"] or "").split(",") if tag.strip()]
        return {"title": data["title"], "summary": data["summary"], "tags": tags}
