"""The mentoring home: a mentor's startups, shortlists and sessions; a startup member's sessions."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from cohorts.models import MentorAssignment, MentorSession, MentorSuggestion

from .conftest import make_cohort
from .fixtures_mentoring import accept, past_session


def _upcoming(assignment, days: int = 3) -> MentorSession:
    starts = timezone.now() + dt.timedelta(days=days)
    return MentorSession.objects.create(
        assignment=assignment, mentor=assignment.mentor, company=assignment.company, starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
    )  # fmt: skip


def test_a_mentor_sees_startups_shortlists_and_sessions(client, mentor, pairs, us_company, django_assert_num_queries):
    us_company.legal_name = "<b>Orbit</b> & Co"
    us_company.save()
    cohort = pairs["jp_us"].cohort
    mentor_profile = pairs["us_us"].mentor
    MentorSuggestion.objects.create(cohort=cohort, company=us_company, mentor=mentor_profile, score=1, position=1)
    upcoming = _upcoming(pairs["jp_us"])
    logged = past_session(pairs["us_us"], days_ago=2, logged_at=timezone.now())
    to_log = past_session(pairs["jp_us"], days_ago=5)
    # Another mentor's session and a cancelled one are not listed.
    past_session(pairs["jp_jp"], days_ago=3)
    past_session(pairs["us_us"], days_ago=9, status="cancelled")
    client.force_login(mentor)
    # The session, the user and their roles, the unread count; the profile and memberships, the
    # upcoming and past sessions in one read, the startups and the shortlists in one read.
    with django_assert_num_queries(7):
        page = client.get(reverse("cohorts:mentoring")).content.decode()
    assert "<b>Orbit</b>" not in page and "&lt;b&gt;Orbit&lt;/b&gt; &amp; Co</a>" in page
    assert "· United States of America · " in page and "· Japan · " in page
    assert "Assigned to you" in page and "Mark interest" not in page
    upcoming_part, past_part = page.split('id="past-heading"')
    assert reverse("cohorts:mentor_session", args=[upcoming.pk]) in upcoming_part.split('id="upcoming-heading"')[1]
    assert "<td>Booked</td>" in upcoming_part and " JST</small>" in upcoming_part and " EST" in upcoming_part
    assert reverse("cohorts:mentor_session", args=[logged.pk]) in past_part
    assert reverse("cohorts:mentor_session", args=[to_log.pk]) in past_part
    assert "<td>Logged</td>" in past_part and "<td>To log</td>" in past_part
    assert page.count("/cohorts/mentoring/sessions/") == 3


def test_a_startup_member_sees_its_sessions_in_japanese(client, jp_owner, pairs):
    jp_owner.preferred_language = "ja"
    jp_owner.save()
    _upcoming(pairs["jp_jp"])
    past_session(pairs["us_us"], days_ago=2)  # another startup's
    client.force_login(jp_owner)
    page = client.get(reverse("cohorts:mentoring")).content.decode()
    assert page.count("/cohorts/mentoring/sessions/") == 1
    assert "株式会社ほしSAR" in page and "田中 一郎" in page and "予約済み" in page


def test_only_published_assignments_of_running_cohorts_are_a_mentors_startups(client, mentor, us_mentor, jp_company):
    running = make_cohort(slug="running-2027", status="running")
    finished = make_cohort(slug="completed-2025", status="completed")
    for cohort in (running, finished):
        accept(cohort, jp_company)
    MentorAssignment.objects.create(cohort=running, company=jp_company, mentor=us_mentor, side="us")
    MentorAssignment.objects.create(
        cohort=finished, company=jp_company, mentor=us_mentor, side="us", status="published",
        published_at=timezone.now(),
    )  # fmt: skip
    client.force_login(mentor)
    page = client.get(reverse("cohorts:mentoring")).content.decode()
    assert "No startups are assigned to you yet." in page and "Hoshi SAR K.K." not in page


def test_the_home_lists_every_upcoming_session_and_the_last_twenty_past_ones(client, mentor, pairs):
    """Upcoming sessions soonest first, all of them; past ones latest first, the last twenty."""
    past = [past_session(pairs["us_us"], days_ago=days) for days in range(1, 24)]
    soon = [_upcoming(pairs["jp_us"], days=days) for days in (4, 2)]
    client.force_login(mentor)
    page = client.get(reverse("cohorts:mentoring")).content.decode()
    upcoming_part, past_part = page.split('id="past-heading"')
    listed = [int(pk) for pk in re.findall(r'href="/cohorts/mentoring/sessions/(\d+)/"', past_part)]
    assert listed == [session.pk for session in past[:20]]
    upcoming_listed = [int(pk) for pk in re.findall(r'href="/cohorts/mentoring/sessions/(\d+)/"', upcoming_part)]
    assert upcoming_listed == [soon[1].pk, soon[0].pk]  # soonest first
