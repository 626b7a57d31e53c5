from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import calendar


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A user's private feed: anyone with the address may read it, so it is unguessable and revocable."""
    user = calendar.feed_user(token)
    if user is None:
        raise Http404
    name = _("%(name)s — U.S.–Japan Space Accelerator") % {"name": user.get_short_name()}
    body = calendar.build_calendar(calendar.feed_events(user), name=name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def reset_calendar_feed(request: HttpRequest) -> HttpResponse:
    calendar.reset_feed(user=request.user)
    messages.success(request, _("Your calendar has a new address. The old one no longer works."))
    return redirect("account_profile")
