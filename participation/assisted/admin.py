"""The staff screen "Assisted acts" in the Wagtail admin: the acts done in the territories a
manager or moderator watches, filtered by operator, centre and period, with the anomaly flags
and the acts residents reported. It only shows; nothing here refuses or undoes an act."""

from datetime import datetime, time, timedelta

from django import forms
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from participation.admin_helpers import LIST_PER_PAGE, admin_context, forbidden
from participation.assisted.selectors import (
    assisted_acts_filtered,
    assisted_acts_for_staff,
    assisted_centres,
    assisted_flags,
    assisted_operators,
    assisted_reported,
    targets_of,
)
from participation.web.pagination import BoundedPaginator

TITLE = _("Assisted acts")
ICON = "group"
USE = "participation.use_assisted_acts"
NOT_ALLOWED = _("Only managers and moderators of a territory see the acts operators did there.")
# With no period chosen the screen shows the last 30 days (flags included).
DEFAULT_DAYS = 30


class AssistedActsFilterForm(forms.Form):
    SHOW = [("all", _("Every act")), ("reported", _("Reported by the resident"))]

    show = forms.ChoiceField(label=_("Show"), choices=SHOW, required=False)
    operator = forms.TypedChoiceField(label=_("Operator"), coerce=int, required=False, empty_value=None)
    centre = forms.TypedChoiceField(label=_("Centre"), coerce=int, required=False, empty_value=None)
    since = forms.DateField(label=_("From (day)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(
        label=_("To (day, included)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data, *, operators, centres):
        super().__init__(data)
        self.fields["operator"].choices = [("", _("Every operator")), *operators]
        self.fields["centre"].choices = [("", _("Every centre")), *centres]

    def values(self) -> dict:
        """The filters as the selectors take them; a bad value counts as no filter (the
        fields that were valid still filter)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        today = timezone.localdate()
        since_day = cleaned.get("since") or today - timedelta(days=DEFAULT_DAYS)
        until_day = cleaned.get("until")
        zone = timezone.get_current_timezone()
        return {
            "operator_id": cleaned.get("operator"),
            "centre_id": cleaned.get("centre"),
            "since": datetime.combine(since_day, time.min, tzinfo=zone),
            "until": datetime.combine(until_day + timedelta(days=1), time.min, tzinfo=zone) if until_day else None,
        }


def assisted_acts_view(request):
    if not request.user.has_perm(USE):
        return forbidden(request, NOT_ALLOWED, title=TITLE, icon=ICON)
    user = request.user
    form = AssistedActsFilterForm(
        request.GET or None, operators=assisted_operators(user), centres=assisted_centres(user)
    )
    filters = form.values()
    acts = assisted_acts_filtered(assisted_acts_for_staff(user), **filters)
    reported_only = form.is_bound and form.cleaned_data.get("show") == "reported"
    if reported_only:
        acts = assisted_reported(acts)
    paginator = BoundedPaginator(acts, LIST_PER_PAGE, max_pages=100)
    page_obj = paginator.get_page(request.GET.get("page"))
    rows = list(page_obj.object_list)
    targets = targets_of(rows)
    reported = (
        []
        if reported_only
        else list(assisted_reported(assisted_acts_filtered(assisted_acts_for_staff(user), **filters))[:20])
    )
    return TemplateResponse(
        request,
        "participation/assisted/admin/index.html",
        {
            "form": form,
            "flags": assisted_flags(user, **filters),
            "rows": [{"act": act, "target": targets.get(act.pk)} for act in rows],
            "reported": reported,
            "reported_only": reported_only,
            "page_obj": page_obj,
            **admin_context(TITLE, icon=ICON),
        },
    )


@hooks.register("register_admin_urls")
def register_assisted_admin_urls():
    return [path("assisted-acts/", assisted_acts_view, name="participation_assisted_acts")]


class AssistedActsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(USE)


@hooks.register("register_admin_menu_item")
def register_assisted_menu_item():
    return AssistedActsMenuItem(TITLE, reverse("participation_assisted_acts"), icon_name=ICON, order=295)


@hooks.register("register_log_actions")
def register_assisted_log_actions(actions):
    actions.register_action(
        "participation.assisted_act_reported",
        _("Assisted act reported"),
        _("The resident reported an act an operator did for them"),
    )
