"""The base viewsets of the staff screens: Wagtail's generic listing, create and edit views
with the project's rules (``RulesPermissionPolicy``), a plain 403 that says why, saving through
a service (which checks the rule again and writes the audit log), and the audit history with
its before/after values under the edit form."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, Table
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from participation.admin_helpers import LIST_PER_PAGE, audit_history, forbidden
from participation.exceptions import ServiceError

NOT_ALLOWED = _("You may not use this screen.")


class RefusingMixin:
    """A person whose rules do not open the screen gets a 403 page that says why, instead of
    Wagtail's bounce to the dashboard: a hand-typed URL or a forged POST is plainly refused."""

    refusal = NOT_ALLOWED
    refusal_title = ""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request, self.refusal, title=self.refusal_title, icon=self.header_icon or "warning")


class HtmlColumn(Column):
    """A column whose cell is ``render(row)``: markup built with ``format_html``, so what a
    person typed stays escaped."""

    def __init__(self, name, *, render, **kwargs):
        super().__init__(name, accessor=render, **kwargs)


class MarkedTable(Table):
    """Wagtail's table; ``row_class(row)`` names a row's class (an overdue row stands out)."""

    row_class = None

    def get_row_classname(self, instance):
        return self.row_class(instance) if self.row_class else ""


class StaffIndexView(RefusingMixin, generic.IndexView):
    """The listing: only the rows the policy's scope gives the person (a selector), with the
    columns, filters and pagination of Wagtail's generic index."""

    row_url_name = None  # the row's own screen, when it is not the edit form
    row_class = None

    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, "view")

    def get_table(self, object_list):
        table = super().get_table(object_list)
        table.row_class = self.row_class
        return table

    @cached_property
    def table_class(self):
        return type("StaffTable", (MarkedTable, super().table_class), {})

    def get_edit_url(self, instance):
        if self.row_url_name:
            return reverse(self.row_url_name, args=(instance.pk,))
        return super().get_edit_url(instance)

    def get_list_more_buttons(self, instance):
        return [] if self.row_url_name else super().get_list_more_buttons(instance)


class ServiceSaveMixin:
    """Create and edit save through the feature's service, never ``form.save()``: the service
    checks the rule again and writes the audit entry. A refusal lands on the form, input kept."""

    service_save = None  # (user=, values=, instance=) -> the saved row
    describe_saved = None  # (saved row) -> the success message
    editing = False

    def save_instance(self):
        instance = self.object if self.editing else None
        return self.service_save(user=self.request.user, values=self.form.cleaned_data, instance=instance)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ServiceError as error:
            form.add_error(None, error.message)
            self.produced_error_message = error.message
            return self.form_invalid(form)

    def save_action(self):
        self.success_message = self.describe_saved(self.object) if self.describe_saved else None
        return super().save_action()

    def get_success_message(self, *args):
        return self.success_message

    def get_success_buttons(self):
        return []


class ServiceCreateView(ServiceSaveMixin, RefusingMixin, generic.CreateView):
    pass


class ServiceEditView(ServiceSaveMixin, RefusingMixin, generic.EditView):
    """The edit form with the row's audit history (before → after) below it."""

    editing = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = audit_history(self.object) if self.object.pk else []
        return context


class StaffViewSet(ModelViewSet):
    """A feature's staff screens: a listing and, where the feature keeps a list, create and
    edit forms saved by ``save()`` (its service). Access comes from the model's registered
    ``RulesPermissionPolicy``; there is no delete (kept rows are retired, never deleted), no
    copy, and Django's permission rows play no part. Screens that are not a form or a list
    (one petition, one cycle) are plain views the feature adds with ``extra_urlpatterns``."""

    index_view_class = StaffIndexView
    add_view_class = ServiceCreateView
    edit_view_class = ServiceEditView
    edit_template_name = "participation/admin/kept_edit.html"
    add_view_enabled = False
    edit_view_enabled = False
    copy_view_enabled = False
    add_to_reference_index = False
    list_per_page = LIST_PER_PAGE
    refusal = NOT_ALLOWED
    row_url_name = None
    row_class = None
    form_class = None  # the create/edit form (a ModelForm)

    def get_form_class(self, for_update=False):
        return self.form_class or super().get_form_class(for_update)

    def save(self, *, user, values: dict, instance):
        raise NotImplementedError

    def saved_message(self, saved) -> str | None:
        return None

    def extra_urlpatterns(self) -> list:
        return []

    def get_common_view_kwargs(self, **kwargs):
        # No delete, history or usage screens: the audit history stands under the edit form.
        return super().get_common_view_kwargs(
            refusal=self.refusal,
            refusal_title=self.menu_label,
            delete_url_name=None,
            history_url_name=None,
            usage_url_name=None,
            **kwargs,
        )

    def get_index_view_kwargs(self, **kwargs):
        row_url = self.get_url_name(self.row_url_name) if self.row_url_name else None
        return super().get_index_view_kwargs(
            page_title=self.menu_label, row_url_name=row_url, row_class=self.row_class, **kwargs
        )

    def _form_view_kwargs(self, kwargs):
        return {"service_save": self.save, "describe_saved": self.saved_message, **kwargs}

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(**self._form_view_kwargs(kwargs))

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(**self._form_view_kwargs(kwargs))

    def get_urlpatterns(self):
        patterns = [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]
        if self.add_view_enabled:
            patterns.append(path("new/", self.add_view, name="add"))
        if self.edit_view_enabled:
            patterns.append(path(f"edit/<{self.pk_path_converter}:pk>/", self.edit_view, name="edit"))
        return patterns + self.extra_urlpatterns()

    def register_permissions(self):
        """Nothing to register: the feature registers its ``RulesPermissionPolicy`` for the
        model (``wagtail.permissions.register_permission_policy``) when its admin is imported."""


def staff_screen(permission: str, refusal, *, title, icon: str):
    """A plain staff screen (one petition, one cycle: a page of actions, not a list or a form)
    behind the rules permission that opens its feature's screens; 403 with ``refusal`` otherwise.
    The row itself is then fetched within the person's territories (else 404)."""

    def decorate(view):
        @wraps(view)
        def screen(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                return forbidden(request, refusal, title=title, icon=icon)
            return view(request, *args, **kwargs)

        return screen

    return decorate
