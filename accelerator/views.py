"""The project's own pages: the home page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accelerator.companies import selectors as company_selectors


def home(request: HttpRequest) -> HttpResponse:
    """The program at a glance: the directory's size, and the signed-in user's companies."""
    context: dict[str, object] = {"directory_counts": company_selectors.directory_counts()}
    if request.user.is_authenticated:
        context["my_memberships"] = company_selectors.memberships_of(request.user)
    return render(request, "home.html", context)
