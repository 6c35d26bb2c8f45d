"""Participatory budgeting: cycles with dated phases, projects, secret ballots, results and
implementation tracking.

Ballot secrecy is a property of this schema, not of the code that uses it:

- ``Participation`` says *who* took part (for eligibility, the one-ballot rule and turnout);
  ``Ballot`` says *what* was chosen. Neither table has a column pointing at the other, and no
  third table joins them.
- Every row on either side has a random UUID key, not a sequence (ballots, their choices, their
  cohort memberships, participations), so no number reveals the order in which rows arrived;
  a ballot carries the day it was cast and nothing finer, a participation only the hour.
- The only thing the two can share is a ``BallotCohort`` (for example "ballots cast from one
  address within one hour once that address had reached the flag threshold"). A cohort's
  ballots belong to people among that context's participations of that hour, which number at
  least the threshold and, holding the same hour, cannot be told apart by time or key.

What the schema alone cannot hide is the order in which rows were written (physical position,
PostgreSQL's transaction ids, the row order of a backup). So a ballot is not written as a
``Ballot`` when it is cast: it is sealed (``SealedBallot``) and only opened at the count, all of
a cycle's ballots at once, in a random order, in one transaction (docs/ballot-secrecy.md).

Money is integer soum throughout (``BigIntegerField``): a district's budget can exceed 2^31.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from participation.models import ParticipationFigures, VerificationLevel
from participation.phases.models import DatedPhase, DatedPhaseExtension
from participation.translit import latin_to_cyrillic, search_key


def _localised(obj, prefix: str) -> str:
    language = get_language() or "uz"
    latin = getattr(obj, f"{prefix}_uz")
    if language == "uz-cyrl":
        return getattr(obj, f"{prefix}_uz_cyrl") or latin_to_cyrillic(latin)
    return {"ru": getattr(obj, f"{prefix}_ru"), "en": getattr(obj, f"{prefix}_en")}.get(language) or latin


class PBCategory(models.Model):
    """A kind of project (the Open Budget list: internal roads, schools, drinking water ...).

    Kept by national managers; a cycle offers a subset. Retired with ``is_active`` rather than
    deleted, so past projects keep their category.
    """

    slug = models.SlugField(_("code"), max_length=40, unique=True)
    name_uz = models.CharField(_("name (Uzbek, Latin)"), max_length=120)
    name_uz_cyrl = models.CharField(_("name (Uzbek, Cyrillic)"), max_length=120, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("project category")
        verbose_name_plural = _("project categories")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localised(self, "name")


class BallotType(models.TextChoices):
    APPROVAL = "approval", _("Approve up to a number of projects")
    KNAPSACK = "knapsack", _("Approve projects whose total cost fits the budget")
    CUMULATIVE = "cumulative", _("Share points among projects")


class WinnerRule(models.TextChoices):
    GREEDY = "greedy", _("Most votes first, within the budget")
    MES = "mes", _("Method of Equal Shares")
    MES_ADD1 = "mes-add1", _("Method of Equal Shares, completed by raising each voter's share")
    MES_ADD1_COMPARISON = (
        "mes-add1-comparison",
        _("Method of Equal Shares with completion, or most votes first if more voters prefer it"),
    )


class PhaseKind(models.TextChoices):
    SUBMISSION = "submission", _("Project submission")
    REVIEW = "review", _("Feasibility review")
    VOTING = "voting", _("Voting")
    RESULTS = "results", _("Results")
    IMPLEMENTATION = "implementation", _("Implementation")


PHASE_ORDER = [kind.value for kind in PhaseKind]


class Cycle(index.Indexed, models.Model):
    """One season of participatory budgeting in a district, city or region."""

    TITLE_MAX = 150

    territory = models.ForeignKey(
        "participation.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="pb_cycles"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    budget = models.BigIntegerField(_("budget (soum)"))
    max_project_cost = models.BigIntegerField(_("maximum cost of one project (soum)"))
    categories = models.ManyToManyField(PBCategory, verbose_name=_("categories"), related_name="cycles")
    ballot_type = models.CharField(_("ballot"), max_length=12, choices=BallotType.choices, default=BallotType.APPROVAL)
    max_choices = models.PositiveSmallIntegerField(
        _("most projects a voter may approve"),
        null=True,
        blank=True,
        help_text=_("For approval ballots."),
    )
    points_total = models.PositiveSmallIntegerField(
        _("points each voter shares"), null=True, blank=True, help_text=_("For cumulative ballots.")
    )
    min_choices = models.PositiveSmallIntegerField(
        _("fewest projects a voter must support"),
        default=1,
    )
    winner_rule = models.CharField(
        _("how winners are chosen"), max_length=24, choices=WinnerRule.choices, default=WinnerRule.MES_ADD1
    )
    verification_level = models.PositiveSmallIntegerField(
        _("verification needed to vote"), choices=VerificationLevel.choices, default=VerificationLevel.EMAIL
    )
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age to vote"),
        default=0,
        help_text=_("0 turns it off. Otherwise voters need a year of birth in their profile."),
    )
    cooldown_cycles = models.PositiveSmallIntegerField(
        _("break for winning mahallas (cycles)"),
        default=0,
        help_text=_(
            "A mahalla whose project won in this many previous cycles of the territory may not submit. 0 turns it off."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    # Set once the count is published; from then on ballots and annulments are frozen.
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    # Imported from a pabulib file: its ballots have no participation records (no people).
    imported_from = models.CharField(_("imported from"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("budget cycle")
        verbose_name_plural = _("budget cycles")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(budget__gt=0), name="pb_cycle_budget_positive"),
            models.CheckConstraint(
                condition=models.Q(max_project_cost__gt=0) & models.Q(max_project_cost__lte=models.F("budget")),
                name="pb_cycle_max_cost_within_budget",
            ),
            models.CheckConstraint(
                condition=~models.Q(ballot_type="approval") | models.Q(max_choices__gte=1),
                name="pb_cycle_approval_has_k",
            ),
            models.CheckConstraint(
                condition=~models.Q(ballot_type="cumulative") | models.Q(points_total__gte=1),
                name="pb_cycle_cumulative_has_points",
            ),
            models.CheckConstraint(
                condition=~models.Q(ballot_type="cumulative") | models.Q(winner_rule="greedy"),
                name="pb_cycle_cumulative_is_greedy",
            ),
        ]

    # Site search finds cycles the way it finds pages and questions: by a spelling-insensitive
    # document (every Uzbek apostrophe, Latin or Cyrillic), through Wagtail's search backend.
    search_fields = [index.SearchField("search_document"), index.AutocompleteField("search_document")]

    def __str__(self) -> str:
        return self.title

    def search_document(self) -> str:
        return search_key(f"{self.title} {self.description}")


class Phase(DatedPhase):
    """One dated phase of a cycle and what it allows. Rules ask the current phase
    (``proposals.budgeting.selectors.cycles.cycle_phase``), never the dates themselves."""

    KIND_ORDER = tuple(PHASE_ORDER)
    ACTIONS = ("submit", "edit", "comment", "vote")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=16, choices=PhaseKind.choices)
    allows_submit = models.BooleanField(_("residents may submit projects"), default=False)
    allows_edit = models.BooleanField(_("authors may edit their projects"), default=False)
    allows_comment = models.BooleanField(_("residents may comment"), default=False)
    allows_vote = models.BooleanField(_("residents may vote"), default=False)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "kind"], name="pb_phase_once_per_cycle"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="pb_phase_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class PhaseExtension(DatedPhaseExtension):
    """Staff moved a phase's end (and the later phases with it); the note is public."""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="extensions")

    class Meta:
        ordering = ["created_at"]


