"""The CSV export of a cohort's applications, with scores, criterion means and answers."""

import csv
import io
from datetime import UTC
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Application, Review

from ..factories import make_company
from .conftest import make_submitted

pytestmark = pytest.mark.django_db


def download(client, cohort) -> tuple[bytes, list[list[str]]]:
    response = client.get(reverse("cohorts:export", args=[cohort.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    return body, list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_export_holds_scores_criteria_and_answers(
    client, staff, open_cohort, jp_application, reviewer, second_reviewer
):
    first, second = open_cohort.questions.order_by("position")
    jp_application.answers = {str(first.pk): "衛星データの共同販売", str(second.pk): "United States"}
    jp_application.score_mean, jp_application.score_spread, jp_application.review_count = Decimal("3.50"), 1, 2
    jp_application.pending_decision = Application.Decision.WAITLIST
    jp_application.save()
    now = timezone.now()
    Review.objects.create(
        application=jp_application, reviewer=reviewer, scores={"technology": 4, "team": 3}, submitted_at=now
    )
    Review.objects.create(
        application=jp_application, reviewer=second_reviewer, scores={"technology": 5, "team": 2}, submitted_at=now
    )
    Application.objects.create(cohort=open_cohort, company=make_company(legal_name="Drafty Inc."))
    client.force_login(staff)
    body, rows = download(client, open_cohort)
    assert body.startswith("\ufeff".encode())
    header, row = rows[0], rows[1]
    assert len(rows) == 2  # drafts are not exported
    assert header[:8] == [
        "Company",
        "Country",
        "Status",
        "Submitted at (UTC)",
        "Weighted mean score",
        "Score spread",
        "Reviews",
        "Staged decision",
    ]
    assert "Mean score: Technology" in header and "Mean score: Team" in header
    assert header[-2:] == [first.label_en, second.label_en]
    assert row[:3] == ["Hoshi SAR K.K.", "JP", "Submitted"]
    assert row[3] == jp_application.submitted_at.astimezone(UTC).isoformat()
    assert row[4:8] == ["3.50", "1.00", "2", "Waitlist"]
    assert row[header.index("Mean score: Technology")] == "4.50"
    assert row[header.index("Mean score: Team")] == "2.50"
    assert row[header.index("Mean score: Market readiness")] == ""
    assert row[-2:] == ["衛星データの共同販売", "United States"]


def test_the_export_in_japanese_names_columns_in_japanese(client, staff, open_cohort, jp_application):
    staff.preferred_language = "ja"
    staff.save()
    client.force_login(staff)
    response = client.get(reverse("cohorts:export", args=[open_cohort.slug]), HTTP_ACCEPT_LANGUAGE="ja")
    header = next(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert header[0] == "企業"
    assert "平均点：技術" in header


def test_the_export_needs_a_constant_number_of_queries(client, staff, open_cohort, django_assert_num_queries):
    client.force_login(staff)
    url = reverse("cohorts:export", args=[open_cohort.slug])

    def fetch():
        b"".join(client.get(url).streaming_content)

    for _index in range(2):
        make_submitted(open_cohort, make_company())
    fetch()
    with CaptureQueriesContext(connection) as few:
        fetch()
    for _index in range(18):
        make_submitted(open_cohort, make_company())
    with django_assert_num_queries(len(few)):
        fetch()


def test_the_export_keeps_formulas_as_text(client, staff, open_cohort, jp_application):
    first = open_cohort.questions.order_by("position").first()
    jp_application.answers = {str(first.pk): '=HYPERLINK("https://evil.example","Open")'}
    jp_application.save()
    client.force_login(staff)
    _body, rows = download(client, open_cohort)
    assert rows[1][rows[0].index(first.label_en)] == '\'=HYPERLINK("https://evil.example","Open")'
    assert rows[1][0] == "Hoshi SAR K.K."
