"""The secretariat builds a timed, nested agenda; running times are computed; overruns are warned."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accelerator.councils import selectors, services
from accelerator.councils.models import AgendaItem


def test_running_times_follow_nested_order(staff, meeting):
    opening = services.add_agenda_item(actor=staff, meeting=meeting, title_en="Opening", duration_minutes=10)
    policy = services.add_agenda_item(actor=staff, meeting=meeting, title_en="Policy", duration_minutes=5)
    services.add_agenda_item(actor=staff, meeting=meeting, parent=policy, title_en="ITAR", duration_minutes=20)
    services.add_agenda_item(actor=staff, meeting=meeting, parent=policy, title_ja="FEFTA", duration_minutes=15)

    rows = selectors.flatten(selectors.agenda_rows(meeting))

    assert [row.number for row in rows] == ["1", "2", "2.1", "2.2"]
    assert [int((row.starts_at - meeting.starts_at).total_seconds() // 60) for row in rows] == [0, 10, 15, 35]
    assert rows[-1].ends_at == meeting.starts_at + timezone.timedelta(minutes=50)
    assert rows[0].item == opening


def test_the_page_shows_times_in_the_viewers_zone_and_eastern_and_tokyo(client, us_owner, staff, meeting, item):
    services.publish_agenda(actor=staff, meeting=meeting)
    client.force_login(us_owner)  # America/New_York

    page = client.get(meeting.get_absolute_url()).content.decode()

    assert "EST" in page or "EDT" in page
    assert "JST" in page
    assert "Export-control bridge" in page


def test_an_item_past_the_end_is_refused_until_confirmed(client, staff, meeting, item):
    client.force_login(staff)
    url = reverse("councils:add_item", args=[meeting.pk])
    long_item = {"title_en": "Long debate", "duration_minutes": 100}

    response = client.post(url, long_item)

    assert response.status_code == 400
    assert "past the meeting" in response.content.decode()
    assert meeting.items.count() == 1

    response = client.post(url, {**long_item, "allow_overrun": "on"})

    assert response.status_code == 302
    rows = selectors.flatten(selectors.agenda_rows(meeting))
    assert rows[-1].overruns


def test_the_overrun_warning_is_in_japanese(client, staff, meeting, item):
    staff.preferred_language = "ja"
    staff.save()
    client.force_login(staff)
    client.cookies["django_language"] = "ja"

    response = client.post(
        reverse("councils:add_item", args=[meeting.pk]), {"title_ja": "長い議論", "duration_minutes": 100}
    )

    assert response.status_code == 400
    assert "会議の終了" in response.content.decode()


def test_only_the_secretariat_edits_the_agenda(client, jp_owner, meeting):
    with pytest.raises(PermissionDenied):
        services.add_agenda_item(actor=jp_owner, meeting=meeting, title_en="Chair's item", duration_minutes=10)
    client.force_login(jp_owner)

    response = client.post(reverse("councils:add_item", args=[meeting.pk]), {"title_en": "X", "duration_minutes": 5})

    assert response.status_code == 403
    assert not meeting.items.exists()


def test_other_program_staff_are_not_this_councils_secretariat(client, meeting):
    from ..factories import make_user

    other_staff = make_user("other-staff@accelerator.example", roles=("staff",))
    client.force_login(other_staff)

    assert client.get(reverse("councils:manage", args=[meeting.pk])).status_code == 403


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title_en": "", "title_ja": "", "duration_minutes": 10}, "title_en"),
        ({"title_en": "Zero", "duration_minutes": 0}, "duration_minutes"),
        ({"title_en": "Nul\x00", "duration_minutes": 10}, "title_en"),
    ],
)
def test_bad_items_are_refused_and_nothing_is_saved(staff, meeting, fields, field):
    with pytest.raises(ValidationError) as refused:
        services.add_agenda_item(actor=staff, meeting=meeting, **fields)

    assert field in refused.value.message_dict
    assert not AgendaItem.objects.exists()


def test_items_move_up_and_down(staff, meeting):
    first = services.add_agenda_item(actor=staff, meeting=meeting, title_en="First", duration_minutes=10)
    second = services.add_agenda_item(actor=staff, meeting=meeting, title_en="Second", duration_minutes=10)

    services.move_agenda_item(actor=staff, item=second, up=True)

    assert [row.item for row in selectors.agenda_rows(meeting)] == [second, first]


def test_publishing_an_empty_agenda_is_refused(client, staff, meeting):
    client.force_login(staff)

    response = client.post(reverse("councils:publish", args=[meeting.pk]))

    assert response.status_code == 400
    assert "at least one item" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is None
