"""The staff application table: sorting, filters, pagination and a constant number of queries."""

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.forms.renderers import DjangoTemplates
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cohorts import selectors
from cohorts.models import Application, Message
from cohorts.selectors.applications import TABLE_COLUMNS
from cohorts.staff_forms import ApplicationTableForm
from cohorts.templatetags.application_table import sortable_application_head

from ..factories import make_company
from .conftest import make_submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def table(open_cohort, us_application, jp_application):
    us_application.score_mean, us_application.review_count = Decimal("3.10"), 2
    us_application.save()
    jp_application.score_mean, jp_application.review_count = Decimal("4.40"), 1
    jp_application.pending_decision = Application.Decision.ACCEPT
    jp_application.save()
    german = make_submitted(open_cohort, make_company(legal_name="Aachen Orbital GmbH", country="DE"))
    german.disagreement_flagged = True
    german.save()
    Application.objects.create(cohort=open_cohort, company=make_company(legal_name="Drafty Inc."))
    return open_cohort


def names(client, cohort, **query) -> list[str]:
    page = client.get(reverse("cohorts:applications", args=[cohort.slug]), query).content.decode()
    found = [
        (page.find(name), name)
        for name in ("Hoshi SAR K.K.", "Orbitworks Analytics Inc.", "Aachen Orbital GmbH", "Drafty Inc.")
    ]
    return [name for position, name in sorted(found) if position >= 0]


def test_the_table_ranks_by_score_without_drafts(client, staff, table):
    client.force_login(staff)
    assert names(client, table) == ["Hoshi SAR K.K.", "Orbitworks Analytics Inc.", "Aachen Orbital GmbH"]
    assert names(client, table, sort="-score") == ["Orbitworks Analytics Inc.", "Hoshi SAR K.K.", "Aachen Orbital GmbH"]


def test_the_table_sorts_by_company_country_and_reviews(client, staff, table):
    client.force_login(staff)
    assert names(client, table, sort="company") == [
        "Aachen Orbital GmbH",
        "Hoshi SAR K.K.",
        "Orbitworks Analytics Inc.",
    ]
    assert names(client, table, sort="country") == [
        "Aachen Orbital GmbH",
        "Hoshi SAR K.K.",
        "Orbitworks Analytics Inc.",
    ]
    assert names(client, table, sort="-reviews")[0] == "Orbitworks Analytics Inc."


def test_column_headings_sort_and_keep_the_filters(client, staff, table):
    client.force_login(staff)
    page = client.get(reverse("cohorts:applications", args=[table.slug]), {"country": "JP", "sort": "company"})
    page = page.content.decode()
    assert 'href="?country=JP&amp;sort=-company">Company ↓</a>' in page
    assert 'href="?country=JP&amp;sort=score">Score</a>' in page


def test_filters_narrow_the_table(client, staff, table):
    client.force_login(staff)
    assert names(client, table, country="JP") == ["Hoshi SAR K.K."]
    assert names(client, table, country="other") == ["Aachen Orbital GmbH"]
    assert names(client, table, pending="accept") == ["Hoshi SAR K.K."]
    assert names(client, table, pending="none") == ["Orbitworks Analytics Inc.", "Aachen Orbital GmbH"]
    assert names(client, table, flagged="on") == ["Aachen Orbital GmbH"]
    assert names(client, table, status="draft") == ["Drafty Inc."]


