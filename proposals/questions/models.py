from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from participation.models import ParticipationFigures
from participation.translit import search_key


class QuestionTopic(models.TextChoices):
    ROADS = "roads", _("Roads and transport")
    WATER = "water", _("Drinking water and sewerage")
    ENERGY = "energy", _("Electricity and gas")
    EDUCATION = "education", _("Schools and kindergartens")
    HEALTH = "health", _("Health")
    SOCIAL = "social", _("Social support")
    LAND = "land", _("Land and construction")
    SERVICES = "services", _("Public services")
    OTHER = "other", _("Other")


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class Question(index.Indexed, ParticipationFigures):
    """A resident's public question to a khokimiyat, and the khokimiyat's public answer.

    The question belongs to the khokimiyat of its territory; its public page is a route of
    that khokimiyat's page, which the page layer (``cms``) owns. States change only through
    ``proposals.questions.services.question_transition`` (the table in ``transitions``);
    the constraints below hold the invariants even against code that forgets to. The
    tables keep their names from the time questions lived in ``cms``.
    """

    territory = models.ForeignKey(
        "participation.Territory", on_delete=models.PROTECT, related_name="questions", verbose_name=_("territory")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questions", verbose_name=_("author")
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("question"), max_length=settings.QUESTION_TEXT_MAX_LENGTH)
    topic = models.CharField(_("topic"), max_length=16, choices=QuestionTopic.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=QuestionStatus.choices, default=QuestionStatus.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True, max_length=1000)

    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True, db_index=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    extension_note = models.TextField(_("reason for more time"), blank=True, max_length=1000)

    answer = models.TextField(_("answer"), blank=True, max_length=8000)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_office = models.CharField(_("answered by"), max_length=200, blank=True)

    search_fields = [
        index.SearchField("search_document"),
        index.AutocompleteField("search_document"),
        index.FilterField("status"),
        index.FilterField("territory_id"),
    ]

    class Meta:
        db_table = "cms_question"
        verbose_name = _("public question")
        verbose_name_plural = _("public questions")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | (Q(published_at__isnull=False) & Q(due_at__isnull=False)),
                name="question_published_has_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""), name="question_rejection_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | (Q(status="published") & ~Q(answer="")),
                name="question_answer_only_when_published",
            ),
            models.CheckConstraint(
                condition=Q(extended_at__isnull=True) | ~Q(extension_note=""), name="question_extension_has_note"
            ),
        ]
        indexes = [
            models.Index(fields=["territory", "status", "due_at"], name="question_listing"),
            # The public list of a khokimiyat, newest first: a page reads its rows in order.
            models.Index(
                fields=["territory", "-published_at", "-id"],
                name="question_published_newest",
                condition=Q(status="published"),
            ),
            # Questions awaiting their answer by due date: the khokimiyat page counts the overdue
            # ones on every view, from this index alone.
            models.Index(
                fields=["territory", "due_at"],
                name="question_awaiting_due",
                condition=Q(status="published", answered_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def search_document(self) -> str:
        return search_key(f"{self.title} {self.text} {self.answer}")


class QuestionFollow(models.Model):
    """A resident who wants to hear when a question is answered."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_follows")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the answer e-mail went out, so a retried notification task skips this person.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "cms_questionfollow"
        constraints = [models.UniqueConstraint(fields=["question", "user"], name="follow_question_once")]
