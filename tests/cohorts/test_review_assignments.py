"""Assigning reviewers: by hand and automatically, never across a conflict of interest; the staff page."""

import threading
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts import selectors
from cohorts.models import Conflict, Review, ReviewAssignment
from cohorts.services import reviews

from ..factories import make_company, make_user
from .conftest import make_cohort, make_submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def third_reviewer(db):
    return make_user("third.reviewer@example.com", roles=("reviewer",), display_name="Tomo Reviewer")


def _applications(cohort, count, *, prefix="Applicant"):
    return [
        make_submitted(cohort, make_company(legal_name=f"{prefix} {index} Inc.", country="US" if index % 2 else "JP"))
        for index in range(count)
    ]


def _url(cohort):
    return reverse("cohorts:assignments", args=[cohort.slug])


def test_auto_assign_balances_the_load(open_cohort, staff, reviewer, second_reviewer, third_reviewer):
    applications = _applications(open_cohort, 6)
    assert reviews.auto_assign(cohort=open_cohort, by=staff) == 12
    load = Counter(ReviewAssignment.objects.values_list("reviewer_id", flat=True))
    assert load == {reviewer.pk: 4, second_reviewer.pk: 4, third_reviewer.pk: 4}
    for application in applications:
        assert application.assignments.count() == 2


def test_auto_assign_is_idempotent(open_cohort, staff, reviewer, second_reviewer, third_reviewer):
    _applications(open_cohort, 3)
    assert reviews.auto_assign(cohort=open_cohort, by=staff) == 6
    assert reviews.auto_assign(cohort=open_cohort, by=staff) == 0
    assert ReviewAssignment.objects.count() == 6


def test_auto_assign_tops_up_and_counts_existing_load(open_cohort, staff, reviewer, second_reviewer, third_reviewer):
    first, *_others = _applications(open_cohort, 3)
    reviews.assign_reviewer(application=first, reviewer=reviewer, by=staff)
    assert reviews.auto_assign(cohort=open_cohort, by=staff) == 5
    load = Counter(ReviewAssignment.objects.values_list("reviewer_id", flat=True))
    assert sorted(load.values()) == [2, 2, 2]
    assert first.assignments.filter(reviewer=reviewer).exists()


def test_auto_assign_leaves_drafts_and_other_cohorts_alone(open_cohort, staff, reviewer, second_reviewer, jp_company):
    from cohorts.models import Application

    Application.objects.create(cohort=open_cohort, company=jp_company)
    other = make_cohort(slug="cohort-other")
    make_submitted(other, make_company(legal_name="Elsewhere Inc."))
    assert reviews.auto_assign(cohort=open_cohort, by=staff) == 0
    assert not ReviewAssignment.objects.exists()


def test_auto_assign_never_picks_a_conflicted_reviewer(
    open_cohort, staff, reviewer, second_reviewer, third_reviewer, us_company, jp_company
):
    us_company.memberships.create(user=reviewer, role="member")
    Conflict.objects.create(reviewer=second_reviewer, company=jp_company)
    us_application = make_submitted(open_cohort, us_company)
    jp_application = make_submitted(open_cohort, jp_company)
    reviews.auto_assign(cohort=open_cohort, by=staff)
    assert set(us_application.assignments.values_list("reviewer_id", flat=True)) == {
        second_reviewer.pk,
        third_reviewer.pk,
    }
    assert set(jp_application.assignments.values_list("reviewer_id", flat=True)) == {reviewer.pk, third_reviewer.pk}


def test_auto_assign_takes_only_reviewers(open_cohort, staff, reviewer, mentor, partner):
    _applications(open_cohort, 2)
    assert reviews.auto_assign(cohort=open_cohort, by=staff) == 2
    assert set(ReviewAssignment.objects.values_list("reviewer_id", flat=True)) == {reviewer.pk}


def test_auto_assign_runs_in_a_constant_number_of_queries(
    open_cohort, staff, reviewer, second_reviewer, third_reviewer
):
    _applications(open_cohort, 2, prefix="Few")
    assert staff.is_program_staff  # the roles are read once per user, before counting
    with CaptureQueriesContext(connection) as few:
        reviews.auto_assign(cohort=open_cohort, by=staff)
    ReviewAssignment.objects.all().delete()
    _applications(open_cohort, 10, prefix="Many")
    with CaptureQueriesContext(connection) as many:
        assert reviews.auto_assign(cohort=open_cohort, by=staff) == 24
    assert len(many) == len(few)


def test_only_staff_assign(open_cohort, reviewer, second_reviewer, us_application):
    with pytest.raises(PermissionDenied):
        reviews.assign_reviewer(application=us_application, reviewer=second_reviewer, by=reviewer)
    with pytest.raises(PermissionDenied):
        reviews.auto_assign(cohort=open_cohort, by=reviewer)
    assert not ReviewAssignment.objects.exists()


