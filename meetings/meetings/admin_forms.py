"""Forms of the meeting staff screens. They parse; the services decide and refuse.

The agenda is one text box, a line per item, so it is written and reordered without
JavaScript on any phone: ``Title | presenter | 10:30 | 3`` (presenter, time and the number of
the consultation's paragraph are optional); a line starting with ``-`` is a sub-item of the
item above it.
"""

from datetime import date, datetime, time, timedelta

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from meetings.consultations.models import Consultation
from meetings.meetings.forms import DATETIME_FORMATS, DATETIME_INPUT
from meetings.meetings.models import AttendanceMode, Meeting, MeetingKind
from meetings.meetings.selectors import MEETING_STAFF_ROLES
from meetings.meetings.selectors.meetings import meeting_subject_codes
from meetings.meetings.services.agenda import AgendaEntry
from participation.accessibility import ACCESSIBILITY_FEATURES
from participation.models import Territory, TerritoryKind
from participation.selectors import staff_role_paths
from participation.subjects import subject_find, subject_kind_of

AGENDA_LINE_INVALID = _("Agenda line %(line)d: write “title | presenter | 10:30 | paragraph number”.")
AGENDA_PARAGRAPH_UNKNOWN = _("Agenda line %(line)d: the consultation has no paragraph %(number)s.")
AGENDA_SUBJECT_UNKNOWN = _(
    "Agenda line %(line)d: “%(subject)s” is not a paragraph number nor a published petition, budget cycle or "
    "project (write e.g. petition 12)."
)
SUBJECT_UNKNOWN = _("“%(subject)s” is not a published petition, budget cycle or project (write e.g. petition 12).")
SUB_ITEM_FIRST = _("Agenda line %(line)d: a sub-item (“-”) must follow an item.")


def territories_run_by(user):
    """Districts, cities and mahallas where ``user`` runs meetings (their territory and below)."""
    rows = Territory.objects.filter(kind__in=[TerritoryKind.DISTRICT, TerritoryKind.CITY, TerritoryKind.MAHALLA])
    if getattr(user, "is_superuser", False):
        return rows.order_by("path")
    condition = Q(pk__in=[])
    for role, path in staff_role_paths(user):
        if role in MEETING_STAFF_ROLES:
            condition |= Q(path__startswith=path)
    return rows.filter(condition).order_by("path")


