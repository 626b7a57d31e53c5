"""The list of cohorts open for applications, a cohort's page and the applicant's own list."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.services.applications import start_application

from ..factories import make_company
from .conftest import make_cohort, make_submitted

pytestmark = pytest.mark.django_db


def test_everyone_sees_open_and_upcoming_cohorts_with_time_left(client, open_cohort, closed_cohort):
    make_cohort(slug="cohort-2028", name_en="Binational Cohort 2028", opens_in_days=30, closes_in_days=60)
    make_cohort(slug="hidden", name_en="Draft Cohort", status="draft")
    page = client.get(reverse("cohorts:list")).content.decode()
    assert "Binational Cohort 2027" in page and "left to apply" in page
    assert "Binational Cohort 2028" in page and "Opens in" in page
    assert page.index("Open for applications") < page.index("Binational Cohort 2027") < page.index("Opening soon")
    assert "Draft Cohort" not in page
    assert reverse("cohorts:detail", args=[closed_cohort.slug]) not in page
    assert f'href="{reverse("cohorts:list")}"' in page  # the navigation entry


def test_deadlines_show_the_users_zone_eastern_and_japan(client, us_owner, outsider):
    cohort = make_cohort(slug="fixed-window", closes_at=datetime(2099, 1, 15, 17, 0, tzinfo=UTC))
    client.force_login(outsider)  # UTC
    page = client.get(reverse("cohorts:list")).content.decode()
    assert "Jan. 15, 2099, 5 p.m. UTC" in page
    assert "Jan. 15, 2099, noon EST" in page
    assert "Jan. 16, 2099, 2 a.m. JST" in page
    client.force_login(us_owner)  # America/New_York: Eastern is not repeated
    page = client.get(reverse("cohorts:detail", args=[cohort.slug])).content.decode()
    assert page.count("Jan. 15, 2099, noon EST") == 1 and "Jan. 16, 2099, 2 a.m. JST" in page


def test_the_list_reads_in_japanese(client, jp_owner, open_cohort):
    client.force_login(jp_owner)
    page = client.get(reverse("cohorts:list")).content.decode()
    assert "日米コホート2027" in page and "コホート" in page and "応募受付中" in page
    assert "JST" in page and re.search(r"\bE[SD]T\b", page)


def test_the_cohort_page_shows_the_call(client, us_owner, us_company, open_cohort):
    client.force_login(us_owner)
    page = client.get(open_cohort.get_absolute_url()).content.decode()
    assert "Twelve weeks for U.S. and Japanese space startups" in page
    assert "What would a partner across the Pacific gain" in page and "required" in page
    assert reverse("cohorts:apply", args=[open_cohort.slug]) in page
    application = start_application(cohort=open_cohort, company=us_company, user=us_owner)
    page = client.get(open_cohort.get_absolute_url()).content.decode()
    assert application.get_absolute_url() in page
    assert reverse("cohorts:apply", args=[open_cohort.slug]) not in page


def test_the_cohort_list_costs_the_same_queries_however_long(client, us_owner, us_company, django_assert_num_queries):
    make_cohort(slug="first")
    client.force_login(us_owner)
    url = reverse("cohorts:list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(6):
        cohort = make_cohort(slug=f"more-{index}", opens_in_days=-1 if index % 2 else 5, closes_in_days=20)
        if index % 2:
            start_application(cohort=cohort, company=us_company, user=us_owner)
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_my_applications_cost_the_same_queries_however_many(
    client, us_owner, us_company, open_cohort, django_assert_num_queries
):
    client.force_login(us_owner)
    start_application(cohort=open_cohort, company=us_company, user=us_owner)
    url = reverse("cohorts:my_applications")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    assert "Binational Cohort 2027" in page and "Draft" in page
    for index in range(5):
        make_submitted(make_cohort(slug=f"past-{index}"), us_company, by=us_owner)
        make_submitted(open_cohort, make_company(owner=us_owner), by=us_owner)
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_my_applications_lists_only_my_companies(client, jp_owner, jp_company, us_application, open_cohort):
    client.force_login(jp_owner)
    page = client.get(reverse("cohorts:my_applications")).content.decode()
    assert "Orbitworks" not in page and "まだ応募はありません" in page
    make_submitted(make_cohort(slug="another"), jp_company, by=jp_owner)
    page = client.get(reverse("cohorts:my_applications")).content.decode()
    assert "株式会社ほしSAR" in page and "提出済み" in page


def test_each_card_lists_the_users_own_applications_only(client, us_owner, jp_owner, us_application, jp_application):
    closed = make_cohort(slug="closed-call", name_en="Closed Cohort", status="reviewing")
    make_submitted(closed, us_application.company, by=us_owner)
    client.force_login(us_owner)
    page = client.get(reverse("cohorts:list")).content.decode()
    assert page.count("Application of ") == 1
    link = f'<a href="{us_application.get_absolute_url()}">Application of Orbitworks Analytics Inc.: Submitted</a>'
    assert link in page
    assert "Hoshi" not in page
    client.force_login(jp_owner)
    page = client.get(reverse("cohorts:list")).content.decode()
    assert f'<a href="{jp_application.get_absolute_url()}">' in page and "Orbitworks" not in page


def test_the_list_follows_the_clock_each_change_and_the_reader(client, us_owner, us_company, open_cohort):
    page = client.get(reverse("cohorts:list")).content.decode()
    assert "My applications" not in page
    assert re.search(r"1\s+week(,\s+6\s+days)?\s+left to apply", page)
    type(open_cohort).objects.filter(pk=open_cohort.pk).update(
        closes_at=open_cohort.closes_at - timedelta(days=10), seats=3
    )
    page = client.get(reverse("cohorts:list")).content.decode()
    assert re.search(r"3\s+days(,\s+\d+\s+hours?)?\s+left to apply", page) and "3 seats" in page
    client.force_login(us_owner)
    start_application(cohort=open_cohort, company=us_company, user=us_owner)
    page = client.get(reverse("cohorts:list")).content.decode()
    assert "My applications" in page and "Application of Orbitworks Analytics Inc.: Draft" in page


def test_my_applications_follow_each_change(client, us_owner, us_company, open_cohort):
    client.force_login(us_owner)
    url = reverse("cohorts:my_applications")
    assert "No applications yet." in client.get(url).content.decode()
    application = start_application(cohort=open_cohort, company=us_company, user=us_owner)
    assert '<span class="badge">Draft</span>' in client.get(url).content.decode()
    type(application).objects.filter(pk=application.pk).update(
        status="submitted", submitted_at=datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    )
    page = client.get(url).content.decode()
    assert '<span class="badge">Submitted</span>' in page and "Nov. 2, 2026, 10 a.m. EST" in page
