import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from participation.models import ParticipationFigures, TerritoryKind, VerificationLevel


class PetitionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    GATHERING = "gathering", _("Gathering co-sponsors")
    MODERATION = "moderation", _("In moderation")
    COLLECTING = "collecting", _("Collecting signatures")
    THRESHOLD_REACHED = "threshold", _("Threshold reached, awaiting answer")
    ANSWERED = "answered", _("Answered")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn by the author")
    CLOSED = "closed", _("Closed without enough signatures")


# The statuses of ``transitions.PUBLIC_STATUSES`` and ``SIGNING_STATUSES`` (which import this
# module), spelled out for the partial indexes below; a test holds the two the same.
LISTED_STATUSES = sorted(
    status.value
    for status in (
        PetitionStatus.COLLECTING,
        PetitionStatus.THRESHOLD_REACHED,
        PetitionStatus.ANSWERED,
        PetitionStatus.CLOSED,
    )
)
COLLECTING_STATUSES = sorted(status.value for status in (PetitionStatus.COLLECTING, PetitionStatus.THRESHOLD_REACHED))


def _invite_token() -> str:
    return secrets.token_urlsafe(18)


class PetitionRules(models.Model):
    """How petitions to one level of territory work: threshold, window, co-sponsors, who signs.

    Managers edit these in the admin. A petition copies its rules when it is published, so a
    change applies to petitions published afterwards and never moves a running one's goal.
    """

    LEVELS = [
        (TerritoryKind.MAHALLA, _("Mahalla")),
        (TerritoryKind.DISTRICT, _("District")),
        (TerritoryKind.CITY, _("City")),
        (TerritoryKind.REGION, _("Region")),
    ]

    level = models.CharField(_("territory level"), max_length=16, choices=LEVELS, unique=True)
    signatures_needed = models.PositiveIntegerField(_("signatures needed for an answer"))
    collection_days = models.PositiveSmallIntegerField(_("days to collect signatures"), default=90)
    cosponsors_needed = models.PositiveSmallIntegerField(_("co-sponsors needed before moderation"), default=5)
    verification_level = models.PositiveSmallIntegerField(
        _("verification needed to co-sponsor and sign"),
        choices=VerificationLevel.choices,
        default=VerificationLevel.EMAIL,
    )
    residents_only = models.BooleanField(_("only residents of the addressed territory may sign"), default=True)

    class Meta:
        verbose_name = _("petition rules")
        verbose_name_plural = _("petition rules")
        ordering = ["level"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(signatures_needed__gte=1), name="petition_rules_threshold_positive"
            ),
            models.CheckConstraint(condition=models.Q(collection_days__gte=1), name="petition_rules_window_positive"),
        ]

    def __str__(self) -> str:
        return str(self.get_level_display())


