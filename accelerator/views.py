"""The project's own pages: the home page and the server-error page."""

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.middleware.csp import get_nonce
from django.shortcuts import redirect, render
from django.template import loader

from accelerator.accounts.models import Role, User
from accelerator.companies import selectors as company_selectors
from accelerator.permissions import is_program_staff


def home(request: HttpRequest) -> HttpResponse:
    """The program at a glance: the directory's size, and the signed-in user's companies.

    A mentor with no company of their own is at home on their mentoring page.
    """
    user = request.user
    mentor = isinstance(user, User) and user.has_role(Role.MENTOR) and not is_program_staff(user)
    if mentor and isinstance(user, User) and not user.memberships.exists():
        return redirect("cohorts:mentoring")
    context: dict[str, object] = {"directory_counts": company_selectors.directory_counts()}
    if request.user.is_authenticated:
        context["my_memberships"] = company_selectors.memberships_of(request.user)
    return render(request, "home.html", context)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, standing alone; its inline style carries the request's CSP nonce."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"csp_nonce": get_nonce(request)}))
