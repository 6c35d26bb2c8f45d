"""Consultations: a khokimiyat asks about a draft (decision, programme, plan), residents and
invited organisations give their input on the whole document, a section, a paragraph or a
question, and the khokimiyat answers every input in public ("we asked, you said, we did").

Inputs point at a paragraph by ``(version, anchor)``: a new version keeps the anchors of
unchanged and edited paragraphs (``documents.anchors.carry_anchors``), so an input given on
version 1 still finds its paragraph in version 2. What the transparency reports count
(organisation kind or individual, consented gender and age band) is copied onto the input
when it is given, so a later change of a profile never rewrites history.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.search import index

from participation.models import VerificationLevel
from participation.phases.models import DatedPhase, DatedPhaseExtension
from participation.translit import search_key


class Audience(models.TextChoices):
    PUBLIC = "public", _("The public (verified residents of the territory)")
    INVITED = "invited", _("Invited organisations")
    BOTH = "both", _("The public and invited organisations")


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (not public)")
    PUBLISHED = "published", _("Published")
    CONCLUDED = "concluded", _("Concluded")


class ConsultationTag(TaggedItemBase):
    content_object = models.ForeignKey("Consultation", on_delete=models.CASCADE, related_name="tagged_items")


class Consultation(index.Indexed, models.Model):
    TITLE_MAX = 200

    territory = models.ForeignKey(
        "participation.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="consultations"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    summary = models.TextField(_("summary"), max_length=3000)
    audience = models.CharField(_("who may take part"), max_length=8, choices=Audience.choices, default=Audience.BOTH)
    verification_level = models.PositiveSmallIntegerField(
        _("verification needed to take part"), choices=VerificationLevel.choices, default=VerificationLevel.EMAIL
    )
    tags = TaggableManager(through=ConsultationTag, blank=True, verbose_name=_("topics"))
    status = models.CharField(
        _("status"), max_length=10, choices=ConsultationStatus.choices, default=ConsultationStatus.DRAFT
    )
    outcome_days = models.PositiveSmallIntegerField(_("days to publish the outcome after input closes"), default=30)
    outcome_due_at = models.DateTimeField(_("outcome due"), null=True, blank=True)
    outcome_overdue_since = models.DateTimeField(null=True, blank=True, editable=False)
    outcome_summary = models.TextField(_("what we did, in a few words"), blank=True, max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("concluded"), null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    search_fields = [
        index.SearchField("search_document"),
        index.AutocompleteField("search_document"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at", "-id"], name="consultation_public_list")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="concluded") | Q(concluded_at__isnull=False), name="consultation_concluded_dated"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="consultation_published_dated"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def search_document(self) -> str:
        return search_key(f"{self.title} {self.summary}")

    @property
    def takes_public(self) -> bool:
        return self.audience in (Audience.PUBLIC, Audience.BOTH)

    @property
    def takes_organisations(self) -> bool:
        return self.audience in (Audience.INVITED, Audience.BOTH)


class PhaseKind(models.TextChoices):
    ANNOUNCED = "announced", _("Announced")
    OPEN = "open", _("Open for input")
    ANALYSIS = "analysis", _("Analysis of the input")
    CONCLUDED = "concluded", _("Concluded")


PHASE_ORDER = [kind.value for kind in PhaseKind]


class Phase(DatedPhase):
    KIND_ORDER = tuple(PHASE_ORDER)
    ACTIONS = ("input", "comment")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=10, choices=PhaseKind.choices)
    allows_input = models.BooleanField(_("input may be given"), default=False)
    allows_comment = models.BooleanField(_("inputs may be commented on"), default=False)

    class Meta:
        verbose_name = _("consultation phase")
        verbose_name_plural = _("consultation phases")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "kind"], name="consultation_phase_once"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="consultation_phase_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class PhaseExtension(DatedPhaseExtension):
    """A public note on a moved phase end. ``lengthens`` marks an extension of the open phase:
    the database keeps it to one per phase (closing early is not an extension)."""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="extensions")
    lengthens = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase"], condition=Q(lengthens=True), name="consultation_phase_extended_once"
            ),
        ]


class Invitation(models.Model):
    """An organisation invited by name, or every verified organisation of a kind working in a
    territory (``kind`` + ``territory``: "all verified WAGs of the district")."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        "participation.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind of organisation"), max_length=16, blank=True)
    territory = models.ForeignKey(
        "participation.Territory", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(organisation__isnull=False) & Q(kind="") & Q(territory__isnull=True))
                | (Q(organisation__isnull=True) & ~Q(kind="") & Q(territory__isnull=False)),
                name="consultation_invitation_one_way",
            ),
            models.UniqueConstraint(
                fields=["consultation", "organisation"],
                condition=Q(organisation__isnull=False),
                name="consultation_invited_once",
            ),
            models.UniqueConstraint(
                fields=["consultation", "kind", "territory"],
                condition=Q(organisation__isnull=True),
                name="consultation_kind_invited_once",
            ),
        ]

    @property
    def kind_label(self) -> str:
        from participation.organisations.models import OrganisationKind

        return str(OrganisationKind(self.kind).label) if self.kind in OrganisationKind.values else self.kind


