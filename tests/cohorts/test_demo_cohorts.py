"""seed_demo gives a new user an open cohort to apply to and a cohort in review."""

import io

import pytest
from django.core.management import call_command

from cohorts.models import Application, Cohort, Review, ReviewAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_it_adds_an_open_cohort_and_one_in_review(seeded):
    open_cohort = Cohort.objects.get(slug="binational-2027-spring")
    in_review = Cohort.objects.get(slug="binational-2026-autumn")
    assert open_cohort.is_accepting_applications()
    assert in_review.status == Cohort.Status.REVIEWING
    submitted = in_review.applications.filter(status=Application.Status.SUBMITTED)
    countries = [application.snapshot["company"]["country"] for application in submitted]
    assert countries.count("US") >= 10 and countries.count("JP") >= 10
    assert all(len(application.snapshot["readiness"]) == 9 for application in submitted)
    assert ReviewAssignment.objects.filter(application__cohort=in_review).count() == 2 * submitted.count()
    reviews = Review.objects.filter(application__cohort=in_review, submitted_at__isnull=False)
    assert submitted.count() < reviews.count() < 2 * submitted.count()
    assert submitted.filter(score_mean__isnull=False).count() >= submitted.count() * 0.8
    assert "Binational Cohort 2026 Autumn (in review" in seeded


def test_it_leaves_the_demo_founders_free_to_apply(seeded):
    assert not Application.objects.filter(
        cohort__slug="binational-2027-spring",
        company__legal_name__in=["Orbitworks Analytics Inc.", "Hoshizora SAR K.K."],
    ).exists()


def test_it_is_idempotent(seeded):
    counts = (Application.objects.count(), ReviewAssignment.objects.count(), Review.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Application.objects.count(), ReviewAssignment.objects.count(), Review.objects.count()) == counts


def test_demo_applications_were_started_before_they_were_submitted(seeded):
    for application in Application.objects.exclude(status=Application.Status.DRAFT):
        assert application.created_at < application.submitted_at
