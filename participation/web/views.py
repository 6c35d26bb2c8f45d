"""What the petition and budget pages share: small POST actions on one object that send the
person back to it with the service's message."""

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from participation.exceptions import ServiceError


def signed_in_post(load, url_of):
    """Decorator factory: POST only (GET is 405); ``load(request, pk)`` finds the object or
    raises 404; anonymous visitors are sent to sign in and back to ``url_of(object)``."""

    def decorate(view):
        @require_POST
        @functools.wraps(view)
        def wrapper(request, pk: int):
            obj = load(request, pk)
            if not request.user.is_authenticated:
                return redirect_to_login(url_of(obj))
            return view(request, obj)

        return wrapper

    return decorate


def run_and_return(request, url: str, action, success_message) -> HttpResponse:
    """Run ``action()``, then back to ``url`` with the success message or the refusal."""
    try:
        action()
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success_message)
    return redirect(url)
