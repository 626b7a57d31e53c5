"""Publishing the agenda emails every person of the council in their language and zone, with an invitation."""

import icalendar
from django.core import mail
from django.urls import reverse

from accelerator.calendar import event_uid
from accelerator.councils import services


def _invitation(message) -> icalendar.Calendar:
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    return icalendar.Calendar.from_ical(attachment[1])


def test_members_get_the_agenda_in_their_language_with_an_invitation(
    client, staff, jp_owner, us_owner, meeting, item, after_commit
):
    client.force_login(staff)

    with after_commit(execute=True):
        response = client.post(reverse("councils:publish", args=[meeting.pk]))

    assert response.status_code == 302
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) >= {jp_owner.email, us_owner.email, staff.email}
    japanese = by_recipient[jp_owner.email]
    assert "議題" in japanese.subject
    assert "輸出管理ブリッジ" in japanese.body
    assert "JST" in japanese.body
    english = by_recipient[us_owner.email]
    assert "Agenda" in english.subject
    assert "EST" in english.body or "EDT" in english.body
    calendar = _invitation(english)
    assert calendar.get("method") == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert event.get("uid") == event_uid("council-meeting", meeting.pk)
    assert event.decoded("dtstart") == meeting.starts_at
    assert event.get("dtstamp") is not None


def test_each_publication_is_sent_once(staff, meeting, item, council, after_commit):
    with after_commit(execute=True):
        services.publish_agenda(actor=staff, meeting=meeting)
    sent = len(mail.outbox)

    from accelerator.councils.tasks import send_agenda

    meeting.refresh_from_db()
    send_agenda(meeting_id=meeting.pk, sequence=meeting.sequence - 1)

    assert len(mail.outbox) == sent
    assert sent == council.memberships.count()


def test_only_the_secretariat_publishes(client, jp_owner, meeting, item):
    client.force_login(jp_owner)

    assert client.post(reverse("councils:publish", args=[meeting.pk])).status_code == 403
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is None
    assert not mail.outbox


def test_the_public_sees_a_meeting_only_once_its_agenda_is_published(client, staff, meeting, item):
    assert client.get(meeting.get_absolute_url()).status_code == 404

    services.publish_agenda(actor=staff, meeting=meeting)

    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_the_single_meeting_invitation_file(client, staff, us_owner, meeting, item):
    services.publish_agenda(actor=staff, meeting=meeting)
    client.force_login(us_owner)

    response = client.get(reverse("councils:ics", args=[meeting.pk]))

    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert "Spring plenary" in str(event.get("summary"))
