"""The staff cohort dashboard: pipeline, country mix, scores, reviewers and readiness bars."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Application, Message, Review, ReviewAssignment

from ..factories import make_company
from .conftest import make_submitted

pytestmark = pytest.mark.django_db

MARKET = ("market-research", "export-offering", "customers")


def readiness(**answers):
    return {"readiness": answers, "profile": {"trl": 6}}


@pytest.fixture
def reviewed(open_cohort, us_application, jp_application, reviewer, second_reviewer, staff):
    us_application.snapshot = readiness(**{"market-research": 4, "customers": 2})
    us_application.score_mean, us_application.score_spread, us_application.review_count = Decimal("4.20"), 1, 1
    us_application.pending_decision = Application.Decision.ACCEPT
    us_application.save()
    jp_application.snapshot = readiness(**{"market-research": "2"})  # text or number, both count
    jp_application.score_mean, jp_application.review_count = Decimal("2.75"), 1
    jp_application.disagreement_flagged = True
    jp_application.save()
    for application in (us_application, jp_application):
        ReviewAssignment.objects.create(application=application, reviewer=reviewer, assigned_by=staff)
    ReviewAssignment.objects.create(application=us_application, reviewer=second_reviewer, assigned_by=staff)
    Review.objects.create(
        application=us_application, reviewer=reviewer, scores={"technology": 4}, submitted_at=timezone.now()
    )
    return open_cohort


def cell(page: str, status: str) -> str:
    return re.search(rf'data-status="{status}"[^>]*>(\d+)<', page).group(1)


def test_staff_see_the_pipeline_mix_scores_and_reviewers(client, staff, reviewed, us_company):
    make_company(legal_name="Draft Dynamics Inc.", country="US")
    client.force_login(staff)
    response = client.get(reverse("cohorts:dashboard", args=[reviewed.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert cell(page, "submitted") == "2"
    assert cell(page, "staged_accept") == "1"
    assert cell(page, "accepted") == "0"
    assert "1 (50.0%)" in page  # one U.S., one Japanese submission
    assert "1 of 10 seats" in page
    assert "Submitted applications meet the target mix." in page
    assert page.index("Orbitworks Analytics Inc.") < page.index("Hoshi SAR K.K.")  # ranked by score
    assert "4.20" in page and "Disagreement" in page
    assert re.search(r"Rae Reviewer</th><td>2</td><td>1</td><td>1</td><td>0</td>", page)
    assert re.search(r"Ren Reviewer</th><td>1</td><td>0</td><td>1</td><td>0</td>", page)
    assert "days to the deadline" in page
    assert "EST" in page or "EDT" in page
    assert "JST" in page
    assert reverse("cohorts:applications", args=[reviewed.slug]) in page


def test_the_readiness_bars_split_answers_by_country(client, staff, reviewed):
    client.force_login(staff)
    page = client.get(reverse("cohorts:dashboard", args=[reviewed.slug])).content.decode()
    assert 'role="img"' in page and '<title id="readiness-title">' in page
    assert "Market readiness" in page and "Internal resources" in page
    # Market research: the U.S. applicant answered 4, the Japanese one 2.
    assert re.search(
        r"Market research \(Market readiness\)</th><td>U.S.</td><td>0</td><td>0</td><td>0</td>"
        r"<td>1</td><td>0</td><td>1</td>",
        page,
    )
    assert re.search(r"<td>Japan</td><td>0</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td>", page)
    assert "Market research U.S.: 4 × 1" in page
    # A full-width bar for the single U.S. answer.
    assert 'width="400.0" height="16" class="s4"' in page


def test_snapshots_without_readiness_answers_count_as_unanswered(client, staff, reviewed, us_application):
    us_application.snapshot = {"readiness": None, "profile": {"trl": 6}}
    us_application.save()
    client.force_login(staff)
    page = client.get(reverse("cohorts:dashboard", args=[reviewed.slug])).content.decode()
    assert re.search(
        r"Market research \(Market readiness\)</th><td>U.S.</td><td>0</td><td>0</td><td>0</td>"
        r"<td>0</td><td>0</td><td>0</td>",
        page,
    )
    assert re.search(r"<td>Japan</td><td>0</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td>", page)


def test_overdue_reviews_show_once_reviews_are_due(client, staff, reviewed):
    reviewed.review_due_at = timezone.now() - timedelta(hours=1)
    reviewed.save()
    client.force_login(staff)
    page = client.get(reverse("cohorts:dashboard", args=[reviewed.slug])).content.decode()
    assert re.search(r'Rae Reviewer</th><td>2</td><td>1</td><td>1</td><td><span class="badge warn">1</span>', page)


def test_the_dashboard_counts_applications_awaiting_a_reply(client, staff, reviewed, us_application, jp_application):
    Message.objects.create(application=us_application, body="When do reviews start?")
    Message.objects.create(application=jp_application, body="Can we send a video?")
    Message.objects.create(application=jp_application, body="Yes, a link is fine.", from_staff=True)
    client.force_login(staff)
    page = client.get(reverse("cohorts:dashboard", args=[reviewed.slug])).content.decode()
    link = reverse("cohorts:applications", args=[reviewed.slug]) + "?awaiting_reply=on"
    assert f'<strong>1</strong> <a href="{link}">application awaits a reply</a>' in page


def test_the_dashboard_reads_in_japanese(client, staff, reviewed):
    staff.preferred_language = "ja"
    staff.save()
    client.force_login(staff)
    page = client.get(reverse("cohorts:dashboard", args=[reviewed.slug]), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "日米コホート2027" in page
    assert "市場調査" in page  # the readiness item's short label
    assert "パイプライン" in page
    assert "国別構成" in page
    assert "件の応募が返信待ち" in page


def test_an_empty_cohort_shows_empty_charts_not_an_error(client, staff, closed_cohort):
    client.force_login(staff)
    response = client.get(reverse("cohorts:dashboard", args=[closed_cohort.slug]))
    assert response.status_code == 200
    assert "applications closed" in response.content.decode()
    assert "No submitted application yet." in response.content.decode()


def test_the_dashboard_needs_a_constant_number_of_queries(client, staff, open_cohort, django_assert_num_queries):
    client.force_login(staff)
    url = reverse("cohorts:dashboard", args=[open_cohort.slug])

    def add(count):
        for index in range(count):
            company = make_company(country=("US", "JP", "DE")[index % 3])
            make_submitted(open_cohort, company, snapshot=readiness(**dict.fromkeys(MARKET, 1 + index % 5)))

    add(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(18)
    with django_assert_num_queries(len(few)):
        client.get(url)