class ProjectStatus(models.TextChoices):
    MODERATION = "moderation", _("In moderation")
    REJECTED = "rejected", _("Rejected by moderators")
    REVIEW = "review", _("Awaiting feasibility review")
    FEASIBLE = "feasible", _("Feasible, on the ballot")
    NOT_FEASIBLE = "not_feasible", _("Not feasible")
    WITHDRAWN = "withdrawn", _("Withdrawn by the author")
    SELECTED = "selected", _("Won funding")
    NOT_SELECTED = "not_selected", _("Not funded")


PUBLIC_PROJECT_STATUSES = [
    ProjectStatus.REVIEW,
    ProjectStatus.FEASIBLE,
    ProjectStatus.NOT_FEASIBLE,
    ProjectStatus.SELECTED,
    ProjectStatus.NOT_SELECTED,
]
BALLOT_PROJECT_STATUSES = [ProjectStatus.FEASIBLE, ProjectStatus.SELECTED, ProjectStatus.NOT_SELECTED]


class ImplementationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PROCUREMENT = "procurement", _("Procurement")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class Project(index.Indexed, ParticipationFigures):
    """A resident's proposal to spend part of a cycle's budget."""

    TITLE_MAX = 150
    DESCRIPTION_MAX = 5000

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="projects")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pb_projects",
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("what should be done, where, and for whom"), max_length=DESCRIPTION_MAX)
    category = models.ForeignKey(PBCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    mahalla = models.ForeignKey(
        "participation.Territory", verbose_name=_("mahalla"), on_delete=models.PROTECT, related_name="pb_projects"
    )
    estimated_cost = models.BigIntegerField(_("estimated cost (soum)"))
    status = models.CharField(
        _("status"), max_length=14, choices=ProjectStatus.choices, default=ProjectStatus.MODERATION
    )
    created_at = models.DateTimeField(_("submitted"))
    # Feasibility, recorded by staff after moderation.
    staff_cost = models.BigIntegerField(_("cost estimated by staff (soum)"), null=True, blank=True)
    feasibility_note = models.TextField(_("public reason"), blank=True, max_length=2000)
    feasibility_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    feasibility_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.ForeignKey(
        "participation.ReasonCode", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rejection_explanation = models.TextField(blank=True)
    # Implementation of a winner.
    implementation_status = models.CharField(
        _("implementation"), max_length=12, choices=ImplementationStatus.choices, blank=True
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # Id in the pabulib file it was imported from; exports use the primary key otherwise.
    source_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("budget project")
        verbose_name_plural = _("budget projects")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["cycle", "status"], name="pb_project_cycle_status")]
        constraints = [
            models.CheckConstraint(condition=models.Q(estimated_cost__gt=0), name="pb_project_cost_positive"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="pb_project_progress_max_100"),
            models.CheckConstraint(
                condition=~models.Q(status__in=["feasible", "selected", "not_selected"]) | models.Q(staff_cost__gt=0),
                name="pb_project_on_ballot_has_cost",
            ),
        ]

    # Indexed like questions; the site search keeps only public statuses (``status`` filter).
    search_fields = [
        index.SearchField("search_document"),
        index.AutocompleteField("search_document"),
        index.FilterField("status"),
    ]

    def __str__(self) -> str:
        return self.title

    def search_document(self) -> str:
        return search_key(f"{self.title} {self.description}")

    @property
    def cost(self) -> int:
        """What the project costs on the ballot: the staff estimate once there is one."""
        return self.staff_cost or self.estimated_cost


def _project_photo_path(instance, filename: str) -> str:
    # Never the uploader's file name: it can carry a person's name or break a URL. The form
    # has already checked with Pillow that the file is a JPEG, PNG or WebP image.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    extension = {"jpeg": "jpg"}.get(extension, extension)
    return f"pb/projects/{secrets.token_hex(12)}.{extension if extension in ('jpg', 'png', 'webp') else 'jpg'}"


class ProjectPhoto(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=_project_photo_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    update = models.ForeignKey("ProjectUpdate", on_delete=models.CASCADE, null=True, blank=True, related_name="photos")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]


class ProjectUpdate(models.Model):
    """A dated public note on a winner's implementation, with the status it reported."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("what happened"), max_length=3000)
    status = models.CharField(_("implementation"), max_length=12, choices=ImplementationStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]


class SignOffRole(models.TextChoices):
    INITIATOR = "initiator", _("Initiator of the project")
    MAHALLA_CHAIR = "chair", _("Mahalla chair")


class ProjectSignOff(models.Model):
    """Completion confirmed by the initiator and by the mahalla chair (Open Budget rule since 2024)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sign_offs")
    role = models.CharField(max_length=10, choices=SignOffRole.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True, max_length=1000)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "role"], name="pb_signoff_once_per_role")]


