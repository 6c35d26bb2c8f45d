"""Forms of the participatory-budgeting screens in the Wagtail admin. They check the shape of
the input (a number is a number, a date is a date) and hand clean values to
``proposals.services``; the rules (the maximum cost within the budget, phases back to back, K
for an approval ballot, a public reason for "not feasible") are the services' to enforce, so
a screen and a script refuse the same input with the same message."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from participation.dates import bounded
from participation.models import VerificationLevel
from proposals.budgeting.models import PHASE_ORDER, BallotType, Cycle, ImplementationStatus, PBCategory, WinnerRule
from proposals.budgeting.services import cycles as pb_cycles
from proposals.budgeting.services import projects as pb_projects
from proposals.budgeting.services.cycles import PhaseDates

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
DATETIME_FORMATS = [DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]
PHOTOS_MAX = 6
PHOTO_BYTES_MAX = 8 * 1024 * 1024

# One line each, shown beside the choice: staff pick these for people who never read a manual.
BALLOT_EXPLANATIONS = {
    BallotType.APPROVAL: _("each voter ticks at most K projects."),
    BallotType.KNAPSACK: _("each voter ticks projects whose costs together fit within the budget."),
    BallotType.CUMULATIVE: _("each voter shares the points among at least the fewest number of projects."),
}
RULE_EXPLANATIONS = {
    WinnerRule.GREEDY: _(
        "projects are funded in order of votes; one that no longer fits is skipped and the next is tried."
    ),
    WinnerRule.MES: _(
        "the budget is split equally among voters and a project is funded when its supporters can pay for it "
        "together, so every group gets its fair share; some money may be left."
    ),
    WinnerRule.MES_ADD1: _(
        "Equal Shares, then every voter's share is raised step by step while the result fits the budget, so "
        "little money is left (as Polish cities count)."
    ),
    WinnerRule.MES_ADD1_COMPARISON: _(
        "Equal Shares with completion; if more voters prefer what “most votes first” would fund, that is used."
    ),
}


def _explained(choices, explanations):
    return [(value, format_lazy("{}: {}", label, explanations[value])) for value, label in choices]


def _datetime_field(label, help_text=""):
    return bounded(
        forms.DateTimeField(
            label=label,
            help_text=help_text,
            input_formats=DATETIME_FORMATS,
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        )
    )


SMALL_MAX = 32767  # the small-integer columns of counts and points


class SoumField(forms.IntegerField):
    """Whole soum; accepts the spaces people type between thousands ("1 000 000")."""

    # A bigint column holds up to 2^63 - 1; larger numbers get the form's message, not a 500.
    MAX = 2**63 - 1

    def __init__(self, *, required_message, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        kwargs.setdefault("max_value", self.MAX)
        super().__init__(error_messages={"required": required_message, "invalid": required_message}, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).replace("\u202f", "").replace("_", "")
        return super().to_python(value)


class CycleForm(forms.Form):
    """A cycle's settings; on creation also its territory and the dates of its five phases.

    The phases run back to back, so the form asks the start of submission and the end of each
    phase: each phase starts when the previous one ends. After creation the dates change only
    by an extension with a public note (on the cycle's screen)."""

    title = forms.CharField(label=_("Title"), max_length=Cycle.TITLE_MAX)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to residents on the cycle's page: what the money is for, who may take part."),
    )
    territory = forms.ModelChoiceField(
        label=_("Territory"), queryset=None, help_text=_("A district, a city or a region you manage.")
    )
    budget = SoumField(label=_("Budget (soum)"), required_message=pb_cycles.BUDGET_POSITIVE)
    max_project_cost = SoumField(
        label=_("Maximum cost of one project (soum)"), required_message=pb_cycles.MAX_COST_RANGE
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": pb_cycles.CATEGORIES_REQUIRED},
    )
    ballot_type = forms.ChoiceField(
        label=_("Ballot"), widget=forms.RadioSelect, choices=_explained(BallotType.choices, BALLOT_EXPLANATIONS)
    )
    max_choices = forms.IntegerField(
        max_value=SMALL_MAX,
        label=_("K: most projects a voter may approve"),
        required=False,
        min_value=1,
        help_text=_("Needed for approval ballots."),
    )
    points_total = forms.IntegerField(
        max_value=SMALL_MAX,
        label=_("Points each voter shares"),
        required=False,
        min_value=1,
        help_text=_("Needed for points ballots."),
    )
    min_choices = forms.IntegerField(
        label=_("Fewest projects a voter must support"), min_value=1, max_value=SMALL_MAX, initial=1
    )
    winner_rule = forms.ChoiceField(
        label=_("How winners are chosen"),
        widget=forms.RadioSelect,
        choices=_explained(WinnerRule.choices, RULE_EXPLANATIONS),
        help_text=_("Shown to voters. It cannot change once voting opens."),
    )
    verification_level = forms.TypedChoiceField(
        label=_("Verification needed to vote"),
        coerce=int,
        choices=VerificationLevel.choices,
        initial=VerificationLevel.EMAIL,
    )
    minimum_age = forms.IntegerField(
        label=_("Minimum age to vote"),
        min_value=0,
        max_value=120,
        required=False,
        initial=0,
        help_text=_("0 turns it off. Otherwise voters need a year of birth in their profile."),
    )
    cooldown_cycles = forms.IntegerField(
        label=_("Break for winning mahallas (cycles)"),
        min_value=0,
        max_value=20,
        required=False,
        initial=0,
        help_text=_("A mahalla whose project won in this many previous cycles may not submit. 0 turns it off."),
    )
    submission_starts = _datetime_field(_("Project submission starts"))
    submission_ends = _datetime_field(_("Project submission ends"), _("Feasibility review starts then."))
    review_ends = _datetime_field(_("Feasibility review ends"), _("Voting starts then."))
    voting_ends = _datetime_field(_("Voting ends"), _("Results start then: the count can be published."))
    results_ends = _datetime_field(_("Results phase ends"), _("Implementation starts then."))
    implementation_ends = _datetime_field(_("Implementation ends"))

    SETTINGS = [
        "title",
        "description",
        "budget",
        "max_project_cost",
        "ballot_type",
        "max_choices",
        "points_total",
        "min_choices",
        "winner_rule",
        "verification_level",
        "minimum_age",
        "cooldown_cycles",
    ]
    PHASE_FIELDS = ["submission_starts", *(f"{kind}_ends" for kind in PHASE_ORDER)]
    # What cannot change once voting has opened (the service refuses it; the form shows it fixed).
    FROZEN_AT_VOTING = pb_cycles.FROZEN_AT_VOTING

    def __init__(self, *args, territories, cycle: Cycle | None = None, frozen: bool = False, **kwargs):
        if cycle is not None:
            kwargs.setdefault(
                "initial",
                {
                    **{name: getattr(cycle, name) for name in self.SETTINGS},
                    "categories": [category.pk for category in cycle.categories.all()],
                },
            )
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        in_use = PBCategory.objects.filter(is_active=True)
        if cycle is not None:
            # A retired category a cycle already offers stays ticked: its projects keep it.
            in_use = PBCategory.objects.filter(
                pk__in=[*in_use.values_list("pk", flat=True), *[c.pk for c in cycle.categories.all()]]
            )
        self.fields["categories"].queryset = in_use.order_by("position", "slug")
        if cycle is None:
            self.fields["territory"].queryset = territories
            self.fields["territory"].label_from_instance = lambda t: f"{t.name} ({t.get_kind_display()})"
        else:
            for name in ("territory", *self.PHASE_FIELDS):
                del self.fields[name]
            if frozen:
                for name in self.FROZEN_AT_VOTING:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Fixed: voting has opened.")

    def phase_fields(self):
        return [self[name] for name in self.PHASE_FIELDS if name in self.fields]

    def setting_fields(self):
        return [field for field in self.visible_fields() if field.name not in self.PHASE_FIELDS]

    def phases(self) -> list[PhaseDates]:
        """The five phases back to back from the cleaned dates."""
        data = self.cleaned_data
        moment, phases = data["submission_starts"], []
        for kind in PHASE_ORDER:
            end = data[f"{kind}_ends"]
            phases.append(PhaseDates(kind, moment, end))
            moment = end
        return phases

    def values(self) -> dict:
        """Keyword arguments for ``cycle_create`` / ``cycle_update`` (without phases)."""
        data = self.cleaned_data
        values = {name: data[name] for name in self.SETTINGS}
        values["minimum_age"] = values["minimum_age"] or 0
        values["cooldown_cycles"] = values["cooldown_cycles"] or 0
        values["min_choices"] = values["min_choices"] or 1
        values["categories"] = list(data["categories"])
        if "territory" in data:
            values["territory"] = data["territory"]
        return values


