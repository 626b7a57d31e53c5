"""The reviewer's queue: their assignments across cohorts, with due dates and status."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorts import permissions, selectors
from cohorts.models import Application, Conflict, ReviewAssignment
from cohorts.services import reviews

from ..factories import make_company, make_user
from .conftest import make_cohort, make_submitted

pytestmark = pytest.mark.django_db

URL = reverse("cohorts:reviews")
SCORES = dict.fromkeys(("technology", "team", "business-value", "market-readiness", "compliance-readiness"), 3)


def test_it_lists_assignments_across_cohorts_with_status(client, staff, reviewer, us_application, jp_application):
    past = make_cohort(
        slug="cohort-2026",
        name_en="Pilot Cohort 2026",
        opens_in_days=-90,
        closes_in_days=-30,
        status="reviewing",
        review_due_at=timezone.now() - timedelta(days=2),
    )
    overdue = make_submitted(past, make_company(legal_name="Late Orbit Inc."))
    for application in (us_application, jp_application, overdue):
        reviews.assign_reviewer(application=application, reviewer=reviewer, by=staff)
    reviews.save_review(
        application=jp_application, reviewer=reviewer, scores=SCORES, comment="", recommendation="unsure", submit=True
    )
    reviews.save_review(
        application=us_application, reviewer=reviewer, scores={}, comment="Later", recommendation="", submit=False
    )
    client.force_login(reviewer)
    page = client.get(URL).content.decode()
    assert "Orbitworks Analytics Inc." in page and "Hoshi SAR K.K." in page and "Late Orbit Inc." in page
    assert "Pilot Cohort 2026" in page and "Binational Cohort 2027" in page
    assert "Overdue" in page and "Submitted" in page and "To do" in page and "draft saved" in page
    assert "UTC" in page  # the due date names its zone


def test_it_shows_only_the_reviewers_own_assignments(
    client, staff, reviewer, second_reviewer, us_application, jp_application
):
    reviews.assign_reviewer(application=us_application, reviewer=second_reviewer, by=staff)
    reviews.assign_reviewer(application=jp_application, reviewer=reviewer, by=staff)
    client.force_login(reviewer)
    page = client.get(URL).content.decode()
    assert "Hoshi SAR K.K." in page and "Orbitworks" not in page


def test_a_conflicted_assignment_leaves_the_queue(client, staff, reviewer, us_application):
    reviews.assign_reviewer(application=us_application, reviewer=reviewer, by=staff)
    Conflict.objects.create(reviewer=reviewer, company=us_application.company)
    client.force_login(reviewer)
    assert "Orbitworks" not in client.get(URL).content.decode()


def test_a_withdrawn_application_shows_its_review_as_closed(client, staff, reviewer, us_application):
    reviews.assign_reviewer(application=us_application, reviewer=reviewer, by=staff)
    us_application.status = "withdrawn"
    us_application.save()
    client.force_login(reviewer)
    page = client.get(URL).content.decode()
    assert "Review closed" in page and "To do" not in page


def test_an_empty_queue_says_so(client, outsider):
    client.force_login(outsider)
    assert "Nothing to review yet." in client.get(URL).content.decode()


def test_the_navigation_offers_reviews_to_reviewers_only(client, reviewer, outsider):
    client.force_login(reviewer)
    assert f'href="{URL}"' in client.get(URL).content.decode()
    client.force_login(outsider)
    assert f'href="{URL}"' not in client.get(reverse("companies:directory")).content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response.url


def test_the_queue_reads_in_japanese(client, staff, jp_application):
    japanese_reviewer = make_user(
        "reviewer.ja@example.com", roles=("reviewer",), preferred_language="ja", time_zone="Asia/Tokyo"
    )
    cohort = jp_application.cohort
    cohort.review_due_at = timezone.now() + timedelta(days=3)
    cohort.save()
    reviews.assign_reviewer(application=jp_application, reviewer=japanese_reviewer, by=staff)
    client.force_login(japanese_reviewer)
    page = client.get(URL).content.decode()
    assert "株式会社ほしSAR" in page and "日米コホート2027" in page
    assert "審査" in page and "未着手" in page
    assert "JST" in page


def test_the_queue_costs_the_same_queries_however_long(client, staff, reviewer, open_cohort, django_assert_num_queries):
    first = make_submitted(open_cohort, make_company(legal_name="First Orbit Inc."))
    reviews.assign_reviewer(application=first, reviewer=reviewer, by=staff)
    client.force_login(reviewer)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    other = make_cohort(slug="cohort-other", review_due_at=timezone.now() + timedelta(days=5))
    for index in range(6):
        application = make_submitted(other if index % 2 else open_cohort, make_company(legal_name=f"Many {index} Inc."))
        reviews.assign_reviewer(application=application, reviewer=reviewer, by=staff)
        if index % 3 == 0:
            reviews.save_review(
                application=application,
                reviewer=reviewer,
                scores=SCORES,
                comment="",
                recommendation="accept",
                submit=True,
            )
    with django_assert_num_queries(len(few)):
        page = client.get(URL).content.decode()
    assert page.count("Many ") == 6


def test_the_queue_holds_what_the_reviewer_may_open(client, staff, reviewer, second_reviewer, open_cohort):
    """The queue's statement keeps the rule of permissions.assigned_to: no drafts, no conflicts."""
    plain = make_submitted(open_cohort, make_company(legal_name="Plain Orbit Inc."))
    declared = make_submitted(open_cohort, make_company(legal_name="Declared Orbit Inc."))
    own = make_submitted(open_cohort, make_company(legal_name="Own Orbit Inc.", members=(reviewer,)))
    others = make_submitted(open_cohort, make_company(legal_name="Others Orbit Inc."))
    withdrawn = make_submitted(open_cohort, make_company(legal_name="Withdrawn Orbit Inc."))
    for application in (plain, declared, own, withdrawn):
        ReviewAssignment.objects.create(application=application, reviewer=reviewer)
    ReviewAssignment.objects.create(application=others, reviewer=second_reviewer)
    draft = Application.objects.create(cohort=open_cohort, company=make_company(legal_name="Draft Orbit Inc."))
    ReviewAssignment.objects.create(application=draft, reviewer=reviewer)
    Conflict.objects.create(reviewer=reviewer, company=declared.company)
    Application.objects.filter(pk=withdrawn.pk).update(status=Application.Status.WITHDRAWN)
    reviews.save_review(
        application=plain, reviewer=reviewer, scores={}, comment="Later", recommendation="", submit=False
    )

    queue = selectors.review_queue(reviewer)

    assert sorted(application.pk for application in queue) == sorted(
        permissions.assigned_to(reviewer).values_list("pk", flat=True)
    )
    assert sorted(application.pk for application in queue) == sorted([plain.pk, withdrawn.pk])
    by_pk = {application.pk: application for application in queue}
    assert by_pk[plain.pk].draft_saved and by_pk[plain.pk].review_submitted_at is None
    assert by_pk[withdrawn.pk].status == Application.Status.WITHDRAWN and not by_pk[withdrawn.pk].draft_saved
    client.force_login(reviewer)
    page = client.get(URL).content.decode()
    assert "Plain Orbit Inc." in page and "draft saved" in page and "Review closed" in page
    assert "Declared Orbit" not in page and "Own Orbit" not in page and "Draft Orbit" not in page
    assert "Others Orbit" not in page


def test_the_queue_escapes_names(client, staff, reviewer, open_cohort):
    application = make_submitted(open_cohort, make_company(legal_name="<b>Bold</b> & Co."))
    reviews.assign_reviewer(application=application, reviewer=reviewer, by=staff)
    client.force_login(reviewer)
    page = client.get(URL).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co." in page and "<b>Bold" not in page


def test_the_queue_written_once_follows_each_change(client, staff, reviewer, us_application, open_cohort):
    reviews.assign_reviewer(application=us_application, reviewer=reviewer, by=staff)
    client.force_login(reviewer)
    assert "To do" in client.get(URL).content.decode()
    reviews.save_review(
        application=us_application, reviewer=reviewer, scores={}, comment="Later", recommendation="", submit=False
    )
    assert "draft saved" in client.get(URL).content.decode()
    type(open_cohort).objects.filter(pk=open_cohort.pk).update(blind_review=True)
    page = client.get(URL).content.decode()
    assert f"Applicant #{us_application.pk}" in page and "Orbitworks" not in page
    reviews.save_review(
        application=us_application, reviewer=reviewer, scores=SCORES, comment="", recommendation="unsure", submit=True
    )
    assert "Submitted" in client.get(URL).content.decode()
