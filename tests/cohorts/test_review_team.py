"""Reviewers judge the "Team" criterion on the team that applied: its people and roles from the snapshot."""

import pytest
from django.urls import reverse

from accelerator.companies.models import Membership
from cohorts.models import Review
from cohorts.services.applications import company_snapshot, submit_application

from ..factories import make_user
from .conftest import make_submitted
from .fixtures_api import api, assign

pytestmark = pytest.mark.django_db


def review_url(application):
    return reverse("cohorts:review", args=[application.pk])


@pytest.fixture
def submitted(open_cohort, us_company, us_owner, reviewer):
    """The U.S. startup applied with its owner and a member; a new hire joined after submission."""
    application = make_submitted(open_cohort, us_company, by=us_owner, snapshot=company_snapshot(us_company))
    Membership.objects.create(company=us_company, user=make_user("late@orbitworks.example", display_name="Late Hire"))
    assign(application, reviewer)
    return application


def test_the_snapshot_records_the_team_by_name_and_role(us_company):
    assert company_snapshot(us_company)["team"] == [
        {"name": "Dana Whitfield", "role": "owner"},
        {"name": "Sam Ortiz", "role": "member"},
    ]


def test_submitting_records_the_team(open_cohort, us_company, us_owner):
    from cohorts.services.applications import start_application

    application = start_application(cohort=open_cohort, company=us_company, user=us_owner)
    application.answers = {str(q.pk): "Ship detection for Japanese primes." for q in open_cohort.questions.all()}
    application.save()
    submit_application(application=application, user=us_owner)
    application.refresh_from_db()
    assert [person["name"] for person in application.snapshot["team"]] == ["Dana Whitfield", "Sam Ortiz"]


def test_reviewers_see_the_team_that_applied(client, reviewer, submitted):
    client.force_login(reviewer)
    page = client.get(review_url(submitted)).content.decode()
    assert "Team at submission" in page
    assert 'Dana Whitfield <span class="muted small">(Owner)</span>' in page
    assert 'Sam Ortiz <span class="muted small">(Member)</span>' in page
    assert "Late Hire" not in page


def test_a_blind_review_shows_the_roles_without_names(client, reviewer, submitted):
    submitted.cohort.blind_review = True
    submitted.cohort.save()
    client.force_login(reviewer)
    page = client.get(review_url(submitted)).content.decode()
    assert 'Person 1 <span class="muted small">(Owner)</span>' in page
    assert 'Person 2 <span class="muted small">(Member)</span>' in page
    assert "Dana Whitfield" not in page and "Sam Ortiz" not in page
    snapshot = api(reviewer).get(f"/api/v1/applications/{submitted.pk}/").json()["snapshot"]
    assert snapshot["team"] == [{"role": "owner"}, {"role": "member"}]


def test_an_older_snapshot_shows_todays_people_and_says_so(client, reviewer, open_cohort, jp_company):
    application = make_submitted(open_cohort, jp_company, snapshot={"profile": {"trl": 6}})
    assign(application, reviewer)
    client.force_login(reviewer)
    page = client.get(review_url(application)).content.decode()
    assert "The team was not recorded when this application was submitted" in page
    assert "佐藤 花子" in page


def test_scores_are_labelled_with_their_meaning_and_the_conflict_box_goes_after_submission(client, reviewer, submitted):
    client.force_login(reviewer)
    page = client.get(review_url(submitted)).content.decode()
    assert 'value="1"> 1 <span class="muted small">weak</span>' in page
    assert 'value="5"> 5 <span class="muted small">excellent</span>' in page
    assert "Declare a conflict of interest" in page
    Review.objects.create(application=submitted, reviewer=reviewer, scores={}, submitted_at=submitted.submitted_at)
    page = client.get(review_url(submitted)).content.decode()
    assert "Declare a conflict of interest" not in page


def test_the_team_reads_in_japanese(client, reviewer, submitted):
    reviewer.preferred_language = "ja"
    reviewer.save()
    client.force_login(reviewer)
    page = client.get(review_url(submitted), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "応募時のチーム" in page
    assert 'Dana Whitfield <span class="muted small">(オーナー)</span>' in page
