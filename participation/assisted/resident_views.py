"""The resident's side of assisted acts: reporting one from their profile's "Done for you" list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from participation.assisted.forms import AssistedActReportForm
from participation.assisted.models import AssistedAct
from participation.assisted.reporting import assisted_act_report
from participation.assisted.selectors import targets_of
from participation.exceptions import ServiceError

REPORTED = _("Thank you: your report went to the district's managers.")


@never_cache
@login_required
def assisted_act_report_view(request, act_id: int):
    """GET shows the act and the form (also where the profile's inline form comes back when
    something needs correcting); POST reports it, once, and returns to the profile."""
    act = AssistedAct.objects.select_related("operator", "centre").filter(pk=act_id).first()
    if act is None or act.resident_id != request.user.pk:
        raise Http404  # someone else's act is not even acknowledged to exist
    if not request.user.has_perm("participation.report_assisted_act", act):
        raise PermissionDenied
    form = AssistedActReportForm(request.POST or None, prefix=f"act-{act.pk}")
    if request.method == "POST" and form.is_valid():
        try:
            assisted_act_report(act=act, resident=request.user, note=form.cleaned_data["note"])
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, REPORTED)
            return redirect(reverse("account_profile") + "#done-for-you")
    target = targets_of([act]).get(act.pk)
    return TemplateResponse(request, "participation/assisted/report.html", {"act": act, "target": target, "form": form})
