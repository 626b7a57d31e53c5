"""Blind review is one rule: who sent an application is hidden from reviewers, on every page and in the API."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cohorts.models import ReviewAssignment
from cohorts.permissions import hides_applicant

pytestmark = pytest.mark.django_db


@pytest.fixture
def blind_application(open_cohort, us_application, reviewer, staff):
    open_cohort.blind_review = True
    open_cohort.save()
    for person in (reviewer, staff):
        ReviewAssignment.objects.create(application=us_application, reviewer=person, assigned_by=staff)
    return us_application


def api_detail(user, application) -> dict:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(f"/api/v1/applications/{application.pk}/")
    assert response.status_code == 200
    return response.json()


def test_reviewers_see_neither_the_name_on_the_pages_nor_in_the_api(client, reviewer, blind_application):
    assert hides_applicant(reviewer, blind_application)
    client.force_login(reviewer)
    for url in (reverse("cohorts:reviews"), reverse("cohorts:review", args=[blind_application.pk])):
        page = client.get(url).content.decode()
        assert f"Applicant #{blind_application.pk}" in page and "Orbitworks" not in page
    assert api_detail(reviewer, blind_application)["company"] is None


def test_staff_reviewing_and_the_company_itself_see_who_it_is(client, staff, us_owner, blind_application):
    for person in (staff, us_owner):
        assert not hides_applicant(person, blind_application)
        assert api_detail(person, blind_application)["company"]["legal_name"] == "Orbitworks Analytics Inc."
    client.force_login(staff)
    for url in (reverse("cohorts:reviews"), reverse("cohorts:review", args=[blind_application.pk])):
        assert "Orbitworks Analytics Inc." in client.get(url).content.decode()


def test_a_cohort_that_is_not_blind_hides_nobody(reviewer, us_application):
    assert not hides_applicant(reviewer, us_application)


def test_the_blind_queue_reads_in_japanese(client, reviewer, blind_application):
    reviewer.preferred_language = "ja"
    reviewer.save()
    client.force_login(reviewer)
    page = client.get(reverse("cohorts:reviews")).content.decode()
    assert f"応募者 #{blind_application.pk}" in page
    assert "Orbitworks" not in page
