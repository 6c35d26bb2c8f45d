"""The project's own documentation (``docs/*.md``), served as plain text by the site itself.

Pages link to it (how ballots stay secret, how to recompute a budget result) so that a resident
or a journalist reads the explanation that belongs to the code actually running, not a copy
somewhere else that may have moved on.
"""

import re

from django.conf import settings
from django.http import FileResponse, Http404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,60}")


@require_GET
@cache_control(public=True, max_age=3600)
def doc(request, name: str):
    if not _NAME.fullmatch(name):
        raise Http404
    path = settings.BASE_DIR / "docs" / f"{name}.md"
    if not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type="text/markdown; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    return response
