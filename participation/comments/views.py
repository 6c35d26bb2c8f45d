"""View helpers every commentable page uses: the comment section's context, and the POST that
sends a comment (or a reply) to the moderators. A feature's view loads its target, checks who
may see it, and hands over; the page shows the shared ``components/comments.html``."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from participation.comments.forms import CommentForm
from participation.comments.selectors import comment_get, comment_refusal, comments_public
from participation.comments.services import REPLY_NOT_HERE, comment_post
from participation.exceptions import ServiceError
from participation.ratelimit import client_ip

COMMENT_SENT = _("Thank you. Your comment appears once a moderator has read it.")


def comments_context(request, target, *, action: str, comment_form=None) -> dict:
    """What ``components/comments.html`` needs: the published comments with their replies,
    whether comments are open (and if not, why), and the form for a signed-in person."""
    refusal = comment_refusal(target)
    context = {
        "comments": comments_public(target),
        "comments_open": refusal is None,
        "comments_closed_reason": refusal,
        "comment_action": action,
    }
    if refusal is None and request.user.is_authenticated:
        context["comment_form"] = comment_form or CommentForm()
    return context


def comment_post_view(request, target, *, page_url: str, render_page) -> HttpResponse:
    """Send the posted comment to the moderators and go back to the page's comments; on a
    refusal ``render_page(form)`` shows the page again with the bound form, the text kept."""
    form = CommentForm(request.POST)
    if form.is_valid():
        parent_pk = form.cleaned_data["parent"]
        parent = comment_get(parent_pk) if parent_pk else None
        try:
            if parent_pk and parent is None:
                raise ServiceError(REPLY_NOT_HERE)
            comment_post(
                target, author=request.user, text=form.cleaned_data["text"], parent=parent, ip=client_ip(request)
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, COMMENT_SENT)
            return redirect(page_url + "#comments")
    return render_page(form)
