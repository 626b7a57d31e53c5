"""Staff's private note on an application: written on its page, never seen by the company or reviewers."""

import pytest
from django.urls import reverse

from cohorts.models import StaffNote

from .fixtures_api import api, assign

pytestmark = pytest.mark.django_db

NOTE = "Met the founders at the Tokyo meetup; ask about their ITAR counsel before deciding."


def note_url(application):
    return reverse("cohorts:staff_note", args=[application.pk])


@pytest.fixture
def noted(staff, us_application):
    StaffNote.objects.create(application=us_application, body=NOTE, updated_by=staff)
    return us_application


def test_staff_write_edit_and_remove_the_note(client, staff, us_application):
    client.force_login(staff)
    page = client.get(us_application.get_absolute_url()).content.decode()
    assert "Staff note" in page and "Only program staff see this note" in page
    response = client.post(note_url(us_application), {"body": f"  {NOTE}  "}, follow=True)
    assert response.redirect_chain[-1][0] == us_application.get_absolute_url() + "#staff-note"
    page = response.content.decode()
    assert "The staff note is saved." in page
    assert NOTE in page and "Last edited" in page and "Program Staff" in page
    assert StaffNote.objects.get(application=us_application).body == NOTE

    client.post(note_url(us_application), {"body": "Second thoughts: strong team."})
    assert StaffNote.objects.get(application=us_application).body == "Second thoughts: strong team."

    response = client.post(note_url(us_application), {"body": "   "}, follow=True)
    assert "The staff note is removed." in response.content.decode()
    assert not StaffNote.objects.exists()


def test_the_note_shows_on_the_decisions_page(client, staff, noted):
    client.force_login(staff)
    page = client.get(reverse("cohorts:decisions", args=[noted.cohort.slug])).content.decode()
    assert "Staff note:" in page and "Met the founders at the Tokyo meetup" in page


def test_a_note_too_long_is_refused_and_nothing_saved(client, staff, noted):
    client.force_login(staff)
    response = client.post(note_url(noted), {"body": "x" * 4001}, follow=True)
    assert "Keep the note under 4000 characters (it has 4001)." in response.content.decode()
    assert StaffNote.objects.get(application=noted).body == NOTE


def test_the_company_never_sees_the_note(client, us_owner, member, noted):
    for person in (us_owner, member):
        client.force_login(person)
        page = client.get(noted.get_absolute_url()).content.decode()
        assert NOTE not in page and "Staff note" not in page
        assert client.post(note_url(noted), {"body": "Mine now"}).status_code == 403
    assert StaffNote.objects.get(application=noted).body == NOTE


def test_reviewers_never_see_the_note(client, reviewer, noted):
    assign(noted, reviewer)
    client.force_login(reviewer)
    page = client.get(reverse("cohorts:review", args=[noted.pk])).content.decode()
    assert NOTE not in page and "Staff note" not in page
    assert client.get(noted.get_absolute_url()).status_code == 404
    assert client.post(note_url(noted), {"body": "Reviewer's view"}).status_code == 403


def test_others_are_refused(client, outsider, staff, noted):
    client.force_login(outsider)
    assert client.get(noted.get_absolute_url()).status_code == 404
    assert client.post(note_url(noted), {"body": "Hi"}).status_code == 403
    client.logout()
    response = client.post(note_url(noted), {"body": "Hi"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(staff)
    assert client.get(note_url(noted)).status_code == 405
    assert client.post(reverse("cohorts:staff_note", args=[99999]), {"body": "Hi"}).status_code == 404
    assert StaffNote.objects.get(application=noted).body == NOTE


def test_the_api_never_carries_the_note(us_owner, reviewer, staff, noted):
    assign(noted, reviewer)
    for person in (us_owner, reviewer, staff):
        for url in (f"/api/v1/applications/{noted.pk}/", "/api/v1/applications/"):
            response = api(person).get(url)
            assert response.status_code == 200
            assert "Tokyo meetup" not in response.content.decode()
            assert "staff_note" not in response.content.decode()


def test_the_note_reads_in_japanese(client, staff, noted):
    staff.preferred_language = "ja"
    staff.save()
    client.force_login(staff)
    page = client.get(noted.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "スタッフメモ" in page
    assert "メモを保存" in page