class Question(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("question"), max_length=500)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class Attachment(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["pk"]


class DocumentVersion(models.Model):
    """One version of the consultation's document; the draft is number 1."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"], name="consultation_version_once")]

    def __str__(self) -> str:
        return f"v{self.number}"


class Section(models.Model):
    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    anchor = models.CharField(max_length=40)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["version", "anchor"], name="consultation_section_anchor")]


class Paragraph(models.Model):
    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="paragraphs")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="paragraphs")
    position = models.PositiveSmallIntegerField(help_text="Numbered through the whole version, from 1.")
    anchor = models.CharField(max_length=40)
    text = models.TextField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["version", "anchor"], name="consultation_paragraph_anchor")]


class InputTarget(models.TextChoices):
    DOCUMENT = "document", _("The whole document")
    SECTION = "section", _("A section")
    PARAGRAPH = "paragraph", _("A paragraph")
    QUESTION = "question", _("A question")


class InputStatus(models.TextChoices):
    MODERATION = "moderation", _("Waiting for a moderator")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected by moderators")


class InputChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("On paper, recorded by staff")
    MEETING = "meeting", _("At a meeting, recorded by staff")
    # Given by the resident at an operator's desk (participation.assisted): theirs, as online.
    ASSISTED = "assisted", _("With an operator's help")
    # Typed by the resident on a kiosk of a service centre (participation.kiosk): theirs, as online.
    KIOSK = "kiosk", _("At a mahalla kiosk")


# What the public API and open data say of an input's channel. An input is published with its
# author's name on the consultation's page, so "assisted" beside it would tell everyone that this
# person needed an operator's help: it is published as what it is to the khokimiyat, online. A
# kiosk's input likewise (that this person has no phone of their own is nobody's business). Only
# the report's aggregate "who took part" counts assisted and kiosk acts.
RESIDENTS_OWN_INPUT_CHANNELS = (InputChannel.ONLINE, InputChannel.ASSISTED, InputChannel.KIOSK)
PUBLISHED_AS_ONLINE = (InputChannel.ASSISTED, InputChannel.KIOSK)
PUBLIC_INPUT_CHANNELS = [(value, label) for value, label in InputChannel.choices if value not in PUBLISHED_AS_ONLINE]


def input_public_channel(channel: str) -> str:
    return InputChannel.ONLINE if channel in PUBLISHED_AS_ONLINE else channel


class Disposition(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    OUT_OF_SCOPE = "out_of_scope", _("Outside the consultation's scope")


INDIVIDUAL = "individual"


class Input(models.Model):
    """A position or an answer, by a person for themself or by a representative on behalf of
    an organisation (``organisation`` set, ``author`` is who acted), or recorded by staff from
    paper or a meeting (``recorded_by`` set, ``attributed_to`` names who said it)."""

    TEXT_MAX = 5000

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="inputs")
    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="inputs")
    target = models.CharField(_("on"), max_length=10, choices=InputTarget.choices)
    section_anchor = models.CharField(max_length=40, blank=True)
    paragraph_anchor = models.CharField(max_length=40, blank=True)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, null=True, blank=True, related_name="inputs")
    text = models.TextField(_("your proposal or position"), max_length=TEXT_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_inputs",
    )
    organisation = models.ForeignKey(
        "participation.Organisation",
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_inputs",
    )
    channel = models.CharField(_("channel"), max_length=8, choices=InputChannel.choices, default=InputChannel.ONLINE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attributed_to = models.CharField(_("said by"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=InputStatus.choices, default=InputStatus.MODERATION)
    created_at = models.DateTimeField(_("given"))
    published_at = models.DateTimeField(null=True, blank=True)
    # Participation figures, as they were when the input was given.
    participant_kind = models.CharField(max_length=16, default=INDIVIDUAL)
    gender = models.CharField(max_length=8, blank=True)
    age_band = models.CharField(max_length=8, blank=True)
    # The khokimiyat's answer.
    disposition = models.CharField(_("disposition"), max_length=12, choices=Disposition.choices, blank=True)
    disposition_reason = models.TextField(_("reason"), max_length=3000, blank=True)
    disposition_version = models.ForeignKey(
        DocumentVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    disposition_anchor = models.CharField(max_length=40, blank=True)
    disposition_at = models.DateTimeField(null=True, blank=True)
    disposition_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consultation input")
        verbose_name_plural = _("consultation inputs")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["consultation", "status"], name="consultation_input_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(disposition="") | Q(disposition="accepted") | ~Q(disposition_reason=""),
                name="consultation_input_reason_unless_accepted",
            ),
            models.CheckConstraint(
                condition=(Q(target="paragraph") & ~Q(paragraph_anchor=""))
                | (Q(target="section") & ~Q(section_anchor=""))
                | (Q(target="question") & Q(question__isnull=False))
                | Q(target="document"),
                name="consultation_input_points_somewhere",
            ),
            models.CheckConstraint(
                condition=Q(author__isnull=False) | Q(recorded_by__isnull=False), name="consultation_input_has_author"
            ),
            models.CheckConstraint(
                condition=Q(channel="online")
                | Q(channel__in=["assisted", "kiosk"], author__isnull=False)
                | (Q(recorded_by__isnull=False) & ~Q(attributed_to="")),
                name="consultation_input_offline_attributed",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]
