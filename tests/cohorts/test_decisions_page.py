"""The decisions page: the ranking with staged decisions, seats, country mix, release and promotion."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.models import Application
from cohorts.services.decisions import stage_decision

from ..factories import make_company
from .conftest import make_cohort, make_submitted
from .fixtures_decisions import application_route, english_outside_requests, make_decided  # noqa: F401

pytestmark = pytest.mark.django_db


def page_url(cohort):
    return reverse("cohorts:decisions", args=[cohort.slug])


def scored(application, mean, spread=Decimal("0.50"), reviews=2):
    application.score_mean = mean
    application.score_spread = spread
    application.review_count = reviews
    application.save()
    return application


def test_staff_see_the_ranking_with_staged_decisions_and_seats(
    client, staff, open_cohort, us_application, jp_application
):
    scored(us_application, Decimal("3.20"))
    scored(jp_application, Decimal("4.35"), spread=Decimal("1.75"), reviews=3)
    stage_decision(application=jp_application, decision="accept", by=staff)
    unscored = make_submitted(open_cohort, make_company(legal_name="Unreviewed Rockets Inc."))
    client.force_login(staff)
    response = client.get(page_url(open_cohort))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Decisions: Binational Cohort 2027" in page
    # Ranked by weighted mean, unscored last.
    assert page.index("Hoshi SAR K.K.") < page.index("Orbitworks Analytics Inc.") < page.index("Unreviewed Rockets")
    assert "4.35" in page and "1.75" in page
    assert f'id="application-{unscored.pk}"' in page
    assert "<strong>1 / 10</strong> seats used" in page
    assert "Release 1 decision…" in page
    assert reverse("cohorts:stage_decision", args=[us_application.pk]) in page
    assert reverse("cohorts:release_decisions", args=[open_cohort.slug]) in page


def test_the_country_mix_of_the_would_be_cohort_is_set_against_the_target(
    client, staff, open_cohort, us_application, jp_application
):
    make_decided(open_cohort, make_company(legal_name="Second U.S. Inc."), Application.Status.ACCEPTED)
    stage_decision(application=us_application, decision="accept", by=staff)
    stage_decision(application=jp_application, decision="reject", by=staff)
    client.force_login(staff)
    page = client.get(page_url(open_cohort)).content.decode()
    assert "2 companies accepted or staged to accept." in page
    assert "<td>100%</td>" in page  # the United States
    assert "below target" in page  # Japan at 0% against at least 40%
    assert "at least 40%" in page
    assert "<strong>3 / 10</strong> seats used" not in page
    assert "<strong>2 / 10</strong> seats used" in page


def test_release_confirmation_counts_each_decision(client, staff, open_cohort, us_application, jp_application):
    stage_decision(application=us_application, decision="accept", by=staff)
    stage_decision(application=jp_application, decision="reject", by=staff)
    client.force_login(staff)
    page = client.get(page_url(open_cohort)).content.decode()
    assert "Release 2 decisions…" in page
    assert "<li><strong>1</strong> Accept</li>" in page
    assert "<li><strong>0</strong> Waitlist</li>" in page
    assert "<li><strong>1</strong> Reject</li>" in page
    assert "Release 2 decisions now" in page


def test_a_freed_seat_suggests_the_top_of_the_waitlist(client, staff, us_company, jp_company):
    cohort = make_cohort(seats=1)
    make_decided(cohort, us_company, Application.Status.DECLINED)
    make_decided(cohort, make_company(legal_name="Lower Ranked K.K.", country="JP"), "waitlisted", score=Decimal("2.5"))
    top = make_decided(cohort, jp_company, Application.Status.WAITLISTED, score=Decimal("4.1"))
    client.force_login(staff)
    page = client.get(page_url(cohort)).content.decode()
    assert "A seat is free" in page
    assert "1 application was declined or withdrawn." in page
    assert "Promote Hoshi SAR K.K., the highest-ranked company on the waitlist?" in page
    assert reverse("cohorts:promote", args=[top.pk]) in page


def test_no_promotion_is_offered_when_the_seats_are_taken(client, staff, us_company, jp_company):
    cohort = make_cohort(seats=1)
    make_decided(cohort, us_company, Application.Status.ACCEPTED)
    make_decided(cohort, make_company(legal_name="Gone Again Inc."), Application.Status.WITHDRAWN)
    waitlisted = make_decided(cohort, jp_company, Application.Status.WAITLISTED)
    client.force_login(staff)
    page = client.get(page_url(cohort)).content.decode()
    assert "A seat is free" not in page
    assert reverse("cohorts:promote", args=[waitlisted.pk]) not in page


def test_no_promotion_is_offered_before_anyone_declines(client, staff, jp_company):
    cohort = make_cohort(seats=3)
    waitlisted = make_decided(cohort, jp_company, Application.Status.WAITLISTED)
    client.force_login(staff)
    page = client.get(page_url(cohort)).content.decode()
    assert "seats are free" not in page
    assert reverse("cohorts:promote", args=[waitlisted.pk]) not in page
    assert reverse("cohorts:stage_decision", args=[waitlisted.pk]) in page


def test_the_page_reads_in_japanese(client, staff, open_cohort, us_application, jp_application):
    staff.preferred_language = "ja"
    staff.time_zone = "Asia/Tokyo"
    staff.save()
    stage_decision(application=jp_application, decision="waitlist", by=staff)
    client.force_login(staff)
    page = client.get(page_url(open_cohort)).content.decode()
    assert "採否の決定：日米コホート2027" in page
    assert "株式会社ほしSAR" in page
    assert "補欠にする" in page or "不採択にする" in page
    assert "1件の決定を通知する…" in page
    assert "日本" in page and "米国" in page


def test_drafts_and_withdrawn_applications_are_not_listed(client, staff, open_cohort, us_company, jp_company):
    make_decided(open_cohort, us_company, Application.Status.WITHDRAWN)
    Application.objects.create(cohort=open_cohort, company=jp_company)
    client.force_login(staff)
    page = client.get(page_url(open_cohort)).content.decode()
    assert "No submitted applications yet." in page
    assert "Orbitworks" not in page and "Hoshi" not in page


@pytest.mark.parametrize("who", ["us_owner", "jp_owner", "member", "reviewer", "outsider", "mentor", "partner"])
def test_only_staff_open_the_page(client, request, who, open_cohort, us_application):
    client.force_login(request.getfixturevalue(who))
    assert client.get(page_url(open_cohort)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in_and_unknown_cohorts_are_404(client, staff, open_cohort):
    response = client.get(page_url(open_cohort))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(staff)
    assert client.get(reverse("cohorts:decisions", args=["no-such-cohort"])).status_code == 404


def test_the_page_costs_the_same_queries_however_many_applications(client, staff, open_cohort, us_application):
    stage_decision(application=us_application, decision="accept", by=staff)
    client.force_login(staff)
    url = page_url(open_cohort)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for index in range(8):
        application = make_submitted(
            open_cohort, make_company(legal_name=f"Kyushu Launch {index} K.K.", country="JP" if index % 2 else "US")
        )
        scored(application, Decimal("1.00") + Decimal(index) / 2)
        if index % 3 == 0:
            stage_decision(application=application, decision="waitlist", by=staff)
    make_decided(open_cohort, make_company(legal_name="Waiting Room Inc."), "waitlisted")
    make_decided(open_cohort, make_company(legal_name="Done Deal Inc."), "accepted")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "Kyushu Launch 7 K.K." in page
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]
