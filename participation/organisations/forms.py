"""Forms of the organisation pages and staff screens. They turn what was typed into values for
the services; the rules (lengths, the registry number, who may) stay in the services, so a
refusal reads the same on the site and in the admin."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participation.models import Territory, TerritoryKind
from participation.organisations import selectors
from participation.organisations import services as svc
from participation.organisations.models import Organisation, OrganisationKind, VerificationEvidence
from participation.web.forms import WholeTextForm


def territory_label(territory: Territory) -> str:
    """Indented under its parent, mahallas marked, so two "Navbahor"s can be told apart."""
    indent = "\u00a0\u00a0" * max(0, territory.depth - 2)
    if territory.kind == TerritoryKind.MAHALLA:
        return indent + gettext("%(name)s (mahalla)") % {"name": territory.name}
    return f"{indent}{territory.name}"


class TerritoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return territory_label(obj)


class OrganisationListFilterForm(forms.Form):
    """The public list's filter (a GET form): kind and territory."""

    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices])
    territory = TerritoryChoiceField(
        label=_("Works in"), required=False, empty_label=_("All territories"), queryset=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = selectors.organisation_territories()

    def values(self) -> dict:
        """Keyword arguments for ``organisations_public``; a bad value loses only its filter."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {"kind": cleaned.get("kind") or "", "territory": cleaned.get("territory")}


class OrganisationForm(WholeTextForm):
    """Register an organisation (a resident on the site, staff in the admin)."""

    name_uz = forms.CharField(label=_("Name in Uzbek"), error_messages={"required": svc.NAME_UZ_EMPTY})
    name_ru = forms.CharField(label=_("Name in Russian"), error_messages={"required": svc.NAME_RU_EMPTY})
    name_other = forms.CharField(label=_("Name in another language (optional)"), required=False)
    name_other_language = forms.ChoiceField(
        label=_("Language of that name"),
        required=False,
        choices=[("", "—"), ("kaa", "Qaraqalpaqsha"), ("en", "English"), ("tg", "Тоҷикӣ"), ("kk", "Қазақша")],
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Choose the kind")), *OrganisationKind.choices],
        error_messages={"required": svc.KIND_UNKNOWN, "invalid_choice": svc.KIND_UNKNOWN},
    )
    registry_number = forms.CharField(
        label=_("Ministry of Justice registry number"),
        required=False,
        help_text=_("Required for a registered NGO; leave empty for an unregistered group."),
    )
    territory = TerritoryChoiceField(
        label=_("Works in"),
        queryset=None,
        empty_label=_("Choose the mahalla, district, city or region"),
        help_text=_("A manager of this territory's khokimiyat verifies the organisation."),
        error_messages={"required": svc.TERRITORY_UNKNOWN, "invalid_choice": svc.TERRITORY_UNKNOWN},
    )
    description = forms.CharField(
        label=_("What the organisation does"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown on its public page once verified. At most 4000 characters."),
    )
    contacts = forms.CharField(
        label=_("Public contacts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("An e-mail address, a phone or an address where people reach the organisation."),
    )

    def __init__(self, *args, near: Territory | None = None, territories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = (
            territories if territories is not None else selectors.organisation_territories(mahallas_of=near)
        )

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in self.base_fields}


class RegisterOrganisationForm(OrganisationForm):
    named_publicly = forms.BooleanField(
        label=_("Name me on the organisation's public page as its representative"), required=False
    )

    def service_values(self) -> dict:
        return {**super().service_values(), "named_publicly": self.cleaned_data["named_publicly"]}


class InviteForm(forms.Form):
    prefix = "invite"

    role = forms.ChoiceField(
        label=_("Invite as"),
        choices=[("member", _("Member")), ("representative", _("Representative"))],
        initial="member",
        help_text=_("A representative may act on behalf of the organisation, invite and remove members."),
    )


class VerifyForm(WholeTextForm):
    evidence = forms.ChoiceField(
        label=_("Evidence checked"),
        choices=VerificationEvidence.choices,
        widget=forms.RadioSelect,
        error_messages={"required": svc.EVIDENCE_UNKNOWN, "invalid_choice": svc.EVIDENCE_UNKNOWN},
    )
    note = forms.CharField(
        label=_("Note (for staff)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you saw: the registry entry, the documents, who at the mahalla confirmed it."),
    )
    expires_on = forms.DateField(
        label=_("Verified until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: one year from today."),
    )


class ReasonForm(WholeTextForm):
    reason = forms.CharField(
        label=_("Reason (the representatives read it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": svc.REASON_REQUIRED},
        max_length=Organisation._meta.get_field("status_reason").max_length,
    )
