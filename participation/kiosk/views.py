"""The kiosk's own pages: its simple home, and the two pages that say the person is signed out.
Only a kiosk has them (a 404 elsewhere): a link to the signed-out page must not sign anyone
out of their own browser."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from participation.kiosk.home import kiosk_sections
from participation.kiosk.middleware import kiosk_sign_out


def _kiosk(request):
    kiosk = getattr(request, "kiosk", None)
    if kiosk is None:
        raise Http404
    return kiosk


def kiosk_home(request):
    """Large buttons to what a resident comes for: the centre's services, petitions to sign,
    the current vote and questions, each from the feature's own selectors."""
    kiosk = _kiosk(request)
    centre = kiosk.centre.specific
    now = timezone.now()
    sections = []
    for section in kiosk_sections():
        rows = section.rows(centre, now)
        if rows is not None:
            sections.append({"template": section.template, **rows})
    return render(request, "kiosk/home.html", {"kiosk": kiosk, "centre": centre, "sections": sections})


def kiosk_done(request):
    """After a completed act: the person is already signed out (the middleware did it); this
    says so, with a link to the page the act led to (the petition, a ballot's receipt)."""
    _kiosk(request)
    after = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(after, allowed_hosts={request.get_host()}, require_https=False):
        after = ""
    return render(request, "kiosk/done.html", {"after": after})


@require_POST
def kiosk_still_here(request):
    """The idle script's "I am still here" (or someone typing a long text): the request itself
    renews the kiosk session on the server (the middleware notes its time); nothing else."""
    _kiosk(request)
    return HttpResponse(status=204)


def kiosk_signed_out(request):
    """Where an idle kiosk's page goes (the idle script, or the sign-out link): signs out whoever was signed in (the page has no
    form; a GET that signs out is harmless on a kiosk, and 404s elsewhere)."""
    _kiosk(request)
    kiosk_sign_out(request)
    return render(request, "kiosk/signed_out.html")
