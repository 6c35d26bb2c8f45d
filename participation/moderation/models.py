from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from participation.translit import latin_to_cyrillic


class ReasonCode(models.Model):
    """Why a moderator refused something, or why a resident flagged it.

    Managers keep the list in the admin. The shipped defaults follow the legal exclusion list
    of collective appeals (calls to violence or hatred, attacks on honour and dignity, ...)
    plus the practical ones (duplicate, not the khokimiyat's competence, spam). A code is
    retired with ``is_active`` rather than deleted, so past decisions keep their reason.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label_uz = models.CharField(_("label (Uzbek, Latin)"), max_length=200)
    label_uz_cyrl = models.CharField(_("label (Uzbek, Cyrillic)"), max_length=200, blank=True)
    label_ru = models.CharField(_("label (Russian)"), max_length=200, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=200, blank=True)
    label_kaa = models.CharField(_("label (Karakalpak)"), max_length=200, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    for_flags = models.BooleanField(
        _("residents may choose it when flagging"),
        default=True,
        help_text=_("Codes such as “not the khokimiyat's competence” are for moderators only."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)

    class Meta:
        verbose_name = _("moderation reason")
        verbose_name_plural = _("moderation reasons")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        language = get_language() or "uz"
        if language == "uz-cyrl":
            return self.label_uz_cyrl or latin_to_cyrillic(self.label_uz)
        return {"ru": self.label_ru, "en": self.label_en, "kaa": self.label_kaa}.get(language) or self.label_uz


class ModerationKind(models.TextChoices):
    REVIEW = "review", _("New, to review before publication")
    FLAGS = "flags", _("Published, reported")
    APPEAL = "appeal", _("Appeal against a decision")


class ModerationOutcome(models.TextChoices):
    APPROVE = "approve", _("Approve (publish or keep published)")
    REJECT = "reject", _("Reject (do not publish, or remove)")


class ModerationPriority(models.IntegerChoices):
    NORMAL = 0, _("Normal")
    RAISED = 1, _("Raised: reported by several people")
    URGENT = 2, _("Urgent: flagged by the system")


class ModerationItem(models.Model):
    """One thing waiting for a moderator's decision, whatever its kind of content.

    Petitions, PB projects, comments and consultation positions all arrive here through
    ``participation.moderation.registry``; the queue, the deadlines, the reasons, the appeal and the
    audit entry are the same for all of them. ``title`` and ``territory`` are copied from
    the content so that the queue is one query, whatever kinds of content it lists.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=8, choices=ModerationKind.choices)
    territory = models.ForeignKey(
        "participation.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255)
    created_at = models.DateTimeField(_("received"))
    due_at = models.DateTimeField(_("decide by"))
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=ModerationPriority.choices, default=ModerationPriority.NORMAL
    )
    flag_count = models.PositiveIntegerField(_("reports"), default=0)
    system_note = models.CharField(_("system note"), max_length=500, blank=True)
    appeal_text = models.TextField(_("the author's appeal"), blank=True)
    # An appeal is decided by someone else than the moderator who decided first.
    excluded_moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("decision"), max_length=8, choices=ModerationOutcome.choices, blank=True)
    reason = models.ForeignKey(
        ReasonCode, verbose_name=_("reason"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    explanation = models.TextField(_("explanation"), blank=True)
    author_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("moderation item")
        verbose_name_plural = _("moderation items")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="moderation_item_content"),
            models.Index(
                fields=["-priority", "due_at"],
                name="moderation_open_queue",
                condition=models.Q(decided_at__isnull=True),
            ),
        ]
        constraints = [
            # Two flags arriving at once bump one open item; they never open two.
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind"],
                condition=models.Q(decided_at__isnull=True),
                name="moderation_one_open_item_per_kind",
            ),
            # The author may appeal once per piece of content.
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(kind="appeal"),
                name="moderation_one_appeal",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(decided_at__isnull=True, outcome="", decided_by__isnull=True)
                    | (models.Q(decided_at__isnull=False, decided_by__isnull=False) & ~models.Q(outcome=""))
                ),
                name="moderation_decision_complete",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="reject") | models.Q(reason__isnull=False),
                name="moderation_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.decided_at is None


class Flag(models.Model):
    """A signed-in person reports published content. One report per person per item: a
    second click changes nothing, and many reports raise the item's priority without
    hiding anything on their own."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content = GenericForeignKey("content_type", "object_id")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags")
    reason = models.ForeignKey(ReasonCode, verbose_name=_("reason"), on_delete=models.PROTECT, related_name="+")
    text = models.CharField(_("what is wrong"), max_length=500, blank=True)
    created_at = models.DateTimeField()
    item = models.ForeignKey(ModerationItem, on_delete=models.SET_NULL, null=True, related_name="flags")

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "user"], name="flag_one_per_person"),
        ]