def test_bad_filter_values_are_ignored_not_a_500(client, staff, table):
    client.force_login(staff)
    response = client.get(
        reverse("cohorts:applications", args=[table.slug]), {"sort": "drop", "country": "XX", "page": "x"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert names(client, table, sort="drop", country="XX")[0] == "Hoshi SAR K.K."


def test_the_table_pages_through_many_applications(client, staff, open_cohort):
    for index in range(55):
        make_submitted(open_cohort, make_company(legal_name=f"Company {index:02d} Inc."))
    client.force_login(staff)
    page = client.get(reverse("cohorts:applications", args=[open_cohort.slug]), {"sort": "company"}).content.decode()
    assert "55 applications" in page
    assert "Company 49 Inc." in page and "Company 50 Inc." not in page
    assert "Page 1 of 2" in page
    page = client.get(
        reverse("cohorts:applications", args=[open_cohort.slug]), {"sort": "company", "page": 2}
    ).content.decode()
    assert "Company 54 Inc." in page and "Company 00 Inc." not in page


def test_the_table_reads_in_japanese(client, staff, table):
    staff.preferred_language, staff.time_zone = "ja", "Asia/Tokyo"
    staff.save()
    client.force_login(staff)
    page = client.get(reverse("cohorts:applications", args=[table.slug]), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "株式会社ほしSAR" in page
    assert "応募一覧" in page
    assert "JST" in page


def submitted_with_thread(cohort, *, staff_wrote_last: bool) -> Application:
    application = make_submitted(cohort, make_company())
    Message.objects.create(application=application, body="Is a subsidiary eligible?")
    if staff_wrote_last:
        Message.objects.create(application=application, body="Yes, it is.", from_staff=True)
    return application


@pytest.mark.parametrize("query", [{}, {"awaiting_reply": "on"}])
def test_the_table_needs_a_constant_number_of_queries(client, staff, open_cohort, django_assert_num_queries, query):
    client.force_login(staff)
    url = reverse("cohorts:applications", args=[open_cohort.slug])
    for index in range(2):
        submitted_with_thread(open_cohort, staff_wrote_last=bool(index))
    client.get(url, query)
    with CaptureQueriesContext(connection) as few:
        client.get(url, query)
    for index in range(18):
        submitted_with_thread(open_cohort, staff_wrote_last=bool(index % 2))
        make_submitted(open_cohort, make_company())
    with django_assert_num_queries(len(few)):
        page = client.get(url, query).content.decode()
    assert page.count("Awaiting reply</a>") == 10


def test_the_table_shows_and_filters_applications_awaiting_a_reply(
    client, staff, table, us_application, jp_application
):
    german = Application.objects.get(company__legal_name="Aachen Orbital GmbH")
    Message.objects.create(application=us_application, body="When do reviews start?")
    Message.objects.create(application=jp_application, body="Can we send a video?")
    Message.objects.create(application=jp_application, body="Yes, a link is fine.", from_staff=True)
    Message.objects.create(application=german, body="Welcome.", from_staff=True)
    Message.objects.create(application=german, body="Thank you! One more question.")
    client.force_login(staff)
    url = reverse("cohorts:applications", args=[table.slug])

    page = client.get(url, {"sort": "company"}).content.decode()
    assert page.count("Awaiting reply</a>") == 2
    assert f'href="/cohorts/applications/{us_application.pk}/#messages">Awaiting reply</a>' in page
    assert "Answered" in page
    assert " UTC" in page

    assert names(client, table, awaiting_reply="on") == ["Orbitworks Analytics Inc.", "Aachen Orbital GmbH"]
    assert names(client, table, awaiting_reply="on", country="US") == ["Orbitworks Analytics Inc."]
    # An answer by staff takes the application off the list.
    Message.objects.create(application=us_application, body="In April.", from_staff=True)
    assert names(client, table, awaiting_reply="on") == ["Aachen Orbital GmbH"]


def test_awaiting_a_reply_reads_in_japanese(client, staff, table, us_application):
    Message.objects.create(application=us_application, body="When do reviews start?")
    staff.preferred_language, staff.time_zone = "ja", "Asia/Tokyo"
    staff.save()
    client.force_login(staff)
    page = client.get(reverse("cohorts:applications", args=[table.slug]), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "返信待ち</a>" in page
    assert "JSTから" in page


def test_a_short_table_is_counted_by_its_length(client, staff, table):
    client.force_login(staff)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("cohorts:applications", args=[table.slug])).content.decode()
    assert "3 applications" in page
    assert not [query for query in queries if "COUNT(" in query["sql"] and "cohorts_application" in query["sql"]]


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"country": "JP", "sort": "company"},
        {"status": "accepted", "pending": "none", "flagged": "on", "awaiting_reply": "on"},
        {"sort": "drop", "country": '"><b>', "pending": "x"},
    ],
)
def test_the_filter_fields_are_those_the_form_templates_write(client, staff, table, language, query):
    staff.preferred_language = language
    staff.save()
    client.force_login(staff)
    page = client.get(reverse("cohorts:applications", args=[table.slug]), query).content.decode()
    with translation.override(language):
        form = ApplicationTableForm(QueryDict(urlencode(query)), renderer=DjangoTemplates())
        fields = render_to_string("includes/form_fields.html", {"form": form})
    assert fields.strip() in page


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("sort", ["score", "-score", "company", "-company", "submitted", "reviews", "-country"])
@pytest.mark.parametrize("sort_query", ["", "country=JP&flagged=on", 'q="<x>'])
def test_the_sortable_head_is_what_the_head_template_writes(language, sort, sort_query):
    with translation.override(language):
        template = render_to_string(
            "cohorts/staff/_application_head.html", {"sortable": True, "sort": sort, "sort_query": sort_query}
        )
        assert sortable_application_head(sort, sort_query) == template


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"sort": "company"},
        {"sort": "-submitted", "country": "other"},
        {"status": "submitted", "pending": "none"},
        {"pending": "any", "sort": "-reviews"},
        {"flagged": True},
        {"awaiting_reply": True, "country": "US"},
    ],
)
def test_the_table_pages_read_what_the_table_query_reads(staff, table, us_application, jp_application, filters):
    Message.objects.create(application=us_application, body="When do reviews start?")
    Message.objects.create(application=jp_application, body="Can we send a video?")
    Message.objects.create(application=jp_application, body="Yes, a link is fine.", from_staff=True)
    columns = [column for column in TABLE_COLUMNS if not column.startswith("company__")]
    expected = [
        (*(getattr(row, column) for column in columns), row.company.display_name, row.company.country.code)
        for row in selectors.application_table(table, **filters)
    ]
    rows = selectors.StaffTable(table, **filters)
    for start, stop in ((None, 50), (0, 2), (2, 4)):
        assert [
            (*(getattr(row, column) for column in columns), row.company.display_name, row.company.country.code)
            for row in rows[start:stop]
        ] == expected[start:stop]
    assert rows.count() == len(expected)


