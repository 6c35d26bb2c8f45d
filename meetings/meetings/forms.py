"""Forms of the public meeting pages: the list's filters and an organisation's proposal. Plain
GET/POST forms that work without JavaScript; the services decide, the forms only parse."""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.meetings.models import AttendanceMode, Meeting, MeetingKind
from participation.models import Territory, TerritoryKind
from participation.organisations.models import Organisation
from participation.web.forms import WholeTextForm

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]


class MeetingFilterForm(forms.Form):
    territory = forms.ModelChoiceField(
        label=_("Territory"), queryset=Territory.objects.none(), required=False, empty_label=_("Everywhere")
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind")), *MeetingKind.choices])
    organisation = forms.ModelChoiceField(
        label=_("Held by"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Anyone"),
        to_field_name="slug",
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("Until"), required=False, widget=DATE_INPUT)

    def __init__(self, data=None):
        super().__init__(data)
        self.fields["territory"].queryset = Territory.objects.filter(
            kind__in=[TerritoryKind.REGION, TerritoryKind.DISTRICT, TerritoryKind.CITY]
        ).order_by("path")
        # Only organisations that hold public meetings: the list cannot grow with every
        # registered organisation.
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(meetings__status__in=["announced", "cancelled"]).distinct().order_by("slug")
        )

    def values(self) -> dict:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class MeetingProposalForm(WholeTextForm):
    """What an organisation's representative proposes; staff complete the agenda and announce."""

    organisation = forms.ModelChoiceField(label=_("For the organisation"), queryset=Organisation.objects.none())
    territory = forms.ModelChoiceField(label=_("Where (district, city or mahalla)"), queryset=Territory.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices, initial=MeetingKind.OTHER)
    title = forms.CharField(label=_("Title"), max_length=Meeting.TITLE_MAX)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS)
    attendance_mode = forms.ChoiceField(label=_("How to attend"), choices=AttendanceMode.choices)
    address = forms.CharField(label=_("Address"), required=False, max_length=400)
    online_url = forms.URLField(label=_("Online link"), required=False, max_length=500, assume_scheme="https")
    capacity = forms.IntegerField(
        label=_("Seats"), required=False, min_value=1, help_text=_("Leave empty for no limit.")
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), required=False, choices=settings.LANGUAGES, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        # The places an organisation works in: its own territory and what lies below it.
        within = Q(pk__in=[])
        for organisation in organisations:
            within |= Q(path__startswith=organisation.territory.path)
        self.fields["territory"].queryset = (
            Territory.objects.filter(within)
            .filter(kind__in=[TerritoryKind.DISTRICT, TerritoryKind.CITY, TerritoryKind.MAHALLA])
            .order_by("path")
        )

    def meeting_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("organisation")
        data.pop("territory")
        return data