class MeetingForm(forms.Form):
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=Meeting.TITLE_MAX)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS)
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS, help_text=_("May be on a later day.")
    )
    attendance_mode = forms.ChoiceField(label=_("How to attend"), choices=AttendanceMode.choices)
    address = forms.CharField(label=_("Address"), required=False, max_length=400)
    map_url = forms.CharField(label=_("Map link"), required=False, max_length=500)
    online_url = forms.CharField(label=_("Online link"), required=False, max_length=500)
    accessibility = forms.MultipleChoiceField(
        label=_("Access at the venue"),
        required=False,
        choices=ACCESSIBILITY_FEATURES,
        widget=forms.CheckboxSelectMultiple,
    )
    accessibility_note = forms.CharField(label=_("More about access"), required=False, max_length=300)
    capacity = forms.IntegerField(
        label=_("Seats"), required=False, min_value=1, help_text=_("Leave empty for no limit.")
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), required=False, choices=settings.LANGUAGES, widget=forms.CheckboxSelectMultiple
    )
    consultation = forms.ModelChoiceField(label=_("Consultation"), required=False, queryset=Consultation.objects.none())
    subjects = forms.CharField(
        label=_("Also about"),
        required=False,
        help_text=_(
            "Published petitions, budget cycles and projects by number, separated by commas: petition 12, project 5, cycle 3."
        ),
    )

    def __init__(self, *args, user, editing: Meeting | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        territories = territories_run_by(user)
        self.fields["territory"].queryset = territories
        if editing is not None:
            # Where a meeting is held is not moved: its registrants and feeds follow the territory.
            del self.fields["territory"]
        paths = {path for role, path in staff_role_paths(user) if role in MEETING_STAFF_ROLES}
        condition = Q(pk__in=[])
        for path in paths:
            condition |= Q(territory__path__startswith=path) | Q(territory__path__in=_ancestors(path))
        consultations = Consultation.objects.exclude(status="draft")
        if not getattr(user, "is_superuser", False):
            consultations = consultations.filter(condition)
        self.fields["consultation"].queryset = consultations.order_by("-pk")

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        values = {name: getattr(meeting, name) for name in cls.base_fields if hasattr(meeting, name)}
        values["starts_at"] = timezone.localtime(meeting.starts_at)
        values["ends_at"] = timezone.localtime(meeting.ends_at)
        values["accessibility"] = [name for name, _label in ACCESSIBILITY_FEATURES if getattr(meeting, name)]
        values["consultation"] = meeting.consultation_id
        values["subjects"] = ", ".join(f"{code} {pk}" for code, pk in meeting_subject_codes(meeting))
        return values

    def clean_subjects(self) -> list:
        found = []
        for part in (self.cleaned_data["subjects"] or "").split(","):
            if not part.strip():
                continue
            code, _sep, number = part.strip().partition(" ")
            row = subject_find(code.strip().lower(), int(number)) if number.strip().isdigit() else None
            if row is None:
                raise forms.ValidationError(SUBJECT_UNKNOWN % {"subject": part.strip()})
            found.append(row)
        return found

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        chosen = set(data.pop("accessibility"))
        for name, _label in ACCESSIBILITY_FEATURES:
            data[name] = name in chosen
        return data


def _ancestors(path: str, steplen: int = 4) -> list[str]:
    return [path[:end] for end in range(steplen, len(path), steplen)]


def _about_text(item, numbers: dict[str, int]) -> str:
    """What an agenda item is about, as staff typed it: a paragraph number or "petition 12"."""
    if item.paragraph_anchor:
        return str(numbers.get(item.paragraph_anchor, ""))
    if item.subject_type_id:
        kind = subject_kind_of(ContentType.objects.get_for_id(item.subject_type_id))
        return f"{kind.code} {item.subject_id}" if kind else ""
    return ""


def _agenda_moment(clock: str, starts: datetime, ends: datetime) -> datetime | None:
    """An agenda time as staff type it: ``10:30`` on the meeting's first day, or with its day
    (``14.05 10:30``, ``14.05.2027 10:30``) on a meeting of several days; None if unreadable.
    ``starts`` and ``ends`` are the meeting's, local and naive. A day without a year falls on or
    after the first day (a meeting over New Year); a bare time earlier than the start falls on the
    next day on a meeting shorter than a day that is still on then (an evening hearing that runs
    past midnight); on a longer one it stays on the first day, where it is refused as outside."""
    first_day = starts.date()
    clock = " ".join(clock.split())
    for pattern in ("%H:%M", "%d.%m %H:%M", "%d.%m.%Y %H:%M"):
        typed_year = "%Y" in pattern
        try:
            # A leap year is given when none is typed, so that 29.02 parses; replaced below.
            parsed = datetime.strptime(*((clock, pattern) if typed_year else (f"{clock} 2000", f"{pattern} %Y")))
        except ValueError:
            continue
        if pattern == "%H:%M":
            moment = datetime.combine(first_day, time(parsed.hour, parsed.minute))
            next_day = moment + timedelta(days=1)
            if moment < starts and next_day <= ends and ends - starts < timedelta(days=1):
                return next_day
            return moment
        if pattern == "%d.%m %H:%M":
            for year in (first_day.year, first_day.year + 1):
                try:
                    moment = parsed.replace(year=year)
                except ValueError:  # 29.02 in a year without it
                    continue
                if moment.date() >= first_day:
                    return moment
            return None
        return parsed
    return None


class AgendaForm(forms.Form):
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=format_lazy(
            "{} {}",
            _(
                "One item per line: title | presenter | time (10:30) | what it is about: a paragraph number "
                "of the consultation, or a petition, budget cycle or project (petition 12, project 5). "
                "Start a line with “-” for a sub-item of the item above."
            ),
            _("On a meeting of several days, write the day before the time: 14.05 10:30."),
        ),
    )

    def __init__(self, *args, meeting: Meeting, paragraphs: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.paragraphs = paragraphs  # number -> anchor in the consultation's current version

    @staticmethod
    def text_of(rows, numbers: dict[str, int], first_day: date | None = None) -> str:
        """The agenda as the text box shows it (``rows`` from ``selectors.meeting_agenda``); a
        time on another day than ``first_day`` (the meeting's first) is written with its day."""
        lines = []

        def clock(moment) -> str:
            local = timezone.localtime(moment)
            return local.strftime("%H:%M" if first_day in (None, local.date()) else "%d.%m %H:%M")

        def line(row, prefix=""):
            item = row.item
            parts = [item.title, item.presenter]
            parts.append(clock(item.starts_at) if item.starts_at else "")
            parts.append(_about_text(item, numbers))
            while parts and not parts[-1]:
                parts.pop()
            lines.append(prefix + " | ".join(parts))

        for row in rows:
            line(row)
            for child in row.children:
                line(child, "- ")
        return "\n".join(lines)

    def clean_agenda(self) -> list[AgendaEntry]:
        entries: list[AgendaEntry] = []
        starts = timezone.localtime(self.meeting.starts_at).replace(tzinfo=None)
        ends = timezone.localtime(self.meeting.ends_at).replace(tzinfo=None)
        for number, raw in enumerate(self.cleaned_data["agenda"].splitlines(), start=1):
            if not raw.strip():
                continue
            sub = raw.lstrip().startswith("-")
            parts = [part.strip() for part in raw.lstrip().lstrip("-").split("|")]
            if len(parts) > 4 or not parts[0]:
                raise forms.ValidationError(AGENDA_LINE_INVALID % {"line": number})
            parts += [""] * (4 - len(parts))
            title, presenter, clock, paragraph = parts
            starts_at = None
            if clock:
                moment = _agenda_moment(clock, starts, ends)
                if moment is None:
                    raise forms.ValidationError(AGENDA_LINE_INVALID % {"line": number})
                starts_at = timezone.make_aware(moment)
            anchor, subject = "", None
            if paragraph.isdigit():
                if int(paragraph) not in self.paragraphs:
                    raise forms.ValidationError(AGENDA_PARAGRAPH_UNKNOWN % {"line": number, "number": paragraph})
                anchor = self.paragraphs[int(paragraph)]
            elif paragraph:
                code, _space, pk = paragraph.rpartition(" ")
                subject = subject_find(code.strip().lower(), int(pk)) if pk.isdigit() else None
                if subject is None:
                    raise forms.ValidationError(AGENDA_SUBJECT_UNKNOWN % {"line": number, "subject": paragraph})
            entry = AgendaEntry(
                title=title, presenter=presenter, starts_at=starts_at, paragraph_anchor=anchor, subject=subject
            )
            if sub:
                if not entries:
                    raise forms.ValidationError(SUB_ITEM_FIRST % {"line": number})
                entries[-1].children.append(entry)
            else:
                entries.append(entry)
        return entries


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
