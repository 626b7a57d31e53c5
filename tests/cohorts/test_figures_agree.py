"""Every staff page shows the same figure for the same cohort: seats, country mix, spread, review status."""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from cohorts import selectors
from cohorts.models import Application, Review, ReviewAssignment
from cohorts.services.decisions import stage_decision

from ..factories import make_company
from .conftest import make_cohort, make_submitted

pytestmark = pytest.mark.django_db


def page(client, name, cohort) -> str:
    response = client.get(reverse(f"cohorts:{name}", args=[cohort.slug]))
    assert response.status_code == 200
    return response.content.decode()


def export_rows(client, cohort) -> dict[str, dict[str, str]]:
    response = client.get(reverse("cohorts:export", args=[cohort.slug]))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    return {row["Company"]: row for row in rows}


def api_applications(client, staff) -> dict[str, dict]:
    token = Token.objects.create(user=staff)
    response = client.get("/api/v1/applications/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    return {item["company"]["legal_name"]: item for item in response.json()["results"]}


def row_of(page_text: str, company: str) -> str:
    """The table row that names `company`."""
    start = page_text.index(company)
    return page_text[page_text.rindex("<tr", 0, start) : page_text.index("</tr>", start)]


def scored(application, *, mean: str, spread: str, reviews: int) -> Application:
    application.score_mean, application.score_spread, application.review_count = Decimal(mean), Decimal(spread), reviews
    application.save()
    return application


@pytest.fixture
def mixed_cohort(staff):
    """Two U.S. companies and one Japanese company take seats: two thirds against a 67% U.S. target."""
    cohort = make_cohort(slug="boundary-2027", seats=4, min_share_us=67, min_share_jp=30)
    us_one = make_submitted(cohort, make_company(legal_name="Apogee One Inc.", country="US"))
    us_two = make_submitted(cohort, make_company(legal_name="Apogee Two Inc.", country="US"))
    jp_one = make_submitted(cohort, make_company(legal_name="Kaguya Orbit K.K.", country="JP"))
    make_submitted(cohort, make_company(legal_name="Kaguya Waiting K.K.", country="JP"))
    us_one.status = Application.Status.ACCEPTED
    us_one.save()
    stage_decision(application=us_two, decision="accept", by=staff)
    stage_decision(application=jp_one, decision="accept", by=staff)
    return cohort


def test_seats_and_country_mix_agree_on_the_dashboard_and_the_decisions_page(client, staff, mixed_cohort):
    client.force_login(staff)
    dashboard = page(client, "dashboard", mixed_cohort)
    decisions = page(client, "decisions", mixed_cohort)
    # Three of four seats: one accepted, two staged.
    assert "<strong>3 / 4</strong> seats taken" in dashboard
    assert "<strong>3 / 4</strong> seats used" in decisions
    assert "<strong>1</strong> seats free" in decisions
    # Two of three seats to U.S. companies is 66.66…%: shown as 66.6% on both pages, short of 67%.
    assert "2 (66.6%)" in dashboard and "1 (33.3%)" in dashboard
    assert "<td>66.6%</td>" in decisions and "<td>33.3%</td>" in decisions
    us_row = row_of(decisions, ">United States</th>")
    assert "below target" in us_row and "at least 67%" in us_row
    assert "met" in row_of(decisions, ">Japan</th>")
    # Submitted: two of four each, exactly the half, short of the U.S. target too.
    assert "2 (50.0%)" in dashboard
    assert "Submitted applications fall short of the target mix." in dashboard
    mix = selectors.country_mix(mixed_cohort)
    assert not mix.accepted_meets_target and not mix.meets_target


@pytest.mark.parametrize(
    ("part", "whole", "shown", "meets_40"),
    [
        (2, 5, 40.0, True),  # exactly the target
        (399, 1000, 39.9, False),
        (3999, 10000, 39.9, False),  # 39.99%: never shown as a 40% that falls short
        (1, 3, 33.3, False),
        (2, 3, 66.6, True),
        (0, 4, 0.0, False),
    ],
)
def test_a_share_is_rounded_one_way_and_the_target_read_exactly(part, whole, shown, meets_40):
    assert selectors.share(part, whole) == shown
    row = selectors.CountryShare("US", "U.S.", part, whole, 40)
    assert row.share == shown and row.meets_target is meets_40


def test_a_share_of_nothing_is_a_dash_not_zero(client, staff):
    cohort = make_cohort(slug="empty-2027")
    assert selectors.share(0, 0) is None
    client.force_login(staff)
    dashboard = page(client, "dashboard", cohort)
    decisions = page(client, "decisions", cohort)
    assert "0 (—)" in dashboard
    assert "<td>—</td>" in row_of(decisions, ">United States</th>")


def test_the_score_spread_is_a_dash_until_two_reviews_on_every_page_the_csv_and_the_api(
    client, staff, reviewer, open_cohort
):
    one_review = scored(
        make_submitted(open_cohort, make_company(legal_name="Lone Review Inc.")), mean="3.40", spread="0", reviews=1
    )
    agreeing = scored(
        make_submitted(open_cohort, make_company(legal_name="Agreeing Pair K.K.", country="JP")),
        mean="4.10",
        spread="0",
        reviews=2,
    )
    wide = scored(
        make_submitted(open_cohort, make_company(legal_name="Wide Apart Inc.")), mean="3.00", spread="1.50", reviews=3
    )
    for application in (one_review, agreeing, wide):
        ReviewAssignment.objects.create(application=application, reviewer=reviewer, assigned_by=staff)
    client.force_login(staff)
    pages = {
        "dashboard": page(client, "dashboard", open_cohort),
        "applications": page(client, "applications", open_cohort),
        "decisions": page(client, "decisions", open_cohort),
        "assignments": page(client, "assignments", open_cohort),
    }
    for name, text in pages.items():
        assert "—" in row_of(text, "Lone Review Inc."), name
        assert "0.00" not in row_of(text, "Lone Review Inc."), name
        assert "0.00" in row_of(text, "Agreeing Pair K.K."), name
        assert "1.50" in row_of(text, "Wide Apart Inc."), name
    assert "wide spread" in row_of(pages["assignments"], "Wide Apart Inc.")
    exported = export_rows(client, open_cohort)
    assert exported["Lone Review Inc."]["Score spread"] == ""
    assert exported["Agreeing Pair K.K."]["Score spread"] == "0.00"
    assert exported["Wide Apart Inc."]["Score spread"] == "1.50"
    shown = api_applications(client, staff)
    assert shown["Lone Review Inc."]["score_spread"] is None
    assert shown["Agreeing Pair K.K."]["score_spread"] == "0.00"
    assert shown["Wide Apart Inc."]["score_spread"] == "1.50"


@pytest.fixture
def overdue_cohort(staff, reviewer, second_reviewer):
    """Reviews were due an hour ago: one review is missing on an application still in review,
    one on an application already decided, and one is in."""
    cohort = make_cohort(slug="overdue-2027", opens_in_days=-30, closes_in_days=-10, status="reviewing")
    cohort.review_due_at = timezone.now() - timedelta(hours=1)
    cohort.save()
    in_review = make_submitted(cohort, make_company(legal_name="Still Waiting Inc."))
    decided = make_submitted(cohort, make_company(legal_name="Already Decided K.K.", country="JP"))
    decided.status = Application.Status.REJECTED
    decided.save()
    reviewed = make_submitted(cohort, make_company(legal_name="Reviewed On Time Inc."))
    for application in (in_review, decided, reviewed):
        ReviewAssignment.objects.create(application=application, reviewer=reviewer, assigned_by=staff)
    ReviewAssignment.objects.create(application=reviewed, reviewer=second_reviewer, assigned_by=staff)
    Review.objects.create(application=reviewed, reviewer=reviewer, scores={}, submitted_at=timezone.now())
    return cohort


def test_overdue_means_the_same_on_the_dashboard_the_assignments_page_and_the_queue(
    client, staff, reviewer, overdue_cohort
):
    client.force_login(staff)
    dashboard = page(client, "dashboard", overdue_cohort)
    assignments = page(client, "assignments", overdue_cohort)
    # Rae: three assigned, one submitted, two open, of which only one is overdue (the other is decided).
    assert re.search(r'Rae Reviewer</th><td>3</td><td>1</td><td>2</td><td><span class="badge warn">1</span>', dashboard)
    assert re.search(r'<td>Rae Reviewer</td><td>3</td><td>1</td><td><strong class="error">1</strong>', assignments)
    # Ren: the one review missing is overdue.
    assert re.search(r'Ren Reviewer</th><td>1</td><td>0</td><td>1</td><td><span class="badge warn">1</span>', dashboard)
    assert re.search(r'<td>Ren Reviewer</td><td>1</td><td>0</td><td><strong class="error">1</strong>', assignments)
    assert "Overdue" in row_of(assignments, "Still Waiting Inc.")
    assert "Review closed" in row_of(assignments, "Already Decided K.K.")
    client.force_login(reviewer)
    queue = client.get(reverse("cohorts:reviews")).content.decode()
    assert queue.count(">Overdue<") == 1
    assert "Review closed" in queue


def test_before_the_due_date_nothing_is_overdue_anywhere(client, staff, overdue_cohort):
    overdue_cohort.review_due_at = timezone.now() + timedelta(days=1)
    overdue_cohort.save()
    client.force_login(staff)
    assert ">Overdue<" not in page(client, "assignments", overdue_cohort).split("<table", 2)[2]
    assert all(load.overdue == 0 for load in selectors.reviewer_load(overdue_cohort))
    assert 'class="badge warn"' not in page(client, "dashboard", overdue_cohort).split("reviewers-heading")[1]
