"""Forms of the public participatory-budgeting pages. They turn what was typed into values for
the services; the rules (lengths, cost within the cycle's maximum, who may submit and when)
stay in ``proposals.budgeting.services.projects``, so a refusal reads the same everywhere."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from participation.web.forms import interpolated as _interpolated
from participation.web.numbers import group_digits, soum
from proposals.budgeting.models import PUBLIC_PROJECT_STATUSES, Project, ProjectStatus, SignOffRole
from proposals.budgeting.selectors.projects import cycle_mahallas
from proposals.budgeting.services import projects as services

PHOTOS_MAX = 5
PHOTO_MAX_BYTES = 5 * 1024 * 1024
# What Pillow must recognise the file as (its real content, not its name).
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}

PHOTOS_TOO_MANY = _("At most %(limit)d photos.")
PHOTO_TOO_BIG = _("“%(name)s” is larger than 5 MB. Send a smaller photo.")
PHOTO_WRONG_FORMAT = _("“%(name)s” is not a JPEG, PNG or WebP photo.")

# Spaces of every width people (and phones' number pads) put between groups of digits.
_GROUP_SPACES = re.compile(r"[\s\u00a0\u2009\u202f_']+")
_GROUPED_WITH_PUNCTUATION = re.compile(r"^\d{1,3}([.,]\d{3})+$")


def parse_soum(text: str) -> int | None:
    """ "1 200 000", "1200000", "1,200,000" -> 1200000; anything else (letters, decimals,
    signs) -> None. A decimal comma is refused rather than guessed: money is whole soum."""
    text = _GROUP_SPACES.sub("", text or "")
    if _GROUPED_WITH_PUNCTUATION.match(text):
        text = re.sub(r"[.,]", "", text)
    if not text.isascii() or not text.isdigit():
        return None
    return int(text)


class SoumField(forms.CharField):
    """A whole number of soum, typed with or without spaces between the groups of digits.

    A text input (not ``type=number``) with the numeric keypad: number inputs refuse spaces
    and lose what was typed when it does not parse, so nothing typed is ever lost here."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        kwargs.setdefault("error_messages", {"required": services.COST_POSITIVE})
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        amount = parse_soum(text)
        if amount is None or amount <= 0:
            raise ValidationError(services.COST_POSITIVE, code="invalid")
        return amount


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to ``PHOTOS_MAX`` photos, each checked by Pillow (through ``forms.ImageField``) to
    really be a JPEG, PNG or WebP image of at most 5 MB, whatever its name says."""

    widget = MultiplePhotoInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp")

    def clean(self, data, initial=None):
        files = [file for file in (data if isinstance(data, (list, tuple)) else [data]) if file]
        if len(files) > PHOTOS_MAX:
            raise ValidationError(_interpolated(PHOTOS_TOO_MANY, limit=PHOTOS_MAX), code="too_many")
        checked = []
        for file in files:
            name = getattr(file, "name", "") or ""
            if file.size > PHOTO_MAX_BYTES:
                raise ValidationError(_interpolated(PHOTO_TOO_BIG, name=name), code="too_big")
            try:
                image_file = forms.ImageField().clean(file)
            except ValidationError:
                raise ValidationError(_interpolated(PHOTO_WRONG_FORMAT, name=name), code="format") from None
            if getattr(image_file.image, "format", None) not in PHOTO_FORMATS:
                raise ValidationError(_interpolated(PHOTO_WRONG_FORMAT, name=name), code="format")
            image_file.seek(0)
            checked.append(image_file)
        return checked


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class MahallaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ProjectForm(forms.Form):
    """Submit or edit a project. Lengths and the cost's maximum are checked by the service (its
    message names the limit); the browser gets no ``maxlength``, so nothing pasted is cut."""

    title = forms.CharField(
        label=_("Title"),
        help_text=_interpolated(
            _("In a few words, for example: A playground in Navbahor mahalla. At most %(limit)d characters."),
            limit=Project.TITLE_MAX,
        ),
        error_messages={"required": services.TITLE_REQUIRED},
    )
    description = forms.CharField(
        label=_("What should be done, where, and for whom"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_interpolated(
            _(
                "Everyone will be able to read it once it is published. Do not write passport numbers, phones or "
                "home addresses. At most %(limit)d characters."
            ),
            limit=Project.DESCRIPTION_MAX,
        ),
        error_messages={"required": services.DESCRIPTION_REQUIRED},
    )
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=None,
        empty_label=_("Choose a category"),
        error_messages={"required": services.CATEGORY_NOT_IN_CYCLE, "invalid_choice": services.CATEGORY_NOT_IN_CYCLE},
    )
    mahalla = MahallaChoiceField(
        label=_("Mahalla"),
        queryset=None,
        empty_label=_("Choose the mahalla where it will be done"),
        error_messages={
            "required": services.MAHALLA_NOT_IN_TERRITORY,
            "invalid_choice": services.MAHALLA_NOT_IN_TERRITORY,
        },
    )
    estimated_cost = SoumField(label=_("Estimated cost, in soum"))
    photos = PhotosField(
        label=_("Photos (optional)"),
        help_text=_interpolated(
            _("Of the place as it is now. Up to %(limit)d photos, JPEG, PNG or WebP, each at most 5 MB."),
            limit=PHOTOS_MAX,
        ),
    )

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = cycle.categories.all()
        self.fields["mahalla"].queryset = cycle_mahallas(cycle)
        self.fields["estimated_cost"].help_text = _interpolated(
            _("A whole number; spaces between the digits are fine. At most %(max)s per project."),
            max=soum(cycle.max_project_cost),
        )

    @staticmethod
    def initial_for(project: Project) -> dict:
        return {
            "title": project.title,
            "description": project.description,
            "category": project.category_id,
            "mahalla": project.mahalla_id,
            "estimated_cost": group_digits(project.estimated_cost),
        }


class DeskProjectForm(ProjectForm):
    """The project form at an operator's desk (``proposals.budgeting.assisted_views``): the same
    fields and messages, without photos (a centre's device has no camera roll of the resident's;
    the resident can add photos when editing the project themselves)."""

    def __init__(self, *args, cycle, resident, **kwargs):
        super().__init__(*args, cycle=cycle, **kwargs)
        del self.fields["photos"]
        self.fields["mahalla"].initial = resident.home_territory_id


class ProjectFilterForm(forms.Form):
    """The cycle page's project filter: a GET form. A hand-typed URL with one bad value loses
    only that filter."""

    category = CategoryChoiceField(label=_("Category"), required=False, queryset=None, empty_label=_("All categories"))
    mahalla = MahallaChoiceField(label=_("Mahalla"), required=False, queryset=None, empty_label=_("All mahallas"))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))]
        + [(value, label) for value, label in ProjectStatus.choices if value in PUBLIC_PROJECT_STATUSES],
    )

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = cycle.categories.all()
        self.fields["mahalla"].queryset = cycle_mahallas(cycle)

    def values(self) -> dict:
        """Keyword arguments for ``projects_public``."""
        values = {}
        for name in ("category", "mahalla", "status"):
            field = self.fields[name]
            try:
                value = field.clean(field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name)))
            except ValidationError:
                value = None
            values[name] = getattr(value, "pk", value) or None
        return values


class SignOffForm(forms.Form):
    prefix = "signoff"

    role = forms.ChoiceField(choices=SignOffRole.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note (optional, shown publicly)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReceiptCheckForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        help_text=_("The 10 letters and digits you were given after voting."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        return normalise_receipt_code(self.cleaned_data["code"])


def normalise_receipt_code(code: str) -> str:
    """As it may be read aloud or copied: any case, with spaces or dashes between groups."""
    return re.sub(r"[\s\-\u00a0]+", "", code or "").upper()