def test_a_conflicted_reviewer_is_refused_with_a_message(client, staff, reviewer, second_reviewer, us_application):
    us_application.company.memberships.create(user=reviewer, role="member")
    Conflict.objects.create(reviewer=second_reviewer, company=us_application.company)
    client.force_login(staff)
    for person in (reviewer, second_reviewer):
        response = client.post(
            _url(us_application.cohort),
            {"action": "assign", "application": us_application.pk, "reviewer": person.pk},
            follow=True,
        )
        assert "has a conflict of interest with this applicant and cannot review it" in response.content.decode()
    assert not ReviewAssignment.objects.exists()


def test_someone_without_the_reviewer_role_is_refused(staff, mentor, us_application):
    with pytest.raises(ValidationError, match="does not hold the reviewer role"):
        reviews.assign_reviewer(application=us_application, reviewer=mentor, by=staff)


def test_staff_assign_and_unassign_by_hand(client, staff, reviewer, us_application):
    client.force_login(staff)
    url = _url(us_application.cohort)
    response = client.post(
        url, {"action": "assign", "application": us_application.pk, "reviewer": reviewer.pk}, follow=True
    )
    assert "Rae Reviewer is assigned." in response.content.decode()
    assert us_application.assignments.filter(reviewer=reviewer).exists()
    response = client.post(
        url, {"action": "assign", "application": us_application.pk, "reviewer": reviewer.pk}, follow=True
    )
    assert "already assigned" in response.content.decode()
    response = client.post(
        url, {"action": "unassign", "application": us_application.pk, "reviewer": reviewer.pk}, follow=True
    )
    assert "Rae Reviewer is no longer assigned." in response.content.decode()
    assert not us_application.assignments.exists()


def test_a_submitted_review_keeps_its_assignment(staff, reviewer, us_application):
    reviews.assign_reviewer(application=us_application, reviewer=reviewer, by=staff)
    reviews.save_review(
        application=us_application,
        reviewer=reviewer,
        scores=dict.fromkeys(us_application.cohort.criteria.values_list("code", flat=True), 3),
        comment="",
        recommendation="unsure",
        submit=True,
    )
    with pytest.raises(ValidationError, match="already submitted"):
        reviews.unassign_reviewer(application=us_application, reviewer=reviewer, by=staff)
    assert us_application.assignments.filter(reviewer=reviewer).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_unassigning_while_the_review_is_submitted_keeps_both(vocabularies, staff, reviewer, us_company):
    application = make_submitted(make_cohort(), us_company)
    reviews.assign_reviewer(application=application, reviewer=reviewer, by=staff)
    submitting, submitted = threading.Event(), threading.Event()

    def submit():
        try:
            with transaction.atomic():
                reviews.save_review(
                    application=application,
                    reviewer=reviewer,
                    scores=dict.fromkeys(application.cohort.criteria.values_list("code", flat=True), 4),
                    comment="",
                    recommendation="accept",
                    submit=True,
                )
                submitting.set()
                # Staff unassign while this submission is still to commit.
                submitted.wait(timeout=1)
        finally:
            connections.close_all()

    thread = threading.Thread(target=submit)
    thread.start()
    assert submitting.wait(timeout=10)
    with pytest.raises(ValidationError, match="already submitted"):
        reviews.unassign_reviewer(application=application, reviewer=reviewer, by=staff)
    submitted.set()
    thread.join(timeout=30)
    assert application.assignments.filter(reviewer=reviewer).exists()
    assert Review.objects.get(application=application, reviewer=reviewer).is_submitted


def test_bad_posts_give_messages_or_404_never_a_500(client, staff, reviewer, us_application, jp_application):
    client.force_login(staff)
    url = _url(us_application.cohort)
    assert client.post(url, {"action": "assign", "application": "abc", "reviewer": reviewer.pk}).status_code == 404
    other = make_submitted(make_cohort(slug="cohort-other"), make_company(legal_name="Elsewhere Inc."))
    assert client.post(url, {"action": "assign", "application": other.pk, "reviewer": reviewer.pk}).status_code == 404
    response = client.post(url, {"action": "assign", "application": us_application.pk, "reviewer": "x"}, follow=True)
    assert "Choose a reviewer." in response.content.decode()
    # Digits that are not ASCII ("²") are not an id either.
    assert client.post(url, {"action": "flag", "application": "²", "flagged": "1"}).status_code == 404
    response = client.post(url, {"action": "assign", "application": us_application.pk, "reviewer": "²"}, follow=True)
    assert "Choose a reviewer." in response.content.decode()
    response = client.post(
        url, {"action": "unassign", "application": us_application.pk, "reviewer": reviewer.pk}, follow=True
    )
    assert "is not assigned to this application" in response.content.decode()
    assert not ReviewAssignment.objects.exists()


def test_the_page_shows_reviewers_load_and_aggregates(
    client, staff, reviewer, second_reviewer, third_reviewer, us_application, jp_application
):
    client.force_login(staff)
    response = client.post(_url(us_application.cohort), {"action": "auto"}, follow=True)
    page = response.content.decode()
    assert "4 assignments made." in page
    assert "Orbitworks Analytics Inc." in page and "Hoshi SAR K.K." in page
    assert "Reviewer load" in page
    assert page.count("To do") == 4
    load = page[page.index("Reviewer load") : page.index("Weighted mean")]
    assert "<td>Rae Reviewer</td><td>2</td>" in load
    assert "<td>Ren Reviewer</td><td>1</td>" in load and "<td>Tomo Reviewer</td><td>1</td>" in load


