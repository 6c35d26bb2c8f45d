"""``/api/v1/questions/``: residents' published questions to khokimiyats, with their answers.

Questions awaiting moderation and rejected ones never appear; the person who asked is never
named. ``state`` is the public list's filter (answered / awaiting an answer / overdue), with
"overdue" told by the same legal deadline as the khokimiyat page's list.
"""

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone
from rest_framework import serializers

from participation.answers.selectors import answers_overdue_condition
from participation.api.registry import register
from participation.api.serializers import TerritoryRefSerializer
from participation.api.views import PublicReadOnlyViewSet
from proposals.questions.models import Question, QuestionStatus, QuestionTopic
from proposals.questions.selectors import QUESTION_DEADLINE, PublicFilter, questions_all_published

STATES = [(value, value) for value in (PublicFilter.ANSWERED, PublicFilter.AWAITING, PublicFilter.OVERDUE)]
LIST_FIELDS = ("id", "territory", "title", "text", "topic", "published_at", "due_at", "answered_at", "is_overdue")


class QuestionSerializer(serializers.ModelSerializer):
    territory = TerritoryRefSerializer(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Question
        fields = LIST_FIELDS
        read_only_fields = fields


class QuestionDetailSerializer(QuestionSerializer):
    class Meta(QuestionSerializer.Meta):
        fields = (*LIST_FIELDS, "extended_at", "extension_note", "answer", "answered_office")
        read_only_fields = fields


def _overdue(now) -> Q:
    """Published, not answered, past its due date: the khokimiyat page's "overdue"."""
    return Q(status=QuestionStatus.PUBLISHED, answered_at__isnull=True) & answers_overdue_condition(
        deadline=QUESTION_DEADLINE, now=now
    )


class QuestionViewSet(PublicReadOnlyViewSet):
    """Published questions of every khokimiyat, newest first."""

    serializer_class = QuestionSerializer
    detail_serializer_class = QuestionDetailSerializer
    choice_filters = {"state": ("", STATES), "topic": ("topic", QuestionTopic.choices)}
    date_field = "published_at"

    def public_rows(self):
        overdue = ExpressionWrapper(_overdue(timezone.now()), output_field=BooleanField())
        return (
            questions_all_published()
            .select_related("territory")
            .annotate(is_overdue=overdue)
            .order_by("-published_at", "-pk")
        )

    def filter_choice(self, queryset, name, value):
        if name != "state":
            return super().filter_choice(queryset, name, value)
        if value == PublicFilter.ANSWERED:
            return queryset.filter(answered_at__isnull=False)
        overdue = _overdue(timezone.now())
        if value == PublicFilter.OVERDUE:
            return queryset.filter(overdue)
        return queryset.filter(answered_at__isnull=True).exclude(overdue)


def register_endpoints() -> None:
    register("questions", QuestionViewSet, "question")
