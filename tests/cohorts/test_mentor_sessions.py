"""After a session: the mentor's log (with private notes), goals, and mutual feedback with its privacy rule."""

import datetime as dt
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accelerator.outbox.models import OutboxTask
from cohorts.models import MentoringGoal, SessionFeedback
from cohorts.tasks import remind_session_feedback

from ..factories import make_user
from .fixtures_api import api
from .fixtures_mentoring import make_mentor_profile, past_session


def test_mentor_logs_a_session_and_keeps_private_notes(client, mentor, jp_owner, pairs):
    session = past_session(pairs["jp_us"])
    client.force_login(mentor)
    client.post(
        reverse("cohorts:log_session", args=[session.pk]),
        {
            "notes": "Walked through EAR classification.",
            "next_steps": "Draft the TCP.",
            "private_notes": "Team is thin.",
        },
    )
    session.refresh_from_db()
    assert session.logged_at and session.private_notes == "Team is thin."
    assert "Team is thin." in client.get(session.get_absolute_url()).content.decode()
    # The startup reads the notes and next steps, never the private notes, on the web or the API.
    client.force_login(jp_owner)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Draft the TCP." in page and "Team is thin." not in page
    body = api(jp_owner).get(f"/api/v1/mentor-sessions/{session.pk}/").json()
    assert body["next_steps"] == "Draft the TCP." and body["private_notes"] is None


def test_only_the_sessions_mentor_logs_it(client, jp_owner, jp_mentor_user, pairs):
    session = past_session(pairs["jp_us"])
    for user in (jp_owner, jp_mentor_user):
        client.force_login(user)
        client.post(reverse("cohorts:log_session", args=[session.pk]), {"notes": "mine"})
    session.refresh_from_db()
    assert session.notes == "" and session.logged_at is None
    response = api(jp_owner).post(f"/api/v1/mentor-sessions/{session.pk}/log/", {"notes": "x"}, format="json")
    assert response.status_code == 403


def test_another_mentor_sees_neither_the_notes_nor_the_mentees(client, pairs):
    session = past_session(pairs["jp_us"], notes="n", private_notes="secret")
    other = make_user(roles=("mentor",))
    make_mentor_profile(other)
    client.force_login(other)
    assert client.get(session.get_absolute_url()).status_code == 404
    assert api(other).get(f"/api/v1/mentor-sessions/{session.pk}/").status_code == 404
    assert api(other).get("/api/v1/mentor-sessions/").json()["count"] == 0
    assert api(other).get("/api/v1/mentor-assignments/").json()["count"] == 0
    assert "Hoshi" not in client.get(reverse("cohorts:mentoring")).content.decode()


def test_feedback_stays_private_until_both_answer(client, mentor, jp_owner, pairs):
    session = past_session(pairs["jp_us"])
    client.force_login(jp_owner)
    client.post(reverse("cohorts:session_feedback", args=[session.pk]), {"rating": 5, "comment": "とても有益でした"})
    # When the mentor's answer opens anyway is a moment, shown in the viewer's time zone.
    page = client.get(session.get_absolute_url()).content.decode()
    assert re.search(r"相手が送った後か、[^<]* JST 以降に見られます", page)
    client.force_login(mentor)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "とても有益でした" not in page
    body = api(mentor).get(f"/api/v1/mentor-sessions/{session.pk}/").json()
    assert body["feedback"] == []
    response = api(mentor).post(
        f"/api/v1/mentor-sessions/{session.pk}/feedback/", {"rating": 4, "comment": "Well prepared."}, format="json"
    )
    assert response.status_code == 201
    assert {item["comment"] for item in response.json()["feedback"]} == {"とても有益でした", "Well prepared."}
    client.force_login(jp_owner)
    assert "Well prepared." in client.get(session.get_absolute_url()).content.decode()


def test_feedback_opens_after_seven_days(mentor, jp_owner, pairs):
    session = past_session(pairs["jp_us"], days_ago=8)
    SessionFeedback.objects.create(session=session, role="startup", author=jp_owner, rating=3, comment="OK")
    body = api(mentor).get(f"/api/v1/mentor-sessions/{session.pk}/").json()
    assert [item["comment"] for item in body["feedback"]] == ["OK"]