def test_the_rows_written_once_follow_each_change(client, staff, table, us_application):
    """A page of rows is written once per set of rows: a new score or decision shows on the next view."""
    client.force_login(staff)
    url = reverse("cohorts:applications", args=[table.slug])
    first = client.get(url).content.decode()
    assert "3.10" in first and "4.75" not in first
    Application.objects.filter(pk=us_application.pk).update(score_mean=Decimal("4.75"))
    assert "4.75" in client.get(url).content.decode()
    Application.objects.filter(pk=us_application.pk).update(pending_decision=Application.Decision.WAITLIST)
    row = client.get(url).content.decode().split("Orbitworks Analytics Inc.")[1].split("</tr>")[0]
    assert str(Application.Decision.WAITLIST.label) in row


def test_the_table_written_once_follows_a_renamed_cohort_and_a_new_application(client, staff, table):
    """The table's head is written with its rows: a new count or cohort name shows on the next view."""
    client.force_login(staff)
    url = reverse("cohorts:applications", args=[table.slug])
    assert "3 applications" in client.get(url).content.decode()
    make_submitted(table, make_company(legal_name="Kyoto Lunar Works K.K.", country="JP"))
    type(table).objects.filter(pk=table.pk).update(name_en="Binational cohort, renamed")
    text = client.get(url).content.decode()
    assert "4 applications" in text and "Kyoto Lunar Works K.K." in text
    assert "Binational cohort, renamed</a>" in text
