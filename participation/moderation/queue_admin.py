"""The moderation queue in the Wagtail admin, on the core's viewsets: one listing for every
kind of content (open items, most urgent first, or the decided ones; filtered by what the
content is), then one item's screen with its decision form (``admin_views``)."""

import django_filters
from django.template.defaultfilters import date
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy

from participation.admin_helpers import overdue_days
from participation.models import ModerationItem
from participation.moderation import admin_views
from participation.moderation.forms import QueueFilterForm
from participation.moderation.registry import content_type_for_label, content_type_noun, registered_nouns
from participation.selectors import moderation_queue, moderation_queue_decided
from participation.wagtail_admin.policies import RulesPermissionPolicy
from participation.wagtail_admin.viewsets import HtmlColumn, StaffIndexView, StaffViewSet
from participation.web.dates import machine_time

USE_QUEUE = "participation.use_moderation_queue"
register_permission_policy(
    ModerationItem, RulesPermissionPolicy(ModerationItem, actions={"view": USE_QUEUE}, scope=moderation_queue)
)


class PlainColumn(Column):
    cell_template_name = "participation/admin/plain_cell.html"


def _overdue(item) -> int | None:
    return overdue_days(item.due_at, timezone.now()) if item.is_open else None


def _day(value) -> str:
    if value is None:
        return "—"
    value = timezone.localtime(value)
    return format_html('<time datetime="{}">{}</time>', machine_time(value), date(value, "d.m.Y"))


def _decide_by(item) -> str:
    cell = _day(item.due_at)
    if days := _overdue(item):
        cell = format_html("{}<br>{}", cell, render_to_string("participation/admin/overdue.html", {"days": days}))
    return cell


def _priority(item) -> str:
    label = item.get_priority_display()
    return format_html("<strong>{}</strong>", label) if item.priority else label


def _decided(item) -> str:
    if item.decided_by:
        return format_html("{} — {}", _day(item.decided_at), item.decided_by)
    return _day(item.decided_at)


def _decision(item) -> str:
    outcome = item.get_outcome_display()
    return f"{outcome}: {item.reason.label}" if item.reason else outcome


class QueueFilterSet(WagtailFilterSet):
    """Waiting for a decision (the default) or decided, which picks the selector
    (``QueueIndexView``); and what the content is (petitions, projects, comments, questions)."""

    show = django_filters.ChoiceFilter(
        label=_("Show"), choices=QueueFilterForm.CHOICES, empty_label=None, method="keep_rows"
    )
    what = django_filters.ChoiceFilter(
        label=_("What"), choices=registered_nouns, empty_label=_("Everything"), method="filter_what"
    )

    class Meta:
        model = ModerationItem
        fields = []

    def keep_rows(self, queryset, name, value):
        return queryset

    def filter_what(self, queryset, name, value):
        content_type = content_type_for_label(value)
        return queryset if content_type is None else queryset.filter(content_type=content_type)


class QueueIndexView(StaffIndexView):
    decided_display = ()

    # Said in the queue's own words, as before the listing moved onto Wagtail's generic view.
    no_results_message = _("Nothing is waiting for a decision.")

    @cached_property
    def decided(self) -> bool:
        return QueueFilterForm(self.request.GET or None).value() == QueueFilterForm.DECIDED

    def get_base_queryset(self):
        if self.decided:
            return moderation_queue_decided(self.request.user)
        return super().get_base_queryset()

    @cached_property
    def columns(self):
        """What the content is comes first, then the title (linking to the item's screen)."""
        fields = self.decided_display if self.decided else self.list_display
        return [self._get_title_column(field) if field == "title" else field for field in fields]


_COMMON = [
    PlainColumn("what", label=_("What"), accessor=lambda item: content_type_noun(item.content_type_id)),
    Column("kind", label=_("Kind"), accessor=lambda item: admin_views.KIND_SHORT.get(item.kind, item.kind)),
]
_TERRITORY = Column("territory", label=_("Territory"), accessor="territory.name")
_RECEIVED = HtmlColumn("received", label=_("Received"), render=lambda item: _day(item.created_at))
_REPORTS = Column("flag_count", label=_("Reports"))


class ModerationQueueViewSet(StaffViewSet):
    """Items of the person's territories waiting for a decision, most urgent first; or decided."""

    model = ModerationItem
    name = "participation_moderation"
    url_prefix = "moderation"
    icon = admin_views.ICON
    menu_label = admin_views.TITLE
    menu_order = 290
    add_to_admin_menu = True
    refusal = admin_views.NOT_ALLOWED_QUEUE
    index_view_class = QueueIndexView
    filterset_class = QueueFilterSet
    row_url_name = "item"
    row_class = staticmethod(lambda item: "moderation-overdue" if _overdue(item) else "")
    list_display = [
        *_COMMON,
        "title",
        _TERRITORY,
        _RECEIVED,
        HtmlColumn("due_at", label=_("Decide by"), render=_decide_by),
        HtmlColumn("priority", label=_("Priority"), render=_priority),
        _REPORTS,
    ]
    decided_display = [
        *_COMMON,
        "title",
        _TERRITORY,
        _RECEIVED,
        HtmlColumn("decided_at", label=_("Decided"), render=_decided),
        Column("outcome", label=_("Decision"), accessor=_decision),
        _REPORTS,
    ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(decided_display=self.decided_display, **kwargs)

    def extra_urlpatterns(self):
        return [path("<int:item_id>/", admin_views.moderation_item_view, name="item")]
