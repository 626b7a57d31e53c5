"""The staff list of cohorts: every cohort with its counts and its window in both program zones."""

from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.services.applications import start_application

from ..factories import make_company
from .conftest import make_cohort, make_submitted

pytestmark = pytest.mark.django_db

URL = reverse("cohorts:staff_list")


def test_it_lists_every_cohort_with_its_counts(client, staff, us_owner, us_company, jp_company, open_cohort):
    make_cohort(slug="cohort-draft", status="draft", name_en="Draft Cohort 2028")
    start_application(cohort=open_cohort, company=us_company, user=us_owner)
    make_submitted(open_cohort, jp_company)
    make_submitted(open_cohort, make_company(legal_name="Third Orbit Inc."))
    client.force_login(staff)
    page = client.get(URL).content.decode()
    assert "Binational Cohort 2027" in page and "Draft Cohort 2028" in page
    row = page[page.index("Binational Cohort 2027") :]
    row = row[: row.index("</tr>")]
    assert "<td>10</td>\n      <td>1</td>\n      <td>2</td>\n      <td>0</td>" in row
    assert "EST" in row and "JST" in row
    assert reverse("cohorts:edit", args=[open_cohort.slug]) in page


def test_the_list_reads_in_japanese(client, staff, open_cohort):
    staff.preferred_language = "ja"
    staff.time_zone = "Asia/Tokyo"
    staff.save()
    client.force_login(staff)
    page = client.get(URL).content.decode()
    assert "日米コホート2027" in page
    assert "米国東部時間" in page and "新しいコホート" in page


def test_the_list_costs_the_same_queries_however_many_cohorts(client, staff, open_cohort, django_assert_num_queries):
    client.force_login(staff)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for index in range(5):
        cohort = make_cohort(slug=f"cohort-{index}")
        make_submitted(cohort, make_company(legal_name=f"Company {index} Inc."))
    with django_assert_num_queries(len(few)):
        client.get(URL)


def test_the_rows_are_what_the_window_template_writes(client, staff, open_cohort):
    open_cohort.name_en = 'Orbit <b>"&" Cohort</b>'
    open_cohort.save()
    client.force_login(staff)
    page = client.get(URL).content.decode()
    assert "Orbit &lt;b&gt;&quot;&amp;&quot; Cohort&lt;/b&gt;" in page and "<b>" not in page
    window = render_to_string(
        "cohorts/staff/_window.html",
        {"cohort": open_cohort, "eastern": ZoneInfo("America/New_York"), "tokyo": ZoneInfo("Asia/Tokyo")},
    )
    assert f"<td>{window}</td>" in page


def test_the_list_written_once_follows_each_change(client, staff, jp_company, open_cohort):
    client.force_login(staff)
    assert "<td>0</td>\n      <td>0</td>" in client.get(URL).content.decode()
    make_submitted(open_cohort, jp_company)
    type(open_cohort).objects.filter(pk=open_cohort.pk).update(name_en="Binational Cohort 2027, extended", seats=12)
    page = client.get(URL).content.decode()
    row = page[page.index("Binational Cohort 2027, extended") :]
    assert "<td>12</td>\n      <td>0</td>\n      <td>1</td>" in row[: row.index("</tr>")]
