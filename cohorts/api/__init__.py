"""The cohort API, one module per resource, with the web's permissions.

Every write goes through the same service as the web. A service's ValidationError or
PermissionDenied reaches the project's exception handler (`accelerator.api_errors`), which
answers 400 or 403 with its messages; an object the user may not open is a 404.
"""

from .applications import ApplicationViewSet
from .cohorts import CohortViewSet
from .mentor_assignments import AssignmentViewSet
from .mentor_sessions import SessionViewSet
from .mentors import MentorViewSet
from .reviews import ReviewViewSet

__all__ = [
    "ApplicationViewSet",
    "AssignmentViewSet",
    "CohortViewSet",
    "MentorViewSet",
    "ReviewViewSet",
    "SessionViewSet",
]
