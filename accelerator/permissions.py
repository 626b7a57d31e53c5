"""The project-wide access rules that every app shares.

Program staff are the people who run the accelerator: superusers and holders of the
`staff` role. Every staff check on a page, in the API, in a template or in a service asks
`is_program_staff`, so that the rule lives in one place.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions


def is_program_staff(user: Any) -> bool:
    """Whether `user` is signed in and runs the program (a superuser or holds the staff role)."""
    return bool(user is not None and user.is_authenticated and user.is_program_staff)


def require_program_staff(user: Any, message: str | None = None) -> None:
    """Raises PermissionDenied with `message` unless `user` is program staff (for services)."""
    if not is_program_staff(user):
        raise PermissionDenied(message or gettext("Only program staff can do this."))


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view for program staff: anonymous visitors are sent to sign in, everyone else gets 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        require_program_staff(request.user)
        return view(request, *args, **kwargs)

    return wrapper


class IsProgramStaff(permissions.BasePermission):
    """DRF: only program staff."""

    message = _("Only program staff can do this.")

    def has_permission(self, request, view) -> bool:
        return is_program_staff(request.user)
