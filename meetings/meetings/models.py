"""Meetings: public hearings, kengash sessions, mahalla gatherings and consultation meetings,
announced in time, registered for, attended, minuted and followed up in public.

A meeting keeps one calendar identity (``uid``) for its whole life and raises ``sequence`` on
every change a calendar must see (RFC 5545), so a rescheduled or cancelled meeting moves or
strikes the entry residents already have instead of adding a second one.

Seats are counted on the meeting row (``seats_taken``) in the registration transaction, and the
database refuses more seats than the capacity, so 30 people racing for the last seat leave
exactly ``capacity`` seats taken whatever the code above it does. Attendance is kept only as
counts (``AttendanceCount``): who walked in is never stored, and gender and age band are
counted only for people who consented to statistics.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from participation.models import ParticipationFigures
from participation.translit import search_key


class MeetingKind(models.TextChoices):
    PUBLIC_HEARING = "hearing", _("Public hearing")
    KENGASH_SESSION = "kengash", _("Kengash session")
    MAHALLA_GATHERING = "mahalla", _("Mahalla gathering")
    CONSULTATION_MEETING = "consultation", _("Consultation meeting")
    OTHER = "other", _("Other meeting")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (not public)")
    PROPOSED = "proposed", _("Proposed by an organisation, awaiting staff approval")
    ANNOUNCED = "announced", _("Announced")
    CANCELLED = "cancelled", _("Cancelled")


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class Meeting(index.Indexed, models.Model):
    TITLE_MAX = 200

    territory = models.ForeignKey(
        "participation.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="meetings"
    )
    # Who holds it: the khokimiyat of the territory (no organisation), a mahalla body (a mahalla
    # territory), or an organisation whose meeting staff approved.
    organisation = models.ForeignKey(
        "participation.Organisation",
        verbose_name=_("held by the organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices, default=MeetingKind.PUBLIC_HEARING)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    purpose = models.TextField(_("purpose"), max_length=4000)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    attendance_mode = models.CharField(
        _("how to attend"), max_length=10, choices=AttendanceMode.choices, default=AttendanceMode.IN_PERSON
    )
    address = models.TextField(_("address"), max_length=400, blank=True)
    map_url = models.URLField(_("map link"), max_length=500, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    # The same features as a service centre's (participation.accessibility.ACCESSIBILITY_FEATURES).
    step_free_entrance = models.BooleanField(_("step-free entrance"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    sign_language = models.BooleanField(_("sign-language help"), default=False)
    large_print = models.BooleanField(_("large-print forms"), default=False)
    elderly_help = models.BooleanField(_("help for the elderly"), default=False)
    accessibility_note = models.CharField(_("more about access"), max_length=300, blank=True)
    # Language codes of settings.LANGUAGES spoken at the meeting (["uz", "ru"]).
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True, help_text=_("Leave empty for no limit."))
    seats_taken = models.PositiveIntegerField(default=0, editable=False)
    consultation = models.ForeignKey(
        "meetings.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT)
    # The calendar identity: never changes; sequence rises with every change a calendar must see.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("last changed"))
    announced_at = models.DateTimeField(_("announced"), null=True, blank=True)
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancellation_reason = models.TextField(_("why it was cancelled"), max_length=2000, blank=True)
    # Attendance is in AttendanceCount only, as counts: check-ins, walk-ins and paper sheets.

    search_fields = [
        index.SearchField("search_document"),
        index.AutocompleteField("search_document"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "ends_at", "starts_at"], name="meeting_public_list"),
            models.Index(fields=["territory", "status", "starts_at"], name="meeting_territory_list"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(seats_taken__lte=F("capacity")),
                name="meeting_seats_within_capacity",
            ),
            models.CheckConstraint(
                condition=~Q(status="announced") | Q(announced_at__isnull=False), name="meeting_announced_dated"
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_at__isnull=False), name="meeting_cancelled_dated"
            ),
            models.CheckConstraint(
                condition=Q(attendance_mode="online") | ~Q(address=""), name="meeting_in_person_has_address"
            ),
            models.CheckConstraint(
                condition=Q(attendance_mode="in_person") | ~Q(online_url=""), name="meeting_online_has_link"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def search_document(self) -> str:
        return search_key(f"{self.title} {self.purpose} {self.address}")

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.seats_taken, 0)


class MeetingSubject(models.Model):
    """What a meeting is about beyond its consultation: a petition, a budget cycle or a project.
    A generic link, because meetings may not import proposals; the linked feature says how its
    rows are titled and where they live (``meetings.meetings.subjects``)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="subjects")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()

    class Meta:
        verbose_name = _("what the meeting is about")
        verbose_name_plural = _("what the meeting is about")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "content_type", "object_id"], name="meeting_subject_once")
        ]


