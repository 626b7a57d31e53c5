"""The API's permission classes for cohorts, built on the project's one staff check."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from accelerator.permissions import IsProgramStaff, is_program_staff


class DecidesOnApplications(IsProgramStaff):
    """Staging and releasing decisions: program staff only, saying so."""

    message = _("Only program staff can decide on applications.")


class CohortPermission(permissions.BasePermission):
    """Anyone signed in reads; program staff create and edit."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        return request.method in permissions.SAFE_METHODS or is_program_staff(request.user)
