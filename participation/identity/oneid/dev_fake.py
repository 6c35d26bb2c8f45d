"""A stand-in for OneID inside the development site (`make run`), mounted only with DEBUG and
ONEID_FAKE (participation.identity.oneid.urls): the tester picks one of two demo people and is
sent back with a code, and the server's two calls are answered as OneID would.

Codes and tokens are signed, not stored: the stand-in keeps nothing and needs no table.
"""

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from participation.identity.oneid.client import GRANT_IDENTIFY, GRANT_TOKEN, RESPONSE_TYPE

# Dilnoza is the demo resident dilnoza@demo.test (she verifies from her profile); Nodira has no
# account yet (she signs up through OneID). PINFLs of the demo only.
DEMO_PEOPLE = {
    "dilnoza": {
        "pin": "41505901230011",
        "first_name": "DILNOZA",
        "sur_name": "KARIMOVA",
        "mid_name": "AKMAL QIZI",
        "user_id": "dilnoza.karimova",
        "email": "dilnoza@demo.test",
        "mob_phone": "998901234567",
        "valid": "true",
        "auth_method": "LOGINPASSMETHOD",
    },
    "nodira": {
        "pin": "42203950450022",
        "first_name": "NODIRA",
        "sur_name": "YUSUPOVA",
        "mid_name": "BAXTIYOR QIZI",
        "user_id": "nodira.yusupova",
        "email": "",
        "mob_phone": "998937654321",
        "valid": "true",
        "auth_method": "LOGINPASSMETHOD",
    },
}
CODE_SALT = "participation.oneid.dev.code"
TOKEN_SALT = "participation.oneid.dev.token"
CODE_SECONDS = 300


def _guard():
    if not (settings.DEBUG and settings.ONEID_FAKE):
        raise Http404


@csrf_exempt
def endpoint(request):
    """OneID's single address: the page a browser is sent to (GET), and the server's calls (POST)."""
    _guard()
    if request.method == "POST":
        return _api(request)
    if request.GET.get("response_type") != RESPONSE_TYPE:
        return HttpResponseBadRequest("response_type must be one_code")
    redirect_uri = request.GET.get("redirect_uri", "")
    if not url_has_allowed_host_and_scheme(redirect_uri, allowed_hosts={request.get_host()}):
        return HttpResponseBadRequest("redirect_uri must be on this site")
    return TemplateResponse(
        request,
        "participation/oneid/dev_authorize.html",
        {"people": DEMO_PEOPLE, "redirect_uri": redirect_uri, "state": request.GET.get("state", "")},
    )


@require_POST
def choose(request):
    _guard()
    redirect_uri = request.POST.get("redirect_uri", "")
    person = request.POST.get("person")
    if person not in DEMO_PEOPLE or not url_has_allowed_host_and_scheme(
        redirect_uri, allowed_hosts={request.get_host()}
    ):
        return HttpResponseBadRequest("choose a demo person")
    code = signing.dumps({"person": person, "redirect_uri": redirect_uri}, salt=CODE_SALT)
    separator = "&" if "?" in redirect_uri else "?"
    return redirect(f"{redirect_uri}{separator}{urlencode({'code': code, 'state': request.POST.get('state', '')})}")


def _api(request):
    grant = request.POST.get("grant_type")
    if grant == GRANT_TOKEN:
        try:
            issued = signing.loads(request.POST.get("code", ""), salt=CODE_SALT, max_age=CODE_SECONDS)
        except signing.BadSignature:
            return JsonResponse({"error": "invalid_grant"}, status=400)
        if issued["redirect_uri"] != request.POST.get("redirect_uri"):
            return JsonResponse({"error": "invalid_grant"}, status=400)
        token = signing.dumps({"person": issued["person"]}, salt=TOKEN_SALT)
        return JsonResponse({"access_token": token, "token_type": "Bearer", "expires_in": 3600, "scope": "demo"})
    if grant == GRANT_IDENTIFY:
        try:
            person = signing.loads(request.POST.get("access_token", ""), salt=TOKEN_SALT, max_age=3600)["person"]
        except signing.BadSignature:
            return JsonResponse({"error": "invalid_token"}, status=400)
        return JsonResponse(DEMO_PEOPLE[person])
    return JsonResponse({"error": "unsupported_grant_type"}, status=400)
