"""Cohort screens by audience: applicants (apply), reviewers (review), program staff (staff, decisions)."""

from django.core.exceptions import ValidationError


def error_text(error: ValidationError) -> str:
    """A service's refusal as one message for the page."""
    return " ".join(error.messages)
