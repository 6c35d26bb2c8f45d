from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsentMethod(models.TextChoices):
    # The resident typed a one-time code sent to their own phone (PhoneCodePurpose.CONSENT).
    PHONE_CODE = "phone_code", _("Code sent to the resident's phone")
    # No phone: the number of a signed paper consent form kept at the centre.
    PAPER_FORM = "paper_form", _("Signed paper consent form")


class AssistedActKind(models.TextChoices):
    PETITION_SIGNATURE = "petition_signature", _("Signed a petition")
    BUDGET_VOTE = "budget_vote", _("Voted in participatory budgeting")
    QUESTION = "question", _("Asked a question")
    PROJECT = "project", _("Submitted a project")
    CONSULTATION_INPUT = "consultation_input", _("Gave input to a consultation")
    MEETING_REGISTRATION = "meeting_registration", _("Registered for a meeting")


class AssistedAct(models.Model):
    """One act an operator did for a resident who was present and consented.

    Written in the act's own transaction, so an act and its record exist together or not at all.
    ``target`` is the participation row the act created (a signature, a question, a PB
    *participation* row): never a ballot, so the record says who was helped to vote, not how
    they voted. The resident sees these in their account and can report one.
    """

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assisted_acts", verbose_name=_("resident")
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="acts_assisted", verbose_name=_("operator")
    )
    # A cms.ServiceCentrePage, known to the core only as a page (participation.centres).
    centre = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.PROTECT, related_name="+", null=True, verbose_name=_("centre")
    )
    kind = models.CharField(_("act"), max_length=32, choices=AssistedActKind.choices)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    # Text, not an integer: a PB participation's key is a UUID (proposals.budgeting), the other
    # acts' rows have integer keys; both are stored as their string.
    target_id = models.CharField(max_length=64)
    # Where the act counts (the resident's mahalla at the time, or the act's own territory):
    # the anomaly flags compare an operator's share of a mahalla's acts.
    territory = models.ForeignKey(
        "participation.Territory", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    consent_method = models.CharField(_("consent"), max_length=16, choices=ConsentMethod.choices)
    # The paper form's number, or the masked number the code went to ("+998 ** *** 12 34").
    consent_reference = models.CharField(_("consent reference"), max_length=64)
    created_at = models.DateTimeField(_("done at"), default=timezone.now, db_index=True)
    reported_at = models.DateTimeField(_("reported by the resident at"), null=True, blank=True)
    report_note = models.TextField(_("resident's report"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("assisted act")
        verbose_name_plural = _("assisted acts")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["operator", "created_at"], name="assistedact_operator_time"),
            models.Index(fields=["resident", "created_at"], name="assistedact_resident_time"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["target_type", "target_id"], name="assistedact_one_per_target"),
            models.CheckConstraint(condition=~models.Q(consent_reference=""), name="assistedact_consent_recorded"),
            models.CheckConstraint(
                condition=~models.Q(resident=models.F("operator")), name="assistedact_not_for_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d %H:%M}"
