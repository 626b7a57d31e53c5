"""Council meetings and owned actions in each person's private feed; the single-meeting invitation."""

from datetime import timedelta

import icalendar
from django.utils import timezone

from accelerator.calendar import event_uid, feed_for
from accelerator.councils import services

from .conftest import held


def test_the_feed_holds_published_meetings_and_the_actions_a_person_owns(client, staff, meeting, item, jp_owner):
    services.publish_agenda(actor=staff, meeting=meeting)
    decision = services.record_decision(actor=staff, meeting=held(meeting), text_en="Act.", text_ja="実行する。")
    action = services.add_action_item(
        actor=staff,
        decision=decision,
        title_en="Draft the charter",
        owner_user=jp_owner,
        due_on=timezone.localdate() + timedelta(days=10),
    )

    calendar = icalendar.Calendar.from_ical(client.get(f"/calendar/{feed_for(jp_owner).token}.ics").content)

    events = {str(event.get("uid")): event for event in calendar.walk("VEVENT")}
    assert event_uid("council-meeting", meeting.pk) in events
    assert str(events[event_uid("council-action", action.pk)].get("summary")) == "Draft the charter"
    assert events[event_uid("council-action", action.pk)].get("dtstamp") is not None
    assert {str(zone.get("tzid")) for zone in calendar.walk("VTIMEZONE")} >= {"Asia/Tokyo"}


def test_outsiders_feeds_hold_no_council_meetings(client, staff, meeting, item, outsider):
    services.publish_agenda(actor=staff, meeting=meeting)

    calendar = icalendar.Calendar.from_ical(client.get(f"/calendar/{feed_for(outsider).token}.ics").content)

    assert not [event for event in calendar.walk("VEVENT") if "council" in str(event.get("uid"))]
