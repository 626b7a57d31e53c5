"""A pitch deck is a PDF from its first byte, and it is always served as one."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cohorts.models import Application
from cohorts.services.applications import start_application

from .fixtures_api import api
from .fixtures_apply import pdf_bytes, pdf_upload, private_files  # noqa: F401

pytestmark = pytest.mark.django_db

POLYGLOT = b"<html><body><script>alert(document.cookie)</script></body></html>\n" + pdf_bytes()


@pytest.fixture
def draft(open_cohort, us_company, us_owner):
    return start_application(cohort=open_cohort, company=us_company, user=us_owner)


def edit_url(application):
    return reverse("cohorts:edit_application", args=[application.pk])


def deck_url(application):
    return reverse("cohorts:pitch_deck", args=[application.pk])


def test_an_html_page_with_a_pdf_inside_is_refused_on_the_web(client, us_owner, draft):
    client.force_login(us_owner)
    upload = SimpleUploadedFile("deck.html", POLYGLOT, content_type="application/pdf")
    response = client.post(edit_url(draft), {"action": "save", "pitch_deck": upload})
    assert "The pitch deck must be a PDF file." in response.text
    assert not Application.objects.get().pitch_deck


def test_an_html_page_with_a_pdf_inside_is_refused_by_the_api(us_owner, draft):
    upload = SimpleUploadedFile("deck.pdf", POLYGLOT, content_type="application/pdf")
    response = api(us_owner).patch(f"/api/v1/applications/{draft.pk}/", {"pitch_deck": upload}, format="multipart")
    assert response.status_code == 400
    assert "The pitch deck must be a PDF file." in str(response.json())
    assert not Application.objects.get().pitch_deck


def test_a_pdf_uploaded_under_another_name_is_served_as_a_pdf(client, us_owner, draft):
    client.force_login(us_owner)
    client.post(edit_url(draft), {"action": "save", "pitch_deck": pdf_upload("deck.html")})
    draft.refresh_from_db()
    assert draft.pitch_deck_name == "deck.pdf"
    response = client.get(deck_url(draft))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="deck.pdf"'


def test_a_deck_stored_under_an_old_name_is_still_served_as_a_pdf(client, us_owner, draft):
    client.force_login(us_owner)
    client.post(edit_url(draft), {"action": "save", "pitch_deck": pdf_upload()})
    Application.objects.filter(pk=draft.pk).update(pitch_deck_name="deck.html")
    response = client.get(deck_url(draft))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="deck.pdf"'


def test_another_company_cannot_fetch_the_deck(client, us_owner, jp_owner, draft):
    client.force_login(us_owner)
    client.post(edit_url(draft), {"action": "save", "pitch_deck": pdf_upload()})
    client.force_login(jp_owner)
    assert client.get(deck_url(draft)).status_code == 404


def test_the_refusal_in_japanese(client, jp_owner, jp_company, open_cohort):
    draft = start_application(cohort=open_cohort, company=jp_company, user=jp_owner)
    client.force_login(jp_owner)
    upload = SimpleUploadedFile("deck.pdf", POLYGLOT, content_type="application/pdf")
    response = client.post(edit_url(draft), {"action": "save", "pitch_deck": upload})
    assert "ピッチ資料はPDFファイル" in response.text
