"""A reviewer declares a conflict of interest with an applicant."""

import pytest
from django.urls import reverse

from cohorts.models import Conflict, Review, ReviewAssignment
from cohorts.services import reviews

from .conftest import make_cohort, make_submitted

pytestmark = pytest.mark.django_db

SCORES = dict.fromkeys(("technology", "team", "business-value", "market-readiness", "compliance-readiness"), 3)


@pytest.fixture
def assigned(staff, reviewer, us_application):
    reviews.assign_reviewer(application=us_application, reviewer=reviewer, by=staff)
    return us_application


def _url(application):
    return reverse("cohorts:declare_conflict", args=[application.pk])


def test_it_records_the_conflict_and_empties_the_queue(client, reviewer, assigned, us_company):
    reviews.save_review(
        application=assigned, reviewer=reviewer, scores={"team": 2}, comment="", recommendation="", submit=False
    )
    client.force_login(reviewer)
    response = client.post(_url(assigned), {"reason": "I advise their CEO."}, follow=True)
    assert "The conflict is recorded" in response.content.decode()
    assert "Orbitworks" not in response.content.decode()
    conflict = Conflict.objects.get(reviewer=reviewer, company=us_company)
    assert conflict.reason == "I advise their CEO."
    assert not ReviewAssignment.objects.exists() and not Review.objects.exists()
    assert client.get(reverse("cohorts:review", args=[assigned.pk])).status_code == 404


def test_the_conflict_covers_every_cohort_the_company_applies_to(staff, reviewer, assigned, us_company):
    later = make_submitted(make_cohort(slug="cohort-2028"), us_company)
    reviews.assign_reviewer(application=later, reviewer=reviewer, by=staff)
    reviews.declare_conflict(reviewer=reviewer, company=us_company)
    assert not ReviewAssignment.objects.exists()
    assert reviews.auto_assign(cohort=later.cohort, by=staff) == 0


def test_a_submitted_review_stays(reviewer, assigned, us_company):
    reviews.save_review(
        application=assigned, reviewer=reviewer, scores=SCORES, comment="", recommendation="unsure", submit=True
    )
    reviews.declare_conflict(reviewer=reviewer, company=us_company)
    assert Review.objects.filter(submitted_at__isnull=False).count() == 1
    assert ReviewAssignment.objects.count() == 1


def test_a_reason_too_long_is_refused(client, reviewer, assigned):
    client.force_login(reviewer)
    response = client.post(_url(assigned), {"reason": "x" * 301}, follow=True)
    assert "Keep the reason under 300 characters." in response.content.decode()
    assert not Conflict.objects.exists()
    assert ReviewAssignment.objects.count() == 1


def test_a_reason_the_database_cannot_store_is_refused(client, reviewer, assigned):
    client.force_login(reviewer)
    response = client.post(_url(assigned), {"reason": "I advise\x00them."}, follow=True)
    assert "Null characters are not allowed." in response.content.decode()
    assert not Conflict.objects.exists()
    assert ReviewAssignment.objects.count() == 1


def test_only_the_assigned_reviewer_may_declare_here(client, second_reviewer, outsider, assigned):
    for person in (second_reviewer, outsider):
        client.force_login(person)
        assert client.post(_url(assigned), {"reason": "x"}).status_code == 404
    assert not Conflict.objects.exists()


def test_it_rejects_get(client, reviewer, assigned):
    client.force_login(reviewer)
    assert client.get(_url(assigned)).status_code == 405