class Petition(models.Model):
    """A collective appeal by residents to the khokimiyat (or kengash) of a territory.

    ``status`` changes only through ``proposals.petitions.services.lifecycle.petition_transition``,
    which records every change in ``PetitionEvent``. ``signature_count`` is kept exact in the
    same transaction as each signature; a nightly task checks it against the rows.
    """

    TITLE_MAX = 150
    TEXT_MAX = 5000

    territory = models.ForeignKey(
        "participation.Territory",
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        related_name="petitions",
        db_index=False,  # led by ``petition_territory_status`` below
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="petitions"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    text = models.TextField(_("what you ask for, and why"), max_length=TEXT_MAX)
    tags = TaggableManager(_("topics"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=PetitionStatus.choices, default=PetitionStatus.DRAFT)
    invite_token = models.CharField(max_length=32, unique=True, default=_invite_token, editable=False)
    created_at = models.DateTimeField(_("created"))
    # The rules in force when the petition was drafted; copied so a later edit cannot move its goal.
    signatures_needed = models.PositiveIntegerField(_("signatures needed"))
    cosponsors_needed = models.PositiveSmallIntegerField(_("co-sponsors needed"))
    collection_days = models.PositiveSmallIntegerField(_("days to collect"))
    verification_level = models.PositiveSmallIntegerField(_("verification needed"), choices=VerificationLevel.choices)
    residents_only = models.BooleanField(_("residents only"))
    cosponsor_count = models.PositiveIntegerField(default=0)
    signature_count = models.PositiveIntegerField(_("signatures"), default=0)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closes_at = models.DateTimeField(_("collection ends"), null=True, blank=True)
    threshold_reached_at = models.DateTimeField(_("threshold reached"), null=True, blank=True)
    answer_due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    extension_reason = models.TextField(_("why the answer needs more time"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_office = models.CharField(_("answered by the office of"), max_length=255, blank=True)
    overdue_since = models.DateTimeField(_("answer overdue since"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.ForeignKey(
        "participation.ReasonCode", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rejection_explanation = models.TextField(blank=True)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        # The public list's sorts, each over the rows it lists (a partial index), so a page reads
        # its 20 rows in order instead of sorting every published petition. Every signature
        # rewrites the row (its count) and with it one entry in each index: keep them few.
        indexes = [
            models.Index(
                fields=["-published_at", "-id"], name="petition_public_newest", condition=Q(status__in=LISTED_STATUSES)
            ),
            models.Index(
                fields=["-signature_count", "-published_at", "-id"],
                name="petition_public_most_signed",
                condition=Q(status__in=LISTED_STATUSES),
            ),
            # Closing soon, and the nightly closing of collections that ended.
            models.Index(
                fields=["closes_at", "id"], name="petition_signing_closes", condition=Q(status__in=COLLECTING_STATUSES)
            ),
            models.Index(fields=["status", "answer_due_at"], name="petition_status_answer_due"),
            # A territory's petitions, and their count by status without reading the rows.
            models.Index(fields=["territory", "status"], name="petition_territory_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(signatures_needed__gte=1), name="petition_threshold_positive"),
            models.CheckConstraint(
                condition=~models.Q(status="answered") | models.Q(answered_at__isnull=False),
                name="petition_answered_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def progress_percent(self) -> int:
        return min(100, self.signature_count * 100 // self.signatures_needed) if self.signatures_needed else 0


class PetitionSearch(models.Model):
    """A petition's words as one search key (``participation.translit.search_key`` of its
    title and text), in a row of its own.

    PostgreSQL finds ``LIKE '%word%'`` through a trigram index on ``key`` (migration 0010).
    On the petition's own row that index would be rewritten by every signature, since each
    updates the row's count: hundreds of index entries per signature. Here the key is written
    with the text (drafting, editing the draft); the text is fixed once co-sponsors are invited.
    """

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, primary_key=True, related_name="search")
    key = models.TextField(blank=True)


class PetitionEvent(models.Model):
    """Append-only history of a petition; its public timeline is this table.

    Rows are only ever inserted (a PostgreSQL trigger refuses UPDATE and DELETE). ``note`` is
    public (a rejection explanation, an extension reason); ``data`` holds what auditors need.
    """

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("Status changed")
        EXTENDED = "extended", _("Answer date extended")
        OVERDUE = "overdue", _("Answer overdue")
        INVALIDATED = "invalidated", _("Signatures invalidated")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.TRANSITION)
    from_status = models.CharField(max_length=12, choices=PetitionStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=PetitionStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("petition event")
        verbose_name_plural = _("petition events")
        ordering = ["created_at", "pk"]


class Cosponsor(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="cosponsors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "user"], name="cosponsor_once_per_petition")]


class SignatureInvalidation(models.Model):
    """Staff invalidated the signatures matching a criterion; the record says what and why."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="invalidations")
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    signed_from = models.DateTimeField(_("signed from"))
    signed_until = models.DateTimeField(_("signed until"))
    reason = models.TextField(_("reason"))
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    count = models.PositiveIntegerField()


class Signature(ParticipationFigures):
    """One person's signature. The unique constraint is the rule "one signature per person per
    petition": a second click, a second tab or fifty concurrent requests all meet it.

    Withdrawing keeps the row (so signing again reuses it) and invalidation marks it, so
    the count of valid signatures is always ``withdrawn_at IS NULL AND invalidation IS NULL``.
    """

    # No index of its own: the unique constraint and the address index both begin with the
    # petition and serve every lookup by it; a third index was written on every signature.
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signatures", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures")
    mahalla = models.ForeignKey(
        "participation.Territory", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    invalidation = models.ForeignKey(
        SignatureInvalidation, on_delete=models.PROTECT, null=True, blank=True, related_name="signatures"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "user"], name="signature_once_per_person")]
        indexes = [
            models.Index(
                fields=["petition", "ip", "created_at"],
                # The burst check's window; on PostgreSQL it also carries what the transparency
                # reports count (INCLUDE; SQLite ignores it), so a territory's report reads no
                # signature rows (migration proposals 0015).
                include=["mahalla", "withdrawn_at", "invalidation", "channel", "gender", "age_band"],
                name="signature_ip_window",
            )
        ]


class SignatureBurst(models.Model):
    """When a burst of signatures from one address was last flagged to the moderators.

    The row is the "exactly once": every after-commit check that counts the burst size or more
    tries one conditional UPDATE (``flagged_at`` empty or older than the window), and the
    database lets exactly one of them change the row, however the signers' commits and checks
    interleave. A count alone cannot say that: concurrent checks all count the same total.
    """

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    ip = models.GenericIPAddressField()
    flagged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "ip"], name="signature_burst_once_per_address")]


class UncountedSignature(models.Model):
    """A signature made but not yet added to its petition's and mahalla's counts.

    The fast path of signing (``services.signing``) inserts the signature and this row in one
    statement, without the petition's row lock: every signer of a petition queued for that lock
    to add one to the count, and the petition's row, wide and with a dozen indexes, was
    rewritten for every signature. The counts are brought up to date by moving these rows into
    them (``signature_rows.signature_counts_roll_up``), under the petition's lock, at most about
    once a second per petition and worker while people sign, before anything that reads or
    changes a count under that lock, and by a task every few seconds for the last ones of a
    burst. So ``Petition.signature_count`` plus the petition's rows here always equals its
    valid signatures (``petitions_reconcile_counts`` checks it).

    No foreign-key constraints: the row is written in the statement that inserts its
    signature, whose own keys are checked; checking them again would take a second share lock
    on the petition's and the mahalla's rows for every signature.
    """

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    mahalla = models.ForeignKey(
        "participation.Territory",
        on_delete=models.DO_NOTHING,
        null=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )


class MahallaSignatureCount(models.Model):
    """How many valid signatures a petition has from one mahalla (``mahalla`` empty: signers
    whose home is not a mahalla), kept in the same transaction as every change of a valid
    signature, as ``Petition.signature_count`` is. The petition page, its chart and its exports
    read these few rows instead of counting every signature on every view.

    One row per petition and mahalla (two partial unique constraints, because SQL counts two
    empty mahallas as different). The mahalla is protected: territories are retired, not
    deleted, and deleting one would silently move its signers' count.
    """

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="mahalla_counts")
    mahalla = models.ForeignKey(
        "participation.Territory", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "mahalla"],
                condition=models.Q(mahalla__isnull=False),
                name="mahalla_signature_count_once",
            ),
            models.UniqueConstraint(
                fields=["petition"],
                condition=models.Q(mahalla__isnull=True),
                name="mahalla_signature_count_once_without",
            ),
        ]
