"""Minutes per item in English and/or Japanese, with the authoritative language, versions, and approval."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accelerator.councils import services
from accelerator.councils.models import Minute

from .conftest import held, make_meeting


def test_minutes_are_kept_in_both_languages_with_every_version(client, staff, meeting, item):
    client.force_login(staff)
    url = reverse("councils:save_minute", args=[meeting.pk, item.pk])
    prefix = f"minute-{item.pk}"

    client.post(url, {f"{prefix}-text_en": "Agreed to draft a guide.", f"{prefix}-authoritative_language": "en"})
    response = client.post(
        url,
        {
            f"{prefix}-text_en": "Agreed to draft a bilingual guide.",
            f"{prefix}-text_ja": "日英のガイドを作成することで合意。",
            f"{prefix}-authoritative_language": "ja",
        },
    )

    assert response.status_code == 302
    minute = Minute.objects.get(item=item)
    assert minute.version == 2
    assert minute.authoritative_language == "ja"
    assert [version.text_en for version in minute.versions.all()] == [
        "Agreed to draft a bilingual guide.",
        "Agreed to draft a guide.",
    ]


def test_the_authoritative_language_must_be_written(client, staff, meeting, item):
    client.force_login(staff)
    prefix = f"minute-{item.pk}"

    response = client.post(
        reverse("councils:save_minute", args=[meeting.pk, item.pk]),
        {f"{prefix}-text_en": "Only English.", f"{prefix}-authoritative_language": "ja"},
    )

    assert response.status_code == 400
    assert "authoritative language must be one the minute is written in" in response.content.decode()
    assert not Minute.objects.exists()


def test_drafts_are_approved_at_a_later_meeting_and_then_final(staff, council, meeting, item):
    services.save_minute(actor=staff, item=item, text_en="Noted.", authoritative_language="en")
    held(meeting)
    with pytest.raises(ValidationError):
        services.approve_minutes(actor=staff, meeting=meeting, at_meeting=meeting)
    later = make_meeting(staff, council, days=30, title_en="Summer plenary", title_ja="夏季総会")

    assert services.approve_minutes(actor=staff, meeting=meeting, at_meeting=later) == 1

    minute = Minute.objects.get()
    assert minute.status == Minute.Status.APPROVED
    assert minute.approved_at_meeting == later
    with pytest.raises(ValidationError):
        services.save_minute(actor=staff, item=item, text_en="Changed.", authoritative_language="en")


def test_the_public_reads_approved_minutes_only(client, staff, council, meeting, item, us_owner):
    services.publish_agenda(actor=staff, meeting=meeting)
    services.save_minute(
        actor=staff, item=item, text_en="Draft words.", text_ja="草案の文言。", authoritative_language="en"
    )

    assert "Draft words." not in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(us_owner)
    assert "Draft words." in client.get(meeting.get_absolute_url()).content.decode()

    held(meeting)
    later = make_meeting(staff, council, days=30, title_en="Summer plenary", title_ja="夏季総会")
    services.approve_minutes(actor=staff, meeting=meeting, at_meeting=later)
    client.logout()
    client.cookies["django_language"] = "ja"
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "草案の文言。" in page
    assert "承認済み" in page


def test_only_the_secretariat_writes_minutes(client, jp_owner, meeting, item):
    with pytest.raises(PermissionDenied):
        services.save_minute(actor=jp_owner, item=item, text_en="Mine.", authoritative_language="en")
    client.force_login(jp_owner)
    response = client.post(
        reverse("councils:save_minute", args=[meeting.pk, item.pk]),
        {f"minute-{item.pk}-text_en": "Mine.", f"minute-{item.pk}-authoritative_language": "en"},
    )
    assert response.status_code == 403
    assert not Minute.objects.exists()


def test_members_only_minutes_are_hidden_from_outsiders(client, staff, private_council, outsider):
    meeting = make_meeting(staff, private_council)
    item = services.add_agenda_item(actor=staff, meeting=meeting, title_en="Licences", duration_minutes=20)
    services.publish_agenda(actor=staff, meeting=meeting)
    services.save_minute(actor=staff, item=item, text_en="Confidential.", authoritative_language="en")

    assert client.get(meeting.get_absolute_url()).status_code == 404
    client.force_login(outsider)
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(private_council.get_absolute_url()).status_code == 404
