"""Office hours across time zones: booking, double booking, cancel and reschedule, invitations and the feed."""

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from accelerator.calendar import feed_for, reset_feed
from cohorts.models import MentorSession, OfficeHoursException
from cohorts.selectors import open_slots

from .fixtures_api import api
from .fixtures_mentoring import next_weekday_slot


def _book(client, assignment, starts_at, **extra):
    return client.post(
        reverse("cohorts:book_session", args=[assignment.pk]), {"starts_at": starts_at.isoformat(), **extra}
    )


def test_japanese_startup_books_its_us_mentor(client, jp_owner, mentor, pairs, us_mentor, us_office_hours,
                                              django_capture_on_commit_callbacks):  # fmt: skip
    assignment = pairs["jp_us"]
    starts = next_weekday_slot(us_mentor, 1, 9)
    client.force_login(jp_owner)
    page = client.get(reverse("cohorts:mentor", args=[us_mentor.pk])).content.decode()
    # The startup sees the slot in JST first, with Eastern beside it.
    tokyo = starts.astimezone(dt.timezone(dt.timedelta(hours=9)))
    assert f"{tokyo.hour}:00 JST" in page
    assert "EST" in page or "EDT" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = _book(client, assignment, starts, agenda="輸出管理について")
    session = MentorSession.objects.get()
    assert response.status_code == 302 and response.url == session.get_absolute_url()
    assert (session.starts_at, session.ends_at - session.starts_at) == (starts, dt.timedelta(minutes=30))
    # Both sides get the invitation in their own language, with an iCalendar attachment.
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {jp_owner.email, mentor.email}
    assert "オフィスアワー予約" in by_recipient[jp_owner.email].subject
    assert "Office hours booked" in by_recipient[mentor.email].subject
    for message in by_recipient.values():
        _name, content, mimetype = message.attachments[0]
        assert mimetype.startswith("text/calendar")
        event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
        assert event.decoded("DTSTART") == starts
        assert "DTSTAMP" in event and str(event["UID"]).startswith("mentor-session-")
    # The mentor, in New York, sees the session in Eastern time first, with JST beside it.
    mentor.time_zone = "America/New_York"
    mentor.save()
    client.force_login(mentor)
    page = client.get(session.get_absolute_url()).content.decode()
    first_shown = page.split('class="meeting-time"><strong>')[1].split("</strong>")[0]
    assert first_shown.endswith(("9 a.m. EST", "9 a.m. EDT"))
    assert f"{tokyo.hour}:00 JST" in page or f"{tokyo.hour - 12} p.m. JST" in page


def test_a_taken_slot_is_refused_web_and_api(client, jp_owner, us_owner, pairs, us_mentor, us_office_hours):
    starts = next_weekday_slot(us_mentor, 1, 9)
    client.force_login(jp_owner)
    _book(client, pairs["jp_us"], starts)
    client.force_login(us_owner)
    response = _book(client, pairs["us_us"], starts)
    assert "already booked" in client.get(response.url).content.decode()
    response = api(us_owner).post(
        "/api/v1/mentor-sessions/", {"assignment": pairs["us_us"].pk, "starts_at": starts.isoformat()}, format="json"
    )
    assert response.status_code == 400 and "already booked" in str(response.json())
    assert MentorSession.objects.count() == 1


def test_a_time_outside_office_hours_is_refused(client, jp_owner, pairs, us_mentor, us_office_hours):
    client.force_login(jp_owner)
    wrong = next_weekday_slot(us_mentor, 2, 9)
    response = _book(client, pairs["jp_us"], wrong)
    assert "オフィスアワーではありません" in client.get(response.url).content.decode()
    response = api(jp_owner).post(
        "/api/v1/mentor-sessions/", {"assignment": pairs["jp_us"].pk, "starts_at": wrong.isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert not MentorSession.objects.exists()


def test_a_day_off_is_not_bookable(client, jp_owner, pairs, us_mentor, us_office_hours):
    starts = next_weekday_slot(us_mentor, 1, 9)
    OfficeHoursException.objects.create(mentor=us_mentor, date=starts.date())
    client.force_login(jp_owner)
    _book(client, pairs["jp_us"], starts)
    assert not MentorSession.objects.exists()


def test_database_refuses_a_double_booking(pairs, us_mentor):
    starts = next_weekday_slot(us_mentor, 1, 9)
    fields = {"mentor": us_mentor, "starts_at": starts, "ends_at": starts + dt.timedelta(minutes=30)}
    MentorSession.objects.create(assignment=pairs["jp_us"], company=pairs["jp_us"].company, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorSession.objects.create(assignment=pairs["us_us"], company=pairs["us_us"].company, **fields)


def test_another_startup_cannot_book_or_open_the_session(client, us_owner, jp_owner, outsider, pairs, us_mentor,
                                                         us_office_hours):  # fmt: skip
    starts = next_weekday_slot(us_mentor, 1, 9)
    client.force_login(us_owner)
    assert _book(client, pairs["jp_us"], starts).status_code == 404
    client.force_login(jp_owner)
    _book(client, pairs["jp_us"], starts)
    session = MentorSession.objects.get()
    for user in (us_owner, outsider):
        client.force_login(user)
        assert client.get(session.get_absolute_url()).status_code == 404
        assert client.post(reverse("cohorts:cancel_session", args=[session.pk])).status_code == 404
        assert api(user).get(f"/api/v1/mentor-sessions/{session.pk}/").status_code == 404
    session.refresh_from_db()
    assert session.is_booked


def test_cancel_and_reschedule_tell_both_sides(client, jp_owner, mentor, pairs, us_mentor, us_office_hours,
                                               django_capture_on_commit_callbacks):  # fmt: skip
    first = next_weekday_slot(us_mentor, 1, 9)
    later = next_weekday_slot(us_mentor, 1, 9, weeks_ahead=2)
    client.force_login(jp_owner)
    with django_capture_on_commit_callbacks(execute=True):
        _book(client, pairs["jp_us"], first)
    session = MentorSession.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cohorts:reschedule_session", args=[session.pk]), {"starts_at": later.isoformat()})
    session.refresh_from_db()
    assert session.starts_at == later and session.sequence == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([jp_owner.email, mentor.email])
    event = icalendar.Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) == 1
    # The freed slot can be booked again.
    assert first in [slot.starts_at for slot in open_slots(us_mentor)]
    mail.outbox.clear()
    client.force_login(mentor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cohorts:cancel_session", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == "cancelled"
    calendar = icalendar.Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert str(calendar["METHOD"]) == "CANCEL"
    assert "キャンセル" in next(m for m in mail.outbox if m.to == [jp_owner.email]).subject


def test_calendar_feed_imports_and_a_revoked_token_is_404(client, jp_owner, pairs, us_mentor, us_office_hours):
    starts = next_weekday_slot(us_mentor, 1, 9)
    client.force_login(jp_owner)
    _book(client, pairs["jp_us"], starts)
    # The mentoring page leads to the feed's address on the account page.
    assert f'href="{reverse("account_profile")}#calendar"' in client.get(reverse("cohorts:mentoring")).content.decode()
    client.logout()
    token = feed_for(jp_owner).token
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [event.decoded("DTSTART") for event in events] == [starts]
    assert calendar.walk("VTIMEZONE")
    reset_feed(user=jp_owner)
    assert client.get(f"/calendar/{token}.ics").status_code == 404