def _receipt_code() -> str:
    # 10 characters from an alphabet without look-alikes (0/O, 1/I/L), easy to read aloud.
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class Participation(ParticipationFigures):
    """That a person voted in a cycle: for eligibility, "one ballot per person" and turnout.

    Deliberately holds no reference to the ballot, and its time only to the hour (what the
    hourly anomaly flags need), so the people of one hour cannot be put in order. The address
    and device fields exist for the anomaly flags and are erased after the results are published.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pb_participations")
    mahalla = models.ForeignKey(
        "participation.Territory", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    voted_hour = models.DateTimeField(help_text="The start of the clock hour in which the person voted.")
    ip = models.GenericIPAddressField(null=True, blank=True)
    device = models.CharField(max_length=64, blank=True)
    receipt_code = models.CharField(max_length=12, unique=True, default=_receipt_code)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "user"], name="pb_one_ballot_per_person")]
        indexes = [
            models.Index(fields=["cycle", "ip", "voted_hour"], name="pb_participation_ip"),
            models.Index(fields=["cycle", "voted_hour"], name="pb_participation_time"),
        ]


class BallotAnnulment(models.Model):
    """Staff annulled the ballots matching a recorded criterion; the count is public."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="annulments")
    criterion = models.CharField(_("criterion"), max_length=300)
    cohort = models.ForeignKey("BallotCohort", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    cast_on = models.DateField(_("cast on"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=2000)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    count = models.PositiveIntegerField()


class BallotCohort(models.Model):
    """A group of ballots cast in one suspicious context (one address or device within one
    hour past the flag threshold, or a night-time burst), so staff can annul them as a group.

    A ballot joins a cohort only once the context already holds at least the threshold number
    of participations, so the cohort never narrows a ballot down to fewer people than that.
    ``key`` is a keyed hash: the address itself is not stored here.
    """

    class Kind(models.TextChoices):
        ADDRESS = "address", _("Many ballots from one internet address within an hour")
        DEVICE = "device", _("Many ballots from one device within an hour")
        NIGHT = "night", _("A burst of ballots at night")

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="cohorts")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    key = models.CharField(max_length=64)
    hour = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "kind", "key", "hour"], name="pb_cohort_unique")]


