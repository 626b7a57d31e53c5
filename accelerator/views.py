"""The project's own pages: the home page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

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