class AgendaItem(models.Model):
    """An item of the agenda, ordered by ``position``; an item may have sub-items one level deep
    (a sub-item's parent has no parent, checked by the service that writes them)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("under the item"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    position = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("item"), max_length=300)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("time"), null=True, blank=True)
    # What the item is about: a paragraph of the meeting's consultation, or a petition or project.
    consultation = models.ForeignKey(
        "meetings.Consultation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paragraph_anchor = models.CharField(_("paragraph"), max_length=40, blank=True)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(paragraph_anchor="") | Q(consultation__isnull=False),
                name="agenda_paragraph_has_consultation",
            ),
            models.CheckConstraint(
                condition=Q(subject_type__isnull=True, subject_id__isnull=True)
                | Q(subject_type__isnull=False, subject_id__isnull=False),
                name="agenda_subject_whole",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_REGISTRATION = Q(status__in=["confirmed", "waiting"])


class Registration(ParticipationFigures):
    """A resident's registration, or a representative's for their organisation (``people``
    seats). The waiting list is the waiting registrations in ``created_at`` order; promotion
    happens in the transaction that frees the seats."""

    CODE_LENGTH = 8

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_registrations")
    organisation = models.ForeignKey(
        "participation.Organisation",
        verbose_name=_("for the organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_registrations",
    )
    people = models.PositiveSmallIntegerField(_("people attending"), default=1)
    status = models.CharField(max_length=10, choices=RegistrationStatus.choices)
    # A short code printed with a QR image; unique across meetings so a code of another meeting
    # is recognised as such at the door.
    code = models.CharField(max_length=CODE_LENGTH, unique=True)
    needs_sign_language = models.BooleanField(_("sign-language interpretation"), default=False)
    needs_step_free = models.BooleanField(_("step-free access"), default=False)
    needs_elderly_help = models.BooleanField(_("help for the elderly"), default=False)
    language = models.CharField(max_length=12, blank=True)  # for the notices sent to them
    created_at = models.DateTimeField()
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_people = models.PositiveSmallIntegerField(default=0)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["meeting", "status", "created_at"], name="registration_queue")]
        constraints = [
            # One active registration per person for themselves, and one per organisation.
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=ACTIVE_REGISTRATION & Q(organisation__isnull=True),
                name="registration_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=ACTIVE_REGISTRATION & Q(organisation__isnull=False),
                name="registration_once_per_organisation",
            ),
            models.CheckConstraint(condition=Q(people__gte=1), name="registration_someone_attends"),
            models.CheckConstraint(
                condition=Q(checked_in_people__lte=F("people")), name="registration_checked_in_within_people"
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_at__isnull=False), name="registration_cancelled_dated"
            ),
        ]


class AttendanceSource(models.TextChoices):
    CHECK_IN = "check_in", _("Checked in at the door")
    WALK_IN = "walk_in", _("Walked in without registering")
    PAPER = "paper", _("Paper sign-in sheet")


class AttendanceCount(models.Model):
    """How many people attended, by source, gender and age band: aggregate only. Gender and age
    band are blank unless the person consented to statistics (or, for paper sheets, the sheet
    recorded them); never a row per person."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance_counts")
    source = models.CharField(max_length=10, choices=AttendanceSource.choices)
    gender = models.CharField(max_length=8, blank=True)
    age_band = models.CharField(max_length=8, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("attendance count")
        verbose_name_plural = _("attendance counts")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "source", "gender", "age_band"], name="attendance_count_one_cell"
            )
        ]


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CIRCULATED = "circulated", _("Circulated to attendees for comments")
    APPROVED = "approved", _("Approved and published")


class Minutes(models.Model):
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("minutes"), max_length=50000)
    status = models.CharField(max_length=12, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    comment_days = models.PositiveSmallIntegerField(_("days for attendees to comment"), default=5)
    circulated_at = models.DateTimeField(null=True, blank=True)
    comments_until = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(circulated_at__isnull=False, comments_until__isnull=False),
                name="minutes_circulated_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False), name="minutes_approved_dated"
            ),
        ]


class MinutesComment(models.Model):
    """An attendee's comment on circulated minutes: seen by staff, who may change the draft."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("your comment"), max_length=3000)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]


class MinutesCorrection(models.Model):
    """After approval the minutes never change; a correction is added beside them, dated."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField(_("correction"), max_length=5000)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]


class ActionKind(models.TextChoices):
    DECISION = "decision", _("Decision")
    ACTION = "action", _("Action item")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ActionItem(models.Model):
    """A decision or action item of a meeting, with an owner and a due date kept with the shared
    answer-deadline machinery (``participation.answers``: overdue, reminder before the date)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ActionKind.choices, default=ActionKind.ACTION)
    text = models.TextField(_("what was decided or is to be done"), max_length=3000)
    # The owner: exactly one of a department (by name), a staff member, an organisation.
    owner_department = models.CharField(_("department"), max_length=200, blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_actions",
    )
    owner_organisation = models.ForeignKey(
        "participation.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_actions",
    )
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    extended_at = models.DateTimeField(null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    extension_reason = models.TextField(blank=True, max_length=1000)
    overdue_since = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("decision or action item")
        verbose_name_plural = _("decisions and action items")
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["status", "due_at"], name="meeting_action_due")]
        constraints = [
            models.CheckConstraint(
                condition=(~Q(owner_department="") & Q(owner_user__isnull=True) & Q(owner_organisation__isnull=True))
                | (Q(owner_department="") & Q(owner_user__isnull=False) & Q(owner_organisation__isnull=True))
                | (Q(owner_department="") & Q(owner_user__isnull=True) & Q(owner_organisation__isnull=False)),
                name="meeting_action_one_owner",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_at__isnull=False), name="meeting_action_done_dated"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ActionProgress(models.Model):
    """A dated progress note on an action item, with evidence (a document or a photo)."""

    action_item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="progress")
    note = models.TextField(_("progress"), max_length=3000)
    # Evidence as the khokimiyat's own documents and images (scoped to its collection).
    evidence_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    evidence_photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status_after = models.CharField(max_length=12, choices=ActionStatus.choices)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]