class ExtendPhaseForm(forms.Form):
    new_ends_at = _datetime_field(_("New end"), _("The later phases move by the same time."))
    note = forms.CharField(
        label=_("Public note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=pb_cycles.NOTE_MAX,
        help_text=_("Shown on the cycle's page: why the phase is longer."),
        error_messages={"required": pb_cycles.EXTEND_NOTE},
    )


class AdvancePhaseForm(forms.Form):
    note = forms.CharField(
        label=_("Public note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=pb_cycles.NOTE_MAX,
        help_text=_("Shown on the cycle's page: why the next phase starts early."),
        error_messages={"required": pb_cycles.EXTEND_NOTE},
    )


FEASIBLE, NOT_FEASIBLE = "yes", "no"


class FeasibilityForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"),
        widget=forms.RadioSelect,
        choices=[
            (FEASIBLE, _("Feasible: it goes on the ballot at the staff's cost")),
            (NOT_FEASIBLE, _("Not feasible: it stays on the site with the public reason")),
        ],
        error_messages={"required": _("Choose feasible or not feasible.")},
    )
    staff_cost = SoumField(
        label=_("Cost estimated by staff (soum)"),
        required=False,
        required_message=pb_projects.STAFF_COST_REQUIRED,
        help_text=_("Needed when feasible. Voters see this cost, and the count uses it."),
    )
    note = forms.CharField(
        label=_("Public reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=pb_projects.TEXT_LIMIT,
        help_text=_("Needed when not feasible; shown on the project's page."),
    )

    def feasible(self) -> bool:
        return self.cleaned_data["verdict"] == FEASIBLE


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    """Several photos from one input; each checked as an image, at most PHOTOS_MAX."""

    widget = MultipleImageInput

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(files) > PHOTOS_MAX:
            raise ValidationError(_("At most %(limit)d photos at a time.") % {"limit": PHOTOS_MAX})
        cleaned = []
        for item in files:
            if item.size > PHOTO_BYTES_MAX:
                raise ValidationError(_("A photo is too large: at most 8 MB each."))
            cleaned.append(super().clean(item, initial))
        if self.required and not cleaned:
            raise ValidationError(self.error_messages["required"], code="required")
        return cleaned


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Implementation"), choices=ImplementationStatus.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        error_messages={"required": pb_projects.PROGRESS_RANGE, "invalid": pb_projects.PROGRESS_RANGE},
    )
    text = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        error_messages={"required": pb_projects.UPDATE_TEXT_REQUIRED},
        help_text=_("Public, dated; followers of the project get it by e-mail."),
    )
    photos = MultipleImageField(label=_("Photos"), required=False)


class AnnulForm(forms.Form):
    """The confirmation of an annulment: a written reason, and the number the preview showed
    (``expected``) so that a number that moved since is not annulled unseen."""

    reason = forms.CharField(
        label=_("Reason (kept in the record; the number annulled is public)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Write why these ballots are annulled.")},
    )
    expected = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class AnnulDayForm(forms.Form):
    cast_on = bounded(
        forms.DateField(
            label=_("Ballots cast on"),
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        )
    )


class CategoryForm(forms.ModelForm):
    """A category is never deleted, only retired ("in use" unticked); its code is fixed once
    created, since exports and links quote it."""

    class Meta:
        model = PBCategory
        fields = ["slug", "name_uz", "name_uz_cyrl", "name_ru", "name_en", "position", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = _("Fixed: projects and exports quote it.")