def test_the_due_date_names_its_time_zone(client, staff, us_application):
    from datetime import UTC, datetime

    cohort = us_application.cohort
    cohort.review_due_at = datetime(2027, 3, 1, 15, 0, tzinfo=UTC)
    cohort.save()
    client.force_login(staff)
    assert "Reviews due March 1, 2027, 3 p.m. UTC" in client.get(_url(cohort)).content.decode()


def test_a_wide_spread_is_highlighted_and_can_be_flagged(client, staff, us_application):
    us_application.review_count = 2
    us_application.score_mean = "3.50"
    us_application.score_spread = "2.00"
    us_application.save()
    client.force_login(staff)
    page = client.get(_url(us_application.cohort)).content.decode()
    assert "wide spread" in page and "3.50" in page
    response = client.post(
        _url(us_application.cohort),
        {"action": "flag", "application": us_application.pk, "flagged": "1"},
        follow=True,
    )
    assert "Disagreement flagged." in response.content.decode()
    us_application.refresh_from_db()
    assert us_application.disagreement_flagged
    client.post(_url(us_application.cohort), {"action": "flag", "application": us_application.pk, "flagged": "0"})
    us_application.refresh_from_db()
    assert not us_application.disagreement_flagged


def test_a_narrow_spread_is_not_highlighted(client, staff, us_application):
    us_application.score_spread = "1.20"
    us_application.save()
    client.force_login(staff)
    assert "wide spread" not in client.get(_url(us_application.cohort)).content.decode()


@pytest.mark.parametrize("who", ["reviewer", "us_owner", "mentor", "outsider"])
def test_only_program_staff_reach_the_page(client, request, who, us_application):
    client.force_login(request.getfixturevalue(who))
    url = _url(us_application.cohort)
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "auto"}).status_code == 403
    assert client.post(url, {"action": "flag", "application": us_application.pk, "flagged": "1"}).status_code == 403
    assert not ReviewAssignment.objects.exists()
    us_application.refresh_from_db()
    assert not us_application.disagreement_flagged


def test_anonymous_visitors_are_sent_to_sign_in(client, open_cohort):
    response = client.get(_url(open_cohort))
    assert response.status_code == 302 and "login" in response.url


def test_an_unknown_cohort_is_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("cohorts:assignments", args=["no-such-cohort"])).status_code == 404


def test_the_page_reads_in_japanese(client, us_application, jp_application, reviewer):
    japanese_staff = make_user(
        "staff.ja@accelerator.example", roles=("staff",), preferred_language="ja", time_zone="Asia/Tokyo"
    )
    client.force_login(japanese_staff)
    page = client.get(_url(us_application.cohort)).content.decode()
    assert "審査員の割り当て" in page
    assert "自動で割り当てる" in page
    assert "株式会社ほしSAR" in page


def test_the_page_costs_the_same_queries_however_many_applications(
    client, staff, open_cohort, reviewer, second_reviewer, third_reviewer, django_assert_num_queries
):
    _applications(open_cohort, 1, prefix="Few")
    reviews.auto_assign(cohort=open_cohort, by=staff)
    client.force_login(staff)
    url = _url(open_cohort)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for application in _applications(open_cohort, 8, prefix="Many"):
        application.company.memberships.create(user=make_user(), role="member")
    reviews.auto_assign(cohort=open_cohort, by=staff)
    Conflict.objects.create(reviewer=reviewer, company=open_cohort.applications.first().company)
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert response.content.decode().count("<strong>Many ") == 8


def test_reviewer_progress_counts_a_review_once_it_is_submitted(staff, reviewer, us_application):
    reviews.assign_reviewer(application=us_application, reviewer=reviewer, by=staff)
    scores = dict.fromkeys(us_application.cohort.criteria.values_list("code", flat=True), 3)
    review = {
        "application": us_application,
        "reviewer": reviewer,
        "scores": scores,
        "comment": "",
        "recommendation": "unsure",
    }
    reviews.save_review(**review, submit=False)
    [load] = selectors.reviewer_load(us_application.cohort)
    assert (load.assigned, load.submitted, load.open) == (1, 0, 1)
    reviews.save_review(**review, submit=True)
    [load] = selectors.reviewer_load(us_application.cohort)
    assert (load.assigned, load.submitted, load.open) == (1, 1, 0)
    # An assignment removed by hand (the admin) and made again still finds the review submitted.
    ReviewAssignment.objects.filter(application=us_application, reviewer=reviewer).delete()
    reviews.assign_reviewer(application=us_application, reviewer=reviewer, by=staff)
    [load] = selectors.reviewer_load(us_application.cohort)
    assert (load.assigned, load.submitted) == (1, 1)