class Ballot(models.Model):
    """What one voter chose. No person, no time finer than the day (see the module docstring)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="ballots")
    cast_on = models.DateField()
    annulment = models.ForeignKey(
        BallotAnnulment, on_delete=models.PROTECT, null=True, blank=True, related_name="ballots"
    )
    cohorts = models.ManyToManyField(BallotCohort, blank=True, related_name="ballots", through="BallotCohortMember")

    class Meta:
        indexes = [models.Index(fields=["cycle", "cast_on"], name="pb_ballot_cycle_day")]


class BallotCohortMember(models.Model):
    # A UUID key: a sequence here would number ballots in the order they were cast.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE)
    cohort = models.ForeignKey(BallotCohort, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "cohort"], name="pb_cohort_member_once")]


class SealedBallot(models.Model):
    """A ballot as cast, sealed until the count: one authenticated ciphertext and its cycle.

    Written in the voter's own transaction beside their ``Participation`` (so a crash never
    loses a counted vote nor lets anyone vote twice), and therefore next to it in physical row
    order and transaction id. That is why it says nothing readable: the choices, the day and
    the anomaly context are inside ``sealed`` (AES-GCM under a key kept outside the database,
    padded to a fixed size, no timestamp). At the count ``services.ballot_box.ballots_unseal``
    opens every sealed ballot of the cycle in one transaction, writes the ``Ballot`` rows in a
    random order and deletes these. See docs/ballot-secrecy.md.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="sealed_ballots")
    sealed = models.BinaryField()


class BallotChoice(models.Model):
    # A UUID key: a sequence would number ballots in the order they were cast.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="ballot_choices")
    points = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="pb_choice_once_per_ballot"),
            models.CheckConstraint(condition=models.Q(points__gte=1), name="pb_choice_points_positive"),
        ]


class CycleResult(models.Model):
    """The published count: the cycle's rule and, beside it, what greedy would have funded.

    Stored once at publication, so the page and the exports show exactly what was announced.
    """

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="result")
    rule = models.CharField(max_length=24, choices=WinnerRule.choices)
    selected = models.JSONField(default=list)  # project pks, in the order the rule funded them
    greedy_selected = models.JSONField(default=list)
    votes = models.JSONField(default=dict)  # project pk (str) -> approvals or points
    ballots_counted = models.PositiveIntegerField()
    ballots_annulled = models.PositiveIntegerField()
    participants = models.PositiveIntegerField()
    eligible = models.PositiveIntegerField(null=True, blank=True)
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0)


class PublicationStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be counted")
    COUNTING = "counting", _("Counting")
    PUBLISHED = "published", _("Published")
    FAILED = "failed", _("Failed")


class CyclePublication(models.Model):
    """A manager's request to count and publish a cycle, and how far the background count is.

    One row per cycle: a second click while it is queued or counting changes nothing, and a
    failed count is requested again on the same row. Its status moves only through
    ``proposals.budgeting.transitions.PUBLICATION_TRANSITIONS``. What is published is
    ``CycleResult``, written in the same transaction that sets ``published``.
    """

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="publication")
    status = models.CharField(max_length=10, choices=PublicationStatus.choices, default=PublicationStatus.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Why the last count failed, in words staff can act on (shown on the cycle's screen).
    error = models.TextField(blank=True)


class CycleResultFile(models.Model):
    """A download of the published result, written once at publication: the ballots as a
    pabulib ``.pb`` (``language`` empty) and the results CSV in each language of the site.

    Kept in the database rather than in file storage so it is written in the publication's own
    transaction (there is never a result without its files, nor files of an unpublished
    count) and served the same on a laptop and behind S3. A published result never changes
    (annulment is refused from then on), so neither do these.
    """

    class Kind(models.TextChoices):
        PB = "pb", "pb"
        CSV = "csv", "csv"

    result = models.ForeignKey(CycleResult, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    language = models.CharField(max_length=10, blank=True)
    content = models.TextField()
    # The same UTF-8 bytes gzipped, sent as they are to the browsers that accept gzip (all of
    # them): a 100,000-ballot ``.pb`` is 1.5 MB, which took the server longer to compress on
    # every download than to read. NULL for files stored before it existed: made at their first
    # compressed download (``results.result_download``).
    content_gzip = models.BinaryField(null=True, editable=False)
    etag = models.CharField(max_length=64)  # sha256 of the UTF-8 bytes, for conditional downloads
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["result", "kind", "language"], name="pb_result_file_once"),
        ]
