"""The site's URLs plus ``/bench/baseline/``: the floor under any signed-in POST.

The baseline does what every write by a signed-in person must: the whole middleware stack
(session read, CSRF check, user loaded from the session), one INSERT in a transaction, and
a bodiless answer. Signing is measured against it on the same server in the same run.
"""

import uuid

from django.db import transaction
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from participation.config.urls import urlpatterns as site_urlpatterns
from participation.models import Notification


@require_POST
def baseline(request):
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    with transaction.atomic():
        Notification.objects.create(user=request.user, key=f"bench:{uuid.uuid4().hex}", sent_at=timezone.now())
    return HttpResponse(status=204)


urlpatterns = [path("bench/baseline/", baseline), *site_urlpatterns]
