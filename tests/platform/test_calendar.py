"""One iCalendar builder, and each user's private, revocable feed."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from accelerator import calendar
from accelerator.calendar import CalendarEvent, build_calendar, event_uid, register_calendar_source

TOKYO = ZoneInfo("Asia/Tokyo")


def _session(user):
    start = datetime(2027, 1, 14, 9, 0, tzinfo=TOKYO)
    return [
        CalendarEvent(
            uid=event_uid("test-session", user.pk),
            start=start,
            end=start + timedelta(minutes=45),
            summary=f"Office hour with {user.get_short_name()}",
            time_zone="Asia/Tokyo",
        )
    ]


@pytest.fixture
def with_a_source():
    register_calendar_source(_session)
    yield
    calendar._sources.remove(_session)


def _parse(content: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(content)


def test_events_carry_uid_dtstamp_and_their_zone(settings):
    settings.SITE_URL = "https://accelerator.example"
    start = datetime(2027, 3, 2, 10, 30, tzinfo=ZoneInfo("America/New_York"))
    event = CalendarEvent(
        uid=event_uid("meeting", 4),
        start=start,
        end=start + timedelta(hours=2),
        summary="Council meeting",
        location="Online",
        time_zone="America/New_York",
        organizer_email="secretariat@accelerator.example",
        attendee_emails=("dana@example.com",),
    )
    parsed = _parse(build_calendar([event], name="Meeting", method="REQUEST"))
    assert parsed["METHOD"] == "REQUEST"
    [vevent] = parsed.walk("VEVENT")
    assert str(vevent["UID"]) == "meeting-4@accelerator.example"
    assert vevent["DTSTAMP"].dt.tzinfo is not None
    assert vevent["DTSTART"].dt == start
    assert vevent["DTSTART"].params["TZID"] == "America/New_York"
    assert [str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")] == ["America/New_York"]
    assert str(vevent["ORGANIZER"]) == "mailto:secretariat@accelerator.example"


def test_the_same_object_keeps_its_uid():
    assert event_uid("mentor-session", 12) == event_uid("mentor-session", 12)
    assert event_uid("mentor-session", 12) != event_uid("council-meeting", 12)


def test_a_cancelled_event_says_so():
    start = datetime(2027, 3, 2, 10, 30, tzinfo=TOKYO)
    content = build_calendar([CalendarEvent(uid="x-1@a", start=start, cancelled=True, sequence=2)], name="x")
    [vevent] = _parse(content).walk("VEVENT")
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SEQUENCE"] == 2


def test_the_feed_gathers_every_source(client, jp_owner, with_a_source):
    response = client.get(reverse("calendar_feed", args=[calendar.feed_for(jp_owner).token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    [vevent] = _parse(response.content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Office hour with 佐藤 花子"
    assert vevent["DTSTART"].params["TZID"] == "Asia/Tokyo"


def test_an_unknown_or_revoked_token_is_not_found(client, us_owner):
    old = calendar.feed_for(us_owner).token
    assert client.get(reverse("calendar_feed", args=["not-a-token"])).status_code == 404
    client.force_login(us_owner)
    client.post(reverse("calendar_feed_reset"))
    client.logout()
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[calendar.feed_for(us_owner).token])).status_code == 200


def test_a_deactivated_users_feed_is_closed(client, us_owner):
    token = calendar.feed_for(us_owner).token
    us_owner.is_active = False
    us_owner.save()
    assert client.get(reverse("calendar_feed", args=[token])).status_code == 404


def test_each_user_has_a_feed_of_their_own(us_owner, jp_owner):
    assert calendar.feed_for(us_owner).token != calendar.feed_for(jp_owner).token
    assert calendar.feed_for(us_owner).token == calendar.feed_for(us_owner).token


def test_reset_needs_a_signed_in_post(client, us_owner):
    assert client.post(reverse("calendar_feed_reset")).status_code == 302
    client.force_login(us_owner)
    assert client.get(reverse("calendar_feed_reset")).status_code == 405


def test_the_profile_shows_the_address_in_japanese(client, jp_owner):
    client.force_login(jp_owner)
    response = client.get(reverse("account_profile"), headers={"accept-language": "ja"})
    content = response.content.decode()
    assert calendar.feed_for(jp_owner).token in content
    assert "カレンダー" in content
    assert "Reset the address" not in content