def test_feedback_from_someone_not_in_the_session_is_refused(client, us_owner, jp_mentor_user, pairs):
    session = past_session(pairs["jp_us"])
    client.force_login(us_owner)
    assert client.post(reverse("cohorts:session_feedback", args=[session.pk]), {"rating": 5}).status_code == 404
    client.force_login(jp_mentor_user)  # mentors the startup, but was not in this session
    client.post(reverse("cohorts:session_feedback", args=[session.pk]), {"rating": 5})
    response = api(jp_mentor_user).post(f"/api/v1/mentor-sessions/{session.pk}/feedback/", {"rating": 5}, format="json")
    assert response.status_code == 404
    assert not SessionFeedback.objects.exists()


def test_bad_ratings_and_second_answers_are_refused(client, jp_owner, member, pairs):
    session = past_session(pairs["jp_us"])
    client.force_login(jp_owner)
    client.post(reverse("cohorts:session_feedback", args=[session.pk]), {"rating": 9})
    assert not SessionFeedback.objects.exists()
    response = api(jp_owner).post(f"/api/v1/mentor-sessions/{session.pk}/feedback/", {"rating": 0}, format="json")
    assert response.status_code == 400
    api(jp_owner).post(f"/api/v1/mentor-sessions/{session.pk}/feedback/", {"rating": 4}, format="json")
    response = api(jp_owner).post(f"/api/v1/mentor-sessions/{session.pk}/feedback/", {"rating": 5}, format="json")
    assert response.status_code == 400
    assert list(SessionFeedback.objects.values_list("rating", flat=True)) == [4]


def test_feedback_before_the_session_ends_is_refused(jp_owner, pairs):
    session = past_session(pairs["jp_us"], days_ago=-2)
    response = api(jp_owner).post(f"/api/v1/mentor-sessions/{session.pk}/feedback/", {"rating": 4}, format="json")
    assert response.status_code == 400
    assert not SessionFeedback.objects.exists()


def test_reminders_go_once_to_each_side_in_their_language(mentor, jp_owner, pairs):
    session = past_session(pairs["jp_us"], days_ago=1)
    past_session(pairs["jp_jp"], days_ago=10)  # too old: no reminder
    assert remind_session_feedback() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mentor.email, jp_owner.email])
    assert "メンタリングセッション" in next(m for m in mail.outbox if m.to == [jp_owner.email]).subject
    assert remind_session_feedback() == 0
    SessionFeedback.objects.create(session=session, role="mentor", author=mentor, rating=5)
    assert remind_session_feedback() == 0
    assert len(mail.outbox) == 2


def test_feedback_reminders_are_scheduled():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "cohorts.tasks.remind_session_feedback" in tasks


def test_goals_and_milestones(client, jp_owner, mentor, us_owner, pairs):
    client.force_login(jp_owner)
    client.post(reverse("cohorts:add_goal", args=[pairs["jp_us"].pk]), {"title": "First U.S. customer"})
    goal = MentoringGoal.objects.get()
    client.force_login(mentor)
    client.post(
        reverse("cohorts:add_milestone", args=[goal.pk]),
        {"title": "SBIR proposal", "due_on": (timezone.now() + dt.timedelta(days=30)).date().isoformat()},
    )
    client.post(reverse("cohorts:goal_status", args=[goal.pk]), {"status": "in_progress"})
    goal.refresh_from_db()
    assert goal.status == "in_progress" and goal.milestones.get().title == "SBIR proposal"
    client.force_login(jp_owner)
    page = client.get(reverse("cohorts:mentoring")).content.decode()
    assert "First U.S. customer" in page and "SBIR proposal" in page
    # Another startup can neither see nor change the goal.
    client.force_login(us_owner)
    assert client.post(reverse("cohorts:goal_status", args=[goal.pk]), {"status": "done"}).status_code == 404
    goal.refresh_from_db()
    assert goal.status == "in_progress"
    assert not OutboxTask.objects.filter(task__startswith="cohorts.tasks.send_").exists()


def test_session_list_costs_the_same_for_more_sessions(jp_owner, pairs, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(jp_owner)
    past_session(pairs["jp_us"], days_ago=3)
    with CaptureQueriesContext(connection) as first:
        client.get("/api/v1/mentor-sessions/")
    for days in (4, 5, 6):
        session = past_session(pairs["jp_jp"], days_ago=days)
        SessionFeedback.objects.create(session=session, role="startup", author=jp_owner, rating=4)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get("/api/v1/mentor-sessions/")
    assert response.json()["count"] == 4
