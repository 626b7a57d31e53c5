"""The bid room: tasks in both zones, private documents, the message thread."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from procurement.models import TeamDocument, TeamMessage, TeamTask
from procurement.services import teams


def room_url(team) -> str:
    return reverse("procurement:team_room", args=[team.pk])


def test_a_task_shows_its_due_date_in_both_zones(client, us_owner, jp_owner, itar_team):
    client.force_login(us_owner)  # New York
    client.post(
        room_url(itar_team),
        {"action": "task", "title": "Draft the technical volume", "owner": jp_owner.pk, "due_at": "2026-12-10T17:00"},
    )
    task = TeamTask.objects.get()
    assert task.owner == jp_owner and task.due_at.isoformat() == "2026-12-10T22:00:00+00:00"
    text = client.get(room_url(itar_team)).content.decode()
    assert "Draft the technical volume" in text and "佐藤 花子" in text
    assert "EST" in text and "JST" in text
    client.force_login(jp_owner)
    text = client.get(room_url(itar_team)).content.decode()
    assert "JST" in text and "EST" in text and "入札ルーム" in text


def test_a_task_owner_comes_from_the_team(client, us_owner, outsider, itar_team):
    client.force_login(us_owner)
    response = client.post(room_url(itar_team), {"action": "task", "title": "Pricing", "owner": outsider.pk})
    assert response.status_code == 200 and not TeamTask.objects.exists()
    response = client.post(room_url(itar_team), {"action": "task", "title": ""})
    assert "This field is required." in response.content.decode() and not TeamTask.objects.exists()


def test_documents_are_private_to_the_team_and_staff(client, us_owner, jp_owner, staff, outsider, itar_team):
    client.force_login(us_owner)
    client.post(
        room_url(itar_team),
        {"action": "document", "title": "Past performance", "file": SimpleUploadedFile("pp.pdf", b"%PDF-1.4 volume")},
    )
    document = TeamDocument.objects.get()
    url = document.get_absolute_url()
    for user in (us_owner, jp_owner, staff):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 volume"
        assert response["Cache-Control"] == "private, no-store"
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_an_empty_file_is_refused(client, us_owner, itar_team):
    client.force_login(us_owner)
    response = client.post(room_url(itar_team), {"action": "document", "file": SimpleUploadedFile("e.pdf", b"")})
    assert response.status_code == 200 and not TeamDocument.objects.exists()


def test_the_message_thread(client, us_owner, jp_owner, itar_team):
    client.force_login(us_owner)
    client.post(room_url(itar_team), {"action": "message", "body": "Drawings wait for the TAA."})
    client.post(room_url(itar_team), {"action": "message", "body": "   "})
    assert TeamMessage.objects.count() == 1
    client.force_login(jp_owner)
    assert "Drawings wait for the TAA." in client.get(room_url(itar_team)).content.decode()


def test_a_closed_team_keeps_a_read_only_room(client, us_owner, itar_team):
    teams.change_stage(actor=us_owner, team=itar_team, stage="withdrawn")
    client.force_login(us_owner)
    response = client.post(room_url(itar_team), {"action": "message", "body": "Hello"}, follow=True)
    assert "its bid room is read-only" in response.content.decode()
    assert not TeamMessage.objects.exists()


def test_the_room_has_a_constant_number_of_queries(
    client, us_owner, jp_owner, itar_team, django_assert_max_num_queries
):
    from procurement.services import bidroom

    bidroom.add_task(actor=us_owner, team=itar_team, title="One", owner=jp_owner)
    bidroom.post_message(actor=us_owner, team=itar_team, body="One")
    client.force_login(us_owner)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(room_url(itar_team))
    for number in range(5):
        bidroom.add_task(actor=us_owner, team=itar_team, title=f"Task {number}", owner=us_owner)
        bidroom.post_message(actor=jp_owner, team=itar_team, body=f"Message {number}")
    with django_assert_max_num_queries(len(first)):
        client.get(room_url(itar_team))


def test_a_document_can_be_the_evidence_for_a_task(client, us_owner, jp_owner, itar_team, plain_team):
    from procurement.services import bidroom

    task = bidroom.add_task(actor=us_owner, team=itar_team, title="JIS Q 9100 certificate", owner=jp_owner)
    other = bidroom.add_task(actor=us_owner, team=plain_team, title="Another team's task", owner=us_owner)
    client.force_login(jp_owner)
    response = client.post(
        room_url(itar_team),
        {"action": "document", "task": other.pk, "file": SimpleUploadedFile("cert.pdf", b"%PDF-1.4 cert")},
    )
    assert response.status_code == 200 and not TeamDocument.objects.exists()
    client.post(
        room_url(itar_team),
        {"action": "document", "task": task.pk, "file": SimpleUploadedFile("cert.pdf", b"%PDF-1.4 cert")},
    )
    document = TeamDocument.objects.get()
    assert document.task == task
    text = client.get(room_url(itar_team)).content.decode()
    assert f'証拠： <a href="{document.get_absolute_url()}">cert.pdf</a>' in text
    client.force_login(us_owner)
    text = client.get(room_url(itar_team)).content.decode()
    assert "evidence for “JIS Q 9100 certificate”" in text


def test_the_service_refuses_another_teams_task_as_evidence(us_owner, itar_team, plain_team):
    import pytest
    from django.core.exceptions import ValidationError

    from procurement.services import bidroom

    other = bidroom.add_task(actor=us_owner, team=plain_team, title="Elsewhere", owner=us_owner)
    with pytest.raises(ValidationError) as error:
        bidroom.upload_document(
            actor=us_owner, team=itar_team, task=other, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 a")
        )
    assert error.value.message_dict == {"task": ["Choose one of this team's tasks."]}
    assert not TeamDocument.objects.exists()


def test_an_owners_open_tasks_are_in_their_private_calendar_feed(client, us_owner, jp_owner, itar_team):
    import icalendar
    from django.utils import timezone

    from accelerator.calendar import feed_for
    from procurement.services import bidroom

    due = timezone.now().replace(microsecond=0) + timezone.timedelta(days=3)
    task = bidroom.add_task(actor=us_owner, team=itar_team, title="Technical volume", owner=jp_owner, due_at=due)
    bidroom.add_task(actor=us_owner, team=itar_team, title="Someone else's", owner=us_owner, due_at=due)

    def bid_tasks(user):
        response = client.get(reverse("calendar_feed", args=[feed_for(user).token]))
        calendar = icalendar.Calendar.from_ical(response.content)
        return [event for event in calendar.walk("VEVENT") if "bid-task" in str(event["UID"])]

    [event] = bid_tasks(jp_owner)
    assert event.decoded("DTSTART") == due
    assert str(event["SUMMARY"]) == "入札タスクの期限：Technical volume"
    assert room_url(itar_team) in str(event["URL"])
    bidroom.set_task_done(actor=jp_owner, task=task, done=True)
    assert bid_tasks(jp_owner) == []
