"""The mentoring section of the staff dashboard: load, sessions per pair, at-risk startups, ratings, coverage, CSV."""

import csv
import io
import re
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from cohorts.models import MentorMatching, SessionFeedback

from .fixtures_mentoring import past_session


def test_staff_see_load_pairs_ratings_and_risk(client, staff, pairs, jp_owner, django_assert_num_queries):
    session = past_session(pairs["jp_us"], days_ago=3)
    SessionFeedback.objects.create(session=session, role="startup", author=jp_owner, rating=4)
    past_session(pairs["jp_jp"], days_ago=40)
    client.force_login(staff)
    url = reverse("cohorts:staff_mentoring", args=[pairs["jp_us"].cohort.slug])
    # The session, the user and their roles, the cohort, the mentors with the assignments (and
    # their sessions) and the startups in one statement, the unread count.
    with django_assert_num_queries(6):
        page = client.get(url).content.decode()
    assert "2 / 2" in page  # each mentor has both startups, at capacity
    assert "<td>U.S. side</td>" in page and "<td>Japan side</td>" in page  # each mentor's side in the load table
    assert "4.0" in page  # the U.S. mentor's average rating from startups
    # The U.S. startup had no session: at risk. The Japanese startup had one three days ago.
    at_risk = page.split("At risk")[1]
    assert "Orbitworks Analytics Inc." in at_risk and "株式会社ほしSAR" not in at_risk and "Hoshi SAR" not in at_risk


def test_the_page_costs_the_same_with_more_pairs(client, staff, pairs, django_assert_num_queries):
    client.force_login(staff)
    url = reverse("cohorts:staff_mentoring", args=[pairs["jp_us"].cohort.slug])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for days in (1, 5, 9):
        past_session(pairs["us_us"], days_ago=days)
        past_session(pairs["us_jp"], days_ago=days)
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url)


