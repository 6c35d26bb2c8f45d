"""The moderation queue inside the Wagtail admin: one screen per item with its decision form
(the list of every kind of content is a viewset: ``participation.moderation.queue_admin``). (The reasons managers keep are a viewset of their
own: ``participation.moderation.reason_codes_admin``.)

Each screen reads through ``participation.selectors`` and each button calls one service. A
moderator reaches only the items of territories where they moderate (the selector scopes
the queue; these views never widen it): anything else is "not found". A form the person may
not use is not shown, and a forged POST is refused with 403.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.admin_helpers import admin_context, audit_history, forbidden, overdue_days
from participation.exceptions import ServiceError
from participation.models import ModerationKind
from participation.moderation.forms import DecisionForm
from participation.moderation.registry import adapter_for, content_type_noun
from participation.moderation.services import moderation_decide
from participation.selectors import (
    moderation_item_for,
    moderation_item_reports,
    moderation_items_related,
)
from participation.wagtail_admin.viewsets import staff_screen

TITLE = _("Moderation")
ICON = "tasks"
NOT_ALLOWED_QUEUE = _("Only moderators and managers use the moderation queue.")
NOT_ALLOWED_DECIDE = _("You may not decide this item.")
DECIDED = _("Decision saved for “%(title)s”. The author is told by e-mail.")
# Short names for the queue's "kind" column; the model's labels explain them on the item.
KIND_SHORT = {
    ModerationKind.REVIEW: _("Review"),
    ModerationKind.FLAGS: _("Reported"),
    ModerationKind.APPEAL: _("Appeal"),
}


def _mark(item, now) -> None:
    item.kind_short = KIND_SHORT.get(item.kind, item.kind)
    item.what = content_type_noun(item.content_type_id)
    item.overdue_days = overdue_days(item.due_at, now) if item.is_open else None


@staff_screen("participation.use_moderation_queue", NOT_ALLOWED_QUEUE, title=TITLE, icon=ICON)
def moderation_item_view(request, item_id: int):
    """One item: the content (escaped), what was reported or appealed, the decision form for
    whoever may decide it, and the audit history."""
    user = request.user
    item = moderation_item_for(user, item_id)
    if item is None:
        raise Http404
    may_decide = user.has_perm("participation.decide_moderation", item)
    form = DecisionForm() if may_decide and item.is_open else None
    if request.method == "POST":
        if not may_decide:
            return forbidden(request, NOT_ALLOWED_DECIDE, title=TITLE, icon=ICON)
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                moderation_decide(item=item, moderator=user, **form.cleaned_data)
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, DECIDED % {"title": item.title})
                return redirect("participation_moderation:index")
    _mark(item, timezone.now())
    content = item.content
    adapter = adapter_for(content) if content is not None else None
    return TemplateResponse(
        request,
        "participation/admin/moderation_item.html",
        {
            "item": item,
            "form": form,
            "content_missing": content is None,
            "content_title": adapter.title(content) if adapter else "",
            "content_text": adapter.text(content) if adapter else "",
            "public_url": adapter.public_url(content) if adapter else "",
            "excluded": item.excluded_moderator_id == user.pk,
            "is_author": item.author_id == user.pk,
            "reports": moderation_item_reports(item),
            "related": moderation_items_related(item),
            "history": audit_history(item),
            **admin_context(item.title, icon=ICON, subtitle=item.territory.name),
        },
    )
