"""Organisations and memberships (after Popolo's Organization / Membership and Decidim's
verified user groups): a membership has a role and dated start and end, so "who could act for
this group on that day" stays answerable after people leave."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from participation.translit import latin_to_cyrillic


class OrganisationKind(models.TextChoices):
    NGO = "ngo", _("Registered NGO / CSO")
    WAG = "wag", _("Women's action group")
    MAHALLA_BODY = "mahalla_body", _("Mahalla body")
    YOUTH = "youth", _("Youth group")
    PROFESSIONAL = "professional", _("Professional association")
    OTHER = "other", _("Other")


class OrganisationStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")
    EXPIRED = "expired", _("Verification expired")


class VerificationEvidence(models.TextChoices):
    REGISTRY = "registry", _("Registry checked")
    DOCUMENTS = "documents", _("Documents seen in person")
    MAHALLA = "mahalla", _("Confirmed by the mahalla")


class MembershipRole(models.TextChoices):
    REPRESENTATIVE = "representative", _("Representative")
    MEMBER = "member", _("Member")


class Organisation(models.Model):
    """A group that takes part as a group. It acts only while verified by a manager of its
    territory and before its verification expires (``predicates.organisation_is_active``);
    its status moves only through ``services.organisation_transition``."""

    name_uz = models.CharField(_("name (Uzbek)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_other = models.CharField(_("name in another language"), max_length=200, blank=True)
    name_other_language = models.CharField(
        _("language of the other name"), max_length=10, blank=True, help_text=_("A language code, e.g. kaa or en.")
    )
    slug = models.SlugField(_("address"), max_length=80, unique=True, allow_unicode=False)
    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices, db_index=True)
    territory = models.ForeignKey(
        "participation.Territory",
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("territory it works in"),
    )
    description = models.TextField(_("description"), max_length=4000, blank=True)
    contacts = models.TextField(_("contacts"), max_length=1000, blank=True)
    registry_number = models.CharField(
        _("Ministry of Justice registry number"), max_length=40, null=True, blank=True, unique=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=OrganisationStatus.choices, default=OrganisationStatus.REQUESTED
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The office the public page names ("verified by Yangiqoʻrgʻon tumani hokimligi"), kept as
    # written at the time: a later change of the verifier's roles does not rewrite it.
    verified_office = models.CharField(_("verified by"), max_length=255, blank=True)
    verification_evidence = models.CharField(
        _("evidence"), max_length=16, choices=VerificationEvidence.choices, blank=True
    )
    verification_note = models.TextField(_("verification note"), max_length=2000, blank=True)
    verification_expires_on = models.DateField(_("verification expires on"), null=True, blank=True)
    status_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_uz", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="ngo") | (Q(registry_number__isnull=False) & ~Q(registry_number="")),
                name="organisation_ngo_has_registry_number",
            ),
            models.CheckConstraint(
                condition=~Q(status="verified")
                | (Q(verified_at__isnull=False) & Q(verification_expires_on__isnull=False)),
                name="organisation_verified_has_dates",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["rejected", "suspended"]) | ~Q(status_reason=""),
                name="organisation_refusal_has_reason",
            ),
        ]
        indexes = [
            # The public list: verified organisations of a territory (prefix) of a kind, by name.
            models.Index(
                fields=["kind", "name_uz", "id"], name="organisation_verified_kind", condition=Q(status="verified")
            ),
            models.Index(fields=["status", "territory"], name="organisation_status_territory"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language: Cyrillic Uzbek transliterated from Latin, Russian
        as given, the other name in its own language, Uzbek otherwise."""
        language = get_language() or "uz"
        if language == "uz-cyrl":
            return latin_to_cyrillic(self.name_uz)
        if language == "ru":
            return self.name_ru or self.name_uz
        if self.name_other and language == self.name_other_language:
            return self.name_other
        return self.name_uz


class Membership(models.Model):
    """A person's membership of an organisation from ``starts_on`` until ``ends_on`` (open when
    null). A representative acts on the organisation's behalf; a member belongs to it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    starts_on = models.DateField(_("since"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    named_publicly = models.BooleanField(
        _("named on the public page"),
        default=False,
        help_text=_("Representatives who agree are named on the organisation's public page."),
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation", "-role", "starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], condition=Q(ends_on__isnull=True), name="membership_one_open"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["user", "ends_on"], name="membership_of_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} ({self.get_role_display()})"


class MembershipInvitation(models.Model):
    """A link a representative hands to someone to join. The token in the link is signed and
    carries this row's id; the row makes it single use and lets the representative withdraw it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("membership invitation")
        verbose_name_plural = _("membership invitations")