def test_csv_export(client, staff, pairs, jp_owner):
    session = past_session(pairs["jp_us"], days_ago=3)
    SessionFeedback.objects.create(session=session, role="startup", author=jp_owner, rating=5)
    client.force_login(staff)
    response = client.get(reverse("cohorts:staff_mentoring_export", args=[pairs["jp_us"].cohort.slug]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["Startup", "Country", "Mentor", "Side"]
    hoshi_us = next(row for row in rows if row[0] == "Hoshi SAR K.K." and row[3] == "U.S. side")
    assert hoshi_us[4] == "1" and hoshi_us[7] == "5.00"
    assert len(rows) == 5


def test_only_staff_see_the_mentoring_section(client, mentor, jp_owner, pairs):
    slug = pairs["jp_us"].cohort.slug
    for user in (mentor, jp_owner):
        client.force_login(user)
        assert client.get(reverse("cohorts:staff_mentoring", args=[slug])).status_code == 403
        assert client.get(reverse("cohorts:staff_mentoring_export", args=[slug])).status_code == 403


def test_dashboard_in_japanese(client, staff, pairs):
    staff.preferred_language = "ja"
    staff.save()
    client.force_login(staff)
    page = client.get(reverse("cohorts:staff_mentoring", args=[pairs["jp_us"].cohort.slug])).content.decode()
    assert "メンターの担当数" in page and "要注意" in page


def test_the_page_writes_nothing_for_a_cohort_not_matched_yet(client, staff, running_cohort):
    client.force_login(staff)
    page = client.get(reverse("cohorts:staff_mentoring", args=[running_cohort.slug])).content.decode()
    assert not MentorMatching.objects.filter(cohort=running_cohort).exists()
    assert 'name="expertise" value="1.00"' in page and 'name="overlap" value="0.30"' in page
    assert "No assignments yet." in page and "No published assignments yet." in page


def test_rows_are_escaped_and_name_each_side(client, staff, pairs, jp_owner):
    company = pairs["jp_us"].company
    company.legal_name = "<b>Hoshi</b> & Co."
    company.save()
    session = past_session(pairs["jp_us"], days_ago=30)
    SessionFeedback.objects.create(session=session, role="startup", author=jp_owner, rating=3)
    client.force_login(staff)
    page = client.get(reverse("cohorts:staff_mentoring", args=[pairs["jp_us"].cohort.slug])).content.decode()
    assert "<b>Hoshi</b>" not in page and "&lt;b&gt;Hoshi&lt;/b&gt; &amp; Co." in page
    assert "3.0" in page  # the rating of the only rated session
    assert page.count('name="action" value="remove"') == 4
    # Thirty days ago is past the quiet days: the startup is at risk, its last session dated with its zone.
    assert "&lt;b&gt;Hoshi&lt;/b&gt;" in page.split("At risk")[1]
    assert re.search(r"\d{4} \([A-Z]{2,5}\)</td>", page.split("Sessions per pair")[1])


def test_the_page_shows_the_saved_weights_and_when_shortlists_were_computed(client, staff, running_cohort):
    MentorMatching.objects.create(
        cohort=running_cohort, weight_expertise="2.5", weight_language="0", suggested_at=timezone.now()
    )
    client.force_login(staff)
    page = client.get(reverse("cohorts:staff_mentoring", args=[running_cohort.slug])).content.decode()
    assert 'name="expertise" value="2.50"' in page and 'name="language" value="0.00"' in page
    assert re.search(r"Last computed [^<]+ [A-Z]{2,5}\. Startups rank", page)  # the moment names its zone
    assert client.get(reverse("cohorts:staff_mentoring", args=["no-such-cohort"])).status_code == 404


def test_the_forms_written_from_pieces_are_the_forms_rendering(staff, pairs):
    from django.utils import translation

    from cohorts import selectors
    from cohorts.mentoring_forms import AssignForm, WeightsForm
    from cohorts.templatetags.staff_matching import _assign_fields, _fields, _weights

    figures = selectors.mentoring_figures(pairs["jp_us"].cohort, quiet_days=21)
    assert figures.startups_by_name and figures.mentors_by_name
    weights = [Decimal("2.50"), Decimal("0.00"), Decimal("10.00")]
    for language in ("en", "ja"):
        with translation.override(language):
            initial = dict(zip(("expertise", "language", "overlap"), weights, strict=True))
            assert _weights(weights) == _fields(WeightsForm(initial=initial))
            for startups, mentors in ((figures.startups_by_name, figures.mentors_by_name), ([], [])):
                form = AssignForm.listing(startups=startups, mentors=mentors)
                assert _assign_fields(startups, mentors) == _fields(form)


def test_the_japanese_page_is_written_in_japanese(client, staff, pairs):
    staff.preferred_language = "ja"
    staff.save(update_fields=["preferred_language"])
    client.force_login(staff)
    page = client.get(reverse("cohorts:staff_mentoring", args=[pairs["jp_us"].cohort.slug])).content.decode()
    assert '<h2 id="steps-heading">マッチング</h2>' in page
    assert "- Select an option -" not in page


def test_the_kept_page_carries_each_views_token_and_the_latest_figures(staff, pairs, jp_owner):
    from django.test import Client

    slug = pairs["jp_us"].cohort.slug
    url = reverse("cohorts:staff_mentoring", args=[slug])
    views = []
    for _ in range(2):  # the second view is written from the body the first one kept
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(staff)
        page = browser.get(url).content.decode()
        tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
        assert len(tokens) == 1 and "csrf-mark" not in page
        views.append((browser, tokens.pop(), page))
    assert views[0][1] != views[1][1]
    assert views[0][2].replace(views[0][1], "") == views[1][2].replace(views[1][1], "")
    browser, token, _page = views[1]
    response = browser.post(
        reverse("cohorts:staff_mentoring_action", args=[slug]),
        {"csrfmiddlewaretoken": token, "action": "weights", "expertise": "3", "language": "1", "overlap": "0"},
    )
    assert response.status_code == 302
    session = past_session(pairs["jp_us"], days_ago=3)
    SessionFeedback.objects.create(session=session, role="startup", author=jp_owner, rating=2)
    page = browser.get(url).content.decode()
    assert 'name="expertise" value="3.00"' in page and "<td>2.0</td></tr>" in page
