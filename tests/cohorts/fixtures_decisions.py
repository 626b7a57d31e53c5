"""Fixtures the decision tests share: applications at each step after submission."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from cohorts.models import Application, StatusChange

from .conftest import make_submitted


@pytest.fixture(autouse=True)
def application_route(settings):
    """Decision emails and the decisions page link to the applicant's application page."""
    try:
        reverse("cohorts:application", kwargs={"pk": 1})
    except NoReverseMatch:
        settings.ROOT_URLCONF = "tests.cohorts.decision_urls"


@pytest.fixture(autouse=True)
def english_outside_requests():
    """A signed-in request leaves its user's language active in the test's thread afterwards."""
    with translation.override("en"):
        yield


def make_decided(cohort, company, status: str, *, score=None, emailed: bool = True) -> Application:
    """An application whose decision was released (and, by default, emailed) earlier."""
    application = make_submitted(cohort, company)
    now = timezone.now()
    application.status = status
    application.decided_at = now
    application.decision_email_sent_at = now if emailed else None
    application.score_mean = score
    application.save()
    StatusChange.objects.create(application=application, status=status)
    return application
