"""Forms of the public petition pages. They turn what was typed into values for the
services and selectors; the rules (lengths, how many topics, who may) stay in the services,
so a refusal reads the same here, in the admin and in the API."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participation.models import Territory, TerritoryKind
from participation.web.forms import interpolated as _interpolated
from proposals.petitions import selectors
from proposals.petitions.models import Petition, PetitionStatus
from proposals.petitions.services import lifecycle as services
from proposals.petitions.transitions import PUBLIC_STATUSES

SORT_CHOICES = [
    ("newest", _("Newest first")),
    ("most_signed", _("Most signed")),
    ("closing_soon", _("Closing soon")),
]


def territory_label(territory) -> str:
    """A territory in a long select: indented under its parent, mahallas marked as such, so
    "Navbahor" under two districts can be told apart on a phone without a tree widget."""
    indent = "\u00a0\u00a0" * max(0, territory.depth - 2)
    if territory.kind == TerritoryKind.MAHALLA:
        return indent + gettext("%(name)s (mahalla)") % {"name": territory.name}
    return f"{indent}{territory.name}"


class TerritoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return territory_label(obj)


class PetitionListFilterForm(forms.Form):
    """The public list's filter and sort: a GET form, also read by the CSV and JSON exports."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    territory = TerritoryChoiceField(
        label=_("Addressed to"),
        required=False,
        empty_label=_("All territories"),
        queryset=None,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))]
        + [(value, label) for value, label in PetitionStatus.choices if value in PUBLIC_STATUSES],
    )
    tag = forms.ChoiceField(label=_("Topic"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request: territories are "current" on today's date, and topics come and
        # go with the petitions that use them.
        self.fields["territory"].queryset = selectors.petition_addressable_territories()
        self.fields["tag"].choices = [("", _("All topics"))] + [
            (tag.slug, tag.name) for tag in selectors.petition_public_topics()
        ]

    def values(self) -> dict:
        """Keyword arguments for ``petitions_public``. A hand-typed URL with one bad value
        loses only that filter, not the others."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "territory": cleaned.get("territory"),
            "status": cleaned.get("status") or None,
            "tag": cleaned.get("tag") or None,
            "query": cleaned.get("q") or "",
            "sort": cleaned.get("sort") or "newest",
        }


class PetitionForm(forms.Form):
    """Draft or edit a petition. Lengths are checked by the service (its message says by how
    much the text is too long); the browser gets no ``maxlength``, so nothing pasted is cut."""

    territory = TerritoryChoiceField(
        label=_("Addressed to"),
        queryset=None,
        empty_label=_("Choose the mahalla, district, city or region"),
        help_text=_(
            "The khokimiyat of this territory answers. Petitions to a mahalla are answered by its district or city."
        ),
        error_messages={
            "required": services.TERRITORY_NOT_ADDRESSABLE,
            "invalid_choice": services.TERRITORY_NOT_ADDRESSABLE,
        },
    )
    title = forms.CharField(
        label=_("Title"),
        help_text=_interpolated(
            _("In a few words, for example: Repair the road to school No. 12. At most %(limit)d characters."),
            limit=Petition.TITLE_MAX,
        ),
        error_messages={"required": services.TITLE_EMPTY},
    )
    text = forms.CharField(
        label=_("What you ask for, and why"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_interpolated(
            _(
                "Everyone will be able to read it once it is published. Do not write passport numbers, phones or "
                "home addresses. From %(min)d to %(limit)d characters."
            ),
            min=services.TEXT_MIN,
            limit=Petition.TEXT_MAX,
        ),
        error_messages={"required": services.TEXT_EMPTY},
    )
    topics = forms.CharField(
        label=_("Topics"),
        required=False,
        help_text=_interpolated(
            _("Separate them with commas, for example: roads, schools. At most %(limit)d."), limit=services.TAGS_MAX
        ),
    )

    def __init__(self, *args, with_territory: bool = True, near: Territory | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if with_territory:
            # Mahallas are offered only inside the person's own district or city (``near``).
            self.fields["territory"].queryset = selectors.petition_addressable_territories(mahallas_of=near)
        else:  # the addressee is fixed once drafted
            del self.fields["territory"]

    def clean_topics(self) -> list[str]:
        return [topic.strip() for topic in self.cleaned_data["topics"].split(",") if topic.strip()]

    @staticmethod
    def initial_for(petition: Petition) -> dict:
        topics = ", ".join(tag.name for tag in petition.tags.all())
        return {"title": petition.title, "text": petition.text, "topics": topics}


class WithdrawForm(forms.Form):
    prefix = "withdraw"

    reason = forms.CharField(
        label=_("Why you withdraw it (optional, shown publicly)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
