"""Members-only councils, documents and the meeting pack; the secretariat's pages."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accelerator.councils import services

from .conftest import make_meeting


def _with_document(staff, council):
    meeting = make_meeting(staff, council)
    item = services.add_agenda_item(actor=staff, meeting=meeting, title_en="Licences", duration_minutes=20)
    document = services.add_document(
        actor=staff, item=item, title="Briefing", file=SimpleUploadedFile("briefing.pdf", b"%PDF-1.4 briefing")
    )
    services.publish_agenda(actor=staff, meeting=meeting)
    return meeting, document


def test_the_meeting_pack_holds_every_document(client, staff, council, us_owner):
    meeting, document = _with_document(staff, council)
    client.force_login(us_owner)

    response = client.get(reverse("councils:pack", args=[meeting.pk]))

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert response["Content-Type"] == "application/zip"
    assert "1-1-briefing.pdf" in archive.namelist()
    assert archive.read("1-1-briefing.pdf") == b"%PDF-1.4 briefing"
    assert "Licences" in archive.read("agenda.txt").decode()
    assert client.get(document.get_absolute_url()).status_code == 200


def test_members_only_documents_and_packs_are_404_to_outsiders(client, staff, private_council, outsider, us_owner):
    meeting, document = _with_document(staff, private_council)

    for user in (None, outsider):
        if user:
            client.force_login(user)
        assert client.get(document.get_absolute_url()).status_code == 404
        assert client.get(reverse("councils:pack", args=[meeting.pk])).status_code == 404
        assert client.get(reverse("councils:ics", args=[meeting.pk])).status_code == 404
    client.force_login(us_owner)
    assert client.get(document.get_absolute_url()).status_code == 200


def test_the_secretariat_pages_refuse_members_and_send_visitors_to_sign_in(client, staff, meeting, us_owner, council):
    urls = [
        reverse("councils:manage", args=[meeting.pk]),
        reverse("councils:people", args=[council.slug]),
        reverse("councils:schedule", args=[council.slug]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302
    client.force_login(us_owner)
    for url in urls:
        assert client.get(url).status_code == 403
    client.force_login(staff)
    for url in urls:
        assert client.get(url).status_code == 200


def test_the_secretariat_schedules_a_meeting_in_the_meetings_zone(client, staff, council):
    client.force_login(staff)

    response = client.post(
        reverse("councils:schedule", args=[council.slug]),
        {
            "title_en": "Autumn plenary",
            "time_zone": "America/New_York",
            "starts_at": "2030-10-01T09:00",
            "ends_at": "2030-10-01T11:00",
        },
    )

    assert response.status_code == 302
    meeting = council.meetings.get()
    assert meeting.starts_at.isoformat() == "2030-10-01T13:00:00+00:00"


def test_a_meeting_that_ends_before_it_starts_is_refused(client, staff, council):
    client.force_login(staff)

    response = client.post(
        reverse("councils:schedule", args=[council.slug]),
        {
            "title_en": "Backwards",
            "time_zone": "Asia/Tokyo",
            "starts_at": "2030-10-01T11:00",
            "ends_at": "2030-10-01T09:00",
        },
    )

    assert response.status_code == 200
    assert "must end after it starts" in response.content.decode()
    assert not council.meetings.exists()


def test_council_home_lists_what_a_member_needs(client, jp_owner, council, meeting):
    client.force_login(jp_owner)

    page = client.get(reverse("councils:home")).content.decode()

    assert "日米宇宙ビジネス協議会" in page
    assert "春季総会" in page


def test_a_private_council_is_not_listed_to_outsiders(client, private_council, outsider):
    client.force_login(outsider)
    assert "export-wg" not in client.get(reverse("councils:home")).content.decode()


def test_council_home_lists_a_members_actions_and_proposals(client, staff, us_owner, council, meeting, private_council):
    from datetime import timedelta

    from django.utils import timezone

    from accelerator.councils.models import Council

    Council.objects.filter(pk=council.pk).update(description_en="Line one\nLine <two>")
    proposal = services.propose_agenda_item(
        actor=us_owner, meeting=meeting, title_en="<b>Shared</b> test range", duration_minutes=20
    )
    decision = services.record_decision(actor=staff, meeting=meeting, text_en="Act.", text_ja="実施。")
    services.add_action_item(
        actor=staff,
        decision=decision,
        title_en="Write & send",
        owner_user=us_owner,
        due_on=timezone.localdate() + timedelta(days=10),
    )
    done = services.add_action_item(
        actor=staff,
        decision=decision,
        title_en="Old step",
        owner_user=us_owner,
        due_on=timezone.localdate() + timedelta(days=10),
    )
    services.set_action_status(actor=staff, action=done, status="done")
    client.force_login(us_owner)

    page = client.get(reverse("councils:home")).content.decode()

    assert f'<a href="{meeting.get_absolute_url()}">Spring plenary</a>' in page
    assert f'<a href="{decision.get_absolute_url()}">Write &amp; send</a>' in page and "Old step" not in page
    assert f'<a href="{meeting.get_absolute_url()}">&lt;b&gt;Shared&lt;/b&gt; test range</a>' in page
    assert proposal.get_status_display() in page
    assert "Line one<br>Line &lt;two&gt;" in page
    assert "export-wg" in page and "Members only" in page


def test_council_home_reads_for_each_reader_and_follows_each_change(client, staff, us_owner, council, meeting):
    url = reverse("councils:home")
    page = client.get(url).content.decode()
    assert "Your next meetings" not in page and reverse("councils:create") not in page
    client.force_login(us_owner)
    page = client.get(url).content.decode()
    assert "Your next meetings" in page and reverse("councils:create") not in page
    client.force_login(staff)
    assert reverse("councils:create") in client.get(url).content.decode()
    type(council).objects.filter(pk=council.pk).update(name_en="U.S.–Japan Space Business Council, renamed")
    assert "U.S.–Japan Space Business Council, renamed" in client.get(url).content.decode()
