"""The meeting page and the actions list take the same number of queries however much they show."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accelerator.councils import services
from accelerator.councils.models import Attendance

from .conftest import held


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(staff, meeting, owner, number):
    item = services.add_agenda_item(
        actor=staff, meeting=meeting, title_en=f"Item {number}", duration_minutes=5, allow_overrun=True
    )
    parent = services.add_agenda_item(
        actor=staff, meeting=meeting, parent=item, title_en=f"Sub {number}", duration_minutes=5, allow_overrun=True
    )
    services.save_minute(actor=staff, item=parent, text_en="Noted.", text_ja="了承。", authoritative_language="en")
    motion = services.propose_motion(actor=staff, item=item, text_en=f"Motion {number}")
    services.record_vote(actor=staff, motion=motion, member=owner, choice="for")
    decision = services.record_decision(actor=staff, meeting=meeting, text_en=f"D{number}", text_ja=f"決定{number}")
    services.add_action_item(
        actor=staff,
        decision=decision,
        title_en=f"Action {number}",
        owner_user=owner,
        due_on=decision.decided_on + timedelta(days=1),
    )


def test_the_meeting_page_and_the_actions_list(client, staff, meeting, jp_owner, us_owner, django_assert_num_queries):
    held(meeting)
    for person in (jp_owner, us_owner):
        services.record_attendance(actor=staff, meeting=meeting, user=person, status=Attendance.Status.PRESENT)
    _grow(staff, meeting, jp_owner, 0)
    client.force_login(jp_owner)
    urls = [meeting.get_absolute_url(), "/councils/actions/", "/councils/", "/councils/usj-space/"]
    before = [_count(client, url) for url in urls]
    # The actions list reads both its lists in one statement, the home its four lists in one too.
    assert before[1:3] == [5, 5]

    for number in range(1, 4):
        _grow(staff, meeting, jp_owner, number)

    for url, queries in zip(urls, before, strict=True):
        with django_assert_num_queries(queries):
            client.get(url)
